"""Records of the core sheets (Settings, Parties, Activities, Options), each field checked in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.io import validate_cells as vc
from planner.io.validate_table import BAD, Context, RowReader, convert
from planner.scenario import Activity, Option, Party, Settings
from planner.schema import SETTINGS, SETTINGS_BY_KEY, Column, normalise


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
    kwargs = {c.name: values.get(c.name, c.default) for c in SETTINGS}
    kwargs["time_limit_s"] = float(kwargs["time_limit_s"])
    kwargs["mip_gap"] = float(kwargs["mip_gap"])
    return Settings(**kwargs)


def read_parties(ctx: Context) -> list[Party]:
    """The Parties sheet; duplicate ids are problems (the first row is kept)."""
    seen = Seen("party id")
    parties: list[Party] = []
    for reader, row in ctx.rows("Parties"):
        party_id = reader.get("party")
        if party_id is not None and seen.is_new(party_id, reader, "party", party_id):
            parties.append(
                Party(
                    id=party_id,
                    name=reader.get("name") or "",
                    max_cost=reader.get("max_cost"),
                    min_benefit=reader.get("min_benefit"),
                    min_net=reader.get("min_net"),
                    weight=_float(reader.get("weight"), 1.0),
                    row=row.number,
                )
            )
        ctx.done("Parties", reader)
    return parties


def read_activities(ctx: Context) -> list[Activity]:
    """The Activities sheet; duplicate ids are problems (the first row is kept)."""
    seen = Seen("activity id")
    activities: list[Activity] = []
    for reader, row in ctx.rows("Activities"):
        activity_id = reader.get("activity")
        actor = reader.get("actor") or ""
        if activity_id is not None and seen.is_new(activity_id, reader, "activity", activity_id):
            activities.append(
                Activity(
                    id=activity_id,
                    name=reader.get("name") or "",
                    actor=actor,
                    category=reader.get("category") or "",
                    group=reader.get("group") or None,
                    row=row.number,
                )
            )
        ctx.done("Activities", reader)
    return activities


def read_options(ctx: Context) -> list[Option]:
    """The Options sheet, cost:PARTY and benefit:PARTY columns included."""
    seen = Seen("option id")
    options: list[Option] = []
    for reader, row in ctx.rows("Options"):
        activity = reader.get("activity")
        option_id = reader.get("option")
        fields = _option_fields(reader)
        money = _money(reader)
        if (
            activity
            and option_id is not None
            and seen.is_new((activity, option_id), reader, "option", f"{activity}/{option_id}")
        ):
            options.append(
                Option(
                    activity=activity,
                    id=option_id,
                    **fields,
                    cost=money["cost"],
                    benefit=money["benefit"],
                    row=row.number,
                )
            )
        ctx.done("Options", reader)
    return options


def _option_fields(reader: RowReader) -> dict[str, Any]:
    duration = reader.get("duration")
    return {
        "description": reader.get("description") or "",
        "baseline": bool(reader.get("baseline")),
        "duration": 0 if duration is None else duration,
        "earliest_start": reader.get("earliest_start"),
        "latest_start": reader.get("latest_start"),
        "hazard": _float(reader.get("hazard"), 0.0),
        "per_period": bool(reader.get("per_period")),
        "vetoed_by": reader.get("vetoed_by") or (),
    }


def _money(reader: RowReader) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {"cost": {}, "benefit": {}}
    for col in reader.table.dynamic:
        column = Column(f"{col.prefix}{col.name}", "number", "")
        value = reader.dynamic(col, column)
        if value is not None:
            out[col.prefix.rstrip(":")][col.name] = value
    return out


def _float(value: Any, default: float) -> float:
    return default if value is None else float(value)
