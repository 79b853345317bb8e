"""``solve --self-enforcing`` (cutting planes) against enumeration of every package filtered by stability."""

from __future__ import annotations

import dataclasses
import random

import pytest

from planner.analysis.self_enforcing import solve_self_enforcing
from planner.scenario import Party, Scenario
from planner.solution import Status
from tests.support.bruteforce import evaluate as brute_evaluate
from tests.support.stability import PARTIES, all_packages, brute_defection, random_scenario

pytestmark = pytest.mark.model

SEEDS = range(30)


def _with_limits(s: Scenario, seed: int) -> Scenario:
    rng = random.Random(seed)
    parties = tuple(
        Party(p, min_net=float(rng.randint(-2, 1)) if rng.random() < 0.5 else None) for p in PARTIES
    )
    return dataclasses.replace(s, parties=parties)


def _reference(s: Scenario, parties: tuple[str, ...]) -> tuple[float, float] | None:
    """(H, weighted cost) of the best feasible package stable for ``parties``; None if none."""
    best = None
    for package in all_packages(s):
        ev = brute_evaluate(s, tuple((c.option, c.start) for c in package))
        if not ev.feasible:
            continue
        key = (ev.total_hazard, sum(ev.cost.values()))
        if best is not None and key[0] > best[0] + 1e-9:
            continue
        better = best is None or key[0] < best[0] - 1e-9 or key[1] < best[1] - 1e-9
        if better and all(brute_defection(s, package, p)[0] <= 1e-9 for p in parties):
            best = key
    return best


@pytest.mark.parametrize("seed", SEEDS)
def test_self_enforcing_optimum_equals_enumeration(seed: int) -> None:
    s = _with_limits(random_scenario(seed, n_activities=3), seed)
    parties = PARTIES if seed % 3 else ("P",)
    found = solve_self_enforcing(s, parties=parties)
    expected = _reference(s, parties)
    if expected is None:
        assert found.plan.status is Status.INFEASIBLE
        if found.unmet:  # named: those that no acceptable package keeps from defecting, alone
            alone = tuple(p for p in PARTIES if p in found.unmet and _reference(s, (p,)) is None)
            assert alone == found.unmet or (not alone and len(found.unmet) > 1)
            assert "self-enforcing for" in found.plan.solution.message
        return
    assert found.plan.status is Status.OPTIMAL
    assert found.plan.evaluation is not None
    assert found.plan.evaluation.total_hazard == pytest.approx(expected[0], abs=1e-6)
    assert sum(found.plan.evaluation.party_cost.values()) == pytest.approx(expected[1], abs=1e-6)
    assert all(r.self_enforcing for r in found.rows if r.party in parties)
