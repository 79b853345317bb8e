"""The schema-driven record reader: every record sheet's rows become scenario records.

Which column fills which record field, a row's key and what a row needs are read from
``planner.schema``; the hooks here are only what a schema entry cannot say: reference
parsing, the ``cost:``/``benefit:`` columns, and the checks that relate two cells of a row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.addresses import parse_ref
from planner.io.validate import cells as vc
from planner.io.validate.table import Context, RowReader
from planner.io.validate.uncertainty import check_bounds
from planner.schema import Column, Sheet
from planner.schema_records import duplicate_column, key_columns, key_text, make_record

_KEY_FIRST = {"Parties": ("party",), "Activities": ("activity", "actor")}
"""Sheets whose other cells are read only on a row with a new key (a duplicate is not read)."""


class Seen:
    """Finds duplicate keys in a sheet; the first occurrence wins, later ones are problems."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.first: dict[Any, int] = {}

    def is_new(self, key: Any, reader: RowReader, column: str, text: str) -> bool:
        """True for a key not seen before; otherwise record a problem at ``column``."""
        if key in self.first:
            reader.fail(column, f'duplicate {self.what} "{text}" (first in row {self.first[key]})')
            return False
        self.first[key] = reader.row.number
        return True


def ref_problem(text: str, what: str, alternatives: bool) -> str:
    """The message for a reference that does not parse."""
    forms = "ACT, ACT/OPT or ACT/OPT1|OPT2" if alternatives else "ACT or ACT/OPT"
    return f"{what} must be {forms}, got {vc.shown(text)}"


def _value(reader: RowReader, column: Column) -> Any:
    """The typed value of one cell; a reference column is parsed into a :class:`Ref`."""
    value = reader.get(column.name)
    if not column.ref_form or not value:
        return value
    alternatives = column.ref_form == "alternatives"
    ref = parse_ref(value, alternatives)
    if ref is None:
        reader.fail(column.name, ref_problem(value, column.name, alternatives))
    return ref


def _money(reader: RowReader) -> dict[str, dict[str, float]]:
    """The ``prefix:PARTY`` numbers of a row, by record field (``cost``, ``benefit``) and party."""
    out: dict[str, dict[str, float]] = {
        p.rstrip(":"): {} for p in reader.table.sheet.dynamic_prefixes
    }
    for col in reader.table.dynamic:
        column = Column(f"{col.prefix}{col.name}", "number", "")
        value = reader.dynamic(col, column)
        if value is not None:
            out[col.prefix.rstrip(":")][col.name] = value
    return out


def _window_dates(reader: RowReader, values: dict[str, Any]) -> None:
    start, end = values["start"], values["end"]
    if start is not None and end is not None and end < start:
        reader.fail("end", f"end {end.isoformat()} is before start {start.isoformat()}")


def _before_rule(reader: RowReader, values: dict[str, Any]) -> None:
    if values["type"] != "before":
        return
    for column in ("a", "b"):
        ref = values[column]
        if ref is not None and ref.options is not None:
            reader.fail(
                column,
                f"a before rule relates two activities: {column} must be a bare activity "
                f"id, got {vc.shown(ref.text)}",
            )


def _no_check(reader: RowReader, values: dict[str, Any]) -> None:
    """Most sheets relate no two cells of a row."""


_ROW_CHECKS: dict[str, Callable[[RowReader, dict[str, Any]], None]] = {
    "Windows": _window_dates,
    "Rules": _before_rule,
    "Uncertainty": check_bounds,
}


def _is_new(seen: Seen | None, sheet: Sheet, reader: RowReader, values: dict[str, Any]) -> bool:
    """True when the row's key is complete and not a duplicate (always true without a key)."""
    if seen is None:
        return True
    parts = tuple(values[name] for name in key_columns(sheet))
    if not all(parts):
        return False
    return seen.is_new(parts, reader, duplicate_column(sheet), key_text(sheet, parts))


def _read_row(
    ctx: Context, sheet: Sheet, reader: RowReader, seen: Seen | None
) -> tuple[Any, dict[str, Any]]:
    """One row: its record (None when the row makes none) and its typed values by column."""
    first = _KEY_FIRST.get(sheet.name)
    values = {c.name: _value(reader, c) for c in sheet.columns if first is None or c.name in first}
    new = None if first is None else _is_new(seen, sheet, reader, values)
    if new is not False:
        values |= {c.name: _value(reader, c) for c in sheet.columns if c.name not in values}
    _ROW_CHECKS.get(sheet.name, _no_check)(reader, values)
    extra = _money(reader) if sheet.dynamic_prefixes else None
    if new is None:
        new = _is_new(seen, sheet, reader, values)
    record = None
    if new and all(values[name] for name in sheet.needs):
        record = make_record(sheet, values, reader.row.number, extra)
    ctx.done(sheet.name, reader)
    return record, values


def read_sheet(ctx: Context, sheet: Sheet) -> tuple[list[Any], list[dict[str, Any]]]:
    """A record sheet's records, and the typed values of every row (records or not).

    Args:
        ctx: The tables, the problems and the workbook epoch.
        sheet: A schema sheet with a record type (any sheet but Settings).

    Returns:
        The records in sheet order (the first of duplicate keys kept) and each row's values.
    """
    seen = Seen(sheet.row_name) if sheet.key else None
    records: list[Any] = []
    rows: list[dict[str, Any]] = []
    for reader, _ in ctx.rows(sheet.name):
        record, values = _read_row(ctx, sheet, reader, seen)
        if record is not None:
            records.append(record)
        rows.append(values)
    return records, rows
