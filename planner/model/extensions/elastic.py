"""Elastic model for diagnosis (non-negative slack on every limit, balance row and the risk cap) and pure feasibility solves.

Built on ``planner.model.build.build_model``: the soft rows it defines
(``party_cost_within_limit``, ``party_benefit_meets_minimum``, ``party_net_meets_minimum``,
``balance_*_within_gap``, ``total_hazard_within_cap``) are deactivated and replaced by
elastic twins with a slack each; everything else (one option per activity, starts,
rules, vetoes, capacities) stays hard.

Slack keys follow ``planner.analysis.items``: ``(kind, key)`` with kind ``max_cost``,
``min_benefit``, ``min_net`` (key = party id), ``balance`` (key = the Balance row's
0-based index as text) or ``risk_cap`` (key ``risk_cap``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyomo.core as pyo

from planner.model.build import build_model
from planner.model.highs import HighsSolver
from planner.model.solve import resolve_limits
from planner.scenario import Scenario
from planner.solution import SolveOptions, Status

SlackKey = tuple[str, str]

_SOFT_ROWS = (
    "party_cost_within_limit",
    "party_benefit_meets_minimum",
    "party_net_meets_minimum",
    "balance_a_minus_b_within_gap",
    "balance_b_minus_a_within_gap",
    "total_hazard_within_cap",
)


@dataclass(frozen=True)
class ElasticOutcome:
    """Result of the elastic model.

    Attributes:
        status: solver status of the elastic model (infeasible = the hard constraints conflict).
        value: the optimum ``sum_i w_i * slack_i`` (None without a solution).
        slack: slack per ``(kind, key)`` (only soft items that exist in the scenario).
        message: solver note.
    """

    status: Status
    value: float | None = None
    slack: dict[SlackKey, float] = field(default_factory=dict)
    message: str = ""


def run_limits(scenario: Scenario, options: SolveOptions) -> tuple[float, float]:
    """(time limit, relative gap) of one solve: the options' values, else the workbook's."""
    limits = resolve_limits(scenario.settings, options)
    return float(limits.time_limit_s), float(limits.mip_gap)


def solver_for(m: pyo.ConcreteModel, options: SolveOptions) -> HighsSolver:
    """A persistent HiGHS solver for ``m`` with the options' threads and seed."""
    return HighsSolver(m, threads=options.threads, random_seed=options.random_seed)


def feasibility(scenario: Scenario, options: SolveOptions) -> Status:
    """Whether any package satisfies every constraint (constant objective: stops at the first)."""
    m = build_model(scenario)
    m.feasibility_objective = pyo.Objective(expr=0.0)
    time_limit, gap = run_limits(scenario, options)
    return (
        solver_for(m, options)
        .run(m.feasibility_objective, time_limit=time_limit, mip_gap=gap)
        .status
    )


def add_elastic(m: pyo.ConcreteModel, weights: Mapping[SlackKey, float]) -> dict[SlackKey, pyo.Var]:
    """Deactivate the soft rows of a built model and add their elastic twins.

    Rows added (slack >= 0):
    ``party_cost[p] - slack <= max_cost[p]``; ``party_benefit[p] + slack >= min_benefit[p]``;
    ``party_net[p] + slack >= min_net[p]``; ``+-(net[a] - net[b]) - slack <= max_gap[k]``;
    ``total_hazard - slack <= risk_cap``; objective ``min sum w * slack`` (weight 1 when a
    key is missing from ``weights``).

    Returns:
        The slack variable of each soft item.
    """
    for name in _SOFT_ROWS:
        if hasattr(m, name):
            getattr(m, name).deactivate()
    keys = _soft_keys(m)
    m.ELASTIC_ITEMS = pyo.Set(initialize=keys, dimen=2, ordered=True)
    m.elastic_slack = pyo.Var(m.ELASTIC_ITEMS, domain=pyo.NonNegativeReals)
    m.elastic_row = pyo.ConstraintList()
    for kind, key in keys:
        for row in _elastic_rows(m, kind, key, m.elastic_slack[kind, key]):
            m.elastic_row.add(row)
    m.minimise_weighted_relaxation = pyo.Objective(
        expr=sum(weights.get(k, 1.0) * m.elastic_slack[k] for k in keys)
    )
    return {k: m.elastic_slack[k] for k in keys}


def _soft_keys(m: pyo.ConcreteModel) -> list[SlackKey]:
    s = m.planner_data.structure
    keys = [("max_cost", p) for p in s.max_cost_parties]
    keys += [("min_benefit", p) for p in s.min_benefit_parties]
    keys += [("min_net", p) for p in s.min_net_parties]
    keys += [("balance", str(k)) for k, _, _ in s.balances]
    if s.has_risk_cap:
        keys.append(("risk_cap", "risk_cap"))
    return keys


def _elastic_rows(m: pyo.ConcreteModel, kind: str, key: str, slack: pyo.Var) -> list[object]:
    if kind == "max_cost":
        return [m.party_cost[key] - slack <= m.max_cost[key]]
    if kind == "min_benefit":
        return [m.party_benefit[key] + slack >= m.min_benefit[key]]
    if kind == "min_net":
        return [m.party_net[key] + slack >= m.min_net[key]]
    if kind == "risk_cap":
        return [m.total_hazard - slack <= m.risk_cap]
    k = int(key)
    _, a, b = next(row for row in m.planner_data.structure.balances if row[0] == k)
    gap = m.party_net[a] - m.party_net[b]
    return [gap - slack <= m.max_gap[k], -gap - slack <= m.max_gap[k]]


def solve_elastic(
    scenario: Scenario, weights: Mapping[SlackKey, float], options: SolveOptions
) -> ElasticOutcome:
    """Minimise the weighted relaxation of the soft constraints of ``scenario``.

    Args:
        scenario: the scenario.
        weights: weight per soft item (see the module docstring for keys).
        options: time limit, gap, threads and seed (blank = the workbook's settings).

    Returns:
        The status, optimum and slacks.
    """
    m = build_model(scenario)
    slacks = add_elastic(m, weights)
    solver = solver_for(m, options)
    time_limit, gap = run_limits(scenario, options)
    run = solver.run(m.minimise_weighted_relaxation, time_limit=time_limit, mip_gap=gap)
    if not run.status.has_package:
        return ElasticOutcome(run.status, message=run.message or run.termination)
    solver.load(list(slacks.values()))
    values = {k: max(0.0, float(pyo.value(v))) for k, v in slacks.items()}
    return ElasticOutcome(
        run.status, float(pyo.value(m.minimise_weighted_relaxation)), values, run.message
    )
