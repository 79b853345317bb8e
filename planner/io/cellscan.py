"""Locates the cells of a worksheet part whose stored number is not a number (``NaN``, ``inf``).

openpyxl stops reading a sheet at such a cell with a bare ``ValueError``; this scan of the
part's XML names the cells instead, so the user gets ``Sheet!B7`` rather than a guess.
"""

from __future__ import annotations

import io
import re
import zipfile

from planner.errors import Problem
from planner.io.validate.cells import shown

_CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_TYPE_RE = re.compile(rb'\bt="([a-zA-Z]+)"')
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
MAX_REPORTED = 20


def _is_number(text: str) -> bool:
    try:
        return float(text) == float(text) and abs(float(text)) != float("inf")
    except ValueError:
        return False


def bad_number_cells(data: bytes, part: str, title: str) -> list[Problem]:
    """``Sheet!Cell: ...`` for every numeric cell (type ``n`` or none) whose value is no number.

    Args:
        data: The workbook's bytes.
        part: The worksheet's zip part, e.g. ``xl/worksheets/sheet3.xml``.
        title: The sheet's title, used in the locations.

    Returns:
        At most ``MAX_REPORTED`` problems, in the order of the part.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part.lstrip("/"))
    problems: list[Problem] = []
    for m in _CELL_RE.finditer(xml):
        attrs, body = m.group(1), m.group(2)
        kind = _TYPE_RE.search(attrs)
        value = _VALUE_RE.search(body)
        if value is None or (kind is not None and kind.group(1) != b"n"):
            continue
        text = value.group(1).decode("utf-8", "replace").strip()
        if _is_number(text):
            continue
        ref = _REF_RE.search(attrs)
        where = f"{title}!{ref.group(1).decode()}" if ref else title
        problems.append(
            Problem(where, f"the cell holds {shown(text)}, which is not a number; type a number")
        )
        if len(problems) >= MAX_REPORTED:
            break
    return problems
