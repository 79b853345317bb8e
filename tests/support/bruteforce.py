"""Independent brute force for tiny scenarios: enumerate every (option, start) per activity (tests only).

Deliberately does NOT use ``planner.calendar`` or ``planner.model``: periods, allowed starts,
timing multipliers, hazards, rules and limits are recomputed here from the raw scenario,
following SPEC sections 1-2 literally.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from planner.scenario import Option, Ref, Scenario

Package = tuple[tuple[str, int | None], ...]  # per activity (sheet order): (option id, start)
TOL = 1e-7  # feasibility tolerance, like the solver's
TIE = 1e-6  # values within this (relative to max(1, |v|)) tie


def period(s: Scenario, day: date) -> int:
    """1-based period containing ``day``."""
    return (day - s.settings.start_date).days // s.settings.period_days + 1


def starts_of(s: Scenario, o: Option) -> list[int | None]:
    """Allowed starts: [None] unless a block or stop; a block must end inside the horizon."""
    if o.duration == "stop":
        last_fit = s.settings.periods
    elif not (isinstance(o.duration, int) and o.duration >= 1):
        return [None]
    else:
        last_fit = s.settings.periods - o.duration + 1
    first = 1 if o.earliest_start is None else max(1, period(s, o.earliest_start))
    last = last_fit if o.latest_start is None else min(last_fit, period(s, o.latest_start))
    return list(range(first, last + 1))


def active(s: Scenario, o: Option, start: int | None) -> set[int]:
    """Periods in which option o itself is active when started at ``start`` (a stop: none)."""
    if o.duration == "all":
        return set(range(1, s.settings.periods + 1))
    if isinstance(o.duration, int) and o.duration >= 1 and start is not None:
        return set(range(start, start + o.duration))
    return set()


def kinds_at(s: Scenario, t: int) -> set[str]:
    """Window kinds with a window overlapping period t."""
    return {w.kind for w in s.windows if period(s, w.start) <= t <= period(s, w.end)}


def multiplier(s: Scenario, o: Option, t: int) -> float:
    """Product over kinds at t of the most specific Timing row (ACT/OPT, ACT, category, *)."""
    category = next(a.category for a in s.activities if a.id == o.activity)
    m = 1.0
    for kind in kinds_at(s, t):
        for applies_to in (f"{o.activity}/{o.id}", o.activity, category, "*"):
            rows = [r for r in s.timing if r.applies_to == applies_to and r.kind == kind]
            if rows:
                m *= rows[-1].multiplier
                break
    return m


def in_force(s: Scenario, o: Option, start: int | None) -> int:
    """Periods in force: 0, k, T (all), T - start + 1 (a stop begun in start)."""
    T = s.settings.periods
    if o.duration == "all":
        return T
    if o.duration == "stop":
        assert start is not None
        return T - start + 1
    assert isinstance(o.duration, int)
    return o.duration


def running(s: Scenario, a: str, o: Option, start: int | None) -> tuple[Option, set[int]]:
    """The option that is active for activity ``a`` and when: a stop runs its baseline before it."""
    if o.duration == "stop":
        assert start is not None
        return s.baseline_of(a), set(range(1, start))
    return o, active(s, o, start)


def covers(ref: Ref, activity: str, option: str, s: Scenario, *, rule: bool) -> bool:
    """Whether choosing ``option`` for ``activity`` is covered by the reference."""
    if ref.activity != activity:
        return False
    if ref.options is not None:
        return option in ref.options
    return not (rule and s.option(activity, option).baseline)


@dataclass(frozen=True)
class Evaluation:
    """A package evaluated from the raw scenario."""

    feasible: bool
    period_hazard: tuple[float, ...]
    cost: dict[str, float]
    benefit: dict[str, float]

    @property
    def total_hazard(self) -> float:
        """H."""
        return sum(self.period_hazard)


def evaluate(s: Scenario, package: Package) -> Evaluation:
    """Hazards, party totals and feasibility (vetoes, limits, rules, balance, capacity, cap)."""
    chosen = dict(zip((a.id for a in s.activities), package, strict=True))
    opts = {a: s.option(a, o) for a, (o, _) in chosen.items()}
    run = {a: running(s, a, opts[a], st) for a, (_, st) in chosen.items()}
    act = {a: periods for a, (_, periods) in run.items()}
    T = s.settings.periods
    hazard = [0.0] * T
    for o, periods in run.values():
        for t in periods:
            hazard[t - 1] += o.hazard * multiplier(s, o, t)
    for i in s.interactions:
        for t in range(1, T + 1):
            a_on = t in act[i.a.activity] and covers(
                i.a, i.a.activity, run[i.a.activity][0].id, s, rule=False
            )
            b_on = t in act[i.b.activity] and covers(
                i.b, i.b.activity, run[i.b.activity][0].id, s, rule=False
            )
            hazard[t - 1] += i.hazard if a_on and b_on else 0.0
    factor = {
        a: in_force(s, opts[a], st) if opts[a].per_period else 1 for a, (_, st) in chosen.items()
    }
    cost = {
        p.id: sum(o.cost.get(p.id, 0.0) * factor[a] for a, o in opts.items()) for p in s.parties
    }
    benefit = {
        p.id: sum(o.benefit.get(p.id, 0.0) * factor[a] for a, o in opts.items()) for p in s.parties
    }
    ok = _feasible(s, chosen, opts, act, cost, benefit, sum(hazard))
    return Evaluation(ok, tuple(hazard), cost, benefit)


def _feasible(s, chosen, opts, act, cost, benefit, total) -> bool:  # type: ignore[no-untyped-def]
    if any(o.vetoed_by for o in opts.values()):
        return False
    net = {p: benefit[p] - cost[p] for p in cost}
    for p in s.parties:
        if p.max_cost is not None and cost[p.id] > p.max_cost + TOL:
            return False
        if p.min_benefit is not None and benefit[p.id] < p.min_benefit - TOL:
            return False
        if p.min_net is not None and net[p.id] < p.min_net - TOL:
            return False
    for r in s.rules:
        a_on = covers(r.a, r.a.activity, chosen[r.a.activity][0], s, rule=True)
        b_on = covers(r.b, r.b.activity, chosen[r.b.activity][0], s, rule=True)
        if r.type == "requires" and a_on and not b_on:
            return False
        if r.type == "excludes" and a_on and b_on:
            return False
        if r.type == "before":
            # starts are None unless the chosen option is a block or a stop (duration 0)
            sa, sb = chosen[r.a.activity][1], chosen[r.b.activity][1]
            da = opts[r.a.activity].duration
            if (
                sa is not None
                and sb is not None
                and sb < sa + (da if isinstance(da, int) else 0) + r.lag
            ):
                return False
    if any(abs(net[b.party_a] - net[b.party_b]) > b.max_gap + TOL for b in s.balances):
        return False
    for c in s.capacities:
        members = [a.id for a in s.activities if a.group == c.group]
        for t in range(1, s.settings.periods + 1):
            if sum(t in act[a] for a in members) > c.max_active:
                return False
    cap = s.settings.risk_cap
    return cap is None or total <= cap + TOL


def stage_values(s: Scenario, objective: str, ev: Evaluation) -> tuple[float, ...]:
    """The lexicographic stage values of an evaluated package (SPEC 2.4), primary first."""
    weighted_cost = sum(p.weight * ev.cost[p.id] for p in s.parties)
    if objective == "min_risk":
        return (ev.total_hazard, weighted_cost)
    if objective == "min_peak":
        return (max(ev.period_hazard), ev.total_hazard, weighted_cost)
    least = min((ev.benefit[p.id] - ev.cost[p.id]) / p.weight for p in s.parties)
    return (least, ev.total_hazard)


MAXIMISED_FIRST = {"max_min_net"}


def packages(s: Scenario) -> list[Package]:
    """Every combination of (option, allowed start) over the activities."""
    per_activity = [
        [(o.id, st) for o in s.options_of(a.id) for st in starts_of(s, o)] for a in s.activities
    ]
    return [tuple(p) for p in itertools.product(*per_activity)]


def count_packages(s: Scenario) -> int:
    """How many packages ``packages`` would enumerate."""
    n = 1
    for a in s.activities:
        n *= sum(len(starts_of(s, o)) for o in s.options_of(a.id))
    return n


def optimum(s: Scenario, objective: str) -> tuple[float, ...] | None:
    """Lexicographically best stage values over all feasible packages (None: infeasible)."""
    values = []
    for p in packages(s):
        ev = evaluate(s, p)
        if ev.feasible:
            values.append(stage_values(s, objective, ev))
    if not values:
        return None
    best = []
    for k in range(len(values[0])):
        sign = -1.0 if (k == 0 and objective in MAXIMISED_FIRST) else 1.0
        v = min(sign * x[k] for x in values) * sign
        best.append(v)
        values = [x for x in values if abs(x[k] - v) <= TIE * max(1.0, abs(v))]
    return tuple(best)
