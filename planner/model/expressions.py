"""Variables and named expressions of the model (act terms, party totals, hazards), and row helpers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TypeVar

import pyomo.core as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

T = TypeVar("T")


def kept_on_model(m: pyo.ConcreteModel, name: str, compute: Callable[[], T]) -> T:
    """``m.<name>``, computed by ``compute()`` on first use and kept on the model.

    For layouts derived from components that do not change after the build (the package's
    variables, H_t's terms, the interaction rows' sides).
    """
    kept = getattr(m, name, None)
    if kept is None:
        kept = compute()
        setattr(m, name, kept)
    return kept


def define_variables(m: pyo.ConcreteModel) -> None:
    """choose[a,o] (vetoed: bounds 0..0), start[a,o,s] binary; both_active[i,t] >= 0; act terms."""
    vetoed = set(m.planner_data.structure.vetoed)
    m.choose = pyo.Var(
        m.CHOICES, domain=pyo.Binary, bounds=lambda m, a, o: (0, 0) if (a, o) in vetoed else (0, 1)
    )
    m.start = pyo.Var(m.STARTS, domain=pyo.Binary)
    m.both_active = pyo.Var(m.INTERACTION_PERIODS, domain=pyo.NonNegativeReals)
    s = m.planner_data.structure
    duration = m.planner_data.durations
    choose, start = dict(m.choose.items()), dict(m.start.items())
    act: dict[tuple[str, str, int], list] = defaultdict(list)
    for a, o in s.always:
        v = choose[a, o]
        for t in s.periods:
            act[a, o, t].append(v)
    for key in s.starts:
        a, o, st = key
        v = start[key]
        for t in range(st, st + duration[a, o]):
            act[a, o, t].append(v)
    baseline_of_stop = {(a, o): base for a, o, base in s.stops}
    for key in s.starts:
        base = baseline_of_stop.get(key[:2])
        if base is not None:
            for t in range(1, key[2]):
                act[key[0], base, t].append(start[key])  # the baseline runs until the freeze
    m.planner_act = dict(act)


def act_vars(m: pyo.ConcreteModel, options: tuple[tuple[str, str], ...], t: int) -> list:
    """Variables whose sum is 1 when one of ``options`` is active in period t."""
    act = m.planner_act
    return [v for a, o in options for v in act.get((a, o, t), ())]


def linear(coefs: list, variables: list) -> LinearExpression:
    """sum_i coefs[i] * variables[i] as one LinearExpression (the fast way to build rows).

    A term with the integer coefficient 1 is the bare variable (no MonomialTermExpression
    node): Pyomo reads it as coefficient 1, so the row HiGHS gets is the same, and both
    building and walking the row (transfer) visit a third of the nodes.
    """
    return LinearExpression(
        [
            v if c.__class__ is int and c == 1 else MonomialTermExpression((c, v))
            for c, v in zip(coefs, variables, strict=True)
        ]
    )


def total(variables: list) -> LinearExpression:
    """sum_i variables[i] as one LinearExpression of bare variables (coefficients 1)."""
    return LinearExpression(list(variables))


def money_terms(m: pyo.ConcreteModel, name: str) -> list[tuple[str, object, object]]:
    """(party, coefficient, variable) of every term of the parties' ``cost`` or ``benefit`` (SPEC 2.3).

    A once-off option counts value * choose[a,o]; a ``per_period`` one value * periods in
    force: on choose[a,o] for a fixed count, per start s for a stop (T - s + 1).
    """
    s = m.planner_data.structure
    per_period = {(a, o): terms for a, o, terms in s.per_period}
    choose, start = m.choose, m.start
    out: list[tuple[str, object, object]] = []
    for (p, a, o), coef in getattr(m, name).items():
        for n, st in per_period.get((a, o), ((1, None),)):
            out.append(
                (p, coef if n == 1 else n * coef, choose[a, o] if st is None else start[a, o, st])
            )
    return out


def _by_party(parties: tuple[str, ...], terms: list) -> dict[str, tuple[list, list]]:
    out: dict[str, tuple[list, list]] = {p: ([], []) for p in parties}
    for p, coef, var in terms:
        out[p][0].append(coef)
        out[p][1].append(var)
    return out


def define_expressions(m: pyo.ConcreteModel) -> None:
    """party_cost/benefit/net[p], total_hazard, weighted_cost (named Expressions).

    ``period_hazard[t]`` is built on first use (:func:`define_period_hazard`).
    """
    s = m.planner_data.structure
    costs = money_terms(m, "cost")
    cost_terms = _by_party(s.parties, costs)
    benefit_terms = _by_party(s.parties, money_terms(m, "benefit"))
    m.party_cost = pyo.Expression(m.PARTIES, rule=lambda m, p: linear(*cost_terms[p]))
    m.party_benefit = pyo.Expression(m.PARTIES, rule=lambda m, p: linear(*benefit_terms[p]))
    net = {
        p: linear(
            benefit_terms[p][0] + [-c for c in cost_terms[p][0]],
            benefit_terms[p][1] + cost_terms[p][1],
        )
        for p in s.parties
    }
    m.party_net = pyo.Expression(m.PARTIES, rule=lambda m, p: net[p])
    m.total_hazard = pyo.Expression(expr=linear(*total_hazard_terms(m)))
    weighted: tuple[list, list] = ([], [])
    for p, coef, var in costs:
        weighted[0].append(m.party_weight[p] * coef)
        weighted[1].append(var)
    m.weighted_cost = pyo.Expression(expr=linear(*weighted))


def define_period_hazard(m: pyo.ConcreteModel) -> None:
    """period_hazard[t] (H_t) as named Expressions, built once, when a row or objective needs it.

    Only the min_peak objective's rows refer to H_t. It is the largest of the model's
    expressions (one term per period an option can be active in, per variable that makes
    it active: at 1,000 activities 192k terms, two fifths of all the model's terms and
    objects), so the other objectives' models do without it; the read-back evaluates H_t
    from the same terms (``planner.model.readback.period_hazard_values``).
    """
    if m.component("period_hazard") is not None:
        return
    periods = period_hazard_terms(m)
    m.period_hazard = pyo.Expression(m.PERIODS, rule=lambda m, t: linear(*periods[t]))


def period_hazard_groups(m: pyo.ConcreteModel) -> Iterator[tuple[int, object, list]]:
    """(t, coefficient, variables) groups of H_t's terms, in term order.

    H_t = sum active_hazard[a,o,t] * act(a,o,t) + sum_i interaction_hazard[i] * both_active[i,t]:
    a group is one coefficient times each of its variables.
    """
    act = m.planner_act
    for (a, o, t), coef in m.active_hazard.items():
        variables = act.get((a, o, t))
        if variables:
            yield t, coef, variables
    interaction = dict(m.interaction_hazard.items())
    for (i, t), var in m.both_active.items():
        yield t, interaction[i], [var]


def period_hazard_terms(m: pyo.ConcreteModel) -> dict[int, tuple[list, list]]:
    """H_t's (coefficients, variables) for every period (see ``period_hazard_groups``)."""
    terms: dict[int, tuple[list, list]] = {t: ([], []) for t in m.PERIODS}
    for t, coef, variables in period_hazard_groups(m):
        coefs, into = terms[t]
        coefs += [coef] * len(variables)
        into += variables
    return terms


def total_hazard_terms(m: pyo.ConcreteModel) -> tuple[list, list]:
    """H = sum start_hazard * start + sum always_hazard * choose + interaction hazards (SPEC 2.2)."""
    start, choose = m.start, m.choose
    coefs: list = []
    variables: list = []
    for key, coef in m.start_hazard.items():
        coefs.append(coef)
        variables.append(start[key])
    for key, coef in m.always_hazard.items():
        coefs.append(coef)
        variables.append(choose[key])
    interaction = dict(m.interaction_hazard.items())
    for (i, _), var in m.both_active.items():
        coefs.append(interaction[i])
        variables.append(var)
    return coefs, variables
