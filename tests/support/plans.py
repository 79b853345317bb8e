"""Plans of the library case small_scenario solved by hand, shared by the plan, report, plot and verifier tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from planner.plan import Plan
from planner.scenario import Scenario
from planner.solution import Choice, Solution, SolveOptions, Status
from planner.verify import evaluate, status_quo_choices, verify
from tests.support.cases_sheets import small_scenario

RUN_AT = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
PLAN_CHOICES = (
    Choice("drill", "scaled", 1),
    Choice("test", "freeze"),
    Choice("talk", "harsh"),
    Choice("patrol", "routine", 4),
)


def consistent_solution(
    scenario: Scenario, choices: tuple[Choice, ...], **changes: object
) -> Solution:
    """A solution whose model figures are the recomputed ones (min_risk), then ``changes``."""
    ev = evaluate(scenario, choices)
    solution = Solution(
        status=Status.OPTIMAL,
        objective="min_risk",
        objective_value=ev.total_hazard,
        bound=ev.total_hazard,
        gap=0.0,
        choices=choices,
        model_total_hazard=ev.total_hazard,
        model_period_hazard=ev.period_hazard,
        model_party_cost=dict(ev.party_cost),
        model_party_benefit=dict(ev.party_benefit),
        solve_seconds=0.25,
        highs_seconds=0.2,
    )
    return replace(solution, **changes)  # type: ignore[arg-type]


def make_plan(scenario: Scenario, solution: Solution) -> Plan:
    """A Plan as the pipeline builds it, without a solver."""
    status_quo = evaluate(scenario, status_quo_choices(scenario))
    if not solution.status.has_package:
        return Plan(scenario, SolveOptions(), solution, None, status_quo, run_at=RUN_AT)
    verification = verify(scenario, solution)
    assert verification.ok, verification.problems
    return Plan(
        scenario,
        SolveOptions(),
        solution,
        verification.evaluation,
        status_quo,
        verification,
        RUN_AT,
    )


def small_plan() -> Plan:
    """The small scenario solved by hand: scaled drill, frozen test, patrol moved to week 4."""
    scenario = small_scenario()
    return make_plan(scenario, consistent_solution(scenario, PLAN_CHOICES))


def infeasible_plan() -> Plan:
    """The small scenario with no package."""
    return make_plan(small_scenario(), Solution(Status.INFEASIBLE, "min_risk"))


# Status quo: drill weeks 3-5 (week 3 national day x3) = 5.0; test week 1 = 3.0;
# talk all weeks 0.1 (olympics weeks 6-8 x2) = 1.1; patrol week 1 = 0.2 -> H = 9.3.
# Plan: drill weeks 1-2 = 0.8; talk 1.1; patrol week 4 = 0.2 -> H = 2.1.
SQ_H, PLAN_H = 9.3, 2.1
