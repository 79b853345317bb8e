"""``planner solve`` and ``planner plot`` end to end on tiny workbooks (reader + HiGHS solver)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.solution import Solution, Status
from tests.support.workbooks import minimal_sheets, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()

# MINIMAL: EX (as_planned 2 weeks x 0.5; freeze vetoed), TEST (continue 10 weeks x 0.2; halt).
# Optimum H = 1.0 (EX as planned, TEST halted); status quo H = 1.0 + 2.0 = 3.0.
PLAN_H, SQ_H = 1.0, 3.0


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "tiny.xlsx", minimal_sheets())


def summary_of(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Summary"]
    return {k: v for k, v in ws.iter_rows(min_row=2, values_only=True)}


def test_solve_writes_the_plan(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["solve", str(tiny), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "risk reduction 66.7%" in result.stdout and "TEST: continue -> halt" in result.stdout
    summary = summary_of(out)
    assert summary["status"] == "optimal" and summary["verified"] == "yes"
    assert summary["total_hazard"] == pytest.approx(PLAN_H)
    assert summary["status_quo_hazard"] == pytest.approx(SQ_H)
    assert openpyxl.load_workbook(out).sheetnames[:8] == [
        "Summary", "Brief", "Package", "Schedule", "Risk", "Parties", "Rules", "Check",
    ]  # fmt: skip


def test_default_output_folder_is_created(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["solve", str(tiny), "--objective", "min_peak", "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert summary_of(work / "outputs" / "tiny-plan.xlsx")["objective"] == "min_peak"


def test_json_prints_only_the_summary_on_stdout(tiny: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["solve", str(tiny), "-o", str(tmp_path / "p.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["status"] == "optimal"
    assert summary["escalation_probability"] == pytest.approx(1 - math.exp(-PLAN_H))
    assert result.stderr.startswith(summary["headline"])


def test_infeasible_writes_summary_and_diagnosis_and_exits_3(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Parties"][2][3] = 1  # DPRK min_benefit 1: only the vetoed EX/freeze gives any
    source = write_workbook(tmp_path / "inf.xlsx", sheets)
    out = tmp_path / "inf-plan.xlsx"
    result = runner.invoke(app, ["solve", str(source), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "Diagnosis"]
    assert summary_of(out)["status"] == "infeasible"


def test_input_and_usage_errors_exit_2(tiny: Path, tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Options"][1][7] = "high"
    bad = write_workbook(tmp_path / "bad.xlsx", sheets)
    result = runner.invoke(app, ["solve", str(bad), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "Options!H2" in result.stderr
    missing = runner.invoke(app, ["solve", str(tiny), "-o", str(tmp_path / "nope" / "x.xlsx")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    same = runner.invoke(app, ["solve", str(tiny), "-o", str(tiny)])
    assert same.exit_code == 2 and "overwrite" in same.stderr
    assert runner.invoke(app, ["solve", str(tiny), "--objective", "fastest"]).exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_verification_disagreement_exits_4(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.model import solve as solve_module

    real = solve_module.solve_scenario

    def wrong(scenario: object, options: object) -> Solution:
        solution = real(scenario, options)  # type: ignore[arg-type]
        assert solution.status is Status.OPTIMAL
        return Solution(**{**solution.__dict__, "model_total_hazard": 42.0})

    fake = types.ModuleType("planner.model.solve")
    fake.solve_scenario = wrong  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planner.model.solve", fake)
    out = tmp_path / "p.xlsx"
    result = runner.invoke(app, ["solve", str(tiny), "-o", str(out)])
    assert result.exit_code == 4
    assert "INDEPENDENT CHECK FAILED" in result.stderr and "total_hazard" in result.stderr
    assert not out.exists()


def test_plot_command(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["solve", str(tiny), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["plot", str(out), "-o", str(tmp_path / "png")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == [
        "plan-risk.png",
        "plan-schedule.png",
    ]
    assert runner.invoke(app, ["plot", str(tiny)]).exit_code == 2


def test_installed_command_json(tiny: Path, tmp_path: Path) -> None:
    exe = shutil.which("planner", path=str(Path(sys.executable).parent))
    assert exe is not None
    proc = subprocess.run(
        [exe, "solve", str(tiny), "-o", str(tmp_path / "p.xlsx"), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_hazard"] == pytest.approx(PLAN_H)
