"""Cell-level conversion of workbook values to typed values, with plain-English messages."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Any

from openpyxl.utils.datetime import from_excel

from planner.schema import FORBIDDEN_ID_CHARS, MAX_NUMBER, Column

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset({"yes", "true", "1"})
_FALSE = frozenset({"no", "false", "0"})
ALL_TEXT = "all"
STOP_TEXT = "stop"


class CellError(ValueError):
    """A cell value that cannot be converted; the message says what was expected and found."""


def is_blank(value: Any) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


MAX_QUOTED = 60
"""Longest quotation of a found text in a message (longer text is cut with an ellipsis)."""


def shown(value: Any) -> str:
    """How a found value is quoted in a message: text in double quotes, numbers plainly.

    The quotation stays on one short line: control characters are escaped (a newline shows
    as ``\\n``) and text longer than ``MAX_QUOTED`` characters is cut, saying how long it was.
    """
    if isinstance(value, str):
        text = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
        if len(text) > MAX_QUOTED:
            return f'"{text[:MAX_QUOTED]}..." ({len(value):,} characters)'
        return '"' + text + '"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return number_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def number_text(value: int | float) -> str:
    """A number as an analyst would type it: 7 not 7.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def to_text(value: Any) -> str:
    """Any cell value as text (numbers without a spurious ``.0``), surrounding spaces removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def to_id(value: Any, what: str) -> str:
    """An identifier: text (numbers become their text), no forbidden characters or spaces."""
    if isinstance(value, datetime | date | time):
        raise CellError(f"{what} must be text, got the date {shown(value)}")
    if isinstance(value, str):
        if value != value.strip():
            raise CellError(f"{what} must not start or end with spaces, got {shown(value)}")
        text = value
    else:
        text = to_text(value)
    bad = sorted({c for c in text if c in FORBIDDEN_ID_CHARS}, key=FORBIDDEN_ID_CHARS.index)
    if bad:
        chars = " ".join(bad)
        raise CellError(
            f"{what} must not contain any of / | , [ ] @ *, got {shown(text)} (contains {chars})"
        )
    return text


def _bound_text(column: Column) -> str:
    if column.minimum is None:
        return ""
    op = ">" if column.exclusive_minimum else ">="
    return f" {op} {number_text(column.minimum)}"


def _check_range(number: float, column: Column, expected: str, found: Any) -> None:
    if abs(number) > column.maximum:
        raise CellError(
            f"{column.name} must be at most {number_text(column.maximum)} in magnitude, got "
            f"{shown(found)}"
            + (
                ""
                if column.maximum < MAX_NUMBER
                else " (beyond the solver's reliable numeric range)"
            )
        )
    if column.minimum is None:
        return
    too_low = number <= column.minimum if column.exclusive_minimum else number < column.minimum
    if too_low:
        raise CellError(f"{column.name} must be {expected}, got {shown(found)}")


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and _NUMBER_RE.match(value.strip()):
        number = float(value.strip())
        return number if math.isfinite(number) else None  # "1e400" overflows to inf
    return None


def to_number(value: Any, column: Column) -> float:
    """A real number, checked against the column's minimum."""
    expected = "a number" + _bound_text(column)
    number = _as_float(value)
    if number is None:
        raise CellError(f"{column.name} must be {expected}, got {shown(value)}")
    _check_range(number, column, expected, value)
    return number


def to_int(value: Any, column: Column) -> int:
    """A whole number, checked against the column's minimum (2.0 is fine, 2.5 is not)."""
    expected = "a whole number" + _bound_text(column)
    number = _as_float(value)
    if number is None or not number.is_integer():
        raise CellError(f"{column.name} must be {expected}, got {shown(value)}")
    _check_range(number, column, expected, value)
    return int(number)


def to_date(value: Any, column: Column, epoch: datetime) -> date:
    """An Excel date, an Excel serial number or ISO ``YYYY-MM-DD`` text; no time of day."""
    expected = f"{column.name} must be a date (an Excel date or YYYY-MM-DD text)"
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError(f"{expected}, got {shown(value)}, which has a time of day")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_to_date(value, expected, epoch)
    if isinstance(value, str) and _ISO_DATE_RE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise CellError(
                f"{expected}, got {shown(value)}, which is not a calendar date"
            ) from None
    raise CellError(f"{expected}, got {shown(value)}")


def _serial_to_date(value: float, expected: str, epoch: datetime) -> date:
    if not (1 <= value < 2_958_466):
        raise CellError(f"{expected}, got the number {shown(value)}, which is no Excel date")
    if not float(value).is_integer():
        raise CellError(
            f"{expected}, got the serial number {shown(value)}, which has a time of day"
        )
    day = from_excel(value, epoch)
    if not isinstance(day, datetime):  # pragma: no cover - from_excel returns datetime for >= 1
        raise CellError(f"{expected}, got {shown(value)}")
    return day.date()


def to_bool(value: Any, column: Column) -> bool:
    """yes/no, true/false or 1/0 (case-insensitive)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError(f"{column.name} must be yes or no (or true/false, 1/0), got {shown(value)}")


def to_duration(value: Any, column: Column) -> int | str:
    """A whole number of periods >= 0, ``all`` or ``stop``."""
    if isinstance(value, str) and value.strip().lower() in (ALL_TEXT, STOP_TEXT):
        return value.strip().lower()
    number = _as_float(value)
    if number is None or not number.is_integer() or number < 0:
        raise CellError(
            f"{column.name} must be a whole number of periods >= 0, all or stop, got {shown(value)}"
        )
    return int(number)


def to_enum(value: Any, column: Column) -> str:
    """One of the column's choices (case-insensitive; the canonical spelling is returned)."""
    text = to_text(value).lower()
    for choice in column.choices:
        if choice.lower() == text:
            return choice
    raise CellError(f"{column.name} must be one of {', '.join(column.choices)}, got {shown(value)}")


def to_id_list(value: Any, what: str) -> tuple[str, ...]:
    """Comma-separated ids (empty items ignored), each stripped and checked like an id."""
    parts = [p.strip() for p in to_text(value).split(",")]
    return tuple(to_id(p, what) for p in parts if p)
