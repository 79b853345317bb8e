"""Apply a point's values to a scenario (``dataclasses.replace``) and check every point before solving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from planner.axes import Axis, Value
from planner.calendar import allowed_starts
from planner.errors import InputError, Problem
from planner.scenario import Option, Scenario, Window
from planner.sweep.spec import PointSet
from planner.tolerances import WHOLE_NUMBER

MAX_REPORTED = 20
"""Problems listed at most when checking points (the rest are counted)."""


def _new_value(axis: Axis, old: Any, value: Value) -> Any:
    """The cell's new value under the axis mode (a blank stays blank under scale and shift)."""
    t = axis.target
    if axis.mode == "set":
        return float(value) if t.kind == "number" and not isinstance(value, date) else value
    if old is None:
        return None
    if axis.mode == "shift":
        assert isinstance(value, int)
        return old + timedelta(days=value)
    assert isinstance(value, int | float)
    new = old * value
    if t.is_int:
        if abs(new - round(new)) > WHOLE_NUMBER:
            raise ValueError(f"{old} x {value:g} = {new:g} is not a whole number")
        return round(new)
    return float(new)


def _check_minimum(axis: Axis, new: Any) -> None:
    t = axis.target
    if new is None or t.minimum is None or isinstance(new, date):
        return
    if new < t.minimum or (new == t.minimum and t.exclusive_minimum):
        op = ">" if t.exclusive_minimum else ">="
        raise ValueError(f"gives {new:g}, which must be {op} {t.minimum:g}")


def _changed_row(axis: Axis, row: Any, value: Value) -> Any:
    t = axis.target
    if t.party is not None:
        values: dict[str, float] = dict(getattr(row, t.field))
        new = _new_value(axis, values.get(t.party, 0.0), value)
        _check_minimum(axis, new)
        values[t.party] = new
        return replace(row, **{t.field: values})
    new = _new_value(axis, getattr(row, t.field), value)
    _check_minimum(axis, new)
    return replace(row, **{t.field: new})


def apply_value(scenario: Scenario, axis: Axis, value: Value) -> Scenario:
    """The scenario with ``value`` applied to every cell the axis addresses.

    Raises:
        InputError: the value gives an invalid cell (below its minimum, not whole).
    """
    t = axis.target
    try:
        if t.attribute == "settings":
            return replace(scenario, settings=_changed_row(axis, scenario.settings, value))
        rows = list(getattr(scenario, t.attribute))
        for i in t.rows:
            rows[i] = _changed_row(axis, rows[i], value)
    except ValueError as exc:
        raise InputError(Problem(axis.location, f"{t.address} = {_show(value)}: {exc}")) from None
    changes: dict[str, Any] = {t.attribute: tuple(rows)}
    return replace(scenario, **changes)


def apply_point(scenario: Scenario, axes: Sequence[Axis], values: Sequence[Value]) -> Scenario:
    """The scenario with one point's values applied, axis by axis."""
    for axis, value in zip(axes, values, strict=True):
        scenario = apply_value(scenario, axis, value)
    return scenario


def _show(value: Value) -> str:
    return value.isoformat() if isinstance(value, date) else f"{value:g}"


def _date_problems(scenario: Scenario, axis: Axis) -> list[str]:
    """Dates that no longer make sense: a window ending before it starts, a block with no start."""
    t = axis.target
    out = []
    for i in t.rows:
        row = getattr(scenario, t.attribute)[i]
        if isinstance(row, Window) and row.end < row.start:
            out.append(f"window {row.id} would end ({row.end}) before it starts ({row.start})")
        if (
            isinstance(row, Option)
            and row.is_scheduled
            and not allowed_starts(scenario.settings, row)
        ):
            out.append(f"option {row.key} would have no allowed start inside the horizon")
    return out


def point_problems(
    scenario: Scenario, axes: Sequence[Axis], values: Sequence[Value]
) -> list[Problem]:
    """Everything wrong with one point (empty when it can be solved)."""
    try:
        changed = apply_point(scenario, axes, values)
    except InputError as exc:
        return exc.problems
    problems = []
    for axis, value in zip(axes, values, strict=True):
        if axis.target.is_date:
            for text in _date_problems(changed, axis):
                problems.append(
                    Problem(axis.location, f"{axis.target.address} = {_show(value)}: {text}")
                )
    return problems


def _distinct_checks(points: PointSet) -> list[tuple[tuple[Axis, ...], tuple[Value, ...]]]:
    """Which (axes, values) to check: every point when dates interact, else each axis value alone."""
    if any(a.target.is_date for a in points.axes) and len(points.axes) > 1:
        return [(points.axes, v) for v in points.values]
    checks: list[tuple[tuple[Axis, ...], tuple[Value, ...]]] = []
    for j, axis in enumerate(points.axes):
        for value in dict.fromkeys(v[j] for v in points.values):
            checks.append(((axis,), (value,)))
    return checks


def check_points(scenario: Scenario, points: PointSet) -> None:
    """Check every point before any solve.

    Raises:
        InputError: with every distinct problem (at most ``MAX_REPORTED`` listed).
    """
    found: dict[Problem, None] = {}
    for axes, values in _distinct_checks(points):
        found.update(dict.fromkeys(point_problems(scenario, axes, values)))
    if not found:
        return
    problems = list(found)
    shown = problems[:MAX_REPORTED]
    if len(problems) > MAX_REPORTED:
        shown.append(Problem("", f"... and {len(problems) - MAX_REPORTED} more problems"))
    raise InputError(shown)
