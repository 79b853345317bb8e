"""The limit value at which a strictly better package first becomes feasible (the end of a limit's "same package" range).

For a package P that is optimal under a party limit, with primary objective value v(P),
P stays optimal while no feasible package Q has a better primary value. Relaxing a
``max_cost`` limit of party p to L admits every Q with ``cost_p(Q) <= L``, so P stays
optimal exactly for L below

    L* = min { cost_p(Q) : Q satisfies every other constraint, primary(Q) better than v(P) }

(and ``max`` of benefit/net for ``min_benefit``/``min_net``). This module solves that one
MIP directly, which gives the end of the range exactly instead of by bisection.
"""

from __future__ import annotations

import pyomo.environ as pyo

from planner.model.build import build_model
from planner.model.objectives import define_objective_stages
from planner.model.solve import resolve_limits, solve_expression
from planner.scenario import Scenario
from planner.solution import SolveOptions, Status

USAGE = {"max_cost": "party_cost", "min_benefit": "party_benefit", "min_net": "party_net"}
"""Limit kind -> the party expression it bounds."""


def first_better(
    scenario: Scenario,
    objective: str,
    kind: str,
    party: str,
    threshold: float,
    options: SolveOptions,
) -> tuple[Status, float | None]:
    """The least cost (largest benefit / net) of party ``party`` among strictly better packages.

    Args:
        scenario: the scenario WITHOUT the limit being studied (the caller removes it).
        objective: the primary objective (``min_risk``, ``min_peak``, ``max_min_net``).
        kind: ``max_cost``, ``min_benefit`` or ``min_net``.
        party: the party whose limit is studied.
        threshold: a package is better when its primary value is ``<= threshold``
            (``>=`` for ``max_min_net``); the caller subtracts its tie tolerance.
        options: time limit, gap, threads and seed.

    Returns:
        The status and, with a package, the extreme usage ``L*`` (infeasible: no package
        is better, so the limit can move without end).
    """
    m = build_model(scenario)
    stage = define_objective_stages(m, objective, tie_break=False)[0]
    quantity = stage.objective.expr
    if stage.maximise:
        m.analysis_strictly_better = pyo.Constraint(expr=quantity >= threshold)
    else:
        m.analysis_strictly_better = pyo.Constraint(expr=quantity <= threshold)
    usage = getattr(m, USAGE[kind])[party]
    limits = resolve_limits(scenario.settings, options)
    outcome, _ = solve_expression(m, usage, maximise=kind != "max_cost", limits=limits)
    return outcome.status, outcome.value
