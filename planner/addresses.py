"""The reference and address grammar of the workbook contract (SPEC 1 and 3).

References: ``ACT``, ``ACT/OPT`` or ``ACT/OPT1|OPT2`` (:func:`parse_ref`, syntax only).
Addresses: parse ``Sheet.column[key]`` / ``Settings.key`` and resolve them.

An address names input cells: ``Parties.max_cost[USA]``, ``Options.hazard[KR/as_planned]``,
``Timing.multiplier[exercise@national_day]``, ``Balance.max_gap[USA~DPRK]``,
``Settings.risk_cap`` (no key) or ``Parties.max_cost[*]`` (every row of the sheet). Sheet and
column names match case-insensitively; keys match exactly (they are identifiers). Only columns
that ``planner.schema`` marks ``sweepable`` may be addressed, plus the per-party numeric
columns of Options, ``Options.cost:PARTY[ACT/OPT]`` and ``Options.benefit:PARTY[ACT/OPT]``
(a blank there counts 0). An address that matches no cell is an :class:`InputError` whose
message names it.

:func:`cells` lists the cells a resolved address names, with their current values (the
Uncertainty sheet and the sweep read the same addresses).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from planner.errors import InputError, Problem
from planner.scenario import Ref, Scenario
from planner.schema import SETTINGS_BY_KEY, Column, Sheet, normalise, sheet
from planner.schema_records import column_positions, record_sheets, row_key

REF_FORBIDDEN = "|,[]@*"
"""Characters that may not appear in the activity or option part of a reference."""


def parse_ref(text: str, alternatives: bool = True) -> Ref | None:
    """Parse ``ACT``, ``ACT/OPT`` or (when ``alternatives``) ``ACT/OPT1|OPT2``; None if malformed.

    Syntax only: whether the activity and options exist is checked against the sheets later.
    """
    activity, slash, rest = text.partition("/")
    if "/" in rest or not activity or (slash and not rest):
        return None
    options = tuple(rest.split("|")) if slash else None
    if options is not None and (
        any(not o for o in options) or (len(options) > 1 and not alternatives)
    ):
        return None
    for part in (activity, *(options or ())):
        if any(c in part for c in REF_FORBIDDEN) or part != part.strip():
            return None
    return Ref(activity, options)


ALL_ROWS = "*"

_ADDRESS = re.compile(
    r"^(?P<sheet>[A-Za-z_][A-Za-z_ ]*?)\s*\.\s*(?P<column>[^\[\]]+?)\s*(?:\[(?P<key>[^\[\]]*)\])?$"
)

_ROWS: dict[str, Sheet] = {s.name: s for s in record_sheets() if s.key}
"""The sheets whose rows an address can name (every record sheet with a row key)."""
_PARTY_COLUMNS = ("cost", "benefit")


@dataclass(frozen=True)
class Target:
    """A resolved address: which rows and which field a sweep changes, and the column's type.

    ``rows`` are indices into the scenario's tuple for ``sheet`` (empty for Settings).
    ``party`` is set for ``cost:PARTY``/``benefit:PARTY`` (the field is then a dict).
    """

    address: str
    sheet: str
    column: str
    key: str | None
    attribute: str
    field: str
    kind: str
    rows: tuple[int, ...] = ()
    party: str | None = None
    minimum: float | None = 0.0
    exclusive_minimum: bool = False

    @property
    def is_date(self) -> bool:
        """True for date columns (Windows.start/end, Options.earliest_start/latest_start)."""
        return self.kind == "date"

    @property
    def is_int(self) -> bool:
        """True for whole-number columns (Rules.lag, Capacity.max_active)."""
        return self.kind == "int"


def _fail(location: str, text: str, message: str) -> InputError:
    return InputError(Problem(location, f"{text}: {message}"))


def resolve(scenario: Scenario, text: str, location: str) -> Target:
    """Parse ``text`` and resolve it against ``scenario``.

    Args:
        scenario: The scenario whose cells the address must match.
        text: The address as written, e.g. ``Parties.max_cost[USA]``.
        location: Where the address came from (``--vary``, ``Sweep!A3``), for errors.

    Returns:
        The resolved target.

    Raises:
        InputError: the address is malformed, not sweepable, or matches no cell.
    """
    text = text.strip()
    m = _ADDRESS.match(text)
    if m is None:
        raise _fail(
            location, text or '""', "not an address; write Sheet.column[key] or Settings.key"
        )
    sheet_name, column_name, key = m.group("sheet"), m.group("column"), m.group("key")
    if normalise(sheet_name) == "settings":
        return _resolve_setting(scenario, text, column_name, key, location)
    return _resolve_row(scenario, text, sheet_name, column_name, key, location)


def _resolve_setting(
    scenario: Scenario, text: str, name: str, key: str | None, location: str
) -> Target:
    column = SETTINGS_BY_KEY.get(normalise(name))
    if column is None or not column.sweepable:
        sweepable = ", ".join(c.name for c in SETTINGS_BY_KEY.values() if c.sweepable)
        raise _fail(location, text, f'setting "{name}" cannot be swept (sweepable: {sweepable})')
    if key is not None:
        raise _fail(location, text, f"Settings.{column.name} takes no [key]")
    return Target(
        address=f"Settings.{column.name}",
        sheet="Settings",
        column=column.name,
        key=None,
        attribute="settings",
        field=column.name,
        kind=column.type,
        minimum=column.minimum,
        exclusive_minimum=column.exclusive_minimum,
    )


def _column(sheet_name: str, name: str, scenario: Scenario) -> tuple[Column, str | None] | None:
    """The sweepable column called ``name`` and, for ``cost:P``/``benefit:P``, the party."""
    wanted = normalise(name)
    for col in sheet(sheet_name).columns:
        if normalise(col.name) == wanted and col.sweepable:
            return col, None
    prefix, _, party = name.strip().partition(":")
    if sheet_name == "Options" and normalise(prefix) in _PARTY_COLUMNS and party.strip():
        if party.strip() not in scenario.party_ids:
            raise KeyError(party.strip())
        col = Column(
            f"{normalise(prefix)}:{party.strip()}", "number", "per-party value", minimum=0.0
        )
        return col, party.strip()
    return None


def _resolve_row(
    scenario: Scenario, text: str, sheet_name: str, column_name: str, key: str | None, location: str
) -> Target:
    canonical = next((s for s in _ROWS if s.lower() == normalise(sheet_name)), None)
    if canonical is None:
        raise _fail(
            location,
            text,
            f'no sheet "{sheet_name}" with sweepable columns ({", ".join(_ROWS)}, Settings)',
        )
    try:
        found = _column(canonical, column_name, scenario)
    except KeyError as exc:
        raise _fail(location, text, f"matches no cell: no party {exc.args[0]} in Parties") from None
    if found is None:
        sweepable = [c.name for c in sheet(canonical).columns if c.sweepable]
        if canonical == "Options":
            sweepable += ["cost:PARTY", "benefit:PARTY"]
        listed = ", ".join(sweepable) or "none"
        raise _fail(
            location,
            text,
            f'column "{column_name}" of {canonical} cannot be swept (sweepable: {listed})',
        )
    column, party = found
    if key is None or not key.strip():
        raise _fail(
            location,
            text,
            f"{canonical}.{column.name} needs a row key in [...] ({_key_help(canonical)}) or [*]",
        )
    attribute = _ROWS[canonical].records
    rows = getattr(scenario, attribute)
    key = key.strip()
    indices = (
        tuple(range(len(rows)))
        if key == ALL_ROWS
        else tuple(i for i, r in enumerate(rows) if row_key(_ROWS[canonical], r) == key)
    )
    if not indices:
        what = (
            f"{canonical} has no rows" if key == ALL_ROWS else f'no {canonical} row has key "{key}"'
        )
        raise _fail(location, text, f"matches no cell: {what}")
    return Target(
        address=f"{canonical}.{column.name}[{key}]",
        sheet=canonical,
        column=column.name,
        key=key,
        attribute=attribute,
        field=column.name.partition(":")[0] if party else column.record_field,
        kind=column.type,
        rows=indices,
        party=party,
        minimum=column.minimum,
        exclusive_minimum=column.exclusive_minimum,
    )


def _key_help(sheet_name: str) -> str:
    s = sheet(sheet_name)
    return s.key_help or (s.key or "key").upper()


@dataclass(frozen=True)
class Cell:
    """One input cell an address names: where it is and its current value.

    ``row`` is the sheet row the record was read from (0 when unknown: a scenario built in
    code, or a Settings key); ``value`` is None for a blank cell.
    """

    sheet: str
    key: str | None
    column: str
    value: Any
    row: int = 0

    def location(self, columns: Mapping[str, int] | None = None) -> str:
        """``Sheet!C5`` by the header positions ``columns`` (default: the schema's column order).

        ``Sheet!column`` when the row is unknown; ``Settings!key`` for a setting.
        """
        if self.sheet == "Settings":
            return f"Settings!{self.column}"
        positions = columns if columns is not None else column_positions(self.sheet)
        j = positions.get(normalise(self.column))
        if j is None or self.row < 1:
            return f"{self.sheet}!{self.column}"
        return f"{self.sheet}!{get_column_letter(j)}{self.row}"


def cells(scenario: Scenario, target: Target) -> list[Cell]:
    """The cells a resolved address names, in sheet order, with their current values."""
    if target.attribute == "settings":
        value = getattr(scenario.settings, target.field)
        return [Cell("Settings", None, target.column, value)]
    schema_sheet = _ROWS[target.sheet]
    rows = getattr(scenario, target.attribute)
    out = []
    for i in target.rows:
        record = rows[i]
        value = getattr(record, target.field)
        if target.party is not None:
            value = value.get(target.party)
        out.append(
            Cell(target.sheet, row_key(schema_sheet, record), target.column, value, record.row)
        )
    return out
