"""A built model kept alive with its persistent HiGHS solver, for fast re-solves of changed data."""

from __future__ import annotations

import time

from planner.model.build import build_model, update_params
from planner.model.data import model_data, updated_model_data
from planner.model.derived import Derived
from planner.model.highs import HighsSolver
from planner.model.lexicographic import solve_stages
from planner.model.objectives import define_objective_stages
from planner.model.solve import make_solution, resolve_limits, resolve_objective
from planner.model_size import check_model_size
from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions


class ModelSession:
    """Solve a scenario, then variants of it, re-using the model when only data changed.

    Held as mutable Params (updated in place): party limits and weights, risk_cap (when
    set in both), balance max_gap, capacity max_active, option hazards and timing
    multipliers (block and per-period hazards), interaction hazards, costs and benefits.
    Anything else rebuilds: periods, dates, durations, windows that move allowed starts,
    vetoes, rules, limits appearing or disappearing, a coefficient becoming zero or
    nonzero, or a different objective. Time limit and gap are read at every solve.

    Example::

        session = ModelSession(scenario, SolveOptions())
        first = session.solve()
        fast = session.update(dataclasses.replace(scenario, parties=new_parties))
        second = session.solve()
    """

    def __init__(self, scenario: Scenario, options: SolveOptions) -> None:
        self.options = options
        self.rebuilds = 0
        self._build(scenario)

    def _build(self, scenario: Scenario) -> None:
        check_model_size(scenario, self.options.max_model_size)
        self.scenario = scenario
        self.objective = resolve_objective(scenario.settings, self.options)
        self.data = model_data(scenario, Derived(scenario))
        self.model = build_model(scenario, data=self.data)
        self.stages = define_objective_stages(self.model, self.objective, self.options.tie_break)
        limits = resolve_limits(scenario.settings, self.options)
        self.solver = HighsSolver(
            self.model, threads=limits.threads, random_seed=limits.random_seed
        )

    def update(self, scenario: Scenario) -> bool:
        """Switch to ``scenario``: True when updated in place, False when the model was rebuilt."""
        data = updated_model_data(self.scenario, self.data, scenario)
        objective = resolve_objective(scenario.settings, self.options)
        if objective == self.objective and data.structure == self.data.structure:
            update_params(self.model, data.values, self.data.values)
            self.model.planner_data = data
            self.scenario, self.data = scenario, data
            return True
        self.rebuilds += 1
        self._build(scenario)
        return False

    def solve(self) -> Solution:
        """Solve the current scenario (persistent: only changed Params travel to HiGHS)."""
        tick = time.perf_counter()
        limits = resolve_limits(self.scenario.settings, self.options)
        outcome = solve_stages(self.solver, self.model, self.stages, limits)
        return make_solution(
            self.model, self.objective, outcome, self.solver.version, time.perf_counter() - tick
        )
