"""Reads a proposed package from a workbook: sheet ``Package`` with ``activity``, ``option``, ``start_date``.

A results workbook of ``planner solve`` or ``planner robust`` works as it is (its Package
sheet has these columns; other columns are ignored). The file is pre-flighted like any
input and never modified. Problems are located in Excel's external-reference notation,
``[FILE]Package!B3``, and reported all at once (exit code 2).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from planner.calendar import allowed_starts, period_of, period_start
from planner.errors import InputError, Problem
from planner.io.preflight import check_file
from planner.io.reader import _opened
from planner.io.validate import cells as vc
from planner.scenario import Scenario
from planner.schema import Column, normalise
from planner.solution import Choice

SHEET = "Package"
COLUMNS = ("activity", "option", "start_date")
_DATE = Column("start_date", "date", "")


def read_package(path: str | Path, scenario: Scenario) -> tuple[Choice, ...]:
    """The package in ``path``, one Choice per activity of ``scenario`` (in its order).

    Raises:
        InputError: unreadable file, no Package sheet or column, an unknown activity or
            option, an activity twice or missing, a scheduled option without a start or
            with a start outside its allowed starts; every problem at once.
    """
    path = Path(path)
    source = check_file(path)  # the bytes read once are the bytes parsed
    with _opened(source, data_only=True) as wb:
        ws = next((w for w in wb.worksheets if normalise(w.title) == normalise(SHEET)), None)
        if ws is None:
            raise InputError(
                Problem(f"[{path.name}]", f"no sheet {SHEET} (sheets: {wb.sheetnames})")
            )
        ws.reset_dimensions()
        rows = [list(r) for r in ws.iter_rows(values_only=True, max_row=100_001)]
        epoch = wb.epoch
    return _choices(rows, scenario, f"[{path.name}]{ws.title}", epoch)


def _header(rows: list[list[Any]], where: str) -> dict[str, int]:
    header = rows[0] if rows else []
    found = {normalise(v): j for j, v in reversed(list(enumerate(header))) if not vc.is_blank(v)}
    missing = [c for c in COLUMNS[:2] if c not in found]
    if missing:
        raise InputError(
            [Problem(f"{where}!{c}", "required column missing (header in row 1)") for c in missing]
        )
    return {c: found[c] for c in COLUMNS if c in found}


def _choices(
    rows: list[list[Any]], scenario: Scenario, where: str, epoch: datetime
) -> tuple[Choice, ...]:
    columns = _header(rows, where)
    problems: list[Problem] = []
    found: dict[str, Choice] = {}
    first_row: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=2):
        cells = {c: (row[j] if j < len(row) else None) for c, j in columns.items()}
        if all(vc.is_blank(v) for v in cells.values()):
            continue

        def loc(column: str, r: int = r) -> str:
            return f"{where}!{get_column_letter(columns[column] + 1)}{r}"

        activity = "" if vc.is_blank(cells["activity"]) else vc.to_text(cells["activity"])
        if activity in first_row:
            problems.append(
                Problem(
                    loc("activity"),
                    f"activity {activity} appears twice (first in row {first_row[activity]})",
                )
            )
            continue
        if activity:
            first_row[activity] = r
        choice = _row_choice(scenario, cells, loc, epoch, problems)
        if choice is not None:
            found[choice.activity] = choice
    for a in scenario.activity_ids:
        if a not in first_row:
            problems.append(Problem(where, f"activity {a} has no row: every activity needs one"))
    if problems:
        raise InputError(problems)
    return tuple(found[a] for a in scenario.activity_ids)


def _row_choice(
    scenario: Scenario, cells: dict[str, Any], loc: Any, epoch: datetime, problems: list[Problem]
) -> Choice | None:
    activity = vc.to_text(cells["activity"]) if not vc.is_blank(cells["activity"]) else ""
    option_id = vc.to_text(cells["option"]) if not vc.is_blank(cells["option"]) else ""
    if activity not in scenario.activity_ids:
        known = ", ".join(scenario.activity_ids)
        problems.append(
            Problem(loc("activity"), f"unknown activity {vc.shown(activity)} ({known})")
        )
        return None
    ids = [o.id for o in scenario.options_of(activity)]
    if option_id not in ids:
        problems.append(
            Problem(
                loc("option"), f"{activity} has no option {vc.shown(option_id)} ({', '.join(ids)})"
            )
        )
        return None
    option = scenario.option(activity, option_id)
    if not option.is_scheduled:  # a block's start, or the first frozen period of a stop
        return Choice(activity, option_id, None)
    start = _start(scenario, option, cells.get("start_date"), loc, epoch, problems)
    return None if start is None else Choice(activity, option_id, start)


def _start(
    scenario: Scenario, option: Any, value: Any, loc: Any, epoch: datetime, problems: list[Problem]
) -> int | None:
    s = scenario.settings
    starts = allowed_starts(s, option)
    allowed = (
        f"{period_start(s, starts[0])} .. {period_start(s, starts[-1])}" if len(starts) else "none"
    )
    if vc.is_blank(value):
        where = loc("start_date") if _has(loc, "start_date") else loc("option")
        problems.append(
            Problem(where, f"{option.key} is scheduled: give its start_date (allowed: {allowed})")
        )
        return None
    try:
        day = vc.to_date(value, _DATE, epoch)
    except vc.CellError as exc:
        problems.append(Problem(loc("start_date"), str(exc)))
        return None
    t = period_of(s, day)
    if t not in starts:
        problems.append(
            Problem(
                loc("start_date"),
                f"{option.key} cannot start on {day} (period {t}); allowed starts: {allowed}",
            )
        )
        return None
    return t


def _has(loc: Any, column: str) -> bool:
    try:
        loc(column)
    except KeyError:
        return False
    return True
