"""Known-answer tests of limits and rules: party limits, requires/excludes/before, balance, capacity, risk_cap.

Every optimum below is derived by hand in the test's docstring.
"""

from __future__ import annotations

import pytest

from planner.scenario import ALL, Balance, Capacity, Party, Rule, Scenario
from planner.solution import Status
from tests.support.builders import opt, picked, ref, scenario, solve, starts, timing, window

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
    """X/freeze requires Y/freeze; Y/freeze costs B 1 > max_cost 0, so X keeps: H 5 (else 0)."""
    options = [
        opt("X", "keep", ALL, 5),
        opt("X", "freeze"),
        opt("Y", "keep"),
        opt("Y", "freeze", cost={"B": 1}),
    ]
    rule = Rule("r", "requires", ref("X/freeze"), ref("Y/freeze"))
    free = solve(scenario(options, rules=(rule,)))
    assert picked(free) == {"X": "freeze", "Y": "freeze"} and free.objective_value == 0
    limited = solve(scenario(options, rules=(rule,), parties=(Party("A"), Party("B", max_cost=0))))
    assert picked(limited) == {"X": "keep", "Y": "keep"}
    assert limited.objective_value == pytest.approx(5)


@pytest.mark.parametrize(
    ("veto", "expected", "hazard"),
    [((), {"X": "freeze", "Y": "alt"}, 1), (("A",), {"X": "keep", "Y": "keep"}, 5)],
)
def test_requires_bare_activities(
    veto: tuple[str, ...], expected: dict[str, str], hazard: float
) -> None:
    """Bare X requires bare Y: changing X (reduce/freeze) needs Y changed (alt, H 1).

    X freeze + Y alt = 1 beats X keep = 5; with Y/alt vetoed, X must stay at keep (5).
    """
    s = scenario(
        [
            opt("X", "keep", ALL, 5),
            opt("X", "reduce", ALL, 2),
            opt("X", "freeze"),
            opt("Y", "keep"),
            opt("Y", "alt", ALL, 1, vetoed_by=veto),
        ],
        rules=(Rule("r", "requires", ref("X"), ref("Y")),),
    )
    sol = solve(s)
    assert picked(sol) == expected
    assert sol.objective_value == pytest.approx(hazard)


def test_excludes_with_option_list_and_cost_tie_break() -> None:
    """X/cut|freeze excludes Y/freeze: only one activity changes (H 5 either way).

    The tie-break (least weighted cost) picks freezing X (cost A 1) over Y (cost A 2).
    """
    s = scenario(
        [
            opt("X", "keep", ALL, 5),
            opt("X", "cut", ALL, 4),
            opt("X", "freeze", cost={"A": 1}),
            opt("Y", "keep", ALL, 5),
            opt("Y", "freeze", cost={"A": 2}),
        ],
        rules=(Rule("r", "excludes", ref("X/cut|freeze"), ref("Y/freeze")),),
    )
    sol = solve(s)
    assert picked(sol) == {"X": "freeze", "Y": "keep"}
    assert sol.objective_value == pytest.approx(5)


def _before_scenario(lag: int, y_cancel: bool = False) -> Scenario:
    """T=6. X: block 2 x 1, x10 in periods 1-2; Y: block 1 x 1, x10 in periods 4-6."""
    options = [opt("X", "block", 2, 1), opt("Y", "block", 1, 1)]
    if y_cancel:
        options.append(opt("Y", "cancel", 0, 0))
    return scenario(
        options,
        periods=6,
        windows=(window("xw", "xhot", 1, 2), window("yw", "yhot", 4, 6)),
        timing=(timing("X", "xhot", 10), timing("Y", "yhot", 10)),
        rules=(Rule("r", "before", ref("X"), ref("Y"), lag=lag),),
    )


def test_before_with_lag() -> None:
    """start(Y) >= start(X) + 2 + 1: X@3 (2) + Y@6 (10) = 12 beats X@1+Y@4 (30), X@2+Y@5 (21).

    Unconstrained the optimum would be 3 (X in 3..5, Y in 1..3).
    """
    sol = solve(_before_scenario(lag=1))
    assert starts(sol) == {"X": 3, "Y": 6}
    assert sol.objective_value == pytest.approx(12)


def test_before_does_not_bind_without_two_blocks() -> None:
    """With Y/cancel (duration 0, H 0) the rule does not bind: X in 3..5 (2) + cancel = 2."""
    sol = solve(_before_scenario(lag=1, y_cancel=True))
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
