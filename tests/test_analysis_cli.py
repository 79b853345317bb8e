"""``planner diagnose``, ``planner frontier`` and ``planner compare`` end to end on tiny workbooks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.io.write_input import write_scenario_workbook
from planner.scenario import Scenario
from tests.support.cases import bargaining, conflicting_limits, conflicting_rules, ranked_packages

pytestmark = pytest.mark.e2e

runner = CliRunner()
EXACT_ARGS = ["--gap", "0", "--time-limit", "30"]


def _exact(scenario: Scenario) -> Scenario:
    """The scenario with a zero MIP gap written into its Settings."""
    return dataclasses.replace(
        scenario, settings=dataclasses.replace(scenario.settings, mip_gap=0.0)
    )


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return [
        r
        for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)
        if any(v is not None for v in r)
    ]


def _summary(path: Path) -> dict[object, object]:
    return {k: v for k, v in _rows(path, "Summary")[1:]}


def test_diagnose_infeasible_limits(tmp_path: Path) -> None:
    src = write_scenario_workbook(_exact(conflicting_limits()), tmp_path / "limits.xlsx")
    out = tmp_path / "diag.xlsx"
    result = runner.invoke(app, ["diagnose", str(src), "-o", str(out), *EXACT_ARGS])
    assert result.exit_code == 0, result.output
    assert "the smallest change is USA max_cost +3 (to 13)" in result.stdout
    summary = _summary(out)
    assert (summary["status"], summary["diagnosis"]) == ("infeasible", "limits")
    rows = _rows(out, "Diagnosis")
    assert rows[0] == ("kind", "item", "sheet_cell", "current", "required", "change", "message")
    assert rows[1][:6] == ("max_cost", "USA max_cost", "Parties!C2", 10, 13, 3)


def test_diagnose_conflicting_rules_names_the_cells(tmp_path: Path) -> None:
    src = write_scenario_workbook(_exact(conflicting_rules()), tmp_path / "rules.xlsx")
    out = tmp_path / "diag.xlsx"
    result = runner.invoke(app, ["diagnose", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "rule r1 (Rules!A2) and rule r2 (Rules!A3)" in result.stdout
    assert [r[2] for r in _rows(out, "Diagnosis")[1:]] == ["Rules!A2", "Rules!A3"]


def test_diagnose_feasible_input_says_so_and_writes_nothing(tmp_path: Path) -> None:
    src = write_scenario_workbook(bargaining(), tmp_path / "ok.xlsx")
    out = tmp_path / "diag.xlsx"
    result = runner.invoke(app, ["diagnose", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "the scenario is feasible" in result.stdout
    assert "nothing to diagnose, so nothing written" in result.stdout
    assert not out.exists()


def test_frontier_writes_points_and_a_chart(tmp_path: Path) -> None:
    s = ranked_packages()
    s = dataclasses.replace(
        s, parties=tuple(dataclasses.replace(p, max_cost=None) for p in s.parties)
    )
    src = write_scenario_workbook(_exact(s), tmp_path / "ranked.xlsx")
    out = tmp_path / "frontier.xlsx"
    result = runner.invoke(
        app, ["frontier", str(src), "--against", "cost:USA", "--points", "6", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "4 non-dominated points" in result.stdout
    rows = _rows(out, "Frontier")
    header = rows[0]
    pairs = [(r[header.index("measure")], r[header.index("total_hazard")]) for r in rows[1:]]
    assert pairs == [(0, 7), (2, 5), (3, 3), (5, 1)]
    assert len(openpyxl.load_workbook(out)["Frontier"]._charts) == 1


def test_frontier_bad_measure_is_a_usage_error(tmp_path: Path) -> None:
    src = write_scenario_workbook(ranked_packages(), tmp_path / "ranked.xlsx")
    result = runner.invoke(
        app, ["frontier", str(src), "--against", "cost:NOBODY", "-o", str(tmp_path / "f.xlsx")]
    )
    assert result.exit_code == 2
    assert "no party 'NOBODY'" in result.stderr
    assert not (tmp_path / "f.xlsx").exists()


def test_frontier_of_an_infeasible_input_exits_3(tmp_path: Path) -> None:
    src = write_scenario_workbook(conflicting_limits(), tmp_path / "limits.xlsx")
    result = runner.invoke(
        app, ["frontier", str(src), "--against", "peak", "-o", str(tmp_path / "f.xlsx")]
    )
    assert result.exit_code == 3


def test_compare_writes_every_regime(tmp_path: Path) -> None:
    src = write_scenario_workbook(_exact(bargaining()), tmp_path / "bargain.xlsx")
    out = tmp_path / "compare.xlsx"
    result = runner.invoke(app, ["compare", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out, "Compare")
    header = rows[0]
    regimes = {r[0]: r for r in rows[1:]}
    assert list(regimes) == ["status_quo", "min_risk", "min_peak", "max_min_net", "nash"]
    assert regimes["nash"][header.index("option:D")] == "p3"
    assert regimes["max_min_net"][header.index("price_of_fairness")] == pytest.approx(3.0)
    assert "status-quo H 10 is used as the cap" in result.stdout


def test_commands_refuse_to_overwrite_the_input(tmp_path: Path) -> None:
    src = write_scenario_workbook(bargaining(), tmp_path / "in.xlsx")
    before = src.read_bytes()
    result = runner.invoke(app, ["compare", str(src), "-o", str(src)])
    assert result.exit_code == 2
    assert src.read_bytes() == before
