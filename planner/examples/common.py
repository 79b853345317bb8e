"""What the example builders share: a wrapped, wide text column and the ``python -m`` entry."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet


def wrap_column(ws: Worksheet, column: int, width: float) -> None:
    """Give a text column (a source, a note) ``width`` and wrap its cells below the header."""
    ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = width
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def main_writing(
    module: str, build: Callable[[str], Path], argv: Sequence[str] | None = None
) -> int:
    """``python -m MODULE OUT.xlsx``: build the workbook, say where; exit code 2 on bad usage."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print(f"usage: python -m {module} OUT.xlsx", file=sys.stderr)
        return 2
    print(f"wrote {build(args[0])}")
    return 0
