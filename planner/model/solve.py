"""Public solve entry points: a scenario to a Solution, and a built model to a status and values."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import pyomo.core as pyo

from planner.model.build import BuildTimeout, build_model
from planner.model.derived import Derived
from planner.model.highs import HighsSolver
from planner.model.lexicographic import LexOutcome, Limits, solve_stages
from planner.model.objectives import define_objective_stages
from planner.model.readback import (
    PackageValues,
    package_variables,
    read_package,
    round_package,
)
from planner.model_size import check_model_size
from planner.scenario import Scenario, Settings
from planner.solution import Solution, SolveOptions, Status


def resolve_limits(settings: Settings, options: SolveOptions) -> Limits:
    """SolveOptions with None fields filled from the scenario's Settings."""
    return Limits(
        time_limit_s=settings.time_limit_s
        if options.time_limit_s is None
        else options.time_limit_s,
        mip_gap=settings.mip_gap if options.mip_gap is None else options.mip_gap,
        threads=options.threads,
        random_seed=options.random_seed,
    )


def resolve_objective(settings: Settings, options: SolveOptions) -> str:
    """The objective to use: the option's, else the workbook's."""
    return options.objective or settings.objective


def solve_scenario(scenario: Scenario, options: SolveOptions) -> Solution:
    """Build, solve (lexicographically, SPEC 2.4) and read back one scenario.

    Never raises on an infeasible scenario or on the time limit; raises ``InputError`` for
    an objective the scenario cannot support and ``PlannerError`` on a solver failure.
    """
    tick = time.perf_counter()
    check_model_size(scenario, options.max_model_size)
    objective = resolve_objective(scenario.settings, options)
    limits = resolve_limits(scenario.settings, options)
    try:
        m = build_model(scenario, Derived(scenario), deadline=tick + limits.time_limit_s)
    except BuildTimeout:
        return _out_of_time(objective, limits.time_limit_s, time.perf_counter() - tick)
    stages = define_objective_stages(m, objective, options.tie_break)
    solver = HighsSolver(m, threads=limits.threads, random_seed=limits.random_seed)
    spent = time.perf_counter() - tick
    if spent >= limits.time_limit_s:  # no time left to hand the model to HiGHS at all
        return _out_of_time(objective, limits.time_limit_s, spent, solver.version)
    limits, note = within_time_limit(limits, spent)
    outcome = solve_stages(solver, m, stages, limits)
    solution = make_solution(m, objective, outcome, solver.version, time.perf_counter() - tick)
    return replace(solution, message="; ".join(x for x in (note, solution.message) if x))


def _out_of_time(objective: str, limit: float, spent: float, solver: str = "HiGHS") -> Solution:
    """``no_solution``: the time limit ran out while building the model, before HiGHS ran."""
    note = _late(spent, limit)
    return Solution(
        status=Status.NO_SOLUTION,
        objective=objective,
        solve_seconds=spent,
        solver=solver,
        message=note,
        stages=(f"stage 1: skipped ({note})",),
    )


def _late(spent: float, limit: float) -> str:
    return f"time limit reached while building the model ({spent:.1f} s of {limit:g} s)"


def within_time_limit(limits: Limits, spent: float) -> tuple[Limits, str]:
    """The limits for HiGHS when ``spent`` seconds of the time limit went to building the model.

    The time limit covers the whole solve (build, transfer and every stage); a build that
    used it all leaves HiGHS a token millisecond, and the note says why.
    """
    left = limits.time_limit_s - spent
    note = _late(spent, limits.time_limit_s) if left <= 0 else ""
    return replace(limits, time_limit_s=max(left, 1e-3)), note


def make_solution(
    m: pyo.ConcreteModel, objective: str, outcome: LexOutcome, solver: str, seconds: float
) -> Solution:
    """A Solution from the model's loaded package and the stages' outcome."""
    notes = [n for n in dict.fromkeys(r.note for r in outcome.stages) if n]
    common = {
        "status": outcome.status,
        "objective": objective,
        "solve_seconds": seconds,
        "highs_seconds": outcome.highs_seconds,
        "solver": solver,
        "stages": tuple(str(r) for r in outcome.stages),
        "message": "; ".join(notes),
    }
    if not outcome.status.has_package:
        return Solution(**common)  # type: ignore[arg-type]
    package = read_package(m)
    return Solution(
        objective_value=outcome.primary,
        bound=outcome.first.bound,
        gap=outcome.first.gap,
        choices=package.choices,
        model_total_hazard=package.total_hazard,
        model_period_hazard=package.period_hazard,
        model_party_cost=package.party_cost,
        model_party_benefit=package.party_benefit,
        **common,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class ModelOutcome:
    """Status and values of one solve of a built model for one objective expression."""

    status: Status
    value: float | None
    bound: float | None
    gap: float | None
    highs_seconds: float
    package: PackageValues | None


def solve_expression(
    m: pyo.ConcreteModel,
    expr: object,
    *,
    maximise: bool = False,
    limits: Limits,
    solver: HighsSolver | None = None,
) -> tuple[ModelOutcome, HighsSolver]:
    """Solve a built model for any linear objective expression (decision-analysis helper).

    The expression becomes ``m.analysis_objective`` (replacing an earlier one). Pass the
    returned solver back in to re-solve persistently after changing mutable Params.

    Returns:
        The outcome (package loaded into the model when there is one) and the solver.
    """
    if hasattr(m, "analysis_objective"):
        m.del_component("analysis_objective")
    sense = pyo.maximize if maximise else pyo.minimize
    m.analysis_objective = pyo.Objective(expr=expr, sense=sense)
    m.analysis_objective.deactivate()
    solver = solver or HighsSolver(m, threads=limits.threads, random_seed=limits.random_seed)
    run = solver.run(m.analysis_objective, time_limit=limits.time_limit_s, mip_gap=limits.mip_gap)
    package = None
    value = None
    if run.status.has_package:
        solver.load(package_variables(m))
        round_package(m)
        package = read_package(m)
        value = float(pyo.value(expr))
    outcome = ModelOutcome(run.status, value, run.bound, run.gap, run.highs_seconds, package)
    return outcome, solver
