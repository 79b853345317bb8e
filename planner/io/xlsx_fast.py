"""openpyxl's save made faster, byte for byte the same workbook (issue 16: a fast start).

Two costs of ``Workbook.save`` (without lxml) that are not the workbook's content:

- Cells. openpyxl writes each cell by building an ``Element`` and serialising it with
  et_xmlfile's pure-Python namespace-aware writer: about 70% of saving the example's
  results workbook. The cells planner writes are plain: a number, literal text (an
  ``inlineStr``) or a styled blank. :func:`write_cell` writes those as the same XML text
  directly and hands every other cell (dates, formulas, rich text, booleans, hyperlinks,
  non-finite numbers) to openpyxl's own function.
- Temporary files. openpyxl writes each worksheet to a temporary file that it first creates
  empty, then opens again for writing: the truncation makes ext4 allocate the blocks at
  close (``auto_da_alloc``), and deleting the file then costs ~3 ms (with online discard:
  25 ms for the example's 9 sheets). :func:`fresh_temporary_file` names a file in a
  private folder instead, which openpyxl creates once; the folder lives for one save
  (:func:`fast_save`).

tests/test_xlsx_fast.py checks that every part of saved workbooks is byte-identical with and
without :func:`install`.
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]

import openpyxl.worksheet._writer as sheet_writer
from openpyxl.cell import _writer as cell_writer
from openpyxl.compat.strings import safe_string

OPENPYXL_WRITE_CELL = cell_writer.write_cell
"""openpyxl's own cell writer (the fallback, and what tests compare with)."""
OPENPYXL_TEMPORARY_FILE = sheet_writer.create_temporary_file
"""openpyxl's own temporary worksheet file (what tests compare with)."""


def write_cell(xf: Any, worksheet: Any, cell: Any, styled: Any = None) -> None:
    """Write one ``<c>`` element: plain numbers and text here, anything else by openpyxl."""
    value = cell._value
    kind = cell.data_type
    vt = type(value)
    write = getattr(xf, "_file", None)  # et_xmlfile's writer: its raw text output
    plain = (
        kind == "n" and (value is None or ((vt is int or vt is float) and math.isfinite(value)))
    ) or (kind == "s" and vt is str)
    if not plain or write is None or cell.hyperlink:
        OPENPYXL_WRITE_CELL(xf, worksheet, cell, styled)
        return
    start = (
        f'<c r="{cell.coordinate}" s="{cell.style_id}"' if styled else f'<c r="{cell.coordinate}"'
    )
    if kind == "n":
        if value is None:
            write(f'{start} t="n" />')
        else:
            write(f'{start} t="n"><v>{safe_string(value)}</v></c>')
    elif value == "":
        write(f'{start} t="inlineStr" />')
    else:
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and value != stripped else ""
        write(f'{start} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>')


_LOCAL = threading.local()
"""This thread's folder of temporary worksheet files while it saves (see :func:`fast_save`)."""
_NUMBERS = itertools.count()


def fresh_temporary_file(suffix: str = "") -> str:
    """A new file name for one worksheet, in the saving thread's private folder (mode 0700).

    The file is not created here (openpyxl creates it when it writes the sheet, and removes
    it after the save). Outside :func:`fast_save` (a write-only sheet's rows are written as
    they are appended, before any save), openpyxl's own temporary file.
    """
    folder = getattr(_LOCAL, "folder", None)
    if folder is None:
        return str(OPENPYXL_TEMPORARY_FILE(suffix))
    path = os.path.join(folder, f"{next(_NUMBERS)}{suffix}")
    sheet_writer.ALL_TEMP_FILES.append(path)  # openpyxl's own clean-up list
    return path


@contextmanager
def fast_save() -> Iterator[None]:
    """Saves inside the block go through :func:`install`'s writers; the folder of their
    temporary worksheet files exists for the block only (removed even on an error)."""
    install()
    outer = getattr(_LOCAL, "folder", None)
    _LOCAL.folder = tempfile.mkdtemp(prefix="planner-openpyxl.")
    try:
        yield
    finally:
        shutil.rmtree(_LOCAL.folder, ignore_errors=True)
        _LOCAL.folder = outer


def install() -> None:
    """Make openpyxl's worksheet writer use :func:`write_cell` and fresh temporary files.

    Idempotent. With lxml installed openpyxl writes through lxml instead; its cell writer is
    then left alone.
    """
    if OPENPYXL_WRITE_CELL is cell_writer.etree_write_cell:
        sheet_writer.write_cell = write_cell  # type: ignore[attr-defined]
    sheet_writer.create_temporary_file = fresh_temporary_file  # type: ignore[attr-defined]
