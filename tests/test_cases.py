"""Every library case solves to its documented answer, which the verifier and brute force confirm."""

from __future__ import annotations

import pytest

from planner.model.solve import solve_scenario
from planner.solution import Choice
from planner.verify import evaluate, verify
from tests.support import bruteforce
from tests.support.cases import CASES, EXACT, FEATURES, Case

pytestmark = pytest.mark.model

PRIMARY = {"min_risk": "total_hazard", "min_peak": "peak_hazard", "max_min_net": "min_weighted_net"}


def test_solver_reaches_the_documented_answer(case: Case) -> None:
    s = case.build()
    sol = solve_scenario(s, EXACT)
    assert sol.status is case.status, sol.stages
    if case.value is None:
        assert not sol.choices
        return
    assert sol.objective_value == pytest.approx(case.value)
    chosen = {c.activity: c for c in sol.choices}
    assert {a: chosen[a].option for a in case.choices} == dict(case.choices)
    assert {a: chosen[a].start for a in case.starts} == dict(case.starts)
    verification = verify(s, sol)
    assert verification.ok, verification.problems
    primary = getattr(verification.evaluation, PRIMARY[s.settings.objective])
    assert primary == pytest.approx(case.value)


def test_brute_force_agrees_with_the_documented_answer(case: Case) -> None:
    s = case.build()
    best = bruteforce.optimum(s, s.settings.objective)
    assert (best is None) == (case.value is None)
    if best is not None:
        assert best[0] == pytest.approx(case.value)


PINNED = sorted(
    name
    for name, c in CASES.items()
    if c.value is not None and set(c.choices) == set(c.build().activity_ids)
)


@pytest.mark.parametrize("name", PINNED)
def test_documented_package_is_feasible_and_reaches_the_value(name: str) -> None:
    """Where the whole package is pinned, the verifier alone (no solver) confirms the value."""
    case = CASES[name]
    s = case.build()
    feasible = [
        p
        for p in bruteforce.packages(s)
        if bruteforce.evaluate(s, p).feasible
        and {a.id: o for a, (o, _) in zip(s.activities, p, strict=True)} == dict(case.choices)
    ]
    assert feasible
    values = []
    for p in feasible:
        choices = [Choice(a.id, o, st) for a, (o, st) in zip(s.activities, p, strict=True)]
        ev = evaluate(s, choices)
        assert ev.ok
        values.append(getattr(ev, PRIMARY[s.settings.objective]))
    best = max(values) if s.settings.objective == "max_min_net" else min(values)
    assert best == pytest.approx(case.value)


def test_library_covers_every_feature() -> None:
    covered = set().union(*(c.features for c in CASES.values()))
    assert covered == FEATURES
