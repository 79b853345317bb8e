"""Input text that looks like a formula (= + - @, tab, CR) comes back as literal text in every output workbook."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.io.xlsx import FORMULA_TRIGGERS
from tests.support.workbooks import write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()

EQ = '=HYPERLINK("http://example.invalid","click")'
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3"
AT = "@SUM(1+1)"
TAB = "\t=1+1"  # the reader strips surrounding whitespace: "=1+1" must stay literal
CR = "\r=2+2"

# Ids may start with = + - (not contain @, and not start with whitespace: SPEC 1).
SHEETS: dict[str, list[list[Any]]] = {
    "Settings": [["key", "value"], ["start_date", date(2018, 1, 1)], ["periods", 10]],
    "Parties": [
        ["party", "name", "max_cost", "min_benefit", "min_net", "weight"],
        ["=USA", EQ, 10, None, None, None],
        ["-DPRK", AT, None, None, -5, 2],
    ],
    "Activities": [
        ["activity", "name", "actor", "category", "group"],
        ["+EX", PLUS, "=USA", "=exercise", "-drills"],
        ["=TEST", TAB, "-DPRK", "+test", None],
    ],
    "Options": [
        ["activity", "option", "description", "baseline", "duration", "earliest_start",
         "latest_start", "hazard", "vetoed_by", "cost:=USA", "benefit:-DPRK"],
        ["+EX", "=as_planned", MINUS, "yes", 2, date(2018, 1, 15), None, 0.5, None, None, None],
        ["+EX", "-freeze", CR, "no", 0, None, None, 0, "-DPRK", 3, 4],
        ["=TEST", "+continue", EQ, "yes", "all", None, None, 0.2, None, None, None],
        ["=TEST", "=halt", AT, "no", 0, None, None, 0, None, 1, None],
    ],
    "Windows": [
        ["window", "kind", "start", "end"],
        ["=sun", "=national_day", date(2018, 1, 15), date(2018, 1, 21)],
    ],
    "Timing": [["applies_to", "kind", "multiplier"], ["=exercise", "=national_day", 2]],
    "Interactions": [["a", "b", "hazard"], ["+EX", "=TEST/+continue", 0.1]],
    "Rules": [
        ["rule", "type", "a", "b", "lag"],
        ["-r1", "excludes", "+EX/-freeze", "=TEST/=halt", None],
    ],
    "Balance": [["party_a", "party_b", "max_gap"], ["=USA", "-DPRK", 5]],
    "Capacity": [["group", "max_active"], ["-drills", 1]],
}  # fmt: skip
"""A feasible scenario: EX as planned (its freeze is vetoed), TEST halted (cost 1 to =USA)."""

INPUT = "=in.xlsx"
INFEASIBLE = "=inf.xlsx"
IN_PACKAGE = {"+EX", "=TEST", "=as_planned", "=halt"}
"""Ids every workbook that shows the best package holds (chosen options, activity ids)."""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder holding the hostile workbook and an infeasible variant of it."""
    write_workbook(tmp_path / INPUT, SHEETS, literal=True)
    infeasible = copy.deepcopy(SHEETS)
    infeasible["Parties"][2][3] = 100  # -DPRK needs a benefit only the vetoed freeze gives
    write_workbook(tmp_path / INFEASIBLE, infeasible, literal=True)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def text_cells(path: Path) -> dict[str, list[Any]]:
    """Every text cell of a workbook, by value; asserts that no cell anywhere is a formula."""
    wb = openpyxl.load_workbook(path)
    found: dict[str, list[Any]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (
                    f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                )
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
                    found.setdefault(cell.value, []).append(cell)
    return found


def assert_literal(path: Path, expected: set[str]) -> dict[str, list[Any]]:
    """Each expected text is in some cell exactly; every trigger-led text cell has quotePrefix."""
    cells = text_cells(path)
    missing = sorted(expected - set(cells))
    assert not missing, f"not found as literal text in {path.name}: {missing}"
    for value, where in cells.items():
        if value.startswith(FORMULA_TRIGGERS):
            unquoted = [f"{c.parent.title}!{c.coordinate}" for c in where if not c.quotePrefix]
            assert not unquoted, f"{value!r} without quotePrefix at {unquoted}"
    return cells


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_the_reader_keeps_the_hostile_text(folder: Path) -> None:
    from planner.io.reader import load_scenario

    scenario = load_scenario(folder / INPUT)
    assert {a.name for a in scenario.activities} == {PLUS, "=1+1"}
    assert {o.description for o in scenario.options} == {MINUS, "=2+2", EQ, AT}
    assert scenario.party_ids == ("=USA", "-DPRK")


def test_results_workbook(folder: Path) -> None:
    result = invoke("solve", INPUT, "-o", "plan.xlsx")
    assert result.exit_code == 0, result.output
    cells = assert_literal(
        folder / "plan.xlsx",
        IN_PACKAGE
        | {PLUS, "=1+1", MINUS, AT, "=USA", "-DPRK", "-r1", "=sun", "=national_day", INPUT},
    )
    assert any(c.parent.title == "Summary" for c in cells[INPUT])  # input_file
    check = list(openpyxl.load_workbook(folder / "plan.xlsx")["Check"].values)
    ok = [row[check[0].index("ok")] for row in check[1:]]
    assert len(ok) > 10 and set(ok) == {"yes"}


def test_infeasible_results_workbook(folder: Path) -> None:
    result = invoke("solve", INFEASIBLE, "-o", "plan.xlsx")
    assert result.exit_code == 3, result.output
    assert_literal(folder / "plan.xlsx", {INFEASIBLE})


def test_sweep_workbook(folder: Path) -> None:
    result = invoke(
        "sweep",
        INPUT,
        "--vary",
        "Parties.max_cost[=USA]=0,10",
        "-o",
        "sweep.xlsx",
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output
    cells = assert_literal(folder / "sweep.xlsx", IN_PACKAGE | {"+continue", INPUT})
    points = {c.parent.title for c in cells["=TEST"]}
    assert "Points" in points  # an activity column header


def test_diagnosis_workbook(folder: Path) -> None:
    result = invoke("diagnose", INFEASIBLE, "-o", "diagnosis.xlsx")
    assert result.exit_code == 0, result.output
    cells = assert_literal(folder / "diagnosis.xlsx", {INFEASIBLE})
    assert any(v.startswith("-DPRK") for v in cells), sorted(cells)


def test_frontier_workbook(folder: Path) -> None:
    result = invoke("frontier", INPUT, "--against", "cost:=USA", "--points", "3", "-o", "f.xlsx")
    assert result.exit_code == 0, result.output
    assert_literal(folder / "f.xlsx", {"=as_planned", "=halt", "+continue", INPUT})


def test_compare_workbook(folder: Path) -> None:
    result = invoke("compare", INPUT, "-o", "compare.xlsx")
    assert result.exit_code == 0, result.output
    assert_literal(folder / "compare.xlsx", {"=as_planned", "=halt", INPUT})


def test_alternatives_limits_and_veto_ladder_sheets(folder: Path) -> None:
    result = invoke(
        "solve", INPUT, "-o", "plan.xlsx", "--alternatives", "2", "--limits", "--veto-ladder"
    )
    assert result.exit_code == 0, result.output
    cells = assert_literal(folder / "plan.xlsx", {"=as_planned", "=halt", INPUT})
    sheets = {c.parent.title for c in cells["=halt"]}
    assert "Alternatives" in sheets, sheets
