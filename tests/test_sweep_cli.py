"""``planner sweep`` end to end with typer's CliRunner on small workbooks written in tmp_path."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.io.write_input import write_scenario_workbook
from planner.scenario import SweepRow
from tests.support.sweep_cases import tipping_scenario

pytestmark = pytest.mark.e2e

RUNNER = CliRunner()


_scenario = tipping_scenario


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_scenario_workbook(_scenario(), tmp_path / "tiny.xlsx")


def _summary(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Summary"]
    return {k: v for k, v in ws.iter_rows(min_row=2, values_only=True)}


def test_sweep_with_tipping_points_writes_the_workbook(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "sweep.xlsx"
    args = [
        "sweep",
        str(workbook),
        "--vary",
        "Parties.max_cost[USA]=0:28:7",
        "--tipping",
        "--workers",
        "1",
    ]
    result = RUNNER.invoke(app, [*args, "-o", str(out), "--time-limit", "20", "--gap", "0"])
    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["Parties.max_cost[USA]", "10", "FE:", "as_planned", "->"] in [r[:5] for r in rows]
    assert [
        "Parties.max_cost[USA]",
        "20",
        "FE:",
        "scaled_back",
        "->",
        "frozen",
        "0.8",
        "->",
        "0",
    ] in rows
    assert "optimal" in result.stdout and "Total hazard H from 0 to 2" in result.stdout
    assert openpyxl.load_workbook(out).sheetnames == [
        "Summary",
        "Points",
        "Stability",
        "Tipping",
        "Charts",
    ]
    summary = _summary(out)
    assert summary["points_optimal"] == 5 and summary["partial"] == "no"
    assert summary["input_file"] == str(workbook) or str(summary["input_file"]).endswith(
        "tiny.xlsx"
    )


def test_sweep_sheet_rows_and_default_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = replace(_scenario(), sweeps=(SweepRow("Options.hazard[*]", "scale", "0.5,1,2", row=2),))
    path = write_scenario_workbook(sc, tmp_path / "with_sweep.xlsx")
    monkeypatch.chdir(tmp_path)
    result = RUNNER.invoke(app, ["sweep", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "outputs" / "with_sweep-sweep.xlsx"
    ws = openpyxl.load_workbook(out)["Points"]
    assert [c.value for c in ws["B"]] == ["Options.hazard[*]", 0.5, 1, 2]
    assert [c.value for c in ws["E"]][1:] == [
        pytest.approx(0.4),
        pytest.approx(0.8),
        pytest.approx(1.6),
    ]


def test_bad_addresses_exit_2_naming_each_and_write_nothing(workbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "never.xlsx"
    args = [
        "sweep",
        str(workbook),
        "--vary",
        "Parties.max_cost[XYZ]=1,2",
        "--scale",
        "Options.hazrd[*]=1,2",
    ]
    result = RUNNER.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 2
    assert "--vary: Parties.max_cost[XYZ]: matches no cell" in result.stderr
    assert '--scale: Options.hazrd[*]: column "hazrd" of Options cannot be swept' in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    zipped = RUNNER.invoke(
        app,
        [
            "sweep",
            str(workbook),
            "--vary",
            "Parties.max_cost[USA]=1,2",
            "--vary",
            "Parties.max_cost[DPRK]=1",
            "--method",
            "zip",
        ],
    )
    assert zipped.exit_code == 2
    assert "--method zip: zipped targets need equal numbers of values" in zipped.stderr
    onto_input = RUNNER.invoke(
        app, ["sweep", str(workbook), "--vary", "Parties.max_cost[USA]=1,2", "-o", str(workbook)]
    )
    assert (
        onto_input.exit_code == 2
        and "refusing to overwrite the input workbook" in onto_input.stderr
    )


def test_ctrl_c_writes_a_partial_workbook_and_exits_130(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.sweep.worker as worker

    real = worker.solve_point
    calls = []

    def interrupted_at_third(*args: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(worker, "solve_point", interrupted_at_third)
    out = tmp_path / "partial.xlsx"
    result = RUNNER.invoke(
        app,
        [
            "sweep",
            str(workbook),
            "--vary",
            "Parties.max_cost[USA]=0:35:5",
            "--workers",
            "1",
            "--full-grid",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 130
    summary = _summary(out)
    assert (
        summary["partial"] == "yes"
        and summary["points_finished"] == 2
        and summary["points_planned"] == 8
    )
