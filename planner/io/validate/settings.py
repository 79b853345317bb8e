"""The Settings hook of the reader: key/value rows, each key once, required keys present."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.io.validate import cells as vc
from planner.io.validate.table import BAD, Context, RowReader, convert
from planner.scenario import Settings
from planner.schema import SETTINGS, SETTINGS_BY_KEY, Column, normalise
from planner.schema_records import make_settings


@dataclass
class SettingsCells:
    """Where each Settings key was found (its row), its value, and keys whose value had a problem."""

    rows: dict[str, int] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)


def read_settings(ctx: Context) -> tuple[Settings | None, SettingsCells]:
    """The Settings sheet as a :class:`Settings` (None when start_date or periods is unusable)."""
    table = ctx.tables["Settings"]
    cells = SettingsCells()
    if "key" not in table.columns or "value" not in table.columns:
        return None, cells
    for reader, row in ctx.rows("Settings"):
        key = _settings_key(reader, cells)
        if key is None:
            continue
        cells.rows[key] = row.number
        value = _settings_value(reader, SETTINGS_BY_KEY[key], ctx)
        if value is not None:
            cells.values[key] = value
        if not reader.ok:
            cells.failed.add(key)
    for column in SETTINGS:
        if column.required and column.name not in cells.rows:
            ctx.problems.add(
                f"Settings!{column.name}",
                f"setting {column.name} is required: add a row with key {column.name} and its value",
            )
    return _settings_record(ctx, cells), cells


def _settings_key(reader: RowReader, cells: SettingsCells) -> str | None:
    raw = reader.table.raw(reader.row, "key")
    if raw is BAD:
        return None  # a formula without a value or an Excel error: reported already
    if vc.is_blank(raw):
        reader.fail("key", "key is blank; name the setting (or delete the row)")
        return None
    key = normalise(vc.to_text(raw))
    if key not in SETTINGS_BY_KEY:
        names = ", ".join(c.name for c in SETTINGS)
        reader.fail("key", f"unknown setting {vc.shown(raw)}; the settings are {names}")
        return None
    if key in cells.rows:
        reader.fail("key", f"setting {key} appears twice (first in row {cells.rows[key]})")
        return None
    return key


def _settings_value(reader: RowReader, column: Column, ctx: Context) -> Any:
    raw = reader.table.raw(reader.row, "value")
    if raw is BAD:
        reader.failed.add("value")
        return None
    if vc.is_blank(raw):
        if column.required:
            reader.fail("value", f"{column.name} is required; the cell is blank")
        return None
    try:
        return convert(raw, column, ctx.epoch)
    except vc.CellError as exc:
        reader.fail("value", str(exc))
        return None


def _horizon_fits_calendar(values: dict[str, Any]) -> bool:
    days = int(values["periods"]) * int(values.get("period_days") or 7)
    return (date.max - values["start_date"]).days >= days


def _settings_record(ctx: Context, cells: SettingsCells) -> Settings | None:
    values = cells.values
    no_cap = values.get("risk_cap") is None and "risk_cap" not in cells.failed
    if values.get("objective") == "max_min_net" and no_cap:
        row = cells.rows["objective"]
        ctx.problems.add(
            ctx.tables["Settings"].loc(row, "value"),
            "objective max_min_net needs a risk_cap: add a row with key risk_cap and the most "
            "total hazard H you accept",
        )
    if "start_date" not in values or "periods" not in values:
        return None
    if not _horizon_fits_calendar(values):
        ctx.problems.add(
            ctx.tables["Settings"].loc(cells.rows["periods"], "value"),
            f"the horizon of {values['periods']} periods from {values['start_date']} ends after "
            "the year 9999, the last date a workbook can hold",
        )
        return None
    return make_settings(values)
