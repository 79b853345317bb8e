"""Constraint checks of the independent verifier: calendar, tolerances, limits, rules, structure.

Recomputed from the raw scenario (SPEC 1 and 2) without the model and without
``planner.derive``. Two figures agree, and a limit holds, within
``ABS_TOL + REL_TOL * max(|x|, |y|)`` (1e-6 absolute plus 1e-6 relative); a limit is binding
when its slack is within that tolerance.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from planner.scenario import ALL, Option, Ref, Rule, Scenario
from planner.solution import Choice

if TYPE_CHECKING:
    from planner.verify import Evaluation

ABS_TOL = 1e-6
REL_TOL = 1e-6


def tolerance(*values: float) -> float:
    """Absolute tolerance for comparing figures of these magnitudes."""
    return ABS_TOL + REL_TOL * max((abs(v) for v in values), default=0.0)


def agree(x: float, y: float) -> bool:
    """True when two figures agree within :func:`tolerance`."""
    return abs(x - y) <= tolerance(x, y)


@dataclass(frozen=True)
class Check:
    """One recomputed constraint: value against limit, its slack, and whether it holds or binds."""

    name: str
    kind: str
    ok: bool
    value: float | None = None
    limit: float | None = None
    slack: float | None = None
    binding: bool = False
    detail: str = ""


# --- calendar ------------------------------------------------------------------------------


class Calendar:
    """Periods of a scenario, recomputed from Settings (SPEC 1: period t covers its days)."""

    def __init__(self, scenario: Scenario) -> None:
        s = scenario.settings
        self.first_day, self.days, self.periods = s.start_date, s.period_days, s.periods

    def bounds(self, t: int) -> tuple[date, date]:
        """First and last day of period ``t``."""
        first = self.first_day + timedelta(days=(t - 1) * self.days)
        return first, first + timedelta(days=self.days - 1)

    def period_of(self, day: date) -> int:
        """The period containing ``day`` (may fall outside 1..T)."""
        return (day - self.first_day).days // self.days + 1

    def covered(self, start: date, end: date) -> tuple[int, ...]:
        """Periods of the horizon that overlap the inclusive span [start, end]."""
        out = []
        for t in range(1, self.periods + 1):
            first, last = self.bounds(t)
            if start <= last and end >= first:
                out.append(t)
        return tuple(out)

    def allowed_starts(self, option: Option) -> tuple[int, ...]:
        """Allowed starts of a block or stop option (SPEC 1 Options); () for other options.

        A stop's start is its first frozen period; blank latest_start = period T.
        """
        if option.duration == "stop":
            last_fit = self.periods
        elif not option.is_block:
            return ()
        else:
            assert isinstance(option.duration, int)
            last_fit = self.periods - option.duration + 1
        first = 1 if option.earliest_start is None else self.period_of(option.earliest_start)
        last = last_fit if option.latest_start is None else self.period_of(option.latest_start)
        return tuple(range(max(first, 1), min(last, last_fit) + 1))

    def active(self, option: Option, start: int | None) -> tuple[int, ...]:
        """Periods (inside the horizon) in which the option is active when started at ``start``.

        A stop itself is never active (its baseline's periods before it: ``pre_freeze``).
        """
        if option.duration == ALL:
            return tuple(range(1, self.periods + 1))
        if not option.is_block or start is None:
            return ()
        assert isinstance(option.duration, int)
        return tuple(t for t in range(start, start + option.duration) if 1 <= t <= self.periods)

    def in_force(self, option: Option, start: int | None) -> int:
        """Periods in force (SPEC 1): 0, k, T for ``all``, T - s + 1 for a stop begun in s."""
        if option.duration == ALL:
            return self.periods
        if option.duration == "stop":
            return 0 if start is None else self.periods - start + 1
        assert isinstance(option.duration, int)
        return option.duration

    def pre_freeze(self, start: int | None) -> tuple[int, ...]:
        """Periods 1..s-1 in which the baseline stays in force before a freeze begun in s."""
        return tuple(range(1, min(start or 1, self.periods + 1)))


@dataclass(frozen=True)
class Pick:
    """A chosen option that exists in the scenario, with its start and active periods."""

    option: Option
    start: int | None
    periods: frozenset[int]


def matches(ref: Ref, option: Option) -> bool:
    """True when ``option`` is one of the options ``ref`` names (a bare ``ACT``: any of its options)."""
    return option.activity == ref.activity and (ref.options is None or option.id in ref.options)


# --- checks --------------------------------------------------------------------------------


def _limit(
    name: str, kind: str, value: float, limit: float, upper: bool, detail: str = ""
) -> Check:
    """``value <= limit`` (upper) or ``value >= limit``, with slack and binding within tolerance."""
    slack = limit - value if upper else value - limit
    tol = tolerance(value, limit)
    return Check(name, kind, slack >= -tol, value, limit, slack, abs(slack) <= tol, detail)


def _party_checks(scenario: Scenario, ev: Evaluation) -> list[Check]:
    out, net = [], ev.party_net
    for p in scenario.parties:
        if p.max_cost is not None:
            out.append(_limit(f"max_cost[{p.id}]", "party", ev.party_cost[p.id], p.max_cost, True))
        if p.min_benefit is not None:
            out.append(
                _limit(
                    f"min_benefit[{p.id}]", "party", ev.party_benefit[p.id], p.min_benefit, False
                )
            )
        if p.min_net is not None:
            out.append(_limit(f"min_net[{p.id}]", "party", net[p.id], p.min_net, False))
    return out


def _chosen(scenario: Scenario, picks: list[Pick], ref: Ref) -> bool:
    """A rule reference is chosen; a bare ``ACT`` means any option except its baseline."""
    if ref.options is None:
        base = scenario.baseline_of(ref.activity).id
        return any(k.option.activity == ref.activity and k.option.id != base for k in picks)
    return any(matches(ref, k.option) for k in picks)


def _logic_rule(scenario: Scenario, picks: list[Pick], rule: Rule) -> Check:
    """requires (a chosen => b chosen) or excludes (not both); binding when it applies and is tight."""
    name = f"rule[{rule.id}]"
    a, b = _chosen(scenario, picks, rule.a), _chosen(scenario, picks, rule.b)
    detail = f"a {'chosen' if a else 'not chosen'}, b {'chosen' if b else 'not chosen'}"
    if rule.type == "requires":
        slack, applies = int(b) - int(a), a
    elif rule.type == "excludes":
        slack, applies = 1 - int(a) - int(b), a or b
    else:
        return Check(name, "rule", False, detail=f"unknown rule type {rule.type!r}")
    return Check(name, "rule", slack >= 0, None, None, float(slack), applies and slack == 0, detail)


def _scheduled(pick: Pick) -> bool:
    """A chosen block, or a chosen stop (an event of duration 0 at its first frozen period)."""
    return pick.start is not None and (pick.option.is_block or pick.option.duration == "stop")


def _before_rule(picks: list[Pick], rule: Rule) -> Check:
    """start(b) >= start(a) + duration(a) + lag when both chosen options are scheduled (SPEC 1)."""
    name = f"rule[{rule.id}]"
    pa = [k for k in picks if matches(rule.a, k.option)]
    pb = [k for k in picks if matches(rule.b, k.option)]
    blocks = [k for k in (*pa, *pb) if _scheduled(k)]
    if len(pa) != 1 or len(pb) != 1 or len(blocks) != 2:
        return Check(name, "rule", True, detail="does not bind: not both scheduled")
    a, b = pa[0], pb[0]
    assert a.start is not None and b.start is not None
    duration = a.option.duration if isinstance(a.option.duration, int) else 0
    earliest = a.start + duration + rule.lag
    slack = b.start - earliest
    detail = f"b starts in period {b.start}, earliest allowed {earliest}"
    return Check(
        name, "rule", slack >= 0, float(b.start), float(earliest), float(slack), slack == 0, detail
    )


def _other_checks(
    scenario: Scenario, cal: Calendar, picks: list[Pick], ev: Evaluation
) -> list[Check]:
    """Balance, Capacity (worst period per row), risk_cap and vetoes."""
    out, net = [], ev.party_net
    for bal in scenario.balances:
        gap = abs(net[bal.party_a] - net[bal.party_b])
        out.append(_limit(f"balance[{bal.key}]", "balance", gap, bal.max_gap, True))
    for cap in scenario.capacities:
        members = [a.id for a in scenario.activities if a.group == cap.group]
        counts = [sum(t in ev.active[a] for a in members) for t in range(1, cal.periods + 1)]
        worst = max(counts, default=0)
        detail = f"{worst} active in period {counts.index(worst) + 1}" if counts else ""
        out.append(
            _limit(f"capacity[{cap.group}]", "capacity", worst, cap.max_active, True, detail)
        )
    if scenario.settings.risk_cap is not None:
        out.append(
            _limit("risk_cap", "risk_cap", ev.total_hazard, scenario.settings.risk_cap, True)
        )
    vetoed = [
        f"{k.option.key} (vetoed by {', '.join(k.option.vetoed_by)})"
        for k in picks
        if k.option.vetoed_by
    ]
    out.append(
        Check("not_vetoed", "veto", not vetoed, len(vetoed), 0, None, False, "; ".join(vetoed))
    )
    return out


def _structure_checks(
    scenario: Scenario, cal: Calendar, choices: tuple[Choice, ...]
) -> list[Check]:
    """Exactly one known option per activity; block starts allowed and inside the horizon."""
    known = {(o.activity, o.id): o for o in scenario.options}
    count = Counter(c.activity for c in choices)
    one = [f"{a}: {count[a]} choices" for a in scenario.activity_ids if count[a] != 1]
    one += [
        f"{c.activity}/{c.option} unknown" for c in choices if (c.activity, c.option) not in known
    ]
    starts, horizon = [], []
    for c in choices:
        option = known.get((c.activity, c.option))
        if option is None or not (option.is_block or option.duration == "stop"):
            continue
        allowed = cal.allowed_starts(option)
        if c.start not in allowed:
            starts.append(f"{option.key}: start {c.start} not in {allowed[:1]}..{allowed[-1:]}")
        if option.duration == "stop":
            continue
        assert isinstance(option.duration, int)
        if c.start is not None and not 1 <= c.start <= cal.periods - option.duration + 1:
            horizon.append(f"{option.key}: periods {c.start}..{c.start + option.duration - 1}")
    return [
        Check(name, "structure", not found, len(found), 0, None, False, "; ".join(found))
        for name, found in (
            ("one_option_per_activity", one),
            ("starts_allowed", starts),
            ("blocks_inside_horizon", horizon),
        )
    ]


def all_checks(
    scenario: Scenario,
    cal: Calendar,
    choices: tuple[Choice, ...],
    picks: list[Pick],
    ev: Evaluation,
) -> list[Check]:
    rules = [
        _before_rule(picks, r) if r.type == "before" else _logic_rule(scenario, picks, r)
        for r in scenario.rules
    ]
    return [
        *_structure_checks(scenario, cal, choices),
        *_party_checks(scenario, ev),
        *rules,
        *_other_checks(scenario, cal, picks, ev),
    ]
