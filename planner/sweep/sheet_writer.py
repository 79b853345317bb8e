"""Streaming (write-only) sheet helpers for the sweep workbook: literal text, header style, widths."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from planner.io.layout import print_setup, sig_format
from planner.io.xlsx import HEADER_FILL, HEADER_FONT, set_value

SIG = "sig"
"""A ``formats`` value: each number shown to 3 significant digits (see layout.sig_format)."""
SIG4 = "sig4"
"""The same with 4 significant digits (swept values that bisection brought close together)."""

WIDTH_SAMPLE = 2000
"""Rows looked at when sizing columns (a write-only sheet must be sized before writing)."""


def _text_length(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, datetime | date):
        return 10
    if isinstance(v, float):
        return len(f"{v:.6g}")
    return len(str(v))


def set_widths(
    ws: WriteOnlyWorksheet, rows: Sequence[Sequence[Any]], minimum: int = 6, maximum: int = 60
) -> None:
    """Size columns from the first rows' text (call before appending any row)."""
    widths: dict[int, int] = {}
    for row in rows[:WIDTH_SAMPLE]:
        for j, v in enumerate(row, start=1):
            widths[j] = max(widths.get(j, 0), _text_length(v) + 2)
    for j, w in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = max(minimum, min(maximum, w))


def cell(ws: WriteOnlyWorksheet, value: Any, number_format: str | None = None) -> Any:
    """A value ready to append: numbers as they are, text and dates through ``set_value``.

    ``number_format`` ``"sig"`` (``"sig4"``) formats a number to 3 (4) significant digits.
    """
    if number_format in (SIG, SIG4):
        digits = 3 if number_format == SIG else 4
        number_format = sig_format(float(value), digits) if isinstance(value, int | float) else None
    if value is None or (
        isinstance(value, int | float) and not isinstance(value, bool) and number_format is None
    ):
        return value
    c = WriteOnlyCell(ws)
    set_value(c, value, number_format)
    return c


def header(ws: WriteOnlyWorksheet, names: Sequence[str]) -> None:
    """Append a styled header row."""
    row = []
    for name in names:
        c = WriteOnlyCell(ws)
        set_value(c, name)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        row.append(c)
    ws.append(row)


def title(ws: WriteOnlyWorksheet, text: str) -> None:
    """Append a bold one-cell title row."""
    c = WriteOnlyCell(ws)
    set_value(c, text)
    c.font = Font(bold=True)
    ws.append([c])


def table(
    ws: WriteOnlyWorksheet,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: dict[str, str] | None = None,
) -> None:
    """Append a header and rows; ``formats`` maps column names to number formats."""
    formats = formats or {}
    fmts = [formats.get(n) for n in names]
    header(ws, names)
    for r in rows:
        ws.append([cell(ws, v, fmts[j] if j < len(fmts) else None) for j, v in enumerate(r)])


def new_sheet(
    wb: Any, name: str, rows_for_width: Sequence[Sequence[Any]], freeze: str | None = "A2"
) -> WriteOnlyWorksheet:
    """Create a write-only sheet, sized for ``rows_for_width`` and with panes frozen."""
    ws = wb.create_sheet(name)
    print_setup(ws)  # before any row: a write-only sheet writes its properties first
    set_widths(ws, rows_for_width)
    if freeze:
        ws.freeze_panes = freeze
    return ws
