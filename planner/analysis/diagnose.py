"""Diagnosis of an infeasible scenario: which limits must move and by how much, or which rules conflict.

Method (NOTES "Infeasibility": HiGHS IIS does not work on MIPs, a domain-level elastic
model does):

1. Elastic model: every party limit, balance row and the risk cap gets a non-negative
   slack; rules, vetoes, capacities and the structure stay hard. Minimise
   ``sum_i w_i * slack_i`` with ``w_i = 1 / max(|limit_i|, 1)``, i.e. the total change
   measured relative to each limit's size (a limit of 0 or below 1 in magnitude counts
   absolute change). The slacks of the optimum are "how much each limit must move".
2. A minimal conflicting set of the soft items, by a deletion filter that treats them as
   hard (so the message can say "no package satisfies both A and B"); the items the
   elastic optimum moves are tried last, so they tend to be in the set.
3. If the elastic model itself is infeasible, the hard items alone conflict: a deletion
   filter over rules, vetoes (one item per option and vetoing party) and capacity rows,
   on the scenario with every soft item removed, names a minimal conflicting set.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.analysis.filter import Oracle, deletion_filter
from planner.analysis.items import RELAX_SIGN, Item, hard_items, soft_items, without
from planner.io.cells import CellLocator
from planner.model.extensions.elastic import ElasticOutcome, feasibility, solve_elastic
from planner.plan import Plan
from planner.scenario import Scenario
from planner.solution import SolveOptions, Status
from planner.tolerances import DIAGNOSE_NOISE_REL

DIAGNOSIS_COLUMNS: tuple[str, ...] = (
    "kind",
    "item",
    "sheet_cell",
    "current",
    "required",
    "change",
    "message",
)
"""Columns of a Diagnosis row (and of the Diagnosis sheet)."""


@dataclass(frozen=True)
class Diagnosis:
    """What makes a scenario infeasible and the smallest change that repairs it.

    Attributes:
        status: ``feasible`` (nothing to repair), ``limits`` (limits, balances or the risk
            cap must move), ``hard`` (rules, vetoes or capacities conflict by themselves)
            or ``unknown`` (a solve stopped at the time limit undecided).
        message: a plain-English sentence for the terminal.
        rows: Diagnosis sheet rows (dicts with :data:`DIAGNOSIS_COLUMNS`).
        conflict: the minimal conflicting set found.
        minimal: whether ``conflict`` is proven minimal.
        weighted_change: the elastic optimum (sum of weighted slacks), when solved.
    """

    status: str
    message: str
    rows: tuple[dict[str, Any], ...] = ()
    conflict: tuple[Item, ...] = ()
    minimal: bool = True
    weighted_change: float | None = None
    changes: dict[str, float] = field(default_factory=dict)


def relaxation_weight(item: Item) -> float:
    """``1 / max(|limit|, 1)``: the elastic model counts change relative to the limit's size."""
    return 1.0 / max(abs(item.current or 0.0), 1.0)


def fmt(value: float) -> str:
    """A number as a user reads it (6 significant digits, no float noise)."""
    return f"{value:.6g}"


def diagnose(
    scenario: Scenario, options: SolveOptions | None = None, budget_s: float | None = None
) -> Diagnosis:
    """Find the smallest weighted relaxation of limits, or a minimal set of conflicting rules.

    Args:
        scenario: the scenario (usually one whose solve was infeasible).
        options: solver options (time limit per solve, threads, seed).
        budget_s: time budget for each deletion filter (default: 10 x the per-solve time
            limit); when exceeded the conflicting set is reported as not proven minimal.

    Returns:
        A :class:`Diagnosis`.
    """
    options = options or SolveOptions()
    loc = CellLocator.for_scenario(scenario)
    soft = soft_items(scenario, loc)
    if budget_s is None:
        budget_s = 10 * (options.time_limit_s or scenario.settings.time_limit_s)
    elastic = solve_elastic(
        scenario, {(i.kind, i.key): relaxation_weight(i) for i in soft}, options
    )
    if elastic.status is Status.INFEASIBLE:
        return _diagnose_hard(scenario, loc, soft, options, budget_s)
    if not elastic.status.has_package:
        return Diagnosis(
            "unknown", "the diagnosis could not decide within the time limit: " + elastic.message
        )
    moved = {i: elastic.slack.get((i.kind, i.key), 0.0) for i in soft}
    moved = {i: s for i, s in moved.items() if s > _noise(i)}
    if not moved:
        return Diagnosis(
            "feasible", "the scenario is feasible: a package satisfies every limit, rule and veto"
        )
    return _diagnose_limits(scenario, soft, moved, elastic, options, budget_s)


def _noise(item: Item) -> float:
    return DIAGNOSE_NOISE_REL * max(abs(item.current or 0.0), 1.0)


def _oracle(base: Scenario, candidates: Sequence[Item], options: SolveOptions) -> Oracle:
    """Feasibility of ``base`` keeping only the given candidates (others removed)."""

    def infeasible(keep: Sequence[Item]) -> bool | None:
        dropped = [c for c in candidates if c not in keep]
        status = feasibility(without(base, dropped), options)
        if status is Status.INFEASIBLE:
            return True
        return False if status.has_package else None

    return infeasible


def _diagnose_limits(
    scenario: Scenario,
    soft: list[Item],
    moved: dict[Item, float],
    elastic: ElasticOutcome,
    options: SolveOptions,
    budget_s: float,
) -> Diagnosis:
    order = [i for i in soft if i not in moved] + [i for i in soft if i in moved]
    found = deletion_filter(order, _oracle(scenario, soft, options), budget_s)
    rows = [_change_row(i, s) for i, s in moved.items()]
    rows += [_conflict_row(i) for i in found.items if i not in moved]
    names = [f"{i.label} {fmt(i.current or 0.0)}" for i in soft if i in found.items]
    changes = ", ".join(
        f"{i.label} {_signed(i, s)} (to {fmt(_required(i, s))})" for i, s in moved.items()
    )
    message = f"no package satisfies {_join(names)}; the smallest change is {changes}"
    if elastic.status is not Status.OPTIMAL:
        message += " (stopped at the time limit: this change suffices but may not be the smallest)"
    if not found.minimal:
        message += " (the conflicting set may not be minimal: a solve or the time budget ran out)"
    return Diagnosis(
        "limits",
        message,
        tuple(rows),
        found.items,
        found.minimal,
        elastic.value,
        {i.label: RELAX_SIGN[i.kind] * s for i, s in moved.items()},
    )


def _diagnose_hard(
    scenario: Scenario, loc: CellLocator, soft: list[Item], options: SolveOptions, budget_s: float
) -> Diagnosis:
    base = without(scenario, soft)
    hard = hard_items(scenario, loc)
    started = time.monotonic()
    found = deletion_filter(hard, _oracle(base, hard, options), budget_s)
    rows = [_hard_row(scenario, i) for i in found.items]
    names = [f"{i.label} ({i.sheet_cell})" for i in found.items]
    verb = "cannot hold together" if len(names) > 1 else "cannot hold"
    message = (
        f"no package exists whatever the limits: {_join(names, both=False)} {verb}; "
        "remove or change one of them"
    )
    if not found.minimal:
        message += (
            f" (the set may not be minimal: stopped after {time.monotonic() - started:.0f} s)"
        )
    return Diagnosis("hard", message, tuple(rows), found.items, found.minimal)


def _required(item: Item, slack: float) -> float:
    return (item.current or 0.0) + RELAX_SIGN[item.kind] * slack


def _signed(item: Item, slack: float) -> str:
    return f"{RELAX_SIGN[item.kind] * slack:+.6g}"


def _join(names: Sequence[str], both: bool = True) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{'both ' if both else ''}{names[0]} and {names[1]}"
    return f"{'all of ' if both else ''}" + ", ".join(names[:-1]) + f" and {names[-1]}"


def _change_row(item: Item, slack: float) -> dict[str, Any]:
    required = _required(item, slack)
    return {
        "kind": item.kind,
        "item": item.label,
        "sheet_cell": item.sheet_cell,
        "current": item.current,
        "required": required,
        "change": RELAX_SIGN[item.kind] * slack,
        "message": f"move {item.label} from {fmt(item.current or 0.0)} to {fmt(required)}",
    }


def _conflict_row(item: Item) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "item": item.label,
        "sheet_cell": item.sheet_cell,
        "current": item.current,
        "required": item.current,
        "change": 0.0,
        "message": "in the conflicting set; the smallest change keeps it",
    }


def _hard_row(scenario: Scenario, item: Item) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "item": item.label,
        "sheet_cell": item.sheet_cell,
        "current": _describe(scenario, item),
        "required": "remove or change",
        "change": None,
        "message": "in a minimal set of rules, vetoes and capacities that no package satisfies",
    }


def _describe(scenario: Scenario, item: Item) -> str:
    if item.kind == "rule":
        r = next(r for r in scenario.rules if r.id == item.key)
        lag = f" lag {r.lag}" if r.type == "before" else ""
        return f"{r.a.text} {r.type} {r.b.text}{lag}"
    if item.kind == "capacity":
        c = next(c for c in scenario.capacities if c.group == item.key)
        return f"max_active {c.max_active}"
    option, party = item.key.rsplit("@", 1)
    return f"{option} vetoed by {party}"


def with_diagnosis(plan: Plan) -> Plan:
    """The plan with Diagnosis rows (and the diagnosis sentence as its message) when infeasible.

    Plans with a package, or that stopped at the time limit, are returned unchanged.
    """
    if plan.status is not Status.INFEASIBLE:
        return plan
    found = diagnose(plan.scenario, plan.options)
    solution = dataclasses.replace(plan.solution, message=found.message)
    return dataclasses.replace(plan, solution=solution, diagnosis=found.rows)
