"""Known-answer tests of limits and rules: party limits, requires/excludes/before, balance, capacity, risk_cap.

Every optimum below is derived by hand in the test's docstring; the single-scenario cases
(requires, excludes, before) are in the case library (tests/support/cases_model.py) and
checked by test_cases.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.scenario import ALL, Balance, Capacity, Party, Rule, Scenario
from planner.solution import Status
from tests.support.builders import opt, picked, ref, scenario, solve, timing, window
from tests.support.cases import CASES, before_scenario, requires_within_limit

pytestmark = pytest.mark.model

X_OPTIONS = [
    opt("X", "keep", ALL, 10),
    opt("X", "half", ALL, 5, cost={"A": 2}, benefit={"B": 1}),
    opt("X", "freeze", 0, 0, cost={"A": 5}, benefit={"B": 3}),
]


@pytest.mark.parametrize(
    ("party_a", "expected", "hazard"),
    [
        (Party("A"), "freeze", 0),
        (Party("A", max_cost=4), "half", 5),
        (Party("A", max_cost=1), "keep", 10),
        (Party("A", min_net=-3), "half", 5),
        (Party("A", min_net=-2), "half", 5),
        (Party("A", min_net=-1.5), "keep", 10),
    ],
)
def test_cost_and_net_limits(party_a: Party, expected: str, hazard: float) -> None:
    """freeze costs A 5, half 2, keep 0: max_cost / min_net (net = -cost) decide."""
    sol = solve(scenario(X_OPTIONS, parties=(party_a, Party("B"))))
    assert picked(sol) == {"X": expected}
    assert sol.objective_value == pytest.approx(hazard)
    assert sol.model_party_cost["A"] == pytest.approx({"keep": 0, "half": 2, "freeze": 5}[expected])


@pytest.mark.parametrize(("minimum", "expected"), [(None, "keep"), (1.5, "give"), (2, "give")])
def test_min_benefit(minimum: float | None, expected: str) -> None:
    """Y keep (H 1, benefit 0) | give (H 3, benefit B 2): B's min_benefit forces give."""
    s = scenario(
        [opt("Y", "keep", ALL, 1), opt("Y", "give", ALL, 3, benefit={"B": 2})],
        parties=(Party("A"), Party("B", min_benefit=minimum)),
    )
    sol = solve(s)
    assert picked(sol) == {"Y": expected}
    assert sol.model_party_benefit["B"] == pytest.approx(2 if expected == "give" else 0)


def test_requires_specific_options() -> None:
    """requires_within_limit without B's max_cost 0: X and Y both freeze, H 0 (with it: H 5)."""
    limited = requires_within_limit()
    free = solve(replace(limited, parties=(Party("A"), Party("B"))))
    assert picked(free) == {"X": "freeze", "Y": "freeze"} and free.objective_value == 0
    assert picked(solve(limited)) == CASES["requires_within_limit"].choices


def test_before_does_not_bind_without_two_blocks() -> None:
    """before_with_lag plus Y/cancel (duration 0, H 0): the rule does not bind: X in 3..5 (2) + cancel = 2."""
    sol = solve(before_scenario(lag=1, y_cancel=True))
    assert picked(sol)["Y"] == "cancel"
    assert sol.choice("X").start in (3, 4, 5)
    assert sol.objective_value == pytest.approx(2)


@pytest.mark.parametrize(("gap", "expected"), [(2, "keep"), (3, "freeze")])
@pytest.mark.parametrize("who", ["A", "B"])
def test_balance(gap: float, expected: str, who: str) -> None:
    """freeze gives `who` benefit 3: |net(A) - net(B)| = 3 must be <= max_gap (both directions)."""
    s = scenario(
        [opt("X", "keep", ALL, 4), opt("X", "freeze", benefit={who: 3})],
        balances=(Balance("A", "B", gap),),
    )
    assert picked(solve(s)) == {"X": expected}


@pytest.mark.parametrize(("limit", "hazard", "x_start"), [(None, 7, 1), (3, 7, 1), (2, 9, 2)])
def test_capacity(limit: int | None, hazard: float, x_start: int) -> None:
    """T=2, one-period blocks X 1, Y 2, Z 4 of group g; period 2 is x3. All in period 1: 7.

    At most 2 active per period: the cheapest (X) moves to period 2: 3 + 2 + 4 = 9.
    """
    s = scenario(
        [opt("X", "b", 1, 1), opt("Y", "b", 1, 2), opt("Z", "b", 1, 4)],
        periods=2,
        groups={"X": "g", "Y": "g", "Z": "g"},
        windows=(window("w", "hot", 2, 2),),
        timing=(timing("*", "hot", 3),),
        capacities=() if limit is None else (Capacity("g", limit),),
    )
    sol = solve(s)
    assert sol.objective_value == pytest.approx(hazard)
    assert sol.choice("X").start == x_start


@pytest.mark.parametrize(("cap", "status"), [(6.0, Status.OPTIMAL), (5.999, Status.INFEASIBLE)])
def test_risk_cap_min_risk(cap: float, status: Status) -> None:
    """Least H is 6 (all x 3 over 2 periods): risk_cap 6 is feasible, 5.999 is not."""
    s = scenario([opt("X", "keep", ALL, 3)], periods=2, risk_cap=cap)
    sol = solve(s)
    assert sol.status is status
    assert (
        (sol.objective_value == pytest.approx(6)) if status is Status.OPTIMAL else not sol.choices
    )


@pytest.mark.parametrize(
    "s",
    [
        scenario([opt("X", "keep", ALL, 1, vetoed_by=("A",))]),
        scenario([opt("X", "keep")], parties=(Party("A", min_benefit=1), Party("B"))),
        scenario(
            [opt("X", "keep", ALL, 1), opt("Y", "keep", ALL, 1)],
            rules=(Rule("r", "excludes", ref("X/keep"), ref("Y/keep")),),
        ),
        scenario([opt("X", "k", ALL, 1)], groups={"X": "g"}, capacities=(Capacity("g", 0),)),
    ],
    ids=["all-vetoed", "min-benefit", "excludes-baselines", "capacity-zero"],
)
@pytest.mark.parametrize("objective", ["min_risk", "min_peak"])
def test_infeasible_is_a_status_not_an_exception(s: Scenario, objective: str) -> None:
    """Each scenario has no package; solve reports infeasible with no choices."""
    sol = solve(s, objective=objective)
    assert sol.status is Status.INFEASIBLE
    assert sol.choices == () and sol.objective_value is None
