"""Objectives and their lexicographic tie-breaks, honest statuses, determinism and the solver adapter."""

from __future__ import annotations

import random
from dataclasses import replace

import pyomo.core as pyo
import pytest
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition

from benchmarks.synthetic import SIZES, generate
from planner.errors import InputError, PlannerError
from planner.model.build import build_model
from planner.model.expressions import define_period_hazard
from planner.model.highs import HighsSolver, map_status, process_threads
from planner.model.lexicographic import Limits, solve_stages
from planner.model.objectives import define_objective_stages
from planner.model.readback import expression_value, period_hazard_values
from planner.scenario import ALL, Party
from planner.solution import Status
from tests.support.builders import opt, picked, scenario, solve
from tests.support.cases import net_scenario, peak_scenario_least_risk, peak_with_tie_breaks
from tests.support.orlib import Knapsack, knapsack_scenario

pytestmark = pytest.mark.model


@pytest.mark.parametrize(("weight_b", "expected"), [(3.0, "freeze_a"), (1.0, "freeze_b")])
def test_min_risk_ties_broken_by_weighted_cost(weight_b: float, expected: str) -> None:
    """Both freezes give H 0; weighted cost: a = 1 x 2, b = weight_b x 1 -> a when weight_b = 3."""
    s = scenario(
        [
            opt("X", "keep", ALL, 4),
            opt("X", "freeze_a", cost={"A": 2}),
            opt("X", "freeze_b", cost={"B": 1}),
        ],
        parties=(Party("A"), Party("B", weight=weight_b)),
    )
    sol = solve(s)
    assert picked(sol) == {"X": expected}
    assert sol.objective_value == 0
    assert len(sol.stages) == 2 and sol.stages[1].startswith("minimise weighted_cost: optimal")


def test_min_peak_with_both_tie_breaks() -> None:
    """Library case peak_with_tie_breaks: peak 2.5, then least H 8.5, then least weighted cost: zc."""
    sol = solve(peak_with_tie_breaks())
    assert sol.objective == "min_peak"
    assert sol.objective_value == pytest.approx(2.5)
    assert max(sol.model_period_hazard) == pytest.approx(2.5)
    assert sol.model_total_hazard == pytest.approx(8.5)
    assert picked(sol) == {"X": "steady", "Y": "keep", "Z": "zc"}
    assert [s.split(":")[0] for s in sol.stages] == [
        "minimise peak_hazard",
        "minimise total_hazard",
        "minimise weighted_cost",
    ]


def test_min_risk_differs_from_min_peak() -> None:
    """The same scenario under min_risk: H 7.5 with X burst."""
    sol = solve(peak_scenario_least_risk())
    assert sol.objective_value == pytest.approx(7.5)
    assert picked(sol)["X"] == "burst" and picked(sol)["Z"] == "zc"


@pytest.mark.parametrize(
    ("cap", "expected", "value"), [(10, "alt", 1), (2, "alt", 1), (1.5, "keep", 0)]
)
def test_max_min_net_with_risk_cap(cap: float, expected: str, value: float) -> None:
    """Risk caps at 10 and 2 allow alt (H 2); a cap of 1.5 leaves only keep (value 0)."""
    sol = solve(net_scenario(cap))
    assert picked(sol) == {"X": expected}
    assert sol.objective_value == pytest.approx(value)


def test_max_min_net_requires_risk_cap() -> None:
    """SPEC 2.4: max_min_net without risk_cap is an input error, not a solve."""
    s = net_scenario(10)
    s = replace(s, settings=replace(s.settings, risk_cap=None))
    with pytest.raises(InputError, match="risk_cap"):
        solve(s)


def test_tie_break_off_runs_one_stage() -> None:
    """tie_break=False solves only the primary objective."""
    sol = solve(peak_scenario_least_risk(), objective="min_peak", tie_break=False)
    assert len(sol.stages) == 1
    assert sol.objective_value == pytest.approx(2.5)


@pytest.mark.parametrize("objective", ["min_risk", "min_peak", "max_min_net"])
def test_tie_break_never_worsens_primary(objective: str) -> None:
    """The primary on the final package equals the stage-1 primary within the stage tolerance."""
    s = replace(
        peak_scenario_least_risk(),
        settings=replace(peak_scenario_least_risk().settings, risk_cap=100),
    )
    m = build_model(s)
    stages = define_objective_stages(m, objective)
    outcome = solve_stages(HighsSolver(m), m, stages, Limits(time_limit_s=30, mip_gap=0))
    assert outcome.status is Status.OPTIMAL and len(outcome.stages) == len(stages)
    assert all(r.status is Status.OPTIMAL for r in outcome.stages)
    assert outcome.primary == pytest.approx(outcome.primary_stage1, rel=1e-6, abs=1e-6)
    assert m.stage_best[stages[0].name].value in (1e30, -1e30)  # released after solving


def _hard_knapsack(seed: int, n: int = 60, m: int = 5) -> Knapsack:
    """A random correlated 60-item, 5-constraint knapsack (seconds to prove optimal)."""
    rng = random.Random(seed)
    w = tuple(tuple(float(rng.randint(1, 1000)) for _ in range(n)) for _ in range(m))
    p = tuple(float(round(sum(row[j] for row in w) / m) + rng.randint(0, 500)) for j in range(n))
    return Knapsack(p, w, tuple(float(sum(row) // 2) for row in w), 0.0)


@pytest.mark.parametrize("seed", [0, 1])
def test_time_limit_is_reported_honestly(seed: int) -> None:
    """At 0.05 s the knapsack is not proven optimal: feasible with a gap and bound, or no_solution."""
    sol = solve(knapsack_scenario(_hard_knapsack(seed), time_limit_s=0.05))
    assert sol.status in (Status.FEASIBLE, Status.NO_SOLUTION)
    if sol.status is Status.FEASIBLE:
        assert sol.gap is not None and sol.gap > 0
        assert sol.bound is not None and sol.objective_value is not None
        assert sol.bound < sol.objective_value
        assert "skipped" in sol.stages[1]
        assert len(sol.choices) == 60
    else:
        assert sol.choices == () and sol.objective_value is None


def test_same_input_same_package() -> None:
    """Determinism: two solves of one scenario give the same package and numbers."""
    s = knapsack_scenario(_hard_knapsack(3, n=30), time_limit_s=30)
    first, second = solve(s), solve(s)
    assert first.choices == second.choices
    assert first.objective_value == second.objective_value
    assert first.model_party_cost == second.model_party_cost


def test_solution_fields_are_filled() -> None:
    """Solver name, times, bound and gap of an optimal solve."""
    sol = solve(peak_scenario_least_risk())
    assert sol.solver.startswith("HiGHS 1.")
    assert 0 < sol.highs_seconds <= sol.solve_seconds
    assert sol.gap == 0 and sol.bound == pytest.approx(sol.objective_value)
    assert len(sol.model_period_hazard) == 4
    assert set(sol.model_party_cost) == set(sol.model_party_benefit) == {"A", "B"}


@pytest.mark.parametrize(
    ("termination", "solution", "status"),
    [
        (TerminationCondition.convergenceCriteriaSatisfied, SolutionStatus.optimal, Status.OPTIMAL),
        (TerminationCondition.maxTimeLimit, SolutionStatus.feasible, Status.FEASIBLE),
        (TerminationCondition.maxTimeLimit, SolutionStatus.noSolution, Status.NO_SOLUTION),
        (TerminationCondition.iterationLimit, SolutionStatus.feasible, Status.FEASIBLE),
        (TerminationCondition.provenInfeasible, SolutionStatus.noSolution, Status.INFEASIBLE),
        (TerminationCondition.infeasibleOrUnbounded, SolutionStatus.noSolution, Status.INFEASIBLE),
    ],
)
def test_status_mapping(
    termination: TerminationCondition, solution: SolutionStatus, status: Status
) -> None:
    """One place maps HiGHS terminations to our statuses."""
    assert map_status(termination, solution) is status


@pytest.mark.parametrize(
    "termination", [TerminationCondition.error, TerminationCondition.unbounded]
)
def test_solver_failure_raises(termination: TerminationCondition) -> None:
    """Errors are never disguised as a status."""
    with pytest.raises(PlannerError):
        map_status(termination, SolutionStatus.noSolution)


def test_threads_are_fixed_per_process() -> None:
    """A different thread count after the first solve is ignored with a note (HiGHS limitation)."""
    fixed, _ = process_threads(1)
    threads, note = process_threads(fixed + 1)
    assert threads == fixed and "ignored" in note


def test_stage_and_package_values_are_pyomos_own_values() -> None:
    """expression_value (stage values, read-back) gives pyo.value bit for bit, including
    weighted_cost's party_weight * cost coefficients and per-period (n * cost) terms."""
    m = build_model(generate(SIZES[0], 0))
    assert m.component("period_hazard") is None  # built only for min_peak
    define_period_hazard(m)
    rng = random.Random(3)
    for v in m.component_data_objects(pyo.Var):
        v.set_value(rng.choice([0, 1]), skip_validation=True)
    for p in m.party_weight.values():
        p.set_value(rng.uniform(0.1, 3.0))
    for p in m.active_hazard.values():
        p.set_value(rng.uniform(0.0, 2.0))
    named = [m.weighted_cost, m.total_hazard, *m.party_net.values(), *m.period_hazard.values()]
    for e in named:
        assert expression_value(e) == float(pyo.value(e)), e.name
    # H_t from the terms, without the expressions, is the same number
    assert period_hazard_values(m) == tuple(float(pyo.value(e)) for e in m.period_hazard.values())
    for p in m.active_hazard.values():  # the terms are kept; the values are read anew
        p.set_value(rng.uniform(0.0, 2.0))
    assert period_hazard_values(m) == tuple(float(pyo.value(e)) for e in m.period_hazard.values())
    var = next(iter(m.both_active.values()))
    var.set_value(None)
    with pytest.raises(PlannerError, match=r"both_active\[.*\] has no value"):
        period_hazard_values(m)
