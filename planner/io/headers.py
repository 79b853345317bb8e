"""Header checks that stop silent column drops: near-miss names and values under empty headers are errors.

A header that is not a known column is either a near miss of one (other case, spaces,
dashes or underscores for ``_``, a missing colon in ``cost:PARTY``, a small typo), which
would silently drop a column the user meant planner to read, or a column planner does not
read (notes, sources), listed as a warning. Values under an empty header (often a merged
header cell) are an error too: nothing says which column they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.utils import get_column_letter

from planner.errors import Problem
from planner.io.validate.cells import is_blank, shown, to_text
from planner.schema import Sheet, normalise

ALLOWED_EXTRA = frozenset(
    {"note", "notes", "comment", "comments", "remark", "remarks", "source", "sources"}
    | {"reference", "references", "ref", "link", "links", "url", "id_note"}
)
"""Headers of columns planner never reads that need no warning."""

_SQUASH_RE = re.compile(r"[\s_\-.:]+")
_DYNAMIC_RE = re.compile(r"^((?i:cost|benefit))(?:[\s_\-.;]+|(?=[A-Z0-9]))(\S+)$")
MAX_CELLS_LISTED = 3


def squash(name: str) -> str:
    """A header without case, spaces, dashes, underscores, dots or colons: ``Vetoed-By`` -> ``vetoedby``."""
    return _SQUASH_RE.sub("", name.strip().lower())


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def likely_column(sheet: Sheet, header: str) -> str | None:
    """The known column a header was probably meant to be (None when it is no near miss)."""
    text = header.strip()
    dynamic = _DYNAMIC_RE.match(text)
    if sheet.dynamic_prefixes and dynamic:
        return f"{dynamic.group(1).lower()}:{dynamic.group(2)}"
    key = squash(text)
    if len(key) < 3:
        return None
    limit = 2 if len(key) >= 8 else 1
    best: tuple[int, str] | None = None
    for column in sheet.columns:
        d = _distance(key, squash(column.name), limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, column.name)
    return None if best is None else best[1]


def _handled(sheet: Sheet, text: str) -> bool:
    """True for a header the table's own matching reports on (a duplicate, ``cost:`` alone)."""
    name = normalise(text)
    return name in {normalise(c.name) for c in sheet.columns} or name.startswith(
        sheet.dynamic_prefixes
    )


def report_header(
    sheet: Sheet, rows: dict[int, dict[int, Any]], used: set[int], problems: Any
) -> None:
    """Check a sheet's header row (see :func:`check_header`), recording into ``problems``.

    Errors go to ``problems.add``; warnings to ``problems.warnings`` (a list of Problem).
    """
    data: dict[int, list[int]] = {}
    for r in sorted(rows):
        if r == 1:
            continue
        for c, value in rows[r].items():
            if not is_blank(value):
                data.setdefault(c, []).append(r)
    errors, warnings = check_header(sheet, rows.get(1, {}), used, sorted(data.items()))
    for p in errors:
        problems.add(p.location, p.message)
    problems.warnings.extend(warnings)


def check_header(
    sheet: Sheet,
    title_cells: dict[int, Any],
    matched: set[int],
    data_columns: Iterable[tuple[int, list[int]]],
) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings about a sheet's header row.

    Args:
        sheet: The schema sheet.
        title_cells: The header row as read, by column index (1-based).
        matched: Columns matched to a known or ``prefix:NAME`` column (or already reported).
        data_columns: ``(column, rows holding a value)`` for every column with values below row 1.

    Returns:
        (errors, warnings), each located at a header cell.
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for index in sorted(title_cells):
        value = title_cells[index]
        if index in matched or is_blank(value) or not isinstance(value, str | int | float):
            continue
        text = to_text(value)
        if _handled(sheet, text):
            continue
        where = f"{sheet.name}!{get_column_letter(index)}1"
        intended = likely_column(sheet, text)
        if intended is not None and normalise(intended) != normalise(text):
            errors.append(
                Problem(
                    where,
                    f"column {shown(text)} is not a column planner knows; did you mean "
                    f"{intended}? (it would be ignored)",
                )
            )
        elif squash(text) not in ALLOWED_EXTRA:
            warnings.append(Problem(where, f"column {shown(text)} is not read by planner"))
    for index, rows in data_columns:
        if index in matched or not is_blank(title_cells.get(index)):
            continue
        errors.append(_unnamed(sheet, title_cells, index, rows))
    return errors, warnings


def _unnamed(sheet: Sheet, title_cells: dict[int, Any], index: int, rows: list[int]) -> Problem:
    letter = get_column_letter(index)
    cells = ", ".join(f"{letter}{r}" for r in rows[:MAX_CELLS_LISTED])
    more = f" and {len(rows) - MAX_CELLS_LISTED} more" if len(rows) > MAX_CELLS_LISTED else ""
    left = title_cells.get(index - 1)
    hint = (
        f"; if {get_column_letter(index - 1)}1 ({shown(to_text(left))}) is merged across it, "
        "unmerge it and give this column its own header"
        if index > 1 and not is_blank(left)
        else ""
    )
    return Problem(
        f"{sheet.name}!{letter}1",
        f"the header is empty but {cells}{more} {'hold values' if len(rows) > 1 else 'holds a value'}, "
        "which would be ignored; "
        f"name the column{hint}, or clear the values",
    )
