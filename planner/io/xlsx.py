"""Safe, tidy workbook writing shared by every output: literal text, widths, headers, atomic save."""

from __future__ import annotations

import contextlib
import errno
import math
import os
import stat
import sys
import tempfile
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
"""Long text wrapped inside its column, from the top of its row."""
HEADER_ALIGNMENT = Alignment(vertical="center")
DATE_FORMAT = "yyyy-mm-dd"
NUMBER_FORMAT = "0.0000"


def set_value(cell: Cell, value: Any, number_format: str | None = None) -> None:
    """Write ``value`` into ``cell``; text is always literal text, never a formula.

    openpyxl turns any string starting with ``=`` into a formula; we force the string type and
    set ``quotePrefix`` for text starting with a formula trigger so Excel keeps it text.
    """
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return
    if isinstance(value, bool):
        cell.value = "yes" if value else "no"
        cell.data_type = "s"
        return
    cell.value = value
    if isinstance(value, datetime | date):
        cell.number_format = number_format or DATE_FORMAT
    elif number_format and isinstance(value, int | float):
        cell.number_format = number_format


def write_table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    start_row: int = 1,
    number_formats: dict[str, str] | None = None,
    freeze: bool = True,
    autosize_columns: bool = True,
) -> int:
    """Write a header row and data rows; returns the last row written.

    ``autosize_columns=False`` leaves the widths to the caller (who autosizes once at the end).
    """
    number_formats = number_formats or {}
    for j, name in enumerate(header, start=1):
        cell = ws.cell(row=start_row, column=j)
        set_value(cell, name)
        set_style(cell, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
    formats = [number_formats.get(name) for name in header]
    width = len(formats)
    r = start_row
    for r, row in enumerate(rows, start=start_row + 1):
        for j, value in enumerate(row, start=1):
            set_value(ws.cell(row=r, column=j), value, formats[j - 1] if j <= width else None)
    if freeze:
        ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    if autosize_columns:
        autosize(ws)
    return r


def _text_width(v: Any) -> int:
    """Display length of a written value (dates ISO, floats to 4 decimals) plus padding."""
    if isinstance(v, str):
        return len(v) + 2
    if isinstance(v, float):
        return len(f"{v:.4f}") + 2
    if isinstance(v, datetime | date):
        return len(v.strftime("%Y-%m-%d")) + 2
    return len(str(v)) + 2


def autosize(ws: Worksheet, minimum: int = 6, maximum: int = 60) -> None:
    """Set column widths from the longest value (openpyxl has no autofit).

    Only the cells that exist are visited (``iter_rows`` would create every empty cell of
    the used range, which is slow for a sparse grid such as the Schedule).
    """
    widths: dict[int, int] = {}
    for (_, col), cell in ws._cells.items():
        v = cell._value
        if v is None:
            continue
        w = _text_width(v)
        if w > widths.get(col, 0):
            widths[col] = w
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, w))


def check_output_path(out: Path, input_path: Path | None = None) -> Path:
    """Refuse an output that is the input, or whose folder is missing or not writable."""
    out = Path(out)
    _check_output_kind(out)
    if input_path is not None and out.exists():
        with contextlib.suppress(OSError, RuntimeError):
            if out.resolve() == Path(input_path).resolve() or out.samefile(input_path):
                raise OutputError(f"refusing to overwrite the input workbook {input_path}")
    elif input_path is not None and _resolved(out) == _resolved(Path(input_path)):
        raise OutputError(f"refusing to overwrite the input workbook {input_path}")
    parent = _resolved(out).parent
    if not parent.is_dir():
        raise OutputError(f"output folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"output folder {parent} is not writable")
    if out.exists() and not os.access(out, os.W_OK):
        raise OutputError(f"output file {out} is read-only")
    return out


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or ``path`` made absolute when it holds a symbolic link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _check_output_kind(out: Path) -> None:
    """Refuse an output that exists and is not a regular file (a device, FIFO, socket, folder).

    Writing would replace it by a regular file (as root, ``-o /dev/null`` would replace the
    device); a symbolic link loop cannot be written either.
    """
    try:
        mode = os.stat(out).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"output {out} is a symbolic link that loops") from None
        return  # a missing or unreadable folder is reported by the checks that follow
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else _special_kind(mode)
        raise OutputError(f"output {out} is {kind}, not a regular file; choose a new file name")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def temp_prefix(out: Path, parent: Path) -> str:
    """``.NAME.`` for the temporary file beside ``out``, shortened when the name would be too long.

    ``mkstemp`` adds 8 random characters and ``.tmp``; an output name at the file-system limit
    (255 bytes) gets a prefix cut so that the temporary name fits too.
    """
    try:
        limit = os.pathconf(parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    prefix = f".{out.name}."
    room = limit - len("XXXXXXXX.tmp")
    if len(os.fsencode(prefix)) <= room:
        return prefix
    return os.fsencode(prefix)[: room - 1].decode(errors="ignore") + "."


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(
    out: Path, write: Callable[[Path], object], input_path: Path | None = None
) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``out``, then rename it: whole file or none.

    The file gets the permissions a normally created file would have (0666 less the umask),
    not the 0600 of a temporary file. On any failure the temporary file is removed and an
    existing ``out`` is left untouched.
    """
    out = check_output_path(Path(out), input_path)
    parent = out.resolve().parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(out, parent), suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def empty_workbook() -> Workbook:
    """A new workbook without openpyxl's default sheet."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    return wb


def save_atomic(wb: Workbook, out: Path, input_path: Path | None = None) -> Path:
    """Save ``wb`` to a temporary file beside ``out`` and rename it: whole file or none.

    openpyxl saves through :mod:`planner.io.xlsx_fast` (the same bytes, in half the time).
    """
    from planner.io import xlsx_fast

    with xlsx_fast.fast_save():
        return write_atomic(out, wb.save, input_path)


def plain(value: Any) -> Any:
    """A cell-ready Python value: missing (None, NaN, NA, NaT) -> None, numpy/pandas scalars unwrapped."""
    if value is None or isinstance(value, str):
        return value
    kind = type(value)
    if kind is float:  # fast path for the common plain Python scalars (exact types only)
        return None if value != value else value
    if kind is int or kind is bool:
        return value
    pd = sys.modules.get("pandas")  # not loaded: the value is no pandas object
    if pd is not None:
        if isinstance(value, pd.Timestamp):
            return value.to_pydatetime()
        with contextlib.suppress(TypeError, ValueError):
            if pd.isna(value):
                return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, date):
        value = item()
        return None if isinstance(value, float) and value != value else value
    return value


class RowSource(Protocol):
    """A table of plain rows (``planner.report.tables.Rows``): column names and cell values."""

    @property
    def columns(self) -> Sequence[str]: ...

    def values(self) -> Iterable[Sequence[Any]]: ...


def write_rows(
    ws: Worksheet,
    table: RowSource,
    *,
    start_row: int = 1,
    number_formats: dict[str, str] | None = None,
    freeze: bool = True,
) -> int:
    """Write a table of plain rows (header + rows) through :func:`write_table`; the last row."""
    return write_table(
        ws,
        list(table.columns),
        table.values(),
        start_row=start_row,
        number_formats=number_formats,
        freeze=freeze,
    )


def write_frame(
    ws: Worksheet,
    frame: pd.DataFrame,
    *,
    start_row: int = 1,
    number_formats: dict[str, str] | None = None,
    freeze: bool = True,
) -> int:
    """Write a DataFrame as a table (header + rows) through :func:`write_table`; returns the last row."""
    rows = ([plain(v) for v in row] for row in frame.itertuples(index=False, name=None))
    header = [str(c) for c in frame.columns]
    return write_table(
        ws, header, rows, start_row=start_row, number_formats=number_formats, freeze=freeze
    )


_STYLE_IDS: weakref.WeakKeyDictionary[Workbook, dict[int, tuple[object, int]]] = (
    weakref.WeakKeyDictionary()
)
"""Per workbook: a style object's id -> (the object, its index in the workbook's list)."""


def set_style(
    cell: Cell,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> None:
    """``cell.font = font``, ``cell.fill = fill``, ``cell.alignment = alignment`` (those given).

    The same cells, styles and workbook as the assignments, but each style object is
    registered in its workbook once: openpyxl hashes the whole style (recursively) at every
    assignment. Style objects must not change once used (planner's are constants).
    """
    wb = cell.parent.parent
    ids = _STYLE_IDS.get(wb)
    if ids is None:
        ids = _STYLE_IDS[wb] = {}
    if not cell._style:
        cell._style = StyleArray()
    for style, collection, key in (
        (font, "_fonts", "fontId"),
        (fill, "_fills", "fillId"),
        (alignment, "_alignments", "alignmentId"),
    ):
        if style is None:
            continue
        known = ids.get(id(style))
        if known is None or known[0] is not style:
            known = ids[id(style)] = (style, getattr(wb, collection).add(style))
        setattr(cell._style, key, known[1])


def fill_row(ws: Worksheet, row: int, first_col: int, last_col: int, fill: PatternFill) -> None:
    """Apply ``fill`` to the cells ``row``, columns ``first_col``..``last_col``."""
    fill_cells([ws.cell(row=row, column=col) for col in range(first_col, last_col + 1)], fill)


def fill_cells(cells: Iterable[Cell], fill: PatternFill) -> None:
    """Apply ``fill`` to ``cells`` (of one workbook), registering the fill once, not per cell."""
    fill_id: int | None = None
    for cell in cells:
        if fill_id is None:
            fill_id = cell.parent.parent._fills.add(fill)
        if not cell._style:
            cell._style = StyleArray()
        cell._style.fillId = fill_id
