"""The input cells an Uncertainty row draws (SPEC 6), and a scenario with drawn values put in them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from planner.errors import InputError, Problem
from planner.scenario import Scenario, UncertaintyRow
from planner.schema import SHEETS_BY_NAME, normalise

UNCERTAIN_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {
        ("Options", "hazard"),
        ("Options", "cost"),
        ("Options", "benefit"),
        ("Timing", "multiplier"),
        ("Interactions", "hazard"),
        ("Parties", "max_cost"),
        ("Parties", "min_benefit"),
        ("Parties", "min_net"),
        ("Balance", "max_gap"),
    }
)
"""(sheet, field) of the numbers that may be uncertain; dates, durations and ids may not."""

_ALLOWED_TEXT = "hazards, cost:/benefit: points, multipliers, party limits and balance gaps can"

_KEY_OF: dict[str, Callable[[Any], str]] = {
    "Parties": lambda r: r.id,
    "Options": lambda r: r.key,
    "Timing": lambda r: r.key,
    "Interactions": lambda r: r.key,
    "Balance": lambda r: r.key,
}

CellKey = tuple[str, int, str, str | None]
"""(scenario attribute, row index, field, party): one input cell."""


@dataclass(frozen=True)
class Cell:
    """One uncertain input cell: its full address, where it lives and its workbook value.

    ``nominal`` is None for a blank party limit or gap drawn in ``set`` mode (it has no
    workbook value); a blank or zero cell in ``scale`` mode stays as it is and is not a Cell.
    """

    address: str
    attribute: str
    index: int
    field: str
    party: str | None
    nominal: float | None
    minimum: float | None

    @property
    def key(self) -> CellKey:
        """Identity of the cell, independent of the address's spelling."""
        return (self.attribute, self.index, self.field, self.party)


def _value(row: Any, field: str, party: str | None) -> float | None:
    value = getattr(row, field)
    if party is not None:
        return float(value.get(party, 0.0))
    return None if value is None else float(value)


def _refuse_known_non_number(text: str, location: str) -> None:
    """A date, duration, id, text or setting column is refused as such (not as "not sweepable")."""
    sheet_part, dot, rest = text.strip().partition(".")
    if not dot:
        return
    column = normalise(rest.partition("[")[0])
    sheet = SHEETS_BY_NAME.get(normalise(sheet_part))
    if sheet is None:
        return
    known = {normalise(c.name) for c in sheet.columns} | {"settings"}
    allowed = {f for s, f in UNCERTAIN_COLUMNS if s == sheet.name}
    if sheet.name == "Settings" or (column in known and column not in allowed):
        raise InputError(
            Problem(
                location,
                f"{text.strip()} cannot be uncertain: only {_ALLOWED_TEXT}",
            )
        )


def row_cells(scenario: Scenario, row: UncertaintyRow, location: str) -> tuple[Cell, ...]:
    """The cells an Uncertainty row draws.

    Raises:
        InputError: the target is no address, matches no cell, or is not an uncertain number.
    """
    from planner.addresses import resolve

    _refuse_known_non_number(row.target, location)
    target = resolve(scenario, row.target, location)
    if (target.sheet, target.field) not in UNCERTAIN_COLUMNS:
        raise InputError(
            Problem(
                location,
                f"{target.address} cannot be uncertain: only {_ALLOWED_TEXT}",
            )
        )
    rows = getattr(scenario, target.attribute)
    cells = []
    for i in target.rows:
        nominal = _value(rows[i], target.field, target.party)
        if row.mode == "scale" and not nominal:
            continue  # a blank or zero cell scaled stays as it is: nothing to draw
        key = _KEY_OF[target.sheet](rows[i])
        cells.append(
            Cell(
                address=f"{target.sheet}.{target.column}[{key}]",
                attribute=target.attribute,
                index=i,
                field=target.field,
                party=target.party,
                nominal=nominal,
                minimum=target.minimum,
            )
        )
    return tuple(cells)


def with_values(scenario: Scenario, cells: Sequence[Cell], values: Sequence[float]) -> Scenario:
    """The scenario with each cell set to its value (``dataclasses.replace``; input untouched)."""
    tables: dict[str, list[Any]] = {}
    for cell, value in zip(cells, values, strict=True):
        rows = tables.setdefault(cell.attribute, list(getattr(scenario, cell.attribute)))
        row = rows[cell.index]
        if cell.party is not None:
            money = dict(getattr(row, cell.field))
            money[cell.party] = float(value)
            rows[cell.index] = replace(row, **{cell.field: money})
        else:
            rows[cell.index] = replace(row, **{cell.field: float(value)})
    changes: dict[str, Any] = {k: tuple(v) for k, v in tables.items()}
    return replace(scenario, **changes)
