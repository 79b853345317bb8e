"""Frontier of H against a measure: hand-derived points, each checked against a separate epsilon solve."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from planner.analysis.frontier import FrontierPoint, frontier, non_dominated, parse_measure
from planner.errors import InputError, NoPackageError
from planner.model.solve import solve_scenario
from planner.scenario import Scenario
from planner.verify import verify
from tests.support.cases import EXACT, ranked_packages

pytestmark = pytest.mark.model


def _unlimited() -> Scenario:
    s = ranked_packages()
    return dataclasses.replace(
        s, parties=tuple(dataclasses.replace(p, max_cost=None) for p in s.parties)
    )


def _with_usa_max_cost(s: Scenario, value: float) -> Scenario:
    parties = tuple(
        dataclasses.replace(p, max_cost=value) if p.id == "USA" else p for p in s.parties
    )
    return dataclasses.replace(s, parties=parties)


def _pairs(points: list[FrontierPoint]) -> list[float]:
    """measure, H, measure, H, ... (flat, for pytest.approx)."""
    return [v for p in points for v in (p.measure, p.total_hazard)]


def test_cost_frontier_points_by_hand() -> None:
    points = frontier(_unlimited(), EXACT, "cost:USA", 6)
    assert _pairs(points) == pytest.approx([0, 7, 2, 5, 3, 3, 5, 1])
    assert [p.eps for p in points] == pytest.approx([0, 2, 3, 5])


def test_each_point_matches_a_separate_epsilon_solve() -> None:
    """cost:USA <= eps is the same as USA max_cost = eps: solve that scenario independently."""
    s = _unlimited()
    for p in frontier(s, EXACT, "cost:USA", 6):
        variant = _with_usa_max_cost(s, p.eps)
        sol = solve_scenario(variant, EXACT)
        assert verify(variant, sol).ok
        assert sol.objective_value == pytest.approx(p.total_hazard)
        assert verify(s, p.solution).ok


def test_total_cost_and_peak() -> None:
    s = _unlimited()
    total = frontier(s, EXACT, "total_cost", 3)
    assert _pairs(total) == pytest.approx([0, 7, 2, 5, 5, 1])  # eps 0, 2.5, 5
    peak = frontier(s, EXACT, "peak", 4)
    assert _pairs(peak) == pytest.approx([1, 1])


def test_limits_of_the_scenario_still_hold() -> None:
    """With USA max_cost 3 the frontier stops at (3, 3)."""
    points = frontier(ranked_packages(), EXACT, "cost:USA", 4)
    assert _pairs(points) == pytest.approx([0, 7, 2, 5, 3, 3])


def test_bad_measure_and_no_package() -> None:
    s = ranked_packages()
    with pytest.raises(InputError, match="no party 'XX'"):
        parse_measure("cost:XX", s)
    with pytest.raises(InputError, match="expected"):
        parse_measure("hazard", s)
    with pytest.raises(NoPackageError):
        frontier(_with_usa_max_cost(s, -1.0), EXACT, "peak", 3)


def _point(h: float, m: float) -> FrontierPoint:
    dummy: Any = None
    return FrontierPoint(eps=m, total_hazard=h, measure=m, solution=dummy, evaluation=dummy)


def test_non_dominated_filter() -> None:
    points = [_point(5, 2), _point(5, 3), _point(3, 3), _point(3, 3), _point(7, 0), _point(6, 2)]
    kept = non_dominated(points)
    assert [(p.measure, p.total_hazard) for p in kept] == [(0, 7), (2, 5), (3, 3)]


def _five_freezes() -> Scenario:
    """Five USA activities, each kept (hazard h per period) or frozen at an integer cost."""
    from planner.scenario import ALL, Activity, Party
    from tests.support.cases_analysis import option, settings

    spec = {"A": (2.0, 3.0), "B": (1.0, 1.0), "C": (3.0, 4.0), "D": (0.5, 2.0), "E": (1.5, 5.0)}
    opts = []
    for i, (a, (h, c)) in enumerate(spec.items()):
        opts.append(option(a, "keep", baseline=True, duration=ALL, hazard=h, row=2 + 2 * i))
        opts.append(option(a, "freeze", duration=0, cost={"USA": c}, row=3 + 2 * i))
    return Scenario(
        settings=settings(periods=2),
        parties=(Party("USA", row=2),),
        activities=tuple(
            Activity(a, actor="USA", category="exercise", row=2 + i) for i, a in enumerate(spec)
        ),
        options=tuple(opts),
    )


def test_exact_frontier_equals_a_fine_sweep_and_a_coarse_sample_misses_breakpoints() -> None:
    """Costs are integers 0..15, so eps on a 0.5 grid hits every breakpoint's measure."""
    from planner.analysis.frontier import trace_frontier

    s = _five_freezes()
    traced = trace_frontier(s, EXACT, "cost:USA")
    assert traced.exact and traced.method.startswith("exact")
    fine = frontier(s, EXACT, "cost:USA", 31)  # eps = 0, 0.5, ..., 15
    assert _pairs(traced.points) == pytest.approx(_pairs(fine))
    assert len(traced.points) >= 8
    coarse = trace_frontier(s, EXACT, "cost:USA", 4)
    assert not coarse.exact and coarse.method.startswith("sample")
    assert len(coarse.points) < len(traced.points)
