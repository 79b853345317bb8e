"""A party's best unilateral defection from a package as a small exact MIP (SPEC 7), and stability cuts.

The model is the main model (``build_model``) of a copy of the scenario without vetoes,
rules, party limits, balances and risk cap (they do not bind a unilateral move), so
costs, benefits and hazards come from the same derived data as the plan's; Capacity
binds p's move (p's activities with the others at X's choices, before snap-back). Then:

- p's activities stay free (any option, any allowed start);
- every other activity is fixed to X's choice, except an activity a that can snap back
  (``planner.model.snap_closure``): its option is X's or its baseline,
  ``choose[a, X(a)] = k_a`` (binary) and ``choose[a, base(a)] = 1 - k_a``, and the closed
  form of the rounds holds as ``k_a <= sat_l`` for each of its leaves l and
  ``k_a >= 1 - sum_l (1 - sat_l)``, where ``sat_l`` is the sum of p's ``choose`` over
  the leaf's options (0 or 1); ``k_a = 0`` when a is forced.

Stage 1 maximises ``party_net[p]``; stage 2 minimises ``total_hazard`` keeping the net
within ``max(1e-9, 1e-9 |net|)`` of the best (SPEC 7: ties by the least H).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pyomo.core as pyo
from pyomo.repn import generate_standard_repn

from planner.model.build import build_model
from planner.model.derived import Derived
from planner.model.lexicographic import Limits
from planner.model.snap_closure import SnapClosure, snap_closure
from planner.model.solve import solve_expression
from planner.scenario import Scenario
from planner.solution import Choice, Status


@dataclass(frozen=True)
class DefectionOutcome:
    """The best defection as the model sees it: the package after snap-back and p's net there."""

    status: Status
    choices: tuple[Choice, ...] = ()
    net: float | None = None
    total_hazard: float | None = None
    highs_seconds: float = 0.0


def unilateral_scenario(scenario: Scenario) -> Scenario:
    """The scenario without vetoes, rules, party limits, balances and risk cap."""
    return replace(
        scenario,
        options=tuple(replace(o, vetoed_by=()) for o in scenario.options),
        parties=tuple(
            replace(p, max_cost=None, min_benefit=None, min_net=None) for p in scenario.parties
        ),
        rules=(),
        balances=(),
        settings=replace(scenario.settings, risk_cap=None),
    )


def _fix(m: pyo.ConcreteModel, a: str, keep: Mapping[str, int | None]) -> None:
    """Fix every choose/start of activity a to 0 except the options (and starts) in ``keep``."""
    for aa, o in m.CHOICES:
        if aa == a and o not in keep:
            m.choose[a, o].fix(0)
    for aa, o, s in m.STARTS:
        if aa == a and (o not in keep or keep[o] != s):
            m.start[a, o, s].fix(0)


def _sat(m: pyo.ConcreteModel, activity: str, options: tuple[str, ...]) -> Any:
    return sum(m.choose[activity, o] for o in options)


def define_snap_back(m: pyo.ConcreteModel, closure: SnapClosure) -> None:
    """Fix the others' activities to X (or X-or-baseline for E) and add the closed-form rows."""
    m.snap_keep_row = pyo.ConstraintList()
    for a, x in closure.package.items():
        if a in closure.own:
            continue
        if a not in closure.snappable:
            _fix(m, a, {x.option: x.start})
            m.choose[a, x.option].fix(1)
            continue
        base = closure.baseline[a]
        _fix(m, a, {x.option: x.start, base.option: base.start})
        k = m.choose[a, x.option]
        if a in closure.forced:
            k.fix(0)
            continue
        leaves = closure.leaves[a]
        if not leaves:
            k.fix(1)
            continue
        for b, opts in leaves:
            m.snap_keep_row.add(k <= _sat(m, b, opts))
        m.snap_keep_row.add(k >= 1 - len(leaves) + sum(_sat(m, b, o) for b, o in leaves))


def _group_counts(scenario: Scenario, package: dict[str, Choice], members: list[str]) -> dict:
    """Per period, how many of ``members`` are active under ``package``."""
    derived = Derived(scenario)
    count: dict[int, int] = defaultdict(int)
    for a in members:
        c = package[a]
        for t in derived.active_periods(scenario.option(a, c.option), c.start):
            count[t] += 1
    return count


def define_move_capacity(m: pyo.ConcreteModel, scenario: Scenario, closure: SnapClosure) -> None:
    """Capacity binds p's move: p's activities with the others at X's choices (before snap-back).

    The model's own capacity rows (on the package after snap-back) are deactivated. Per
    Capacity row k and period t: ``sum of p's act(a, t) + others active in X at t <=
    max(max_active[k], the most active in X)``, so X's own choice is always a candidate.
    """
    if not hasattr(m, "capacity_within_limit"):
        return
    m.capacity_within_limit.deactivate()
    m.move_capacity_row = pyo.ConstraintList()
    for cap in scenario.capacities:
        members = [a.id for a in scenario.activities if a.group == cap.group]
        mine = [a for a in members if a in closure.own]
        if not mine:
            continue
        others = _group_counts(scenario, closure.package, [a for a in members if a not in mine])
        at_x = _group_counts(scenario, closure.package, members)
        limit = max(float(cap.max_active), float(max(at_x.values(), default=0)))
        for t in m.PERIODS:
            terms = [
                v for (a, _, tt), vs in m.planner_act.items() if tt == t and a in mine for v in vs
            ]
            if terms:
                m.move_capacity_row.add(sum(terms) + others.get(t, 0) <= limit)


def best_defection(
    scenario: Scenario, package: tuple[Choice, ...], party: str, limits: Limits
) -> DefectionOutcome:
    """p's most profitable unilateral defection from ``package`` after snap-back (SPEC 7).

    Returns:
        The status of stage 1 and, with a package, the final choices, p's net and H as
        evaluated on the model (the caller re-checks them independently).
    """
    free = unilateral_scenario(scenario)
    closure = snap_closure(scenario, package, party)
    m = build_model(free)
    define_snap_back(m, closure)
    define_move_capacity(m, free, closure)
    first, solver = solve_expression(m, m.party_net[party], maximise=True, limits=limits)
    if not first.status.has_package or first.package is None or first.value is None:
        return DefectionOutcome(first.status, highs_seconds=first.highs_seconds)
    best, found = first.value, first.package
    m.defection_net_kept = pyo.Constraint(
        expr=m.party_net[party] >= best - max(1e-9, 1e-9 * abs(best))
    )
    solver.add_constraints([m.defection_net_kept])
    second, _ = solve_expression(m, m.total_hazard, limits=limits, solver=solver)
    if second.status.has_package and second.package is not None:
        found = second.package
    net = found.party_benefit[party] - found.party_cost[party]
    seconds = first.highs_seconds + second.highs_seconds
    return DefectionOutcome(first.status, found.choices, net, found.total_hazard, seconds)


def _activity(v: Any) -> str:
    """The activity of a ``choose[a, o]`` or ``start[a, o, s]`` variable."""
    return str(v.index()[0])


def add_stability_cut(
    m: pyo.ConcreteModel,
    package: tuple[Choice, ...],
    own: frozenset[str],
    profile: tuple[Choice, ...],
    party: str,
    value: float,
) -> pyo.Constraint:
    """p's own net must reach ``value - (p's net from the others' choices in X)`` on X's profile.

    Split ``party_net[p]`` into the terms of p's activities ``own`` (``own(Y)``) and the
    rest; ``others(X)`` is the rest evaluated at X (``package``). On packages that repeat
    ``profile`` (the choices p's defections depend on; a start only where given), p's gain
    is ``value - others(X) - own(Y)`` (docs/stability.md), so the row
    ``own(Y) + M * (|Z| - sum Z) >= value - others(X)`` keeps exactly the packages among
    them that are self-enforcing for p (Z: the variables equal to 1 in ``profile``; M from
    the least value of ``own``) and is slack on every other package.
    """
    ones = {id(m.choose[c.activity, c.option]) for c in package}
    ones |= {id(m.start[c.activity, c.option, c.start]) for c in package if c.start is not None}
    repn = generate_standard_repn(m.party_net[party].expr, compute_values=True)
    others = float(pyo.value(repn.constant))
    own_terms, own_low = [], 0.0
    for c, v in zip(repn.linear_coefs, repn.linear_vars, strict=True):
        if _activity(v) in own:
            own_terms.append(c * v)
            own_low += min(0.0, c)
        elif id(v) in ones:
            others += c
    z = [m.choose[c.activity, c.option] for c in profile]
    z += [m.start[c.activity, c.option, c.start] for c in profile if c.start is not None]
    rhs = value - others
    big_m = max(0.0, rhs - own_low)
    if not hasattr(m, "stability_cut"):
        m.stability_cut = pyo.ConstraintList()
    return m.stability_cut.add(sum(own_terms) + big_m * (len(z) - sum(z)) >= rhs)
