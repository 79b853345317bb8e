"""Streaming (write-only) sheet helpers for the sweep workbook: literal text, header style, widths."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from planner.io.layout import print_setup, sig_format
from planner.io.xlsx import HEADER_FILL, HEADER_FONT, WRAP, set_value

SIG = "sig"
"""A ``formats`` value: each number shown to 3 significant digits (see layout.sig_format)."""
SIG4 = "sig4"
"""The same with 4 significant digits (swept values that bisection brought close together)."""

WIDTH_SAMPLE = 2000
"""Rows looked at when sizing columns (a write-only sheet must be sized before writing)."""
TOP = Alignment(vertical="top")
CHARS_PER_WIDTH = 1.1
"""Characters of running text per unit of column width (the width of a ``0``): a little over 1."""
LINE_HEIGHT = 15.0
"""Points per line of wrapped text (Calibri 11)."""
MAX_LINES = 24
"""A wrapped cell's row grows to at most this many lines (Excel allows 409 points)."""


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
    wrap: Sequence[str] = (),
    start_row: int = 1,
) -> None:
    """Append a header and rows; ``formats`` maps column names to number formats.

    ``wrap``: text columns whose cells wrap within the column's width (a sentence, a list of
    changes) instead of running across the columns to the right, where they would also
    widen the printed page; each row is given the height of its longest wrapped text
    (neither Excel nor a write-only sheet sizes rows by themselves); ``start_row`` is the
    row the header goes to (a write-only sheet does not say how many rows it has).
    """
    formats = formats or {}
    fmts = [formats.get(n) for n in names]
    wrapped = [j for j, n in enumerate(names) if n in wrap]
    header(ws, names)
    for k, r in enumerate(rows, start=start_row + 1):
        row = [cell(ws, v, fmts[j] if j < len(fmts) else None) for j, v in enumerate(r)]
        lines = max(
            (wrapped_lines(r[j], _width(ws, j)) for j in wrapped if j < len(r) and _text(r[j])),
            default=1,
        )
        if lines > 1:  # before the row is appended: its height is written with it
            ws.row_dimensions[k].height = LINE_HEIGHT * min(lines, MAX_LINES)
            row = [_top(ws, c, j in wrapped) for j, c in enumerate(row)]
        ws.append(row)


def _text(v: Any) -> bool:
    return isinstance(v, str) and v != ""


def _top(ws: WriteOnlyWorksheet, c: Any, wrap: bool) -> Any:
    """``c`` (a value or a cell) as a cell aligned to the top of a tall row, wrapped or not."""
    if c is None:
        return None
    if not isinstance(c, Cell):
        value, c = c, WriteOnlyCell(ws)
        set_value(c, value)
    c.alignment = WRAP if wrap else TOP
    return c


def _width(ws: WriteOnlyWorksheet, j: int) -> float:
    return ws.column_dimensions[get_column_letter(j + 1)].width or 8.43


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped at word boundaries in a column ``width`` characters wide."""
    room = max(1, int(width * CHARS_PER_WIDTH) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= room or used == 0:
                used = need
                while used > room:  # a word longer than the column breaks across lines
                    lines += 1
                    used -= room
            else:
                lines += 1
                used = len(word)
    return lines


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
