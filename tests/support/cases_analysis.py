"""Known-answer cases for the decision analyses (diagnosis, alternatives, limits, frontier, fairness).

Every number the analysis tests expect is derived in the docstring of the builder that
makes the scenario, by enumerating its few packages by hand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.scenario import (
    ALL,
    Activity,
    Capacity,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
    TimingRow,
    Window,
)
from planner.solution import SolveOptions
from tests.support.library import known

START = date(2030, 1, 7)
EXACT = SolveOptions(mip_gap=0.0, time_limit_s=30.0)
"""Solve options of every analysis test: a zero gap, so optima are exact."""


def settings(periods: int = 1, **kw: object) -> Settings:
    """Weekly settings starting on START."""
    return Settings(start_date=START, periods=periods, **kw)  # type: ignore[arg-type]


def option(activity: str, oid: str, **kw: object) -> Option:
    """An option; ``row`` defaults to 0 (no cell)."""
    return Option(activity=activity, id=oid, **kw)  # type: ignore[arg-type]


@known(None, features="limits")
def conflicting_limits() -> Scenario:
    """USA max_cost 10 and DPRK min_benefit 8 cannot both hold.

    One activity EX (actor USA), one period. Packages (USA cost, DPRK benefit, H):
    planned (0, 0, 5), scaled (6, 5, 2), frozen (13, 9, 0). planned and scaled miss
    DPRK's 8; frozen breaks USA's 10. Elastic weights 1/10 (USA max_cost) and 1/8 (DPRK
    min_benefit): frozen needs USA +3 -> 0.3; scaled needs DPRK -3 -> 0.375; planned needs
    DPRK -8 -> 1.0. Smallest change: USA max_cost +3 (to 13). DPRK max_cost 100 and USA
    min_net -50 never bind and are not in the conflicting set.
    """
    return Scenario(
        settings=settings(),
        parties=(
            Party("USA", max_cost=10.0, min_net=-50.0, row=2),
            Party("DPRK", max_cost=100.0, min_benefit=8.0, row=3),
        ),
        activities=(Activity("EX", actor="USA", category="exercise", row=2),),
        options=(
            option("EX", "planned", baseline=True, duration=ALL, hazard=5.0, row=2),
            option(
                "EX",
                "scaled",
                duration=ALL,
                hazard=2.0,
                cost={"USA": 6.0},
                benefit={"DPRK": 5.0},
                row=3,
            ),
            option(
                "EX",
                "frozen",
                duration=0,
                hazard=0.0,
                cost={"USA": 13.0},
                benefit={"DPRK": 9.0},
                row=4,
            ),
        ),
    )


@known(None, features="requires excludes vetoes capacity limits blocks")
def conflicting_rules() -> Scenario:
    """Rules r1 and r2 conflict whatever the limits; r3, a veto and a capacity are irrelevant.

    r1: A/keep|freeze (always true) requires B/freeze, so B must freeze; r2: A/keep|freeze
    excludes B/freeze, so B must not. r3 (C/freeze requires A/keep), the veto of C/freeze by
    DPRK and the capacity of group g (1) can all hold. A limit (USA max_cost 1, while
    freezing B costs USA 4) is soft and must not appear in the conflicting set either.
    """
    acts = tuple(Activity(a, actor="USA", group="g", row=i) for i, a in enumerate("ABC", start=2))
    opts = []
    for i, a in enumerate("ABC"):
        opts.append(option(a, "keep", baseline=True, duration=1, hazard=1.0, row=2 * i + 2))
        vetoed = ("DPRK",) if a == "C" else ()
        opts.append(
            option(a, "freeze", duration=0, cost={"USA": 4.0}, vetoed_by=vetoed, row=2 * i + 3)
        )
    return Scenario(
        settings=settings(periods=3),
        parties=(Party("USA", max_cost=1.0, row=2), Party("DPRK", row=3)),
        activities=acts,
        options=tuple(opts),
        rules=(
            Rule("r1", "requires", Ref("A", ("keep", "freeze")), Ref("B", ("freeze",)), row=2),
            Rule("r2", "excludes", Ref("A", ("keep", "freeze")), Ref("B", ("freeze",)), row=3),
            Rule("r3", "requires", Ref("C", ("freeze",)), Ref("A", ("keep",)), row=4),
        ),
        capacities=(Capacity("g", 1, row=2),),
    )


@known(3, choices={"A1": "freeze", "A2": "keep"}, features="limits")
def priced_limit() -> Scenario:
    """USA max_cost 10 is worth 3 units of H one step (1) up, and nothing one step down.

    Activities A1, A2 (actor USA), one period: keep (hazard 5 / 3) or freeze (cost USA 6 /
    5, benefit DPRK 4 / 2). Packages (USA cost, H): none (0, 8), A1 (6, 3), A2 (5, 5),
    both (11, 0). With max_cost 10 the best is A1 frozen, H 3. Relaxed to 11: both, H 0
    (dH -3). Tightened to 9: still A1, dH 0. A1-frozen stays optimal for max_cost in
    [6, 11): below 6 it is infeasible; from 11 on, freezing both is better.
    DPRK min_benefit 3 never binds (A1 gives 4): dH 0 both ways; range [-inf, 4].
    """
    return Scenario(
        settings=settings(),
        parties=(Party("USA", max_cost=10.0, row=2), Party("DPRK", min_benefit=3.0, row=3)),
        activities=(Activity("A1", actor="USA", row=2), Activity("A2", actor="USA", row=3)),
        options=(
            option("A1", "keep", baseline=True, duration=ALL, hazard=5.0, row=2),
            option("A1", "freeze", duration=0, cost={"USA": 6.0}, benefit={"DPRK": 4.0}, row=3),
            option("A2", "keep", baseline=True, duration=ALL, hazard=3.0, row=4),
            option("A2", "freeze", duration=0, cost={"USA": 5.0}, benefit={"DPRK": 2.0}, row=5),
        ),
    )


@known(
    3,
    choices={"A": "freeze", "B": "keep", "C": "meet"},
    starts={"C": 1},
    features="limits windows blocks",
)
def ranked_packages() -> Scenario:
    """Three packages with H 3, 5, 7 in that order, and a schedule that alone must not count.

    Two periods; a window of kind ``summit`` covers period 2 with multiplier 2 for C.
    A: keep (all, 2 per period = 4) or freeze (cost USA 3); B: keep (all, 1 per period =
    2) or freeze (cost USA 2); C: one option, a 1-period block, hazard 1 (start 1 -> 1,
    start 2 -> 2). USA max_cost 3 forbids freezing both. Packages: freeze A + C@1: H 3;
    freeze B: H 5; nothing: H 7. (freeze A + C@2, H 4, differs from the best only in a
    schedule and must not be an alternative.) Without the limit, freezing both gives H 1
    at USA cost 5: the cost:USA frontier is (0, 7), (2, 5), (3, 3), (5, 1).
    """
    return Scenario(
        settings=settings(periods=2),
        parties=(Party("USA", max_cost=3.0, row=2), Party("DPRK", row=3)),
        activities=(
            Activity("A", actor="USA", category="exercise", row=2),
            Activity("B", actor="USA", category="exercise", row=3),
            Activity("C", actor="DPRK", category="talks", row=4),
        ),
        options=(
            option("A", "keep", baseline=True, duration=ALL, hazard=2.0, row=2),
            option("A", "freeze", duration=0, cost={"USA": 3.0}, benefit={"DPRK": 3.0}, row=3),
            option("B", "keep", baseline=True, duration=ALL, hazard=1.0, row=4),
            option("B", "freeze", duration=0, cost={"USA": 2.0}, benefit={"DPRK": 1.0}, row=5),
            option("C", "meet", baseline=True, duration=1, hazard=1.0, row=6),
        ),
        windows=(Window("summit_week", "summit", START.replace(day=14), START.replace(day=20)),),
        timing=(TimingRow("C", "summit", 2.0),),
    )


@known(1, choices={"D": "p1"}, features="")
def bargaining() -> Scenario:
    """Two parties; one deal activity D whose options give (net A, net B, H).

    status quo (0, 0, 10); p1 (1, 10, 1); p2 (4, 4, 3); p3 (6, 3, 2); p4 (9, 1, 4).
    min_risk: p1 (H 1). max_min_net (cap = status-quo H 10): p2 (min 4). Nash over the
    status quo (0, 0) with weights 1: products 10, 16, 18, 9 -> p3. Price of fairness:
    max_min_net 3 / 1 = 3, Nash 2 / 1 = 2.
    """
    deals = {"p1": (1, 10, 1), "p2": (4, 4, 3), "p3": (6, 3, 2), "p4": (9, 1, 4)}
    opts = [option("D", "none", baseline=True, duration=ALL, hazard=10.0, row=2)]
    for i, (name, (a, b, h)) in enumerate(deals.items(), start=3):
        opts.append(
            option(
                "D",
                name,
                duration=ALL,
                hazard=float(h),
                benefit={"A": float(a), "B": float(b)},
                row=i,
            )
        )
    return Scenario(
        settings=settings(),
        parties=(Party("A", row=2), Party("B", row=3)),
        activities=(Activity("D", actor="A", row=2),),
        options=tuple(opts),
    )


@known(4, choices={"D": "p2"}, features="risk_cap")
def bargaining_fair() -> Scenario:
    """bargaining under max_min_net with risk_cap 10 (the status quo's H): p2, least net 4.

    Least nets: none 0, p1 1, p2 4, p3 3, p4 1; every H is within the cap.
    """
    s = bargaining()
    return replace(s, settings=replace(s.settings, objective="max_min_net", risk_cap=10.0))
