"""The value grammar of the contract: value lists (``a:b:step``, ``a,b,c``, ``a:b``) and axes.

An axis is an address (``planner.addresses``) with a mode and its values, as written in
the Sweep sheet or after ``--vary``; ``planner.sweep`` expands axes into points.

Values:
    ``a:b:step`` is inclusive of ``b`` when ``b`` lies on the grid; values are computed as
    ``a + i*step`` for a counted ``i`` (never by accumulation) and rounded to 12 significant
    digits, so ``0:1:0.1`` gives exactly eleven values ending in 1. ``a,b,c`` lists values.
    ``a:b`` is a range, for ``--method morris`` only.

Modes:
    ``set`` uses the values; ``scale`` multiplies the workbook's value (a blank stays blank: a
    party with no limit keeps no limit, a blank cost stays 0).

Dates (Windows.start/end, Options.earliest_start/latest_start):
    under ``set`` either ISO dates (``2018-04-01``, ``2018-04-01:2018-05-27:7`` steps in days)
    or whole numbers, which are day offsets added to the workbook's date (``-14:14:7`` moves
    the date two weeks either way; a blank date stays blank). Dates cannot be scaled.

Whole-number columns (Rules.lag, Capacity.max_active) take whole values; a scale factor must
leave every addressed value whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from planner.addresses import Target, resolve
from planner.errors import InputError, Problem
from planner.scenario import Scenario
from planner.tolerances import GRID_REL

Value = float | int | date
MAX_VALUES = 100_000
MODES = ("set", "scale")


@dataclass(frozen=True)
class Axis:
    """One varied target: its mode, its values (a grid) or its bounds (a morris range).

    ``mode`` is ``set``, ``scale`` or ``shift`` (day offsets for a date target under set).
    """

    target: Target
    mode: str
    values: tuple[Value, ...] = ()
    bounds: tuple[float, float] | None = None
    text: str = ""
    location: str = ""

    @property
    def label(self) -> str:
        """Column name of this axis in the Points sheet (SPEC 4): the address itself.

        Under ``scale`` the column holds the factor, under ``shift`` the day offset.
        """
        return self.target.address

    @property
    def title(self) -> str:
        """The axis in chart titles: the address, saying when it is a factor or an offset."""
        suffix = {"scale": " (factor)", "shift": " (days shifted)"}.get(self.mode, "")
        return f"{self.target.address}{suffix}"

    @property
    def integral(self) -> bool:
        """True when values are whole numbers (int columns under set, any date)."""
        return (
            self.mode == "shift"
            or self.target.is_date
            or (self.target.is_int and self.mode == "set")
        )

    def number(self, value: Value) -> float:
        """A value as a number (dates as ordinal days) for bisection and charts."""
        return float(value.toordinal()) if isinstance(value, date) else float(value)

    def from_number(self, x: float) -> Value:
        """Inverse of :meth:`number`."""
        if self.target.is_date and self.mode == "set":
            return date.fromordinal(round(x))
        return round(x) if self.integral else x


def axis_error(location: str, address: str, message: str) -> InputError:
    return InputError(Problem(location, f"{address}: {message}"))


def _number(token: str, location: str, address: str) -> float:
    try:
        x = float(token)
    except ValueError:
        raise axis_error(location, address, f'"{token}" is not a number') from None
    if not math.isfinite(x):
        raise axis_error(location, address, f'"{token}" is not a finite number')
    return x


def _iso(token: str) -> date | None:
    try:
        return date.fromisoformat(token.strip())
    except ValueError:
        return None


def _tidy(x: float) -> float:
    return float(f"{x:.12g}")


def arange(a: float, b: float, step: float, location: str = "", address: str = "") -> list[float]:
    """Inclusive ``a:b:step`` computed by count: ``a + i*step`` for i = 0..n.

    Raises:
        InputError: zero step, a step pointing away from ``b``, or too many values.
    """
    if a == b:
        return [a]
    if step == 0 or (b - a) * step < 0:
        raise axis_error(location, address, f"step {step:g} does not lead from {a:g} to {b:g}")
    n = math.floor((b - a) / step + GRID_REL)
    if n + 1 > MAX_VALUES:
        raise axis_error(location, address, f"{n + 1} values is more than {MAX_VALUES}")
    values = [_tidy(a + i * step) for i in range(n + 1)]
    if abs(a + n * step - b) <= GRID_REL * max(1.0, abs(step)):
        values[-1] = b
    return values


def _tokens(text: str, location: str, address: str) -> tuple[str, list[str]]:
    """Split a value text into ('list'|'range'|'grid', tokens)."""
    text = text.strip()
    if not text:
        raise axis_error(location, address, "no values given")
    if "," in text or ":" not in text:
        return "list", [t.strip() for t in text.split(",")]
    parts = [t.strip() for t in text.split(":")]
    if len(parts) not in (2, 3) or not all(parts):
        raise axis_error(location, address, f'"{text}" is not a:b:step, a,b,c or a:b')
    return ("range" if len(parts) == 2 else "grid"), parts


def _date_values(shape: str, tokens: list[str], location: str, address: str) -> list[date] | None:
    """ISO date values, or None when the tokens are numbers (day offsets)."""
    dates = [_iso(t) for t in (tokens[:2] if shape == "grid" else tokens)]
    if all(d is None for d in dates):
        return None
    if any(d is None for d in dates):
        raise axis_error(
            location, address, "mix of ISO dates and numbers; give dates or day offsets"
        )
    first = dates[0]
    assert first is not None
    if shape == "list":
        return [d for d in dates if d is not None]
    if shape == "range":
        raise axis_error(location, address, "dates cannot be a morris range; use day offsets a:b")
    last = dates[1]
    assert last is not None
    step = _whole(_number(tokens[2], location, address), location, address, "a step in days")
    days = arange(0, (last - first).days, step, location, address)
    return [first + timedelta(days=int(d)) for d in days]


def _whole(x: float, location: str, address: str, what: str = "a whole number") -> int:
    if not float(x).is_integer():
        raise axis_error(location, address, f"{x:g} is not {what}")
    return int(x)


def _check_number(axis_mode: str, target: Target, x: float, location: str) -> None:
    """Reject set values below the column's minimum, and negative scale factors."""
    if axis_mode == "scale":
        if x < 0 or (x == 0 and target.exclusive_minimum):
            raise axis_error(
                location,
                target.address,
                f"scale factor {x:g} must be {'>' if target.exclusive_minimum else '>='} 0",
            )
        return
    if axis_mode != "set" or target.minimum is None:
        return
    low = target.minimum
    if x < low or (x == low and target.exclusive_minimum):
        raise axis_error(
            location,
            target.address,
            f"{x:g} must be {'>' if target.exclusive_minimum else '>='} {low:g}",
        )


def make_axis(scenario: Scenario, address: str, mode: str, text: str, location: str) -> Axis:
    """Resolve ``address`` and parse ``text`` into an axis (grid values or a morris range).

    Raises:
        InputError: bad address, mode or values; the message names the address.
    """
    target = resolve(scenario, address, location)
    mode = mode.strip().lower() or "set"
    if mode not in MODES:
        raise axis_error(location, target.address, f'mode "{mode}" is not set or scale')
    if target.is_date and mode == "scale":
        raise axis_error(
            location, target.address, "dates cannot be scaled; set ISO dates or day offsets"
        )
    shape, tokens = _tokens(text, location, target.address)
    if target.is_date and mode == "set":
        dates = _date_values(shape, tokens, location, target.address)
        if dates is not None:
            return Axis(target, "set", tuple(dates), None, text.strip(), location)
        mode = "shift"
    numbers = [_number(t, location, target.address) for t in tokens]
    for x in numbers[:2] if shape == "grid" else numbers:
        _check_number(mode, target, x, location)
    if shape == "range":
        return Axis(target, mode, (), (numbers[0], numbers[1]), text.strip(), location)
    values = (
        arange(numbers[0], numbers[1], numbers[2], location, target.address)
        if shape == "grid"
        else numbers
    )
    axis = Axis(target, mode, tuple(values), None, text.strip(), location)
    if axis.integral:
        axis = Axis(
            target,
            mode,
            tuple(_whole(v, location, target.address) for v in values),
            None,
            axis.text,
            location,
        )
    return axis


def parse_assignment(text: str, location: str) -> tuple[str, str]:
    """Split ``ADDRESS=VALUES`` (the last ``=`` separates them)."""
    address, sep, values = text.rpartition("=")
    if not sep or not address.strip():
        raise InputError(
            Problem(
                location, f'"{text}": expected ADDRESS=VALUES, e.g. Parties.max_cost[USA]=0:20:5'
            )
        )
    return address.strip(), values.strip()
