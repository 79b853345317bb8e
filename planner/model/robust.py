"""The robust sample-average MIP of SPEC 6 on top of the nominal feasible set, and its lexicographic solve.

One package for all N draws: rules, vetoes, capacity and risk_cap as in the nominal model
(built by ``build_model``); the nominal party-limit and balance rows are deactivated and
replaced, per draw k, by ``coef[k] . x <= rhs[k] + M[k] (1 - accepted[k])`` with big-M values
derived from bounds and tightened for the draws needed (``planner.model.robust_data``), and
``sum_k accepted[k] >= need`` (``acceptance_target_met``; a model is built for one ``need``,
since its big-M values hold only for it). Objectives:
``mean``: ``(1/N) sum_k H_k``; ``cvar``: ``eta + sum_k excess[k] / ((1 - b) N)`` with
``excess[k] >= H_k - eta``. Ties: the least mean weighted cost, with the primary kept
within ``max(1e-6, 1e-7 |best|)``. No package meets the target: the largest number of
accepted draws is found by maximising ``sum_k accepted[k]`` on a model without the target.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np
import pyomo.core as pyo

from planner.gc_pause import gc_paused
from planner.model.build import build_model
from planner.model.expressions import linear
from planner.model.highs import HighsSolver, RunResult
from planner.model.lexicographic import Limits, stage_tolerance
from planner.model.readback import package_variables, read_package, round_package
from planner.model.robust_data import (
    RobustData,
    money_terms,
    term_coefficients,
    tightened_big_m,
)
from planner.scenario import Scenario
from planner.solution import Choice, Status

NOMINAL_ACCEPTANCE_ROWS = (
    "party_cost_within_limit",
    "party_benefit_meets_minimum",
    "party_net_meets_minimum",
    "balance_a_minus_b_within_gap",
    "balance_b_minus_a_within_gap",
)
HIGHS_OPTIONS = {"mip_feasibility_tolerance": 1e-9}
"""Tight integrality: accepted[k] = 1 - 1e-6 would let a row with M = 100 slip by 1e-4."""


@dataclass(frozen=True)
class RobustOutcome:
    """What the robust solve found (plain data; no Pyomo objects)."""

    status: Status
    choices: tuple[Choice, ...] = ()
    objective_value: float | None = None
    weighted_cost: float | None = None
    model_hazard: np.ndarray | None = None  # [N] H_k read from the model
    model_accepted: np.ndarray | None = None  # [N] accepted[k] read from the model
    best_acceptance: float | None = None  # infeasible target: the largest share reachable
    need: int | None = None  # in-sample draws the package was required to be accepted in
    bound: float | None = None
    gap: float | None = None
    build_seconds: float = 0.0
    highs_seconds: float = 0.0
    size: dict[str, int] = field(default_factory=dict)
    stages: tuple[str, ...] = ()


def _var(m: pyo.ConcreteModel, key: tuple[str, str, int | None]) -> pyo.Var:
    a, o, s = key
    return m.choose[a, o] if s is None else m.start[a, o, s]


def define_acceptance(
    m: pyo.ConcreteModel, data: RobustData, big_m: tuple[np.ndarray, ...], need: int
) -> None:
    """accepted[k] binary; each row ``coef . x + M accepted[k] <= rhs + M``; the joint target.

    A ``per_period`` stop enters the rows through one variable, its periods in force
    ``in_force[a,o] = sum_s (T - s + 1) start[a,o,s]`` (``money_terms``), not through each
    start: the rows of N draws then hold one coefficient per option.
    """
    m.SAMPLES = pyo.RangeSet(0, data.samples - 1)
    m.accepted = pyo.Var(m.SAMPLES, domain=pyo.Binary)
    for k in np.flatnonzero(data.impossible):
        m.accepted[int(k)].fix(0)
    terms = money_terms(data)
    folded = [t for t in terms if t.in_force]
    m.IN_FORCE = pyo.Set(initialize=[(t.activity, t.option) for t in folded], dimen=2)
    m.in_force = pyo.Var(m.IN_FORCE, domain=pyo.NonNegativeReals)
    m.in_force_counts_periods = pyo.ConstraintList()
    for t in folded:
        starts = [_var(m, data.money_columns[j]) for j in t.columns]
        body = linear(
            [1.0, *[-float(n) for n in t.times]], [m.in_force[t.activity, t.option], *starts]
        )
        m.in_force_counts_periods.add(body == 0)
        m.in_force[t.activity, t.option].setub(float(max(t.times)))
    variables = [
        m.in_force[t.activity, t.option]
        if t.in_force
        else _var(m, data.money_columns[t.columns[0]])
        for t in terms
    ]
    m.acceptance_rows = pyo.ConstraintList()
    for row, row_m in zip(data.rows, big_m, strict=True):
        coef = term_coefficients(row, terms)
        for k in np.flatnonzero(row_m > 0):
            if data.impossible[k]:
                continue
            nz = np.flatnonzero(coef[k])
            m_k = float(row_m[k])
            body = linear(
                [float(coef[k, j]) for j in nz] + [m_k],
                [variables[j] for j in nz] + [m.accepted[int(k)]],
            )
            m.acceptance_rows.add(body <= float(row.rhs[k]) + m_k)
    m.acceptance_target_met = pyo.Constraint(expr=sum(m.accepted.values()) >= need)


def hazard_terms(m: pyo.ConcreteModel, data: RobustData, weights: np.ndarray) -> tuple[list, list]:
    """``sum_k weights[k] H_k`` as (coefficients, variables)."""
    coefs = [float(c) for c in weights @ data.column_hazard]
    variables = [_var(m, key) for key in data.columns]
    inter = weights @ data.interaction_hazard if data.interaction_hazard.shape[1] else []
    for i, t in m.INTERACTION_PERIODS:
        coefs.append(float(inter[i]))
        variables.append(m.both_active[i, t])
    keep = [j for j, c in enumerate(coefs) if c != 0]
    return [coefs[j] for j in keep], [variables[j] for j in keep]


def define_objectives(m: pyo.ConcreteModel, data: RobustData) -> None:
    """robust_primary (mean or CVaR of H_k), robust_tie_break (mean weighted cost), max_acceptance."""
    n = data.samples
    if data.objective == "cvar":
        m.eta = pyo.Var(domain=pyo.Reals)
        m.excess = pyo.Var(m.SAMPLES, domain=pyo.NonNegativeReals)
        m.excess_covers_hazard = pyo.ConstraintList()
        for k in range(n):
            coefs, variables = hazard_terms(m, data, np.eye(n)[k])
            body = linear([1, 1, *[-c for c in coefs]], [m.excess[k], m.eta, *variables])
            m.excess_covers_hazard.add(body >= 0)
        scale = 1.0 / ((1.0 - data.cvar_level) * n)
        primary = linear([1] + [scale] * n, [m.eta, *m.excess.values()])
    else:
        primary = linear(*hazard_terms(m, data, np.full(n, 1.0 / n)))
    m.robust_primary_value = pyo.Expression(expr=primary)
    m.robust_primary = pyo.Objective(expr=m.robust_primary_value, sense=pyo.minimize)
    cost = [
        (float(c), _var(m, key))
        for c, key in zip(data.weighted_cost, data.money_columns, strict=True)
        if c != 0
    ]
    m.robust_tie_break = pyo.Objective(
        expr=linear([c for c, _ in cost], [v for _, v in cost]) if cost else 0.0 * m.accepted[0],
        sense=pyo.minimize,
    )
    m.max_acceptance = pyo.Objective(expr=sum(m.accepted.values()), sense=pyo.maximize)
    m.primary_best = pyo.Param(initialize=1e30, mutable=True, within=pyo.Reals)
    m.primary_within_best = pyo.Constraint(expr=m.robust_primary_value <= m.primary_best)
    for obj in (m.robust_primary, m.robust_tie_break, m.max_acceptance):
        obj.deactivate()


def _with_drawn_interactions(scenario: Scenario, data: RobustData) -> tuple[Scenario, list[int]]:
    """The scenario with a placeholder hazard 1 on interactions that are 0 as written but not in
    every draw (so that the model has their both_active variables), and their indices."""
    drawn = [
        i
        for i, inter in enumerate(scenario.interactions)
        if inter.hazard == 0 and np.any(data.interaction_hazard[:, i] != 0)
    ]
    if not drawn:
        return scenario, []
    rows = list(scenario.interactions)
    for i in drawn:
        rows[i] = replace(rows[i], hazard=1.0)
    return replace(scenario, interactions=tuple(rows)), drawn


def build_robust_model(scenario: Scenario, data: RobustData, need: int) -> pyo.ConcreteModel:
    """The nominal feasible set without its party-limit and balance rows, plus the draws' rows,
    with big-M values valid for every package accepted in at least ``need`` draws."""
    with gc_paused():
        shaped, placeholders = _with_drawn_interactions(scenario, data)
        m = build_model(shaped)
        for i in placeholders:
            m.interaction_hazard[i] = 0.0  # the workbook's value: nominal H (risk_cap) stays exact
        for name in NOMINAL_ACCEPTANCE_ROWS:
            if hasattr(m, name):
                getattr(m, name).deactivate()
        define_acceptance(m, data, tightened_big_m(data, need), need)
        define_objectives(m, data)
    return m


def _model_hazard(m: pyo.ConcreteModel, data: RobustData) -> np.ndarray:
    """[N] H_k of the loaded package: column hazards and interaction hazards times variable values."""
    x = np.array([_var(m, key).value or 0.0 for key in data.columns])
    both = np.zeros(data.interaction_hazard.shape[1])
    for i, t in m.INTERACTION_PERIODS:
        both[i] += m.both_active[i, t].value or 0.0
    return data.column_hazard @ x + data.interaction_hazard @ both


def _load(solver: HighsSolver, m: pyo.ConcreteModel) -> None:
    extra = [m.eta, *m.excess.values()] if hasattr(m, "eta") else []
    solver.load([*package_variables(m), *m.accepted.values(), *extra])
    round_package(m)


def _size(solver: HighsSolver) -> dict[str, int]:
    h = solver._highs()
    return {
        "rows": int(h.getNumRow()),
        "columns": int(h.getNumCol()),
        "nonzeros": int(h.getNumNz()),
    }


def solve_robust(scenario: Scenario, data: RobustData, limits: Limits) -> RobustOutcome:
    """Build and solve the robust MIP lexicographically; never raises on infeasible or time-out.

    The draws needed are ``data.need_with_margin``; when no package reaches them but the
    plain target (``data.need``) is reachable, the most accepted draws any package reaches
    are needed instead (``RobustOutcome.need``).
    """
    tick = time.perf_counter()
    m = build_robust_model(scenario, data, data.need_with_margin)
    build = time.perf_counter() - tick
    solver = _solver(m, limits)
    first = solver.run(m.robust_primary, time_limit=limits.time_limit_s, mip_gap=limits.mip_gap)
    stages = [f"minimise {data.objective} hazard: {_describe(first)}"]
    if first.status.has_package:
        return _finish(m, solver, data, limits, first, data.need_with_margin, tick, build, stages)
    highs = first.highs_seconds
    best = None
    if first.status is Status.INFEASIBLE:
        best, seconds = _most_accepted(scenario, data, limits, stages)
        highs += seconds
    if best is not None and best >= data.need and best < data.need_with_margin:
        tick = time.perf_counter()
        m = build_robust_model(scenario, data, best)
        build += time.perf_counter() - tick
        solver = _solver(m, limits)
        first = solver.run(m.robust_primary, time_limit=limits.time_limit_s, mip_gap=limits.mip_gap)
        stages.append(f"minimise {data.objective} hazard with {best} draws: {_describe(first)}")
        if first.status.has_package:
            out = _finish(m, solver, data, limits, first, best, tick, build, stages)
            return replace(out, highs_seconds=out.highs_seconds + highs)
    return RobustOutcome(
        status=first.status,
        best_acceptance=None if best is None else best / data.samples,
        build_seconds=build,
        highs_seconds=highs,
        size=_size(solver),
        stages=tuple(stages),
    )


def _solver(m: pyo.ConcreteModel, limits: Limits) -> HighsSolver:
    return HighsSolver(
        m, threads=limits.threads, random_seed=limits.random_seed, options=HIGHS_OPTIONS
    )


def _finish(
    m: pyo.ConcreteModel,
    solver: HighsSolver,
    data: RobustData,
    limits: Limits,
    first: RunResult,
    need: int,
    tick: float,
    build: float,
    stages: list[str],
) -> RobustOutcome:
    """The tie-break stage after a package was found, and the outcome read from the model."""
    _load(solver, m)
    highs = first.highs_seconds
    primary = pyo.value(m.robust_primary_value)
    kept = [(v, v.value) for v in [*package_variables(m), *m.accepted.values()]]
    left = limits.time_limit_s - (time.perf_counter() - tick)
    if first.status is Status.OPTIMAL and left > 0.01:
        best = max(primary, first.incumbent if first.incumbent is not None else primary)
        m.primary_best = best + stage_tolerance(best)
        second = solver.run(
            m.robust_tie_break, time_limit=left, mip_gap=limits.mip_gap, warm_start=True
        )
        highs += second.highs_seconds
        stages.append(f"minimise mean weighted cost: {_describe(second)}")
        if second.status.has_package:
            _load(solver, m)
        else:
            for v, value in kept:
                v.set_value(value, skip_validation=True)
    return RobustOutcome(
        status=first.status,
        choices=read_package(m).choices,
        objective_value=float(pyo.value(m.robust_primary_value)),
        weighted_cost=float(pyo.value(m.robust_tie_break)),
        model_hazard=_model_hazard(m, data),
        model_accepted=np.array([round(m.accepted[k].value or 0) for k in m.SAMPLES]),
        need=need,
        bound=first.bound,
        gap=first.gap,
        build_seconds=build,
        highs_seconds=highs,
        size=_size(solver),
        stages=tuple(stages),
    )


def _most_accepted(
    scenario: Scenario, data: RobustData, limits: Limits, stages: list[str]
) -> tuple[int | None, float]:
    """The largest number of draws any package gets accepted in (no target; the rows' own
    big-M), and HiGHS's seconds; None when no package exists or none was found in time."""
    m = build_robust_model(scenario, data, 0)
    solver = _solver(m, limits)
    run = solver.run(m.max_acceptance, time_limit=limits.time_limit_s, mip_gap=limits.mip_gap)
    stages.append(f"maximise accepted draws (no target): {_describe(run)}")
    if run.status is not Status.OPTIMAL:
        return None, run.highs_seconds
    _load(solver, m)
    return sum(round(m.accepted[k].value or 0) for k in m.SAMPLES), run.highs_seconds


def _describe(run: RunResult) -> str:
    value = "" if run.incumbent is None else f", value {run.incumbent:.10g}"
    return f"{run.status.value}{value}, HiGHS {run.highs_seconds:.3f} s"
