"""Sweeps and the decision analyses (diagnose, alternatives, limits, frontier, compare) with a freeze.

The scenario (T = 6 weeks, H derived by hand): NUKE keep (all, hazard 1) | freeze (stop;
DPRK pays 1 per frozen period, USA gains 1 per frozen period). A freeze from s leaves
H = s - 1 and costs DPRK 7 - s, so DPRK max_cost c gives s = 7 - c and H = 6 - c.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.analysis.alternatives import alternatives
from planner.analysis.compare import compare
from planner.analysis.diagnose import diagnose
from planner.analysis.frontier import frontier
from planner.analysis.limits import price_limits
from planner.model.solve import solve_scenario
from planner.scenario import ALL, STOP, Activity, Option, Party, Scenario, Settings
from planner.solution import SolveOptions, Status
from planner.sweep import plan_points, run_sweep

pytestmark = pytest.mark.model

START = date(2018, 1, 1)
EXACT = SolveOptions(mip_gap=0.0, time_limit_s=30.0)


def _day(t: int) -> date:
    return START + timedelta(days=7 * (t - 1) + 2)


def freeze_scenario(
    dprk_max_cost: float | None = 3.0, usa_min_benefit: float | None = None
) -> Scenario:
    """NUKE keep | freeze (per-period DPRK cost and USA benefit 1), T = 6."""
    return Scenario(
        settings=Settings(start_date=START, periods=6),
        parties=(
            Party("DPRK", max_cost=dprk_max_cost, row=2),
            Party("USA", min_benefit=usa_min_benefit, row=3),
        ),
        activities=(Activity("NUKE", actor="DPRK", category="test", row=2),),
        options=(
            Option("NUKE", "keep", baseline=True, duration=ALL, hazard=1.0, row=2),
            Option(
                "NUKE",
                "freeze",
                duration=STOP,
                per_period=True,
                cost={"DPRK": 1.0},
                benefit={"USA": 1.0},
                row=3,
            ),
        ),
    )


def test_sweep_moves_the_earliest_and_latest_freeze_start() -> None:
    """Without a cost limit the freeze begins at its earliest allowed start (H = s - 1); with
    max_cost 3 (s >= 4) a latest start before period 4 leaves no affordable freeze: keep."""
    free = freeze_scenario(dprk_max_cost=None)
    dates = ",".join(_day(t).isoformat() for t in (1, 3, 5))
    points = plan_points(free, [f"Options.earliest_start[NUKE/freeze]={dates}"])
    rows = run_sweep(free, points, EXACT, workers=1).rows
    assert [r.choices[0] for r in rows] == [("NUKE", "freeze", s) for s in (1, 3, 5)]
    assert [r.total_hazard for r in rows] == pytest.approx([0, 2, 4])
    capped = freeze_scenario()
    dates = ",".join(_day(t).isoformat() for t in (3, 4, 6))
    points = plan_points(capped, [f"Options.latest_start[NUKE/freeze]={dates}"])
    rows = run_sweep(capped, points, EXACT, workers=1).rows
    assert [r.choices[0] for r in rows] == [
        ("NUKE", "keep", None),
        ("NUKE", "freeze", 4),
        ("NUKE", "freeze", 4),
    ]


def test_diagnose_a_freeze_that_cannot_pay_for_itself() -> None:
    """USA needs benefit 5 = a freeze from s <= 2; DPRK pays at most 3 = s >= 4. The cheapest
    repair (weights 1/limit): USA min_benefit 5 -> 3 (2/5) beats DPRK max_cost 3 -> 5 (2/3)."""
    s = freeze_scenario(usa_min_benefit=5.0)
    assert solve_scenario(s, EXACT).status is Status.INFEASIBLE
    found = diagnose(s, EXACT)
    assert found.status == "limits"
    assert found.changes == pytest.approx({"USA min_benefit": -2.0})


def test_alternatives_with_a_freeze() -> None:
    """Best: freeze from 4 (H 3); the only package with another option: keep (H 6)."""
    best, other = alternatives(freeze_scenario(), EXACT, 3)
    assert (best.choices[0].option, best.choices[0].start, best.objective_value) == ("freeze", 4, 3)
    assert (other.choices[0].option, other.objective_value) == ("keep", 6)


def test_limits_price_the_freeze_cost() -> None:
    """Relaxing DPRK max_cost by one step (0.3) buys nothing (whole periods); tightening it to
    2.7 moves the freeze to s = 5: H rises by 1."""
    table = price_limits(freeze_scenario(), EXACT)
    assert table.at["DPRK", "max_cost_relax_dH"] == pytest.approx(0.0)
    assert table.at["DPRK", "max_cost_tighten_dH"] == pytest.approx(1.0)


def test_frontier_trades_freeze_cost_against_hazard() -> None:
    """H against DPRK's cost: every non-dominated point has H = 6 - cost, cost 0..6."""
    points = frontier(freeze_scenario(dprk_max_cost=None), EXACT, "cost:DPRK", points=7)
    pairs = sorted((round(p.measure), round(p.total_hazard)) for p in points)
    assert pairs == [(c, 6 - c) for c in range(7)]


def test_compare_regimes_with_a_freeze() -> None:
    """min_risk freezes from 4 (H 3); every regime's package is verified."""
    regimes = {r.name: r for r in compare(freeze_scenario(), EXACT)}
    risk = regimes["min_risk"]
    assert risk.evaluation is not None and risk.evaluation.total_hazard == pytest.approx(3)
    assert risk.solution.choices[0].start == 4
    assert all(r.evaluation is None or r.evaluation.ok for r in regimes.values())


def test_sweeping_a_per_period_cost_updates_the_model_in_place() -> None:
    """The freeze's per-week cost c and DPRK's limit L: c (7 - s) <= L. The in-place session
    (coefficients c (T - s + 1) on the start variables) agrees with rebuilding every point."""
    s = freeze_scenario()
    points = plan_points(
        s, ["Options.cost:DPRK[NUKE/freeze]=0.5,1,1.5,3", "Parties.max_cost[DPRK]=2,3"]
    )
    fast = run_sweep(s, points, EXACT, workers=1)
    slow = run_sweep(s, points, EXACT, workers=1, fast=False)
    assert [r.choices for r in fast.rows] == [r.choices for r in slow.rows]
    assert sum(r.rebuilt for r in fast.rows) == 1
    by_values = {r.values: r.choices[0] for r in fast.rows}
    assert by_values[(0.5, 2.0)] == ("NUKE", "freeze", 3)  # 0.5 x 4 = 2
    assert by_values[(1.5, 3.0)] == ("NUKE", "freeze", 5)  # 1.5 x 2 = 3
    assert by_values[(3.0, 2.0)] == ("NUKE", "keep", None)  # one week already costs 3
