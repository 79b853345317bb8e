"""Price of each red line: hand-derived dH and same-package range, checked by separate solves."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from planner.analysis.extras import add_solve_analysis
from planner.analysis.limits import default_step, limit_columns, price_limits
from planner.errors import NoPackageError
from planner.model.solve import solve_scenario
from planner.pipeline import solve_plan
from planner.report.results import build_results
from planner.scenario import Scenario
from planner.solution import Status
from planner.verify import verify
from tests.support.cases import EXACT, priced_limit

pytestmark = pytest.mark.model


def _usa_max_cost(value: float) -> Scenario:
    s = priced_limit()
    parties = tuple(
        dataclasses.replace(p, max_cost=value) if p.id == "USA" else p for p in s.parties
    )
    return dataclasses.replace(s, parties=parties)


def _best(scenario: Scenario) -> tuple[float, tuple[str, ...]]:
    sol = solve_scenario(scenario, EXACT)
    assert verify(scenario, sol).ok
    assert sol.objective_value is not None
    return sol.objective_value, tuple(c.option for c in sol.choices)


def test_price_and_range_of_a_binding_cost_limit() -> None:
    table = price_limits(priced_limit(), EXACT)
    usa = table.loc["USA"]
    assert usa["max_cost_step"] == pytest.approx(1.0)
    assert usa["max_cost_relax_dH"] == pytest.approx(-3.0)
    assert usa["max_cost_tighten_dH"] == 0.0
    assert usa["max_cost_same_package_from"] == pytest.approx(6.0)
    assert usa["max_cost_same_package_to"] == pytest.approx(11.0)
    assert pd.isna(usa["min_benefit_step"])


def test_price_of_a_slack_benefit_minimum() -> None:
    dprk = price_limits(priced_limit(), EXACT).loc["DPRK"]
    assert dprk["min_benefit_step"] == pytest.approx(0.3)
    assert (dprk["min_benefit_relax_dH"], dprk["min_benefit_tighten_dH"]) == (0.0, 0.0)
    assert dprk["min_benefit_same_package_from"] == -math.inf
    assert dprk["min_benefit_same_package_to"] == pytest.approx(4.0)
    assert pd.isna(dprk["max_cost_step"])


def test_range_ends_agree_with_separate_solves() -> None:
    """[6, 11): the package (A1 frozen, H 3) holds at 6 and just below 11, not outside
    (below 6 nothing meets DPRK's min_benefit 3; from 11 both can be frozen)."""
    assert _best(_usa_max_cost(6.0)) == (3.0, ("freeze", "keep"))
    assert _best(_usa_max_cost(10.999)) == (3.0, ("freeze", "keep"))
    assert _best(_usa_max_cost(11.0)) == (0.0, ("freeze", "freeze"))
    assert solve_scenario(_usa_max_cost(5.999), EXACT).status is Status.INFEASIBLE


def test_explicit_step_and_infeasible_tightening() -> None:
    """A step of 5: max_cost 5 allows only A2 frozen (DPRK benefit 2 < 3) or nothing:
    infeasible, +inf; min_benefit 8 exceeds the 4 DPRK can get within USA's 10: +inf.
    Relaxed, max_cost 15 allows both frozen (dH -3); min_benefit -2 changes nothing."""
    table = price_limits(priced_limit(), EXACT, step=5.0)
    assert table.loc["USA", "max_cost_tighten_dH"] == math.inf
    assert table.loc["DPRK", "min_benefit_tighten_dH"] == math.inf
    assert table.loc["USA", "max_cost_relax_dH"] == pytest.approx(-3.0)
    assert table.loc["DPRK", "min_benefit_relax_dH"] == 0.0


def test_default_step() -> None:
    assert default_step(10.0) == pytest.approx(1.0)
    assert default_step(-4.0) == pytest.approx(0.4)
    assert default_step(0.0) == 1.0


def test_no_package_raises() -> None:
    with pytest.raises(NoPackageError):
        price_limits(_usa_max_cost(-1.0), EXACT)


def test_solve_analysis_adds_parties_columns_and_sheets() -> None:
    plan = solve_plan(priced_limit(), EXACT)
    wb = build_results(plan)
    lines = add_solve_analysis(wb, plan, limits=True, alternatives_k=2, veto_ladder_on=True)
    assert len(lines) == 3
    header = [c.value for c in wb["Parties"][1]]
    for column in limit_columns("max_cost") + limit_columns("min_benefit"):
        assert column in header
    rows = {
        r[header.index("party")]: r for r in wb["Parties"].iter_rows(min_row=2, values_only=True)
    }
    assert rows["USA"][header.index("max_cost_relax_dH")] == pytest.approx(-3.0)
    assert rows["DPRK"][header.index("min_benefit_same_package_from")] == "-inf"
    assert wb["Alternatives"].max_row == 2  # only A1 frozen meets every limit
    assert wb["VetoLadder"].max_row == 2
