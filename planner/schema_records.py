"""The column-to-field mapping of the schema: sheet rows to scenario records and back."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from planner.scenario import Ref, Scenario, Settings
from planner.schema import SETTINGS, SHEETS, Column, Sheet

_KEY_SPLIT = re.compile(r"([/@~])")


def record_sheets() -> tuple[Sheet, ...]:
    """The sheets whose rows are scenario records (every sheet but Settings), in order."""
    return tuple(s for s in SHEETS if s.record is not None)


def key_columns(sheet: Sheet) -> tuple[str, ...]:
    """The columns that make up a row's key, e.g. ``("activity", "option")`` for Options."""
    return tuple(_KEY_SPLIT.split(sheet.key)[::2]) if sheet.key else ()


def key_text(sheet: Sheet, parts: tuple[Any, ...]) -> str:
    """A row key as written in addresses: the parts joined by the sheet's separators."""
    pieces = _KEY_SPLIT.split(sheet.key or "")
    text = [part.text if isinstance(part, Ref) else str(part) for part in parts]
    out = text[0]
    for separator, part in zip(pieces[1::2], text[1:], strict=True):
        out += separator + part
    return out


def duplicate_column(sheet: Sheet) -> str:
    """Where a duplicate key is reported: the row's own id column, else the first key column."""
    columns = {c.name: c for c in sheet.columns}
    ids = [name for name in key_columns(sheet) if columns[name].type == "id"]
    return ids[-1] if ids else key_columns(sheet)[0]


def column_positions(sheet_name: str) -> dict[str, int]:
    """1-based column positions in the schema's order (the layout of ``planner init``'s template)."""
    for s in SHEETS:
        if s.name == sheet_name:
            return {c.name: j for j, c in enumerate(s.columns, start=1)}
    return {}


def column_value(record: Any, column: Column) -> Any:
    """The value of ``record``'s field that ``column`` fills."""
    return getattr(record, column.record_field)


_KEY_FIELDS: dict[tuple[str, str | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}
"""(sheet name, key) -> the record fields of the key columns and the separators between them."""


def _key_fields(sheet: Sheet) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = _KEY_FIELDS.get((sheet.name, sheet.key))
    if found is None:
        columns = {c.name: c for c in sheet.columns}
        fields = tuple(columns[name].record_field for name in key_columns(sheet))
        separators = tuple(_KEY_SPLIT.split(sheet.key or "")[1::2])
        found = _KEY_FIELDS[(sheet.name, sheet.key)] = (fields, separators)
    return found


def row_key(sheet: Sheet, record: Any) -> str:
    """A record's address key, e.g. ``KR/as_planned`` (Options) or ``USA~DPRK`` (Balance).

    Called for every row each time an address is resolved (a workbook's Uncertainty rows
    resolve one address each), so the sheet's key layout is looked up once per sheet.
    """
    fields, separators = _key_fields(sheet)
    text = [v.text if isinstance(v, Ref) else str(v) for v in (getattr(record, f) for f in fields)]
    out = text[0]
    for separator, part in zip(separators, text[1:], strict=True):
        out += separator + part
    return out


def records_of(scenario: Scenario, sheet: Sheet) -> tuple[Any, ...]:
    """The scenario's records of a record sheet."""
    return tuple(getattr(scenario, sheet.records))


def _defaults(record: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.default is not dataclasses.MISSING:
            out[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory()
    return out


def make_record(
    sheet: Sheet, values: Mapping[str, Any], row: int = 0, extra: Mapping[str, Any] | None = None
) -> Any:
    """The record of one row from its typed values by column name.

    A missing, None or empty value takes the record field's default; ``extra`` fills fields
    that are no column (``cost``/``benefit`` of Options).
    """
    assert sheet.record is not None, f"{sheet.name} rows are no records"
    defaults = _defaults(sheet.record)
    kwargs: dict[str, Any] = {}
    for column in sheet.columns:
        value = values.get(column.name)
        name = column.record_field
        kwargs[name] = defaults[name] if value in (None, "") and name in defaults else value
    return sheet.record(**kwargs, **(extra or {}), row=row)


def make_settings(values: Mapping[str, Any]) -> Settings:
    """A :class:`Settings` from typed values by key (absent keys take their default)."""
    kwargs = {c.name: values.get(c.name, c.default) for c in SETTINGS}
    for column in SETTINGS:
        if column.type == "number" and kwargs[column.name] is not None:
            kwargs[column.name] = float(kwargs[column.name])
    return Settings(**kwargs)


def cell_value(value: Any) -> Any:
    """A record value as written to a cell (references as text, lists comma-joined, '' blank)."""
    if isinstance(value, Ref):
        return value.text
    if isinstance(value, tuple):
        return ",".join(value) or None
    if value == "":
        return None
    return value


def dynamic_header(sheet: Sheet, party_ids: tuple[str, ...]) -> list[str]:
    """The ``prefix:PARTY`` columns of a sheet, one per party and prefix (``cost:USA``...)."""
    return [f"{prefix}{p}" for prefix in sheet.dynamic_prefixes for p in party_ids]


def row_cells(sheet: Sheet, record: Any, header: list[str]) -> list[Any]:
    """A record as the cells of one row under ``header`` (schema and ``prefix:PARTY`` columns)."""
    columns = {c.name: c for c in sheet.columns}
    out = []
    for name in header:
        if name in columns:
            out.append(cell_value(column_value(record, columns[name])))
        else:
            prefix, _, party = name.partition(":")
            out.append(getattr(record, prefix).get(party))
    return out
