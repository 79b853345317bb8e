"""The best defection per party (a MIP with the snap-back rounds in closed form) against enumeration.

Enumeration: every choice of the party's own activities, snap-back applied by the plain-Python
rounds (``planner.analysis.snapback``), nets and H by the verifier.
"""

from __future__ import annotations

import random

import pytest

from planner.analysis.snapback import snap_back
from planner.analysis.stability import party_stability
from planner.model.snap_closure import snap_closure
from planner.solution import SolveOptions
from tests.support.stability import PARTIES, all_packages, brute_defection, random_scenario

pytestmark = pytest.mark.model

SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_closed_form_equals_rounds_for_every_defection(seed: int) -> None:
    s = random_scenario(seed)
    rng = random.Random(seed)
    packages = all_packages(s)
    for package in rng.sample(packages, min(6, len(packages))):
        for p in PARTIES:
            closure = snap_closure(s, package, p)
            own = [a.id for a in s.activities if a.actor == p]
            for other in rng.sample(packages, min(8, len(packages))):
                mine = {c.activity: c for c in other if c.activity in own}
                assert closure.outcome(mine) == snap_back(s, package, p, mine).choices


@pytest.mark.parametrize("seed", SEEDS)
def test_best_defection_equals_enumeration(seed: int) -> None:
    s = random_scenario(seed)
    rng = random.Random(1000 + seed)
    package = rng.choice(all_packages(s))
    for p in PARTIES:
        row = party_stability(s, package, p, SolveOptions())
        gain, hazard = brute_defection(s, package, p)
        assert row.gain == pytest.approx(gain, abs=1e-6), (p, package)
        assert row.hazard_after == pytest.approx(hazard, abs=1e-6), (p, package)
        assert row.self_enforcing == (gain <= 1e-9)
