"""The results workbook (SPEC 4), read back with openpyxl: sheets, values, literal text, charts."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from planner.errors import OutputError
from planner.plan import Plan
from planner.report.results import write_results
from planner.scenario import Activity, Option, Party, SourceInfo, Window
from planner.solution import Choice, Solution, Status
from tests.support.plans import (
    PLAN_CHOICES,
    PLAN_H,
    SQ_H,
    consistent_solution,
    infeasible_plan,
    make_plan,
    small_plan,
    small_scenario,
)

pytestmark = pytest.mark.unit

SHEETS = ["Summary", "Brief", "Package", "Schedule", "Risk", "Parties", "Rules", "Check", "Windows"]
NASTY = ['=HYPERLINK("http://x")', "+1+2", "-cmd", "@SUM(A1)", "\tTab", "\rCR", "=1"]


def records(ws: Worksheet, header_row: int = 1) -> list[dict[str, object]]:
    """Rows below the header as dicts keyed by column name."""
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    header = [str(h) for h in rows[0]]
    return [
        dict(zip(header, row, strict=True)) for row in rows[1:] if any(v is not None for v in row)
    ]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = write_results(small_plan(), tmp_path_factory.mktemp("res") / "plan.xlsx")
    return openpyxl.load_workbook(out)


def test_sheets_in_order(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == SHEETS
    assert all(workbook[name].freeze_panes for name in SHEETS)


def test_summary_values(workbook: openpyxl.Workbook) -> None:
    summary = {r["key"]: r["value"] for r in records(workbook["Summary"])}
    assert summary["status"] == "optimal" and summary["objective"] == "min_risk"
    assert summary["total_hazard"] == pytest.approx(PLAN_H)
    assert summary["status_quo_hazard"] == pytest.approx(SQ_H)
    assert summary["risk_reduction"] == pytest.approx(1 - PLAN_H / SQ_H)
    assert summary["verified"] == "yes"
    row = next(r for r in workbook["Summary"].iter_rows() if r[0].value == "risk_reduction")
    assert row[1].number_format == "0.00%"


def test_package_values_and_date_format(workbook: openpyxl.Workbook) -> None:
    rows = {r["activity"]: r for r in records(workbook["Package"])}
    assert rows["drill"]["option"] == "scaled" and rows["drill"]["changed"] == "yes"
    assert rows["drill"]["start_date"] == datetime(2018, 1, 1)
    assert rows["drill"]["hazard"] == pytest.approx(0.8)
    assert rows["talk"]["duration"] == "all"
    assert rows["test"]["start_date"] is None
    header = [c.value for c in workbook["Package"][1]]
    assert workbook["Package"].cell(2, header.index("start_date") + 1).number_format == "yyyy-mm-dd"


def test_schedule_marks_windows_and_active_cells(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Schedule"]
    assert ws["F1"].value == datetime(2018, 1, 1) and ws["F1"].number_format == "yyyy-mm-dd"
    assert ws["H2"].value == "day_of_sun" and ws["A2"].value == "windows"
    assert ws["H1"].fill.fgColor.rgb != ws["G1"].fill.fgColor.rgb  # window period header
    drill = [c for c in ws[3]]
    assert drill[0].value == "drill" and drill[5].value == pytest.approx(0.4)
    assert drill[5].fill.fill_type == "solid" and drill[7].fill.fill_type == "lightUp"
    assert drill[7].value == "status quo"  # the status-quo drill (weeks 3-5) as a hatched ghost
    assert drill[10].value is None and drill[10].fill.fill_type is None


def test_risk_parties_rules_check(workbook: openpyxl.Workbook) -> None:
    risk = records(workbook["Risk"])
    assert [r["period"] for r in risk] == list(range(1, 9))
    assert risk[2]["windows"] == "day_of_sun"
    assert sum(r["plan_hazard"] for r in risk) == pytest.approx(PLAN_H)  # type: ignore[misc]
    parties = {r["party"]: r for r in records(workbook["Parties"])}
    assert parties["USA"]["binding"] == "max_cost" and parties["USA"]["cost_slack"] == 0
    rules = {r["rule"]: r for r in records(workbook["Rules"])}
    assert (rules["freeze_for_freeze"]["satisfied"], rules["freeze_for_freeze"]["binding"]) == (
        "yes",
        "yes",
    )
    assert all(r["ok"] == "yes" for r in records(workbook["Check"]))
    windows = {r["window"]: r for r in records(workbook["Windows"])}
    assert windows["olympics"]["first_period"] == 6


def test_native_charts(tmp_path: Path) -> None:
    out = write_results(small_plan(), tmp_path / "plan.xlsx")
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    gantt = next(c for c in charts if "barChart" in c)
    assert 'barDir val="bar"' in gantt and 'grouping val="stacked"' in gantt
    assert "noFill" in gantt and 'orientation val="maxMin"' in gantt
    assert any("lineChart" in c for c in charts)


def nasty_plan() -> Plan:
    """The small scenario with names, descriptions and ids that look like formulas."""
    s = small_scenario()
    activities = tuple(replace(a, name=NASTY[i]) for i, a in enumerate(s.activities))
    activities = (*activities, Activity("=evil", NASTY[4], "-P", "+cat"))
    options = (
        *(replace(o, description=NASTY[i % len(NASTY)]) for i, o in enumerate(s.options)),
        Option("=evil", "-opt", "@desc", True, 1, hazard=0.1),
    )
    parties = (*s.parties, Party("-P", NASTY[5]))
    windows = (*s.windows, Window("+w", "=NAME()", s.windows[0].start, s.windows[0].end))
    scenario = replace(
        s, activities=activities, options=options, parties=parties, windows=windows,
        source=SourceInfo("=cmd|' /C calc'!A0", "00"),
    )  # fmt: skip
    choices = (*PLAN_CHOICES, Choice("=evil", "-opt", 1))
    return make_plan(scenario, consistent_solution(scenario, choices))


def test_text_from_input_is_always_literal(tmp_path: Path) -> None:
    out = write_results(nasty_plan(), tmp_path / "nasty.xlsx")
    wb = openpyxl.load_workbook(out)
    # XML normalises a raw carriage return to a line feed: still literal text with quotePrefix.
    nasty = [v.replace("\r", "\n") for v in NASTY]
    expected = {*nasty, "=evil", "-opt", "@desc", "-P", "=NAME()", "+w", "+cat"}
    expected.add("=cmd|' /C calc'!A0")
    found: set[str] = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in expected:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found.add(cell.value)
    assert found == expected


def test_infeasible_plan_writes_summary_and_diagnosis(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_results(infeasible_plan(), tmp_path / "inf.xlsx"))
    assert wb.sheetnames == ["Summary", "Diagnosis"]
    summary = {r["key"]: r["value"] for r in records(wb["Summary"])}
    assert summary["status"] == "infeasible" and summary["total_hazard"] is None
    assert "planner diagnose" in str(wb["Diagnosis"]["A1"].value)
    diagnosis = {r["constraint"]: r for r in records(wb["Diagnosis"], header_row=3)}
    assert diagnosis["min_benefit[DPRK]"]["status_quo_ok"] == "no"


def test_refuses_to_overwrite_the_input_and_missing_folders(tmp_path: Path) -> None:
    source = tmp_path / "input.xlsx"
    source.write_bytes(b"input")
    with pytest.raises(OutputError, match="overwrite"):
        write_results(small_plan(), source, input_path=source)
    assert source.read_bytes() == b"input"
    with pytest.raises(OutputError, match="does not exist"):
        write_results(small_plan(), tmp_path / "missing" / "plan.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.xlsx"]


def test_no_solution_diagnosis_points_at_the_time_limit(tmp_path: Path) -> None:
    plan = make_plan(small_scenario(), Solution(Status.NO_SOLUTION, "min_risk"))
    wb = openpyxl.load_workbook(write_results(plan, tmp_path / "slow.xlsx"))
    assert wb.sheetnames == ["Summary", "Diagnosis"]
    assert "time limit (60.0 s)" in str(wb["Diagnosis"]["A1"].value)
