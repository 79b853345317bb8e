"""The results workbook of ``planner solve`` (SPEC 4), written whole via a temp file and rename."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.io.layout import column_format, finish_workbook, format_columns
from planner.io.xlsx import WRAP, fill_row, save_atomic, set_value, write_rows
from planner.report import story, tables
from planner.report.brief import brief_rows
from planner.report.results_risk import write_risk
from planner.report.results_schedule import write_schedule
from planner.report.tables import Rows

if TYPE_CHECKING:
    from planner.plan import Plan

HAZARD = "0.0000"
PERCENT = "0.0%"
MONEY = "#,##0.00"
CHANGED_FILL = PatternFill("solid", fgColor="FFF2CC")
MOVED_FILL = PatternFill("solid", fgColor="DDEBF7")
FAILED_FILL = PatternFill("solid", fgColor="F8CBAD")
SUMMARY_FORMATS = {
    "escalation_probability": "0.00%",
    "status_quo_probability": "0.00%",
    "risk_reduction": "0.00%",
    "mip_gap": "0.00%",
    "solve_seconds": "0.00",
    "highs_seconds": "0.00",
    "mip_gap_target": "0.00%",
    "time_limit_s": "0",
    "min_weighted_net": MONEY,
}
PARTY_FORMATS = {
    k: MONEY
    for k in (
        "cost", "max_cost", "cost_slack", "benefit", "min_benefit", "net", "min_net",
        "benefit_slack", "net_slack", "weighted_net", "status_quo_cost", "status_quo_benefit",
        "status_quo_net",
    )
}  # fmt: skip
CHECK_FORMATS = {k: "0.0000" for k in ("value", "limit", "slack", "model_value")} | {
    "difference": "0.0E+00"
}


PRINT_TITLES: dict[str, str | None] = {"Schedule": "1:2", "Diagnosis": "3:3"}
STORY_FILL = PatternFill("solid", fgColor="E2EFDA")
HEADING_FILL = PatternFill("solid", fgColor="D9D9D9")
GETS_FILL = PatternFill("solid", fgColor="E2EFDA")
BINDS_FILL = PatternFill("solid", fgColor="F8CBAD")
TOP = Alignment(vertical="top", horizontal="left")
PERIODS_PER_PAGE = 20
DETAILS = "details"


def write_summary(ws: Worksheet, summary: dict[str, object], story_rows: dict[str, str]) -> None:
    """Summary: ``key``, ``value``; the headline and story rows first, then the machine keys.

    The machine keys sit under a ``details`` heading row so that the printed first page
    reads as a story; readers that build a dict from the two columns still find every key.
    """
    story = {"headline": summary["headline"], **story_rows}
    rest = {k: v for k, v in summary.items() if k != "headline"}
    keys = [*story, DETAILS, *rest]
    values = [*story.values(), "machine-readable values below", *rest.values()]
    write_rows(
        ws,
        Rows(("key", "value"), [{"key": k, "value": v} for k, v in zip(keys, values, strict=True)]),
    )
    for row, key in enumerate(keys, start=2):
        cell = ws.cell(row=row, column=2)
        ws.cell(row=row, column=1).alignment = TOP
        cell.alignment = TOP
        if key in story:
            cell.alignment = WRAP
            ws.cell(row=row, column=1).font = Font(bold=True)
            fill_row(ws, row, 1, 2, STORY_FILL)
        elif key == DETAILS:
            fill_row(ws, row, 1, 2, HEADING_FILL)
            ws.cell(row=row, column=1).font = Font(bold=True)
        elif isinstance(cell.value, int | float):
            cell.number_format = (
                SUMMARY_FORMATS.get(key) or column_format(key, cell.value) or "General"
            )
    ws.cell(row=2, column=2).font = Font(bold=True, size=12)
    ws.column_dimensions["B"].width = 110
    for row, text in enumerate(story.values(), start=2):
        ws.row_dimensions[row].height = 15 * (1 + len(str(text)) // 100)


def write_brief(ws: Worksheet, plan: Plan, party: str | None = None) -> None:
    """Brief: per party, what it gives, what it gets, its limits with slack (see report.brief)."""
    table = brief_rows(plan, party)
    write_rows(ws, table, number_formats={"amount": MONEY, "limit": MONEY, "slack": MONEY})
    for row, rec in enumerate(table.records(), start=2):
        if rec["item"] == "escalation probability":
            ws.cell(row=row, column=6).number_format = "0.0%"
        fill = {"gives": CHANGED_FILL, "gets": GETS_FILL}.get(str(rec["section"]))
        fill = BINDS_FILL if rec["note"] == "binds" else fill
        if fill is not None:
            fill_row(ws, row, 1, len(table.columns), fill)


def write_package(ws: Worksheet, plan: Plan) -> None:
    """Package: one row per activity; changed rows and moved blocks filled."""
    table = tables.package_rows(plan)
    formats = {c: MONEY for c in table.columns if c.startswith(("cost:", "benefit:"))}
    write_rows(ws, table, number_formats=formats)
    format_columns(ws)
    changed_moved = zip(table.column("changed"), table.column("moved"), strict=True)
    for row, (changed, moved) in enumerate(changed_moved, 2):
        fill = CHANGED_FILL if changed else MOVED_FILL if moved else None
        if fill is not None:
            fill_row(ws, row, 1, len(table.columns), fill)


def write_check(ws: Worksheet, plan: Plan) -> None:
    """Check: every recomputed constraint and solver figure; failures filled red."""
    table = tables.check_rows(plan)
    write_rows(ws, table, number_formats=CHECK_FORMATS)
    for row, ok in enumerate(table.column("ok"), start=2):
        if not ok:
            fill_row(ws, row, 1, len(table.columns), FAILED_FILL)


def diagnosis_note(plan: Plan) -> str:
    """The explanation above the Diagnosis table."""
    if plan.status.value == "no_solution":
        limit = tables.summary(plan)["time_limit_s"]
        return (
            f"No package was found within the time limit ({limit} s). Run again with a larger "
            "--time-limit or --gap; `planner diagnose INPUT` explains an infeasible input."
        )
    if plan.diagnosis:
        return "No package satisfies every constraint. What must move, and by how much:"
    return (
        "No package satisfies every constraint below at once. These are the limits, rules, "
        "balances and capacities that exist, with the status quo's values; run "
        "`planner diagnose INPUT` to find which must move, and by how much."
    )


def write_diagnosis(ws: Worksheet, plan: Plan) -> None:
    """Diagnosis: a note, then the decision-analysis rows or the constraints that exist."""
    set_value(ws["A1"], diagnosis_note(plan))
    ws["A1"].font = Font(bold=True)
    write_rows(ws, tables.diagnosis_rows(plan), start_row=3, number_formats=CHECK_FORMATS)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 30)


def _input_sheets(wb: Workbook, plan: Plan) -> None:
    """Every sheet after Summary for a plan with a package, in SPEC 4 order."""
    write_package(wb.create_sheet("Package"), plan)
    write_schedule(wb.create_sheet("Schedule"), plan)
    write_risk(wb.create_sheet("Risk"), plan)
    write_rows(wb.create_sheet("Parties"), tables.parties_rows(plan), number_formats=PARTY_FORMATS)
    write_rows(wb.create_sheet("Rules"), tables.rules_rows(plan), number_formats=CHECK_FORMATS)
    write_check(wb.create_sheet("Check"), plan)
    write_rows(wb.create_sheet("Windows"), tables.windows_rows(plan))


def build_results(plan: Plan, input_path: str | Path | None = None) -> Workbook:
    """The results workbook in memory (see :func:`write_results`)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    write_summary(ws, tables.summary(plan, input_path), story.story(plan))
    if plan.has_package:
        write_brief(wb.create_sheet("Brief"), plan)
        _input_sheets(wb, plan)
    else:
        write_diagnosis(wb.create_sheet("Diagnosis"), plan)
    finish_workbook(wb, PRINT_TITLES)
    if "Schedule" in wb.sheetnames:
        schedule_print(wb["Schedule"], plan.scenario.settings.periods)
    return wb


def schedule_print(ws: Worksheet, periods: int) -> None:
    """The Schedule prints about 20 periods a page across, activity columns on every page."""
    ws.page_setup.fitToWidth = max(1, -(-periods // PERIODS_PER_PAGE))
    ws.print_title_cols = "A:E"


def write_results(plan: Plan, out_path: str | Path, input_path: str | Path | None = None) -> Path:
    """Write the results workbook (SPEC 4) whole or not at all; never over the input.

    Sheets: Summary, Brief, Package, Schedule, Risk, Parties, Rules, Check, Windows; a plan without
    a package gets Summary and Diagnosis.

    Raises:
        OutputError: the folder is missing or not writable, or ``out_path`` is the input.
    """
    wb = build_results(plan, input_path)
    return save_atomic(wb, Path(out_path), Path(input_path) if input_path else None)
