"""Cases with several sheets in play at once, shared by the verifier and sweep tests."""

from __future__ import annotations

from datetime import date

from planner.scenario import (
    ALL,
    Activity,
    Balance,
    Capacity,
    Interaction,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
    SourceInfo,
    SweepRow,
    TimingRow,
    Window,
)
from tests.support.library import known

# Four weekly periods starting Monday 2018-01-01:
# p1 = 01-01..01-07, p2 = 01-08..01-14, p3 = 01-15..01-21, p4 = 01-22..01-28.
WINDOWS = (
    Window("hol_a", "holiday", date(2018, 1, 8), date(2018, 1, 9)),  # p2
    Window("hol_b", "holiday", date(2018, 1, 10), date(2018, 1, 20)),  # p2, p3
    Window("harvest", "harvest", date(2018, 1, 15), date(2018, 1, 15)),  # p3
)
TIMING = (
    TimingRow("*", "holiday", 2.0),
    TimingRow("exercise", "holiday", 3.0),
    TimingRow("A/small", "holiday", 5.0),
    TimingRow("*", "harvest", 10.0),
    TimingRow("A", "harvest", 4.0),
)


def verifier_timing(**changes: object) -> Scenario:
    """Two activities: A (exercise, all weeks or a 2-week block), B (test, 1-week block or off).

    ``changes`` replace whole fields of the scenario (the verifier tests vary one sheet).
    """
    base: dict[str, object] = {
        "settings": Settings(start_date=date(2018, 1, 1), periods=4),
        "parties": (
            Party("X", max_cost=5.0, min_net=-1.0),
            Party("Y", min_benefit=3.0, weight=2.0),
        ),
        "activities": (
            Activity("A", actor="X", category="exercise", group="g"),
            Activity("B", actor="Y", category="test", group="g"),
        ),
        "options": (
            Option("A", "base", baseline=True, duration="all", hazard=1.0),
            Option("A", "small", duration=2, hazard=0.5, cost={"X": 2.0}, benefit={"Y": 3.0}),
            Option("A", "late", duration=1, hazard=0.1, earliest_start=date(2018, 1, 16)),
            Option("B", "base", baseline=True, duration=1, hazard=2.0, benefit={"Y": 1.0}),
            Option("B", "off", duration=0, cost={"Y": 1.5}, benefit={"X": 1.0}, vetoed_by=("X",)),
        ),
        "windows": WINDOWS,
        "timing": TIMING,
    }
    base.update(changes)
    return Scenario(**base)  # type: ignore[arg-type]


@known(None, features="limits vetoes windows blocks")
def verifier_timing_as_given() -> Scenario:
    """verifier_timing unchanged has no package.

    B/off is vetoed by X, so B is base (benefit Y 1). Y's min_benefit 3 then needs A/small
    (Y +3), which costs X 2 and leaves X's net at -2, below its min_net -1.
    """
    return verifier_timing()


@known(1.0, choices={"FE": "as_planned", "NT": "halt"}, features="balance windows blocks")
def every_sweepable_sheet() -> Scenario:
    """Two parties, two activities, one of every sweepable sheet (ten weeks from 2018-01-01).

    FE frozen (USA -3, DPRK +4) breaks Balance max_gap 5 whatever NT does (gap 6 or 7).
    So FE as_planned, a 2-week block from week 3 at 0.5 (H 1.0 outside the olympics in
    weeks 6-8), and NT halt (H 0; DPRK net -1, gap 1) beats continue (0.2 x 10 = 2): H 1.0.
    The before rule FE -> NT does not bind: NT is never a block.
    """
    return Scenario(
        settings=Settings(start_date=date(2018, 1, 1), periods=10),
        parties=(Party("USA", max_cost=10.0), Party("DPRK", min_net=-5.0, weight=2.0)),
        activities=(
            Activity("FE", actor="USA", category="exercise"),
            Activity("NT", actor="DPRK", category="test"),
        ),
        options=(
            Option(
                "FE",
                "as_planned",
                baseline=True,
                duration=2,
                earliest_start=date(2018, 1, 15),
                hazard=0.5,
            ),
            Option("FE", "frozen", duration=0, cost={"USA": 3.0}, benefit={"DPRK": 4.0}),
            Option("NT", "continue", baseline=True, duration=ALL, hazard=0.2),
            Option("NT", "halt", duration=0, cost={"DPRK": 1.0}),
        ),
        windows=(Window("olympics", "olympics", date(2018, 2, 9), date(2018, 2, 25)),),
        timing=(TimingRow("exercise", "olympics", 2.0),),
        rules=(Rule("r1", "before", Ref("FE"), Ref("NT"), lag=1),),
        balances=(Balance("USA", "DPRK", 5.0),),
        capacities=(Capacity("drills", 2),),
        sweeps=(SweepRow("Parties.max_cost[USA]", "set", "0:20:5", row=2),),
    )


def exercise_budget(usa_max_cost: float = 15.0, dprk_max_cost: float | None = None) -> Scenario:
    """Three weeks; a national day in week 1 doubles exercise hazard (the sweep tests' scenario).

    - FE (USA exercise): as_planned (hazard 1/period, 2-week block, baseline), scaled_back
      (0.4, costs USA 10, gives DPRK 4), frozen (never active, costs USA 20, gives DPRK 10).
    - NT (DPRK test): as_planned (0.5 in every period, baseline), paused (costs DPRK 5).
    With DPRK free to pay, NT is paused. FE is the cheapest-hazard option USA can afford:
    below a USA max_cost of 10 as_planned (H = 2, block in weeks 2-3), from 10 scaled_back
    (H = 0.8, weeks 2-3), from 20 frozen (H = 0).
    """
    return Scenario(
        settings=Settings(start_date=date(2018, 1, 1), periods=3, mip_gap=0.0),
        parties=(Party("USA", max_cost=usa_max_cost), Party("DPRK", max_cost=dprk_max_cost)),
        activities=(
            Activity("FE", actor="USA", category="exercise"),
            Activity("NT", actor="DPRK", category="test"),
        ),
        options=(
            Option("FE", "as_planned", baseline=True, duration=2, hazard=1.0),
            Option(
                "FE",
                "scaled_back",
                duration=2,
                hazard=0.4,
                cost={"USA": 10.0},
                benefit={"DPRK": 4.0},
            ),
            Option("FE", "frozen", duration=0, cost={"USA": 20.0}, benefit={"DPRK": 10.0}),
            Option("NT", "as_planned", baseline=True, duration=ALL, hazard=0.5),
            Option("NT", "paused", duration=0, cost={"DPRK": 5.0}),
        ),
        windows=(Window("founding_day", "national_day", date(2018, 1, 1), date(2018, 1, 3)),),
        timing=(TimingRow("exercise", "national_day", 2.0),),
    )


@known(
    0.8,
    choices={"FE": "scaled_back", "NT": "paused"},
    starts={"FE": 2},
    features="limits windows blocks",
)
def exercise_budget_15() -> Scenario:
    """exercise_budget at USA max_cost 15: scaled_back in weeks 2-3 (0.4 x 2) and NT paused: H 0.8."""
    return exercise_budget()


@known(
    2.1,
    choices={"drill": "scaled", "test": "freeze", "talk": "harsh", "patrol": "routine"},
    features="limits vetoes windows requires balance blocks",
)
def small_scenario() -> Scenario:
    """Eight weeks from 2018-01-01, four activities, two windows (periods 3 and 6-8).

    DPRK's min_benefit 1 comes only from drill/scaled (1.5), which costs USA its whole
    max_cost 2; talk/soft is vetoed. test/freeze (H 0) needs a changed drill (it has one),
    keeps the balance (USA net 0, DPRK 0.5) and beats test/as_planned (3). The scaled
    2-week drill avoids week 3 (national day x3) and weeks 6-8 (olympics x2): 0.8 (weeks
    1-2 or 4-5); talk all weeks 0.1, doubled in 6-8: 1.1; patrol one week outside the
    olympics: 0.2. H = 0.8 + 1.1 + 0.2 = 2.1. The before and capacity rows never bind.
    """
    return Scenario(
        settings=Settings(start_date=date(2018, 1, 1), periods=8),
        parties=(
            Party("USA", "United States", max_cost=2.0),
            Party("DPRK", "North Korea", min_benefit=1.0),
            Party("ROK", "South Korea", min_net=-2.0, weight=2.0),
        ),
        activities=(
            Activity("drill", "Spring drill", "USA", "exercise", "mil"),
            Activity("test", "Missile test", "DPRK", "test", "mil"),
            Activity("talk", "Statements", "ROK", "rhetoric"),
            Activity("patrol", "Patrol", "USA", "deployment"),
        ),
        options=(
            Option("drill", "as_planned", "Full drill", True, 3, date(2018, 1, 15), hazard=1.0),
            Option(
                "drill",
                "scaled",
                "Smaller drill",
                False,
                2,
                hazard=0.4,
                cost={"USA": 2.0},
                benefit={"DPRK": 1.5},
            ),  # fmt: skip
            Option("test", "as_planned", "Test", True, 1, hazard=3.0),
            Option(
                "test",
                "freeze",
                "No test",
                False,
                0,
                cost={"DPRK": 1.0},
                benefit={"USA": 2.0, "ROK": 1.0},
            ),  # fmt: skip
            Option("talk", "harsh", "Harsh words", True, "all", hazard=0.1),
            Option("talk", "soft", "Soft words", False, 0, vetoed_by=("ROK",)),
            Option("patrol", "routine", "Routine patrol", True, 1, hazard=0.2),
        ),
        windows=(
            Window("day_of_sun", "national_day", date(2018, 1, 15), date(2018, 1, 15)),
            Window("olympics", "olympics", date(2018, 2, 9), date(2018, 2, 25)),
        ),
        timing=(TimingRow("*", "olympics", 2.0), TimingRow("exercise", "national_day", 3.0)),
        interactions=(Interaction(Ref("drill"), Ref("test"), 0.5),),
        rules=(
            Rule("freeze_for_freeze", "requires", Ref("test", ("freeze",)), Ref("drill")),
            Rule("drill_first", "before", Ref("drill"), Ref("test")),
        ),
        balances=(Balance("USA", "DPRK", 5.0),),
        capacities=(Capacity("mil", 2),),
        source=SourceInfo("inputs/small.xlsx", "ab" * 32),
    )
