"""Red lines calibrated from the record (``planner calibrate``): limits that explain what parties did.

The smallest change to the party limits that are set (max_cost, min_benefit, min_net)
and to Balance max_gap, weighted ``1 / max(|limit|, 1)`` as the diagnosis does, such that
every accepted package satisfies every limit and every rejected package violates at
least one limit of the party that rejected it (a Balance row counts for both of its
parties), by the margin ``MARGIN_FACTOR * tolerance(figure)``, so that the verifier sees
the violation. A blank limit stays blank. Solved as a MILP (``planner.model.calibration``);
the result is re-checked by the verifier on the calibrated scenario.

Since the accepted packages only bound each limit on one side, and tightening a limit
helps every rejection, a record can be explained together with the others iff it can be
explained with the accepted packages alone: the records named as unexplained are exactly
those.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from planner.analysis.items import Item, soft_items
from planner.errors import VerificationError
from planner.io.cells import CellLocator
from planner.model.calibration import LimitVar, RejectionRow, solve_calibration
from planner.model.solve import resolve_limits
from planner.scenario import Scenario
from planner.solution import Choice, SolveOptions, Status
from planner.verify import Evaluation, evaluate, tolerance

MARGIN_FACTOR = 10.0
"""A rejected package's figure must miss the limit by 10 x the verifier's tolerance."""

UPPER = frozenset({"max_cost", "balance"})
NON_NEGATIVE = frozenset({"max_cost", "min_benefit", "balance"})


@dataclass(frozen=True)
class Record:
    """A package from the record: accepted by all (``party`` None) or rejected by ``party``."""

    name: str
    package: tuple[Choice, ...]
    party: str | None = None

    @property
    def label(self) -> str:
        """``accepted NAME`` or ``rejected by PARTY: NAME``."""
        return (
            f"accepted {self.name}"
            if self.party is None
            else f"rejected by {self.party}: {self.name}"
        )


@dataclass(frozen=True)
class CalibratedLimit:
    """One limit: its cell, old and new value, and the record that forced the new value."""

    item: Item
    old: float
    new: float
    forced_by: str


@dataclass(frozen=True)
class Calibration:
    """The calibration: status, every limit, the weighted change and what cannot be explained."""

    status: Status
    limits: tuple[CalibratedLimit, ...] = ()
    weighted_change: float | None = None
    unexplained: tuple[str, ...] = ()
    scenario: Scenario | None = None


def margin(figure: float) -> float:
    """How far a rejected package's figure must lie beyond the limit."""
    return MARGIN_FACTOR * tolerance(figure)


def figure(scenario: Scenario, item: Item, ev: Evaluation) -> float:
    """The package's value that the limit bounds (for a Balance row, |net_a - net_b|)."""
    if item.kind == "balance":
        b = scenario.balances[int(item.key)]
        return abs(ev.party_net[b.party_a] - ev.party_net[b.party_b])
    return {"max_cost": ev.party_cost, "min_benefit": ev.party_benefit}.get(
        item.kind, ev.party_net
    )[item.key]


def concerns(scenario: Scenario, item: Item, party: str) -> bool:
    """The limit is one of ``party``'s (a Balance row is both of its parties')."""
    if item.kind == "balance":
        b = scenario.balances[int(item.key)]
        return party in (b.party_a, b.party_b)
    return item.key == party


def _limit_var(
    scenario: Scenario, item: Item, accepted: list[Evaluation], spread: float
) -> LimitVar:
    """Bounds: the accepted packages' figures on one side, a wide box on the other."""
    old = float(item.current or 0.0)
    figs = [figure(scenario, item, ev) for ev in accepted]
    floor = 0.0 if item.kind in NON_NEGATIVE else -math.inf
    weight = 1.0 / max(abs(old), 1.0)
    if item.kind in UPPER:  # max_cost and max_gap are never negative
        lo = max([0.0, *figs])
        return LimitVar(old, weight, True, lo, max(lo, old) + spread)
    hi = min(figs) if figs else max(old, floor) + spread
    return LimitVar(old, weight, False, max(floor, min(hi, old) - spread), hi)


def _rejection(
    scenario: Scenario, items: list[Item], lims: list[LimitVar], record: Record
) -> RejectionRow:
    ev = evaluate(scenario, record.package)
    options = []
    for i, item in enumerate(items):
        if record.party is None or not concerns(scenario, item, record.party):
            continue
        fig = figure(scenario, item, ev)
        if lims[i].upper and fig - margin(fig) >= lims[i].lo:
            options.append((i, fig - margin(fig)))
        elif not lims[i].upper and fig + margin(fig) <= lims[i].hi:
            options.append((i, fig + margin(fig)))
    return RejectionRow(tuple(options))


def _why(scenario: Scenario, items: list[Item], record: Record) -> str:
    own = [it.label for it in items if record.party and concerns(scenario, it, record.party)]
    if not own:
        return f"{record.label}: {record.party} has no limit set that could explain a rejection"
    return (
        f"{record.label}: no limit of {record.party} ({', '.join(own)}) can exclude this package "
        "while admitting every accepted package"
    )


def _forced_by(new: float, figs: dict[str, float], thr: dict[str, float]) -> str:
    """The records whose figure (accepted) or threshold (rejected) the new value sits on."""
    close = [n for n, v in {**figs, **thr}.items() if abs(v - new) <= 1e-6 * max(1.0, abs(v))]
    return "; ".join(close)


def calibrate(
    scenario: Scenario, records: list[Record], options: SolveOptions | None = None
) -> Calibration:
    """The smallest weighted change to the limits that explains ``records`` (module docstring)."""
    items = [
        it
        for it in soft_items(scenario, CellLocator.for_scenario(scenario))
        if it.kind != "risk_cap"
    ]
    accepted = [r for r in records if r.party is None]
    rejected = [r for r in records if r.party is not None]
    evs = {id(r): evaluate(scenario, r.package) for r in records}
    values = [abs(figure(scenario, it, evs[id(r)])) for it in items for r in records]
    spread = 2.0 * max([1.0, *values, *(abs(it.current or 0.0) for it in items)]) + 1.0
    lims = [_limit_var(scenario, it, [evs[id(r)] for r in accepted], spread) for it in items]
    rows = [_rejection(scenario, items, lims, r) for r in rejected]
    unexplained = tuple(
        _why(scenario, items, r) for r, row in zip(rejected, rows, strict=True) if not row.options
    )
    if unexplained:
        return Calibration(Status.INFEASIBLE, unexplained=unexplained)
    if not items:
        return Calibration(Status.OPTIMAL, (), 0.0, scenario=scenario)
    found = solve_calibration(
        lims, rows, resolve_limits(scenario.settings, options or SolveOptions())
    )
    if not found.status.has_package:
        return Calibration(found.status)
    limits = []
    for i, (item, lim, new) in enumerate(zip(items, lims, found.values, strict=True)):
        figs = {r.label: figure(scenario, item, evs[id(r)]) for r in accepted}
        thr = {
            rejected[j].label: row.options[k][1]
            for j, (row, k) in enumerate(zip(rows, found.explained_by, strict=True))
            if row.options[k][0] == i
        }
        new = _snap(new, [lim.old, *figs.values(), *thr.values()])
        forced = "" if new == lim.old else _forced_by(new, figs, thr)
        limits.append(CalibratedLimit(item, lim.old, new, forced))
    calibrated = apply_limits(scenario, limits)
    check_calibration(calibrated, records)
    return Calibration(found.status, tuple(limits), found.objective, (), calibrated)


def _snap(value: float, candidates: list[float]) -> float:
    """The candidate (old value, figure or threshold) within solver noise of ``value``, else it."""
    for c in candidates:
        if abs(value - c) <= 1e-7 * max(1.0, abs(c)):
            return c
    return value


def apply_limits(scenario: Scenario, limits: list[CalibratedLimit]) -> Scenario:
    """The scenario with the calibrated limits (party limits and Balance max_gap)."""
    parties = {p.id: p for p in scenario.parties}
    balances = list(scenario.balances)
    for lim in limits:
        if lim.item.kind == "balance":
            k = int(lim.item.key)
            balances[k] = dataclasses.replace(balances[k], max_gap=lim.new)
        else:
            p = parties[lim.item.key]
            if lim.item.kind == "max_cost":
                parties[p.id] = dataclasses.replace(p, max_cost=lim.new)
            elif lim.item.kind == "min_benefit":
                parties[p.id] = dataclasses.replace(p, min_benefit=lim.new)
            else:
                parties[p.id] = dataclasses.replace(p, min_net=lim.new)
    return dataclasses.replace(
        scenario, parties=tuple(parties[p] for p in scenario.party_ids), balances=tuple(balances)
    )


def _limit_checks(ev: Evaluation, scenario: Scenario, party: str | None) -> list[bool]:
    """Whether each party-limit and Balance check holds (only ``party``'s when given)."""
    names = {
        f"{kind}[{p}]"
        for p in scenario.party_ids
        if party in (None, p)
        for kind in ("max_cost", "min_benefit", "min_net")
    }
    names |= {
        f"balance[{b.key}]"
        for b in scenario.balances
        if party is None or party in (b.party_a, b.party_b)
    }
    return [c.ok for c in ev.checks if c.name in names]


def check_calibration(calibrated: Scenario, records: list[Record]) -> None:
    """The verifier on the calibrated scenario: accepted packages pass, rejected ones fail a limit of their party."""
    bad = []
    for r in records:
        oks = _limit_checks(evaluate(calibrated, r.package), calibrated, r.party)
        if r.party is None and not all(oks):
            bad.append(f"{r.label} violates a calibrated limit")
        if r.party is not None and all(oks):
            bad.append(f"{r.label} satisfies every calibrated limit of {r.party}")
    if bad:
        raise VerificationError("INDEPENDENT CHECK FAILED: calibration: " + "; ".join(bad))
