"""Fairness regimes side by side, and the Nash package on hand-derived two-party cases."""

from __future__ import annotations

import dataclasses
import math

import pytest

from planner.analysis.compare import compare, compare_table
from planner.model.extensions.nash import envelope_error, nash_package
from planner.scenario import Party
from planner.solution import Status
from tests.support.cases import EXACT, bargaining

pytestmark = pytest.mark.model


def _options(regime_table: object) -> dict[str, str]:
    return dict(zip(regime_table["regime"], regime_table["option:D"], strict=True))  # type: ignore[index]


def test_regimes_by_hand() -> None:
    s = bargaining()
    regimes = compare(s, EXACT)
    table = compare_table(s, regimes)
    assert _options(table) == {
        "status_quo": "none",
        "min_risk": "p1",
        "min_peak": "p1",
        "max_min_net": "p2",
        "nash": "p3",
    }
    pof = dict(zip(table["regime"], table["price_of_fairness"], strict=True))
    assert (pof["min_risk"], pof["max_min_net"], pof["nash"]) == pytest.approx((1.0, 3.0, 2.0))
    nash = next(r for r in regimes if r.name == "nash")
    assert nash.solution.objective_value == pytest.approx(math.log(18))
    assert "status-quo H 10 is used as the cap" in next(
        r.note for r in regimes if r.name == "max_min_net"
    )
    assert all(r.evaluation is not None and r.evaluation.ok for r in regimes)


def test_nash_weights_by_hand() -> None:
    """Weights A 1, B 2: log a + 2 log b is 4.605 for p1 (1, 10), 4.159 p2, 3.989 p3, 2.197 p4."""
    s = dataclasses.replace(bargaining(), parties=(Party("A", weight=1.0), Party("B", weight=2.0)))
    result = nash_package(s, EXACT, {"A": 0.0, "B": 0.0})
    assert result.solution.choice("D").option == "p1"
    assert result.solution.objective_value == pytest.approx(2 * math.log(10))


def test_nash_refinement_is_exact_with_coarse_breakpoints() -> None:
    """Two initial tangents over-estimate log badly; refinement still finds p3 exactly."""
    result = nash_package(bargaining(), EXACT, {"A": 0.0, "B": 0.0}, breakpoints=2)
    assert result.solution.choice("D").option == "p3"
    assert result.solution.objective_value == pytest.approx(math.log(18))
    assert result.solution.bound == pytest.approx(math.log(18), abs=1e-6)
    assert result.rounds >= 2


def test_nash_with_a_disagreement_point_no_one_improves_on() -> None:
    """If B already gets 10 without a deal, B cannot gain at all; at (5, 5) A gains only with
    p3/p4, where B gets 3 or 1. Either way no package makes both gain: no Nash package."""
    for d in ({"A": 0.0, "B": 10.0}, {"A": 5.0, "B": 5.0}):
        result = nash_package(bargaining(), EXACT, d)
        assert result.solution.status is Status.INFEASIBLE


def test_envelope_error_matches_a_grid() -> None:
    """Max over [1, r] of min(tangent at 1, tangent at r) - log, by brute force."""
    r = 1.585
    grid = [1 + (r - 1) * k / 20000 for k in range(20001)]
    brute = max(min(x - 1, math.log(r) + (x - r) / r) - math.log(x) for x in grid)
    assert envelope_error(r) == pytest.approx(brute, rel=1e-3)  # the grid misses the kink by ~1e-5
    assert envelope_error(1.0) == 0.0
