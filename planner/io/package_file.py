"""Reads a package (one option, and a start where scheduled, per activity) from a workbook's Package sheet.

Minimal reader for ``--package`` / ``--accepted`` / ``--rejected``: sheet ``Package``
(matched case-insensitively), columns ``activity``, ``option``, ``start_date`` (a date, for
scheduled options only); a results workbook of ``planner solve`` works as it is. Every
problem is reported at once, each naming ``FILE:Package!Cell``.
"""

from __future__ import annotations

import contextlib
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from planner.derive import allowed_starts, period_of
from planner.errors import InputError, Problem
from planner.io.preflight import check_file
from planner.scenario import Scenario
from planner.solution import Choice

COLUMNS = ("activity", "option", "start_date")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rows(path: Path) -> tuple[str, list[tuple[Any, ...]]]:
    """The Package sheet's title and its rows (values only); InputError when it is missing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure is an unreadable file
        raise InputError(Problem(path.name, f"cannot be read as .xlsx ({exc})")) from None
    try:
        ws = next((w for w in wb.worksheets if w.title.strip().lower() == "package"), None)
        if ws is None:
            raise InputError(Problem(path.name, "has no sheet named Package"))
        ws.reset_dimensions()
        return ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _header(name: str, title: str, rows: list[tuple[Any, ...]]) -> dict[str, int]:
    header = [_text(v).lower() for v in rows[0]] if rows else []
    cols = {c: header.index(c) for c in COLUMNS if c in header}
    missing = [c for c in COLUMNS[:2] if c not in cols]
    if missing:
        raise InputError(Problem(f"{name}:{title}!1", f"missing column(s) {', '.join(missing)}"))
    return cols


def _start(
    scenario: Scenario, option: Any, raw: Any, where: str, problems: list[Problem]
) -> int | None:
    """The start period of a scheduled option (None otherwise); a problem when not allowed."""
    if not option.is_block:
        return None
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, str):
        with contextlib.suppress(ValueError):
            raw = date.fromisoformat(raw.strip())
    if not isinstance(raw, date):
        problems.append(Problem(where, f"{option.key} is scheduled: start_date must be a date"))
        return None
    start = period_of(scenario.settings, raw)
    if start not in allowed_starts(scenario.settings, option):
        problems.append(Problem(where, f"{option.key} cannot start on {raw.isoformat()}"))
    return start


def read_package(path: str | Path, scenario: Scenario) -> tuple[Choice, ...]:
    """The package in ``path``'s Package sheet, one Choice per activity in sheet order.

    Raises:
        InputError: unknown activities or options, a missing or repeated activity, or a
            start outside the allowed starts; each problem names the cell of FILE.
    """
    path = Path(path)
    check_file(path)
    title, rows = _rows(path)
    cols = _header(path.name, title, rows)
    problems: list[Problem] = []
    found: dict[str, Choice] = {}
    for r, row in enumerate(rows[1:], start=2):
        cell = {c: (row[j] if j < len(row) else None) for c, j in cols.items()}
        if all(_text(v) == "" for v in cell.values()):
            continue
        act, opt = _text(cell["activity"]), _text(cell["option"])

        def where(col: str, r: int = r) -> str:
            return f"{path.name}:{title}!{get_column_letter(cols[col] + 1)}{r}"

        if act not in scenario.activity_ids:
            problems.append(Problem(where("activity"), f"unknown activity {act!r}"))
            continue
        if act in found:
            problems.append(Problem(where("activity"), f"activity {act} appears twice"))
            continue
        try:
            option = scenario.option(act, opt)
        except KeyError:
            problems.append(Problem(where("option"), f"unknown option {opt!r} of {act}"))
            continue
        at = where("start_date") if "start_date" in cols else where("option")
        found[act] = Choice(
            act, opt, _start(scenario, option, cell.get("start_date"), at, problems)
        )
    missing = [a for a in scenario.activity_ids if a not in found]
    if missing:
        problems.append(
            Problem(f"{path.name}:{title}", f"missing activities: {', '.join(missing)}")
        )
    if problems:
        raise InputError(problems)
    return tuple(found[a] for a in scenario.activity_ids)
