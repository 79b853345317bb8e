"""Constraint families of the package itself: one option per activity, starts, interactions, party limits."""

from __future__ import annotations

from collections.abc import Callable

import pyomo.core as pyo

from planner.model.expressions import act_vars, kept_on_model, linear, total


def define_one_option_per_activity(m: pyo.ConcreteModel) -> None:
    """sum_o choose[a,o] == 1 for every activity (vetoed options are in the sum, fixed to 0)."""
    if not len(m.ACTIVITIES):
        return
    by_activity: dict[str, list] = {a: [] for a in m.ACTIVITIES}
    for (a, _), var in m.choose.items():
        by_activity[a].append(var)
    m.one_option_per_activity = pyo.Constraint(
        m.ACTIVITIES, rule=lambda m, a: linear([1] * len(by_activity[a]), by_activity[a]) == 1
    )


def define_start_when_chosen(m: pyo.ConcreteModel) -> None:
    """sum_s start[a,o,s] == choose[a,o] for every scheduled block option."""
    if not len(m.BLOCKS):
        return
    starts: dict[tuple[str, str], list] = {(a, o): [] for a, o in m.BLOCKS}
    for (a, o, _), var in m.start.items():
        starts[a, o].append(var)
    choose = dict(m.choose.items())

    def row(m: pyo.ConcreteModel, a: str, o: str) -> object:
        vs = starts[a, o]
        return linear([1] * len(vs) + [-1], [*vs, choose[a, o]]) == 0

    m.start_when_chosen = pyo.Constraint(m.BLOCKS, rule=row)


def _interaction_sides(m: pyo.ConcreteModel) -> dict[tuple[int, int], tuple[list, list]]:
    """(i, t) -> (act variables of reference a, act variables of reference b).

    Computed once per model (three row families use them) and kept on the model.
    """

    def sides() -> dict[tuple[int, int], tuple[list, list]]:
        rows = {r.index: r for r in m.planner_data.structure.interactions}
        return {
            (i, t): (act_vars(m, rows[i].a_options, t), act_vars(m, rows[i].b_options, t))
            for i, t in m.INTERACTION_PERIODS
        }

    return kept_on_model(m, "planner_interaction_sides", sides)


def define_interaction_when_both_active(m: pyo.ConcreteModel) -> None:
    """both_active[i,t] >= act_a(t) + act_b(t) - 1 (act of a bare ACT sums its options)."""
    if not len(m.INTERACTION_PERIODS):
        return
    sides = _interaction_sides(m)
    both = dict(m.both_active.items())

    def row(m: pyo.ConcreteModel, i: int, t: int) -> object:
        a, b = sides[i, t]
        return both[i, t] - total(a + b) >= -1

    m.interaction_when_both_active = pyo.Constraint(m.INTERACTION_PERIODS, rule=row)


def define_interaction_only_if_both_active(m: pyo.ConcreteModel) -> None:
    """both_active[i,t] <= act_a(t) and both_active[i,t] <= act_b(t).

    Redundant when the objective minimises hazard, but they make both_active exactly the
    product of two binaries, so H and H_t read from the model are right under every objective.
    """
    if not len(m.INTERACTION_PERIODS):
        return
    sides = _interaction_sides(m)
    both = dict(m.both_active.items())

    def row(side: int) -> Callable[..., object]:
        def rule(m: pyo.ConcreteModel, i: int, t: int) -> object:
            return both[i, t] - total(sides[i, t][side]) <= 0

        return rule

    m.interaction_only_if_a_active = pyo.Constraint(m.INTERACTION_PERIODS, rule=row(0))
    m.interaction_only_if_b_active = pyo.Constraint(m.INTERACTION_PERIODS, rule=row(1))


def define_party_cost_within_limit(m: pyo.ConcreteModel) -> None:
    """party_cost[p] <= max_cost[p] for every party with a cost limit."""
    if not len(m.MAX_COST_KEYS):
        return
    m.party_cost_within_limit = pyo.Constraint(
        m.MAX_COST_KEYS, rule=lambda m, p: m.party_cost[p] <= m.max_cost[p]
    )


def define_party_benefit_meets_minimum(m: pyo.ConcreteModel) -> None:
    """party_benefit[p] >= min_benefit[p] for every party with a benefit minimum."""
    if not len(m.MIN_BENEFIT_KEYS):
        return
    m.party_benefit_meets_minimum = pyo.Constraint(
        m.MIN_BENEFIT_KEYS, rule=lambda m, p: m.party_benefit[p] >= m.min_benefit[p]
    )


def define_party_net_meets_minimum(m: pyo.ConcreteModel) -> None:
    """party_benefit[p] - party_cost[p] >= min_net[p] for every party with a net minimum."""
    if not len(m.MIN_NET_KEYS):
        return
    m.party_net_meets_minimum = pyo.Constraint(
        m.MIN_NET_KEYS, rule=lambda m, p: m.party_net[p] >= m.min_net[p]
    )


DEFINITIONS: tuple[Callable[[pyo.ConcreteModel], None], ...] = (
    define_one_option_per_activity,
    define_start_when_chosen,
    define_interaction_when_both_active,
    define_interaction_only_if_both_active,
    define_party_cost_within_limit,
    define_party_benefit_meets_minimum,
    define_party_net_meets_minimum,
)
