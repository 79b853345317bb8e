"""Workbooks of ``planner evaluate`` and the shared pieces of ``planner robust`` (SPEC 6), written whole."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.io.layout import finish_workbook, pages_wide
from planner.io.xlsx import WRAP, fill_row, save_atomic, write_frame
from planner.report import tables
from planner.report.results import (
    CHECK_FORMATS,
    FAILED_FILL,
    HAZARD,
    PARTY_FORMATS,
    write_package,
    write_summary,
)

if TYPE_CHECKING:
    from planner.uncertainty.evaluate import PackageReport

PERCENT = "0.0%"
PROBABILITY_WORDS = ("probability", "acceptance", "share", "reduction")


def formats_for(frame: pd.DataFrame) -> dict[str, str]:
    """Number formats by column name: probabilities and shares as %, hazards to 4 decimals."""
    out = {}
    for c in frame.columns:
        name = str(c)
        if any(w in name for w in PROBABILITY_WORDS):
            out[name] = PERCENT
        elif "hazard" in name:
            out[name] = HAZARD
    return out


def summary_formats(summary: dict[str, object]) -> dict[str, str]:
    """Summary formats for keys the solve's Summary does not know."""
    return {
        k: PERCENT if any(w in k for w in PROBABILITY_WORDS) or k == "acceptance_target" else HAZARD
        for k in summary
        if k != "acceptance_margin"  # standard errors, not a share
        and any(
            w in k for w in (*PROBABILITY_WORDS, "hazard", "objective_value", "acceptance_target")
        )
    }


def write_key_values(ws: Worksheet, summary: dict[str, object]) -> None:
    """Summary sheet (``key``, ``value``) laid out as the solve's: the headline first, wrapped,
    then the machine keys under ``details``, with % for probabilities, acceptances and shares."""
    write_summary(ws, {"headline": summary.get("headline", ""), **summary}, {})
    formats = summary_formats(summary)
    for row in range(2, ws.max_row + 1):
        key, cell = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2)
        if (
            key in formats
            and isinstance(cell.value, int | float)
            and not isinstance(cell.value, bool)
        ):
            cell.number_format = formats[str(key)]
        if isinstance(cell.value, str) and len(cell.value) > 100:
            cell.alignment = WRAP  # the stages, a long list of violations
            ws.row_dimensions[row].height = 15 * (1 + len(cell.value) // 100)


def write_checks(ws: Worksheet, table: pd.DataFrame) -> None:
    """Checks: every constraint with value, limit and slack; violated rows filled red."""
    write_frame(ws, table, number_formats=CHECK_FORMATS)
    for row, ok in enumerate(table["ok"], start=2):
        if not ok:
            fill_row(ws, row, 1, len(table.columns), FAILED_FILL)


def build_evaluate_workbook(report: PackageReport) -> Workbook:
    """Summary, Package, Parties, Rules, Checks and (with draws) Comparison."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    write_key_values(ws, report.summary())
    plan = report.plan
    write_package(wb.create_sheet("Package"), plan)
    write_frame(
        wb.create_sheet("Parties"), tables.parties_table(plan), number_formats=PARTY_FORMATS
    )
    write_frame(wb.create_sheet("Rules"), tables.rules_table(plan), number_formats=CHECK_FORMATS)
    write_checks(wb.create_sheet("Checks"), report.checks_table())
    comparison = report.comparison_table()
    if len(comparison):
        write_frame(
            wb.create_sheet("Comparison"), comparison, number_formats=formats_for(comparison)
        )
    return wb


def write_evaluate_workbook(
    report: PackageReport, out: str | Path, input_path: str | Path | None = None
) -> Path:
    """Write the evaluation workbook whole (temp file + rename); never over the input."""
    wb = build_evaluate_workbook(report)
    if "Comparison" in wb.sheetnames:
        pages_wide(wb["Comparison"])
    finish_workbook(wb)
    return save_atomic(wb, Path(out), Path(input_path) if input_path else None)
