"""Readable numbers and print setup shared by every workbook planner writes.

Every writer calls :func:`finish_workbook` last: numbers get sensible formats by column
name (probabilities as %, hazards to 3 significant digits, money to 2 decimals), and every
sheet prints landscape, fit to one page wide, with its header row repeated on each page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

PERCENT = "0.0%"
PERCENT_FINE = "0.00%"
MONEY = "#,##0.00"
COUNT = "0"
SECONDS = "0.0"
PROBABILITY_WORDS = ("probability", "risk_reduction", "share", "gap")
HAZARD_WORDS = ("hazard", "objective_value", "bound", "difference")


def sig_format(value: float, digits: int = 3) -> str:
    """A fixed-point number format showing ``value`` to ``digits`` significant digits.

    ``0.00012`` gets ``0.000120`` and ``0.0369688`` gets ``0.0370``: never a bare ``0.00``.
    Zero, non-finite values and numbers of 10**digits or more get ``0`` decimals or ``General``.
    """
    if not math.isfinite(value):
        return "General"
    if value == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    decimals = max(0, min(decimals, 12))
    return "0" if decimals == 0 else "0." + "0" * decimals


def column_format(name: str, value: object) -> str | None:
    """The number format for a value in a column called ``name`` (None: leave it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    low = name.lower()
    if any(w in low for w in PROBABILITY_WORDS):
        return PERCENT if abs(value) >= 0.001 or value == 0 else PERCENT_FINE
    if any(w in low for w in HAZARD_WORDS):
        return sig_format(float(value))
    if "seconds" in low or low.endswith("_s"):
        return SECONDS
    if isinstance(value, int) or float(value).is_integer():
        return COUNT
    return sig_format(float(value), 4) if abs(value) < 1 else MONEY


def format_columns(ws: Worksheet, header_row: int = 1, skip: Iterable[str] = ()) -> None:
    """Give every number below ``header_row`` in a General cell the format its column suggests."""
    skipped = set(skip)
    header = {
        c.column: str(c.value)
        for c in ws[header_row]
        if c.value is not None and str(c.value) not in skipped
    }
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            name = header.get(cell.column)
            if name is None or cell.number_format != "General":
                continue
            fmt = column_format(name, cell.value)
            if fmt is not None:
                cell.number_format = fmt


def print_setup(ws: Worksheet | WriteOnlyWorksheet, header_rows: str | None = "1:1") -> None:
    """Landscape, fit to one page wide (any height), header rows repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = ws.page_setup.fitToWidth or 1  # a wide sheet may ask for more
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if header_rows and getattr(ws, "max_row", 2) > 1:
        ws.print_title_rows = header_rows
    ws.oddFooter.center.text = "&A — page &P of &N"


def pages_wide(ws: Worksheet, columns_per_page: int = 12) -> None:
    """Let a wide table print over several pages across (``columns_per_page`` each) instead of
    shrinking every column onto one page; call before :func:`finish_workbook`."""
    ws.page_setup.fitToWidth = max(1, math.ceil(ws.max_column / columns_per_page))


def finish_workbook(wb: Workbook, header_rows: dict[str, str | None] | None = None) -> None:
    """Print setup for every sheet; an empty sheet gets a line saying why it is empty.

    Args:
        wb: The workbook, complete.
        header_rows: Per sheet title, the rows to repeat (``"1:1"`` by default, None: none).
    """
    header_rows = header_rows or {}
    for ws in wb.worksheets:
        if ws.max_row == 1 and ws.max_column == 1 and ws["A1"].value is None:
            ws["A1"].value = "nothing to show"
            ws["A1"].data_type = "s"
        print_setup(ws, header_rows.get(ws.title, "1:1"))
