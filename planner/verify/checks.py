"""Constraint checks of the independent verifier: party limits, rules, balances, capacities, structure."""

from __future__ import annotations

from collections import Counter

from planner.scenario import Ref, Rule, Scenario
from planner.solution import Choice
from planner.verify.evaluation import Check, Evaluation, tolerance
from planner.verify.periods import Calendar, Pick, matches


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
