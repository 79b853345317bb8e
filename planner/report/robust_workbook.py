"""The robust results workbook ``outputs/<stem>-robust.xlsx`` (SPEC 6), written whole via temp file and rename."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.io.layout import finish_workbook, pages_wide
from planner.io.xlsx import fill_row, save_atomic, set_value, write_frame
from planner.report.evaluate_workbook import PERCENT, formats_for, write_key_values
from planner.report.results import CHANGED_FILL, HAZARD, MONEY

if TYPE_CHECKING:
    import pandas as pd

    from planner.uncertainty.robust_tables import RobustRun

SAMPLE_VALUE = "0.000000"


def _package(ws: Worksheet, table: pd.DataFrame) -> None:
    formats = {"hazard": HAZARD, "status_quo_hazard": HAZARD}
    formats.update(
        {str(c): MONEY for c in table.columns if str(c).startswith(("cost:", "benefit:"))}
    )
    write_frame(ws, table, number_formats=formats)
    for row, changed in enumerate(table["changed"], start=2):
        if changed:
            fill_row(ws, row, 1, len(table.columns), CHANGED_FILL)


def _samples(ws: Worksheet, table: pd.DataFrame) -> None:
    formats = {str(c): SAMPLE_VALUE for c in table.columns if "[" in str(c)}
    formats["total_hazard"] = HAZARD
    write_frame(ws, table, number_formats=formats)


def _stability(ws: Worksheet, table: pd.DataFrame, run: RobustRun) -> None:
    st = run.stability
    assert st is not None
    note = (
        f"Share of {st.solved} re-solves (of {st.runs}, each on {st.samples} fresh draws from "
        "its own stream of sample_seed) that choose each option; options never chosen and not "
        "in the robust package are left out."
    )
    set_value(ws["A1"], note)
    write_frame(ws, table, start_row=3, number_formats={"share": PERCENT})
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 14)


def build_robust_workbook(run: RobustRun) -> Workbook:
    """Summary, Package, Comparison, Samples, Stability (no package: Summary, Comparison, Samples)."""
    from planner.uncertainty import robust_tables as t

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    write_key_values(ws, t.summary(run))
    package = t.package_table(run)
    if len(package):
        _package(wb.create_sheet("Package"), package)
    comparison = t.comparison(run)
    write_frame(wb.create_sheet("Comparison"), comparison, number_formats=formats_for(comparison))
    _samples(wb.create_sheet("Samples"), t.samples_table(run))
    stability = t.stability_table(run)
    if len(stability):
        _stability(wb.create_sheet("Stability"), stability, run)
    return wb


def write_robust_workbook(
    run: RobustRun, out: str | Path, input_path: str | Path | None = None
) -> Path:
    """Write the robust workbook whole or not at all; never over the input."""
    wb = build_robust_workbook(run)
    for name in ("Comparison", "Samples"):
        if name in wb.sheetnames:
            pages_wide(wb[name])
    finish_workbook(wb, {"Stability": "3:3"})
    return save_atomic(wb, Path(out), Path(input_path) if input_path else None)
