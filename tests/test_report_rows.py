"""Result tables as plain rows: each cell as the DataFrame built from the same rows holds it.

The results workbook is written from :class:`planner.report.tables.Rows` (no pandas on the
solve path) while the notebook API gives DataFrames; a sheet written from either must be
the same, cell for cell.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from planner.io.xlsx import plain
from planner.report.tables import Rows

pytestmark = pytest.mark.unit

COLUMNS = (
    "ints", "ints_blank", "mixed", "floats_nan", "whole", "flags", "flags_blank", "text",
    "dates", "empty", "numbers_text",
)  # fmt: skip
ROWS: list[dict[str, object]] = [
    {"ints": 1, "ints_blank": 2, "mixed": 1, "floats_nan": 0.5, "whole": 3, "flags": True,
     "flags_blank": False, "text": "a", "dates": date(2018, 1, 1), "numbers_text": 4},
    {"ints": 2, "ints_blank": None, "mixed": 2.5, "floats_nan": math.nan, "whole": None,
     "flags": False, "flags_blank": None, "text": None, "dates": None, "numbers_text": "frozen"},
    {"ints": 3, "ints_blank": 7, "mixed": 3, "floats_nan": 1.0, "whole": 5, "flags": True,
     "flags_blank": True, "text": "=c", "dates": date(2018, 2, 1), "numbers_text": None},
]  # fmt: skip


def _frame_cells(rows: Rows) -> list[list[object]]:
    """The cells as the workbook writer got them from the DataFrame before (``plain``)."""
    frame = rows.frame()
    return [[plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def _typed(cells: list[list[object]]) -> list[list[tuple[type, object]]]:
    return [[(type(v), v) for v in row] for row in cells]


def test_cells_match_the_dataframe_cells() -> None:
    rows = Rows(COLUMNS, ROWS, whole=("whole",))
    assert _typed(list(rows.values())) == _typed(_frame_cells(rows))


def test_numbers_with_a_blank_or_a_float_are_floats_unless_whole() -> None:
    rows = Rows(COLUMNS, ROWS, whole=("whole",))
    assert rows.column("ints") == [1, 2, 3] and type(rows.column("ints")[0]) is int
    assert [type(v) for v in rows.column("ints_blank")] == [float, type(None), float]
    assert [type(v) for v in rows.column("mixed")] == [float, float, float]
    assert rows.column("whole") == [3, None, 5] and type(rows.column("whole")[0]) is int
    assert rows.column("floats_nan") == [0.5, None, 1.0]
    assert rows.column("numbers_text") == [4, "frozen", None]
    assert rows.column("empty") == [None, None, None]


def test_records_and_an_empty_table() -> None:
    rows = Rows(COLUMNS, ROWS[:1], whole=("whole",))
    assert rows.records()[0]["flags"] is True and rows.records()[0]["empty"] is None
    empty = Rows(("a", "b"), [])
    assert len(empty) == 0 and list(empty.values()) == []
    assert list(empty.frame().columns) == ["a", "b"] and empty.frame().empty
