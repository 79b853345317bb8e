"""verify() against solver figures, and solve_plan's handling of disagreement (solver monkeypatched)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

import planner.model.solve as solve_module
from planner.errors import VerificationError
from planner.pipeline import solve_plan
from planner.scenario import Party, Scenario
from planner.solution import Choice, Solution, SolveOptions, Status
from planner.verify import verify
from tests.support.plans import PLAN_CHOICES, PLAN_H, consistent_solution, small_scenario

pytestmark = pytest.mark.model  # the infeasible plan is diagnosed with the solver


@pytest.fixture
def scenario() -> Scenario:
    return small_scenario()


@pytest.fixture
def fake_solver(monkeypatch: pytest.MonkeyPatch) -> Callable[[Solution], None]:
    """Make ``planner.model.solve.solve_scenario`` return a given solution."""

    def install(solution: Solution) -> None:
        # Patch the attribute on the real module: the diagnosis of an infeasible plan needs
        # the module's other functions (a stand-in module broke when this file ran alone).
        monkeypatch.setattr(solve_module, "solve_scenario", lambda scenario, options: solution)

    return install


def test_consistent_solution_verifies(scenario: Scenario) -> None:
    verification = verify(scenario, consistent_solution(scenario, PLAN_CHOICES))
    assert verification.ok and verification.problems == ()
    assert len(verification.comparisons) == 2 + 8 + 3 + 3


def test_figures_within_tolerance_agree(scenario: Scenario) -> None:
    solution = consistent_solution(scenario, PLAN_CHOICES, model_total_hazard=PLAN_H + 1e-7)
    assert verify(scenario, solution).ok


@pytest.mark.parametrize(
    ("changes", "figure"),
    [
        ({"model_total_hazard": PLAN_H + 1e-3}, "total_hazard"),
        ({"objective_value": PLAN_H * 1.01}, "objective_value"),
        ({"model_period_hazard": (0.5,) * 8}, "period_hazard[3]"),
        ({"model_period_hazard": (0.5,)}, "period_hazard count"),
        ({"model_party_cost": {"USA": 2.0, "DPRK": 1.0}}, "cost[ROK]"),
        ({"model_party_benefit": {"USA": 2.0, "DPRK": 1.5, "ROK": 0.0}}, "benefit[ROK]"),
        ({"model_total_hazard": None}, "total_hazard"),
        ({"objective": "min_peak"}, "objective_value"),
    ],
)
def test_disagreeing_figure_is_reported(scenario: Scenario, changes: dict, figure: str) -> None:
    verification = verify(scenario, consistent_solution(scenario, PLAN_CHOICES, **changes))
    assert not verification.ok
    assert any(p.startswith(f"{figure}:") for p in verification.problems), verification.problems


def test_objective_recomputed_for_each_objective(scenario: Scenario) -> None:
    peak = consistent_solution(scenario, PLAN_CHOICES, objective="min_peak", objective_value=0.5)
    assert verify(scenario, peak).ok
    # nets: USA 0, DPRK 0.5, ROK 1 / weight 2 -> min 0
    fair = consistent_solution(scenario, PLAN_CHOICES, objective="max_min_net", objective_value=0.0)
    assert verify(scenario, fair).ok


def test_violated_constraint_fails_verification(scenario: Scenario) -> None:
    tight = replace(scenario, parties=(Party("USA", max_cost=1.0), *scenario.parties[1:]))
    verification = verify(tight, consistent_solution(tight, PLAN_CHOICES))
    assert not verification.ok
    assert verification.problems == ("max_cost[USA] violated: value=2, limit=1",)


def test_solve_plan_builds_a_verified_plan(scenario: Scenario, fake_solver: Callable) -> None:
    fake_solver(consistent_solution(scenario, PLAN_CHOICES))
    plan = solve_plan(scenario, SolveOptions())
    assert plan.verified is True and plan.evaluation is not None
    assert plan.evaluation.total_hazard == pytest.approx(PLAN_H)
    assert plan.status_quo.choices[0] == Choice("drill", "as_planned", 3)


def test_solve_plan_raises_loudly_on_disagreement(
    scenario: Scenario, fake_solver: Callable
) -> None:
    fake_solver(consistent_solution(scenario, PLAN_CHOICES, model_total_hazard=9.0))
    with pytest.raises(VerificationError, match="INDEPENDENT CHECK FAILED") as info:
        solve_plan(scenario, SolveOptions())
    assert "total_hazard: solver 9, recomputed 2.1" in str(info.value)
    assert info.value.exit_code == 4


@pytest.mark.parametrize("status", [Status.INFEASIBLE, Status.NO_SOLUTION])
def test_solve_plan_without_package(
    scenario: Scenario, fake_solver: Callable, status: Status
) -> None:
    fake_solver(Solution(status, "min_risk"))
    plan = solve_plan(scenario, SolveOptions())
    assert (plan.status, plan.evaluation, plan.verification) == (status, None, None)
    assert plan.status_quo.total_hazard == pytest.approx(9.3)


def test_verify_refuses_a_solution_without_package(scenario: Scenario) -> None:
    with pytest.raises(ValueError, match="no package"):
        verify(scenario, Solution(Status.INFEASIBLE, "min_risk"))
