"""The vectorised scorer agrees with a loop over draws through the independent verifier."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from planner.draws.cells import with_values
from planner.draws.sampling import draw
from planner.io.reader import load_scenario
from planner.scenario import Scenario
from planner.solution import Choice
from planner.verify import evaluate
from planner.verify_draws.scoring import cvar, score
from tests.support.uncertainty import ROWS, random_package
from tests.support.workbooks import full_sheets, write_workbook

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    sheets = full_sheets()
    sheets["Uncertainty"] = ROWS
    sheets["Parties"][2][3] = 1.0  # DPRK min_benefit 1
    path = tmp_path_factory.mktemp("u") / "u.xlsx"
    return load_scenario(write_workbook(path, sheets))


def loop_scores(sc: Scenario, choices: tuple[Choice, ...], values: np.ndarray, cells) -> list:
    """(H_k, accepted_k, party costs) per draw, from the verifier on each drawn scenario."""
    out = []
    for row in values:
        ev = evaluate(with_values(sc, cells, row), choices)
        accepted = all(c.ok for c in ev.checks if c.kind in ("party", "balance"))
        out.append((ev.total_hazard, accepted, ev.party_cost, ev.party_benefit))
    return out


def test_scorer_matches_the_verifier_draw_by_draw(scenario: Scenario) -> None:
    rng = random.Random(7)
    draws = draw(scenario, 40)
    seen_accept = set()
    for _ in range(12):
        choices = random_package(scenario, rng)
        scores = score(scenario, choices, draws)
        for k, (h, accepted, cost, benefit) in enumerate(
            loop_scores(scenario, choices, draws.values, draws.cells)
        ):
            assert scores.hazard[k] == pytest.approx(h, rel=1e-12, abs=1e-12)
            assert bool(scores.accepted[k]) == accepted
            for j, p in enumerate(scenario.party_ids):
                assert scores.cost[k, j] == pytest.approx(cost[p], abs=1e-12)
                assert scores.benefit[k, j] == pytest.approx(benefit[p], abs=1e-12)
            seen_accept.add(accepted)
    assert seen_accept == {True, False}  # the draws make acceptance vary


def test_without_draws_the_scorer_is_the_nominal_evaluation(scenario: Scenario) -> None:
    rng = random.Random(3)
    for _ in range(10):
        choices = random_package(scenario, rng)
        ev = evaluate(scenario, choices)
        scores = score(scenario, choices, None)
        assert scores.hazard[0] == pytest.approx(ev.total_hazard, rel=1e-12)
        ok = all(c.ok for c in ev.checks if c.kind in ("party", "balance"))
        assert bool(scores.accepted[0]) == ok


def test_cvar_is_the_mean_of_the_worst_tail() -> None:
    h = np.arange(1.0, 11.0)
    assert cvar(h, 0.8) == pytest.approx(9.5)  # worst 2 of 10
    assert cvar(h, 0.0) == pytest.approx(h.mean())
    assert cvar(h, 0.95) == pytest.approx(10.0)


def test_ten_thousand_draws_of_the_example_score_fast(tmp_path: Path) -> None:
    import time

    from planner.examples.korea_2018 import build_workbook
    from planner.verify import status_quo_choices

    sc = load_scenario(build_workbook(tmp_path / "k.xlsx"))
    assert len(sc.uncertainty) > 20
    draws = draw(sc, 10_000, 1)
    tick = time.perf_counter()
    scores = score(sc, status_quo_choices(sc), draws)
    assert time.perf_counter() - tick < 2.0  # target < 1 s; slack for a loaded machine
    assert scores.hazard.shape == (10_000,)
