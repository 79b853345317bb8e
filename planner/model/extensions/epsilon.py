"""Epsilon-constraint solves of the trade-off between H and a measure (a party's cost, total cost, or the peak H_t).

Each point solves ``min H  s.t.  measure <= eps`` and then, lexicographically, the least
measure among those H-optimal packages (so every point is non-dominated), with all the
scenario's constraints. ``eps`` runs evenly from the least attainable measure to the
measure of the least-H package.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyomo.core as pyo

from planner.model.build import build_model
from planner.model.derived import Derived
from planner.model.highs import HighsSolver
from planner.model.lexicographic import Limits, solve_stages
from planner.model.objectives import (
    UNBOUNDED,
    Stage,
    define_objective_stages,
    define_peak_hazard,
    package_value,
)
from planner.model.readback import package_variables, round_package
from planner.model.solve import make_solution, resolve_limits
from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions, Status
from planner.tolerances import EPSILON_SLACK_REL, FRONTIER_FLAT_REL, FRONTIER_STEP_REL


@dataclass(frozen=True)
class Measure:
    """What H is traded against: ``kind`` is ``cost`` (of ``party``), ``total_cost`` or ``peak``."""

    kind: str
    party: str | None = None

    @property
    def label(self) -> str:
        """``cost:USA``, ``total_cost`` or ``peak``."""
        return f"cost:{self.party}" if self.kind == "cost" else self.kind


@dataclass(frozen=True)
class EpsilonSolve:
    """One epsilon solve: the bound, the package (objective ``min_risk``) and its measure."""

    eps: float
    solution: Solution
    measure: float | None


def _measure_expr(m: pyo.ConcreteModel, measure: Measure) -> object:
    if measure.kind == "cost":
        return m.party_cost[measure.party]
    if measure.kind == "total_cost":
        return sum(m.party_cost[p] for p in m.PARTIES)
    define_peak_hazard(m)
    return m.peak_hazard


def _measure_value(m: pyo.ConcreteModel, measure: Measure) -> float:
    if measure.kind == "peak":
        return package_value(m, "peak_hazard")
    return float(pyo.value(_measure_expr(m, measure)))


@dataclass(frozen=True)
class MeasureStage(Stage):
    """A lexicographic stage that minimises the measure (its value read from the package)."""

    measure: Measure = Measure("total_cost")

    def value(self, m: pyo.ConcreteModel) -> float:
        """The measure on the loaded package."""
        return _measure_value(m, self.measure)


class FrontierModel:
    """One built model with an ``eps`` Param on the measure, solved persistently."""

    def __init__(self, scenario: Scenario, options: SolveOptions, measure: Measure) -> None:
        self.measure = measure
        self.limits: Limits = resolve_limits(scenario.settings, options)
        m = build_model(scenario, Derived(scenario))
        self.m = m
        hazard_stage = define_objective_stages(m, "min_risk", tie_break=True)[0]
        self.expr = _measure_expr(m, measure)
        m.frontier_eps = pyo.Param(initialize=UNBOUNDED, mutable=True, within=pyo.Reals)
        m.frontier_measure_within_eps = pyo.Constraint(expr=self.expr <= m.frontier_eps)
        m.minimise_frontier_measure = pyo.Objective(expr=self.expr)
        m.minimise_frontier_measure.deactivate()
        stage = MeasureStage("frontier_measure", m.minimise_frontier_measure, False, measure)
        self.stages = [hazard_stage, stage]
        self.solver = HighsSolver(
            m, threads=self.limits.threads, random_seed=self.limits.random_seed
        )

    def least_measure(self) -> tuple[Status, float | None]:
        """The least attainable measure under every constraint (no bound on H)."""
        self.m.frontier_eps.set_value(UNBOUNDED)
        run = self.solver.run(
            self.m.minimise_frontier_measure,
            time_limit=self.limits.time_limit_s,
            mip_gap=self.limits.mip_gap,
        )
        if not run.status.has_package:
            return run.status, None
        self.solver.load(package_variables(self.m))
        round_package(self.m)
        return run.status, _measure_value(self.m, self.measure)

    def solve(self, eps: float | None) -> EpsilonSolve:
        """min H s.t. measure <= eps (None: no bound), then the least measure at that H."""
        bound = UNBOUNDED if eps is None else eps + EPSILON_SLACK_REL * max(1.0, abs(eps))
        self.m.frontier_eps.set_value(bound)
        tick = time.perf_counter()
        outcome = solve_stages(self.solver, self.m, self.stages, self.limits)
        sol = make_solution(
            self.m, "min_risk", outcome, self.solver.version, time.perf_counter() - tick
        )
        value = _measure_value(self.m, self.measure) if sol.status.has_package else None
        return EpsilonSolve(UNBOUNDED if eps is None else eps, sol, value)


def epsilon_solves(
    scenario: Scenario, options: SolveOptions, measure: Measure, points: int
) -> list[EpsilonSolve]:
    """``points`` epsilon solves from the least measure to the measure at the least H.

    Returns an empty list when the scenario has no package.
    """
    fm = FrontierModel(scenario, options, measure)
    status, low = fm.least_measure()
    if not status.has_package or low is None:
        return []
    top = fm.solve(None)
    if not top.solution.status.has_package or top.measure is None:
        return []
    high = top.measure
    if points <= 1 or high - low <= FRONTIER_FLAT_REL * max(1.0, abs(high)):
        return [fm.solve(high)]
    grid = [low + (high - low) * i / (points - 1) for i in range(points)]
    return [fm.solve(eps) for eps in grid]


def _step(value: float) -> float:
    return FRONTIER_STEP_REL * max(1.0, abs(value))


def exact_solves(
    scenario: Scenario, options: SolveOptions, measure: Measure, max_points: int = 1000
) -> tuple[list[EpsilonSolve], bool]:
    """Every non-dominated point, walking down from the least-H package.

    Each next solve bounds the measure just below the last point's (``min H s.t. measure <=
    m - step``, then the least measure at that H), so no breakpoint between two points can
    be skipped. Returns the solves and whether the walk is complete (every solve optimal,
    ended at the least attainable measure or an infeasible bound, under ``max_points``).
    """
    fm = FrontierModel(scenario, options, measure)
    status, low = fm.least_measure()
    if not status.has_package or low is None:
        return [], status is Status.INFEASIBLE
    current = fm.solve(None)
    out: list[EpsilonSolve] = []
    complete = True
    while current.solution.status.has_package and current.measure is not None:
        m = current.measure
        out.append(EpsilonSolve(m if not out else current.eps, current.solution, m))
        complete = complete and current.solution.status is Status.OPTIMAL
        if m <= low + _step(low):
            return out, complete
        if len(out) >= max_points:
            return out, False
        current = fm.solve(m - _step(m))
        if current.measure is not None and current.measure >= m:
            return out, False  # no progress: the step is below the solver's tolerance
    return out, complete and current.solution.status is Status.INFEASIBLE
