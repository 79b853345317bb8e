"""Constraint items of a scenario (limits, balances, risk cap, rules, vetoes, capacities) at Scenario level.

An item can be named (``USA max_cost``, ``rule r3``), located (``Parties!C2``), removed from
a scenario, and — for the soft items, which carry a number — moved to another value. The
diagnosis and the pricing of red lines work only through these, never on model internals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from planner.io.cells import CellLocator
from planner.scenario import Party, Scenario

LIMIT_KINDS: tuple[str, ...] = ("max_cost", "min_benefit", "min_net")
"""The three party limits, in Parties sheet order."""

RELAX_SIGN: dict[str, int] = {
    "max_cost": +1,
    "min_benefit": -1,
    "min_net": -1,
    "balance": +1,
    "risk_cap": +1,
}
"""Direction in which a soft item's number must move to relax it."""


@dataclass(frozen=True)
class Item:
    """One constraint of the scenario that analysis can name, move or remove.

    Attributes:
        kind: ``max_cost``, ``min_benefit``, ``min_net``, ``balance``, ``risk_cap``
            (soft: they carry a number) or ``rule``, ``veto``, ``capacity`` (hard).
        key: party id, balance index, ``risk_cap``, rule id, ``ACT/OPT@PARTY`` or group.
        label: how a user reads it, e.g. ``USA max_cost`` or ``rule r3``.
        sheet_cell: the cell that holds it, e.g. ``Parties!C2``.
        current: the number in the workbook (soft items), else None.
    """

    kind: str
    key: str
    label: str
    sheet_cell: str
    current: float | None = None

    @property
    def soft(self) -> bool:
        """True for items with a number (limits, balances, risk cap)."""
        return self.kind in RELAX_SIGN


def limit_items(scenario: Scenario, loc: CellLocator) -> list[Item]:
    """Every party limit that is set, in sheet order."""
    out = []
    for p in scenario.parties:
        for kind in LIMIT_KINDS:
            value = getattr(p, kind)
            if value is not None:
                cell = loc.cell("Parties", kind, p.row)
                out.append(Item(kind, p.id, f"{p.id} {kind}", cell, float(value)))
    return out


def soft_items(scenario: Scenario, loc: CellLocator) -> list[Item]:
    """Party limits, balance rows and the risk cap."""
    out = limit_items(scenario, loc)
    for i, b in enumerate(scenario.balances):
        cell = loc.cell("Balance", "max_gap", b.row)
        out.append(Item("balance", str(i), f"balance {b.key} max_gap", cell, float(b.max_gap)))
    cap = scenario.settings.risk_cap
    if cap is not None:
        out.append(Item("risk_cap", "risk_cap", "risk_cap", loc.setting("risk_cap"), float(cap)))
    return out


def hard_items(scenario: Scenario, loc: CellLocator) -> list[Item]:
    """Rules, vetoes (one per option and vetoing party) and capacity rows."""
    out = [
        Item("rule", r.id, f"rule {r.id}", loc.cell("Rules", "rule", r.row)) for r in scenario.rules
    ]
    for o in scenario.options:
        for party in o.vetoed_by:
            cell = loc.cell("Options", "vetoed_by", o.row)
            out.append(Item("veto", f"{o.key}@{party}", f"veto of {o.key} by {party}", cell))
    for c in scenario.capacities:
        cell = loc.cell("Capacity", "max_active", c.row)
        out.append(Item("capacity", c.group, f"capacity of group {c.group}", cell, None))
    return out


def without(scenario: Scenario, items: Iterable[Item]) -> Scenario:
    """The scenario with these items removed (a limit becomes blank, a row disappears)."""
    items = list(items)
    by_kind: dict[str, set[str]] = {}
    for it in items:
        by_kind.setdefault(it.kind, set()).add(it.key)
    s = scenario
    if any(k in by_kind for k in LIMIT_KINDS):
        s = dataclasses.replace(s, parties=tuple(_clear_limits(p, by_kind) for p in s.parties))
    if "balance" in by_kind:
        keep = tuple(b for i, b in enumerate(s.balances) if str(i) not in by_kind["balance"])
        s = dataclasses.replace(s, balances=keep)
    if "risk_cap" in by_kind:
        s = dataclasses.replace(s, settings=dataclasses.replace(s.settings, risk_cap=None))
    if "rule" in by_kind:
        s = dataclasses.replace(s, rules=tuple(r for r in s.rules if r.id not in by_kind["rule"]))
    if "veto" in by_kind:
        vetoes = by_kind["veto"]
        options = tuple(
            dataclasses.replace(
                o, vetoed_by=tuple(p for p in o.vetoed_by if f"{o.key}@{p}" not in vetoes)
            )
            for o in s.options
        )
        s = dataclasses.replace(s, options=options)
    if "capacity" in by_kind:
        keep_c = tuple(c for c in s.capacities if c.group not in by_kind["capacity"])
        s = dataclasses.replace(s, capacities=keep_c)
    return s


def _clear_limits(party: Party, by_kind: dict[str, set[str]]) -> Party:
    changes: dict[str, Any] = {k: None for k in LIMIT_KINDS if party.id in by_kind.get(k, ())}
    return dataclasses.replace(party, **changes) if changes else party


def _limit(kind: str, value: float | None) -> dict[str, Any]:
    return {kind: value}


def with_value(scenario: Scenario, item: Item, value: float) -> Scenario:
    """The scenario with a soft item's number set to ``value``."""
    if item.kind in LIMIT_KINDS:
        parties = tuple(
            dataclasses.replace(p, **_limit(item.kind, value)) if p.id == item.key else p
            for p in scenario.parties
        )
        return dataclasses.replace(scenario, parties=parties)
    if item.kind == "balance":
        balances = tuple(
            dataclasses.replace(b, max_gap=value) if str(i) == item.key else b
            for i, b in enumerate(scenario.balances)
        )
        return dataclasses.replace(scenario, balances=balances)
    if item.kind == "risk_cap":
        settings = dataclasses.replace(scenario.settings, risk_cap=value)
        return dataclasses.replace(scenario, settings=settings)
    raise ValueError(f"{item.label} has no number to set")
