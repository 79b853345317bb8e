"""Constraint families of the deal's rules: requires, excludes, before, balance, capacity, risk cap."""

from __future__ import annotations

from collections.abc import Callable

import pyomo.core as pyo

from planner.model.expressions import act_vars, linear


def _chosen(m: pyo.ConcreteModel, options: tuple[tuple[str, str], ...]) -> list:
    """choose variables whose sum is 1 when one of ``options`` is chosen."""
    return [m.choose[a, o] for a, o in options]


def define_requires_rule_holds(m: pyo.ConcreteModel) -> None:
    """sum choose over a's options <= sum choose over b's options, per ``requires`` rule.

    Rules whose a side is empty (all its options vetoed) never bind and get no row.
    """
    rules = {r.rule: r for r in m.planner_data.structure.requires if r.a_options}
    if not rules:
        return

    def row(m: pyo.ConcreteModel, rule: str) -> object:
        a, b = _chosen(m, rules[rule].a_options), _chosen(m, rules[rule].b_options)
        return linear([1] * len(a) + [-1] * len(b), a + b) <= 0

    m.requires_rule_holds = pyo.Constraint(list(rules), rule=row)


def define_excludes_rule_holds(m: pyo.ConcreteModel) -> None:
    """sum choose over a's options + sum choose over b's options <= 1, per ``excludes`` rule."""
    rules = {r.rule: r for r in m.planner_data.structure.excludes if r.a_options and r.b_options}
    if not rules:
        return

    def row(m: pyo.ConcreteModel, rule: str) -> object:
        both = _chosen(m, rules[rule].a_options) + _chosen(m, rules[rule].b_options)
        return linear([1] * len(both), both) <= 1

    m.excludes_rule_holds = pyo.Constraint(list(rules), rule=row)


def define_before_rule_holds(m: pyo.ConcreteModel) -> None:
    """For each start period t of b: sum_{s_a + d_a + lag > t} start_a + sum_{s_b <= t} start_b <= 1.

    Exactly forbids start(b) < start(a) + duration(a) + lag when both chosen options are
    blocks (see ``rules_data.before_terms``); no big-M.
    """
    rows = {(r.rule, row.period): row for r in m.planner_data.structure.before for row in r.rows}
    if not rows:
        return

    start = dict(m.start.items())

    def row(m: pyo.ConcreteModel, rule: str, t: int) -> object:
        terms = [start[k] for k in rows[rule, t].a_starts + rows[rule, t].b_starts]
        return linear([1] * len(terms), terms) <= 1

    m.before_rule_holds = pyo.Constraint(list(rows), rule=row)


def define_balance_within_gap(m: pyo.ConcreteModel) -> None:
    """party_net[a] - party_net[b] <= max_gap[k] and party_net[b] - party_net[a] <= max_gap[k]."""
    balances = {k: (a, b) for k, a, b in m.planner_data.structure.balances}
    if not balances:
        return
    m.balance_a_minus_b_within_gap = pyo.Constraint(
        list(balances),
        rule=lambda m, k: m.party_net[balances[k][0]] - m.party_net[balances[k][1]] <= m.max_gap[k],
    )
    m.balance_b_minus_a_within_gap = pyo.Constraint(
        list(balances),
        rule=lambda m, k: m.party_net[balances[k][1]] - m.party_net[balances[k][0]] <= m.max_gap[k],
    )


def define_capacity_within_limit(m: pyo.ConcreteModel) -> None:
    """sum over the group's activities of act(a, t) <= max_active[k], per Capacity row k and period t."""
    rows = {
        (c.index, t): options for c in m.planner_data.structure.capacities for t, options in c.rows
    }
    if not rows:
        return

    def row(m: pyo.ConcreteModel, k: int, t: int) -> object:
        terms = act_vars(m, rows[k, t], t)
        return linear([1] * len(terms), terms) <= m.max_active[k]

    m.capacity_within_limit = pyo.Constraint(list(rows), rule=row)


def define_total_hazard_within_cap(m: pyo.ConcreteModel) -> None:
    """total_hazard <= risk_cap (Settings.risk_cap, when set)."""
    if not m.planner_data.structure.has_risk_cap:
        return
    m.total_hazard_within_cap = pyo.Constraint(expr=m.total_hazard <= m.risk_cap)


DEFINITIONS: tuple[Callable[[pyo.ConcreteModel], None], ...] = (
    define_requires_rule_holds,
    define_excludes_rule_holds,
    define_before_rule_holds,
    define_balance_within_gap,
    define_capacity_within_limit,
    define_total_hazard_within_cap,
)
