"""Input checks of ``stop`` options and the ``per_period`` column, each at the option's cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.errors import InputError
from planner.io.reader import load_scenario
from tests.support.workbooks import Rows, full_sheets, set_cell, write_workbook

pytestmark = pytest.mark.unit


def _stop_row(activity: str, **cells: Any) -> list[Any]:
    """An Options row for a stop option ``pause`` of ``activity`` (FULL's column order)."""
    row: list[Any] = [activity, "pause", "", "no", "stop", None, None, 0, None, 1, None]
    for column, value in cells.items():
        row[{"earliest_start": 5, "latest_start": 6, "baseline": 3}[column]] = value
    return row


def _problems(tmp_path: Path, sheets: dict[str, Rows]) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        load_scenario(write_workbook(tmp_path / "in.xlsx", sheets))
    return {p.location: p.message for p in info.value.problems}


def test_stop_and_per_period_are_read(tmp_path: Path) -> None:
    sheets = full_sheets()
    sheets["Options"][0].append("per_period")
    sheets["Options"].append([*_stop_row("TEST", earliest_start=date(2018, 2, 1)), "yes"])
    s = load_scenario(write_workbook(tmp_path / "in.xlsx", sheets))
    pause = s.option("TEST", "pause")
    assert pause.is_stop and pause.is_scheduled and pause.per_period
    assert not s.option("TEST", "continue").per_period


@pytest.mark.parametrize(
    ("edit", "cell", "fragment"),
    [
        (lambda s: s["Options"].append(_stop_row("EX")), "Options!E6", "has duration 2, not all"),
        (
            lambda s: set_cell(s, "Options", 4, "duration", "stop"),
            "Options!E4",
            "cannot be the baseline",
        ),
        (
            lambda s: s["Options"].append(_stop_row("TEST", earliest_start=date(2019, 1, 1))),
            "Options!F6",
            "the freeze can never begin",
        ),
        (
            lambda s: s["Options"].append(
                _stop_row("TEST", earliest_start=date(2018, 2, 1), latest_start=date(2018, 1, 10))
            ),
            "Options!G6",
            "before the earliest allowed start (period 5)",
        ),
    ],
    ids=["baseline not all", "stop as baseline", "no start", "latest before earliest"],
)
def test_stop_problem_is_reported_on_the_option_row(
    tmp_path: Path, edit: Any, cell: str, fragment: str
) -> None:
    sheets = full_sheets()
    edit(sheets)
    found = _problems(tmp_path, sheets)
    assert list(found) == [cell], found
    assert fragment in found[cell]


def test_bad_per_period_value_is_reported(tmp_path: Path) -> None:
    sheets = full_sheets()
    sheets["Options"][0].append("per_period")
    sheets["Options"][2].extend(
        [None] * (len(sheets["Options"][0]) - 1 - len(sheets["Options"][2]))
    )
    sheets["Options"][2].append("often")
    found = _problems(tmp_path, sheets)
    assert list(found) == ["Options!L3"]
    assert "per_period must be yes or no" in found["Options!L3"]
