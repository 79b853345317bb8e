"""The limit value at which a strictly better package first becomes feasible (the end of a limit's "same package" range).

For a package P that is optimal under a party limit, with primary objective value v(P),
P stays optimal while no feasible package Q has a better primary value. Relaxing a
``max_cost`` limit of party p to L admits every Q with ``cost_p(Q) <= L``, so P stays
optimal exactly for L below

    L* = min { cost_p(Q) : Q satisfies every other constraint, primary(Q) better than v(P) }

(and ``max`` of benefit/net for ``min_benefit``/``min_net``). :class:`BetterProbe` solves
that one MIP directly, which gives the end of the range exactly instead of by bisection.
One model serves every limit: the studied limit's mutable Param is set to +-1e30 (no
bound for HiGHS) while it is studied, and the "strictly better" row has a mutable bound.
"""

from __future__ import annotations

import pyomo.core as pyo

from planner.model.build import build_model
from planner.model.derived import Derived
from planner.model.highs import HighsSolver
from planner.model.objectives import UNBOUNDED, define_objective_stages
from planner.model.solve import resolve_limits, solve_expression
from planner.scenario import Scenario
from planner.solution import SolveOptions, Status

USAGE = {"max_cost": "party_cost", "min_benefit": "party_benefit", "min_net": "party_net"}
"""Limit kind -> the party expression it bounds."""


class BetterProbe:
    """Extreme usage of a party among packages strictly better than a given primary value."""

    def __init__(self, scenario: Scenario, objective: str, options: SolveOptions) -> None:
        self.limits = resolve_limits(scenario.settings, options)
        m = build_model(scenario, Derived(scenario))
        stage = define_objective_stages(m, objective, tie_break=False)[0]
        self.maximise = stage.maximise
        m.analysis_better_bound = pyo.Param(
            initialize=-UNBOUNDED if self.maximise else UNBOUNDED, mutable=True, within=pyo.Reals
        )
        quantity = stage.objective.expr
        if self.maximise:
            m.analysis_strictly_better = pyo.Constraint(expr=quantity >= m.analysis_better_bound)
        else:
            m.analysis_strictly_better = pyo.Constraint(expr=quantity <= m.analysis_better_bound)
        self.m = m
        self.solver = HighsSolver(
            m, threads=self.limits.threads, random_seed=self.limits.random_seed
        )

    def extreme(self, kind: str, party: str, threshold: float) -> tuple[Status, float | None]:
        """The least cost (largest benefit / net) of ``party`` among packages better than ``threshold``.

        Args:
            kind: ``max_cost``, ``min_benefit`` or ``min_net`` (the party must have that limit).
            party: the party whose limit is studied; that limit is lifted for this solve.
            threshold: a package is better when its primary value is ``<= threshold``
                (``>=`` for ``max_min_net``); the caller subtracts its tie tolerance.

        Returns:
            The status and, with a package, the extreme usage ``L*`` (infeasible: no
            package is better, so the limit can move without end).
        """
        limit = getattr(self.m, kind)[party]
        kept = pyo.value(limit)
        limit.set_value(UNBOUNDED if kind == "max_cost" else -UNBOUNDED)
        self.m.analysis_better_bound.set_value(threshold)
        try:
            usage = getattr(self.m, USAGE[kind])[party]
            outcome, _ = solve_expression(
                self.m, usage, maximise=kind != "max_cost", limits=self.limits, solver=self.solver
            )
        finally:
            limit.set_value(kept)
            self.m.analysis_better_bound.set_value(-UNBOUNDED if self.maximise else UNBOUNDED)
        return outcome.status, outcome.value
