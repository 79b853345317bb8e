"""Known-answer tests of ``stop`` options and ``per_period`` costs (SPEC 1 Options, 2.2, 2.3).

Every optimum below is derived by hand in the test's docstring. Weekly periods from
2018-01-01; NUKE's baseline ``keep`` runs in every period with hazard 1 unless said otherwise.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.scenario import ALL, STOP, Capacity, Interaction, Party, Rule
from planner.solution import Choice, Status
from planner.verify import evaluate, verify
from tests.support.builders import opt, picked, ref, scenario, solve, starts, timing, window

pytestmark = pytest.mark.model


def _freeze(cost: float = 1.0, **kw: object) -> list:
    """NUKE: keep (all, hazard 1) | freeze (stop; DPRK pays ``cost`` per frozen period)."""
    frozen = replace(opt("NUKE", "freeze", STOP, 0, cost={"DPRK": cost}, **kw), per_period=True)  # type: ignore[arg-type]
    return [opt("NUKE", "keep", ALL, 1), frozen]


DPRK = Party("DPRK", max_cost=3)
USA = Party("USA")


@pytest.mark.parametrize(
    ("max_cost", "expected", "start", "hazard"),
    [
        (None, "freeze", 1, 0.0),
        (3, "freeze", 4, 3.0),
        (1, "freeze", 6, 5.0),
        (0, "keep", None, 6.0),
    ],
)
def test_per_period_freeze_cost_delays_the_freeze(
    max_cost: float | None, expected: str, start: int | None, hazard: float
) -> None:
    """T = 6: a freeze from s costs 7 - s and leaves H = s - 1; cost <= c means s >= 7 - c."""
    s = scenario(_freeze(), periods=6, parties=(Party("DPRK", max_cost=max_cost), USA))
    sol = solve(s)
    assert (picked(sol), starts(sol)) == ({"NUKE": expected}, {"NUKE": start})
    assert sol.objective_value == pytest.approx(hazard)
    assert sol.model_party_cost["DPRK"] == pytest.approx(0 if start is None else 7 - start)
    assert verify(s, sol).ok


def test_window_multiplies_the_baseline_before_the_freeze() -> None:
    """Window over periods 2-3 triples NUKE/keep; the freeze may begin from period 3 at the
    earliest: s = 3 gives H = 1 + 3 = 4 (s = 4: 1 + 3 + 3 = 7); every period after is frozen."""
    s = scenario(
        _freeze(0.0, earliest=3),
        periods=5,
        windows=(window("w", "holiday", 2, 3),),
        timing=(timing("NUKE/keep", "holiday", 3),),
    )
    sol = solve(s)
    assert starts(sol) == {"NUKE": 3}
    assert sol.model_period_hazard == pytest.approx((1, 3, 0, 0, 0))
    assert verify(s, sol).ok


@pytest.mark.parametrize("side", ["NUKE", "NUKE/keep"])
def test_interaction_counts_the_baseline_before_the_freeze(side: str) -> None:
    """NUKE keep (hazard 0) x EX (all, hazard 0): 2 per period both run. DPRK max_cost 2 allows
    the freeze from s = 5 at the earliest (T = 6): interaction in periods 1-4, H = 8."""
    options = [*_freeze(), opt("EX", "run", ALL, 0)]
    options[0] = opt("NUKE", "keep", ALL, 0)
    inter = (Interaction(ref(side), ref("EX"), 2.0),)
    s = scenario(options, periods=6, parties=(Party("DPRK", max_cost=2), USA), interactions=inter)
    sol = solve(s)
    assert starts(sol)["NUKE"] == 5
    assert sol.objective_value == pytest.approx(8.0)
    assert verify(s, sol).ok


def test_interaction_with_the_stop_itself_never_fires() -> None:
    """``NUKE/freeze`` is never active, so its interaction adds nothing: freeze from 1, H = 0."""
    options = [*_freeze(0.0), opt("EX", "run", ALL, 0)]
    s = scenario(options, periods=3, interactions=(Interaction(ref("NUKE/freeze"), ref("EX"), 5),))
    assert solve(s).objective_value == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("max_cost", "status", "start"), [(2, Status.OPTIMAL, 3), (1, Status.INFEASIBLE, None)]
)
def test_capacity_counts_the_baseline_before_the_freeze(
    max_cost: float, status: Status, start: int | None
) -> None:
    """T = 4, group g holds 1. DRILL (2 periods, starts 1..3) must run. max_cost 2: s >= 3,
    and the drill must follow NUKE's baseline: s = 3 and drill at 3 (H = 2). max_cost 1: s = 4,
    NUKE runs 1-3 and the drill cannot fit after it; keep runs always: infeasible."""
    options = [*_freeze(), opt("DRILL", "go", 2, 0)]
    s = scenario(
        options,
        periods=4,
        parties=(Party("DPRK", max_cost=max_cost), USA),
        groups={"NUKE": "g", "DRILL": "g"},
        capacities=(Capacity("g", 1),),
    )
    sol = solve(s)
    assert sol.status is status
    if start is not None:
        assert starts(sol) == {"NUKE": start, "DRILL": 3}
        assert sol.objective_value == pytest.approx(2.0)


def _talks(latest: int) -> list:
    """TALKS: none (baseline) | meet (1 period, starts 1..latest, USA benefit 1)."""
    return [opt("TALKS", "none"), opt("TALKS", "meet", 1, 0, latest=latest, benefit={"USA": 1})]


@pytest.mark.parametrize(("latest", "start", "hazard"), [(5, 3, 2.0), (4, None, 6.0)])
def test_talks_only_after_the_freeze_begins(latest: int, start: int | None, hazard: float) -> None:
    """before NUKE -> TALKS, lag 2: meet >= s + 2. DPRK max_cost 4: s >= 3. USA needs the talks
    (min_benefit 1). Talks by period 5: s = 3, meet 5, H = 2. Talks by 4: a freeze would need
    s <= 2, too costly, so NUKE keeps (the rule does not bind): H = 6."""
    rule = Rule("r", "before", ref("NUKE"), ref("TALKS"), lag=2)
    s = scenario(
        [*_freeze(), *_talks(latest)],
        periods=6,
        parties=(Party("DPRK", max_cost=4), Party("USA", min_benefit=1)),
        rules=(rule,),
    )
    sol = solve(s)
    assert starts(sol)["NUKE"] == start
    assert sol.objective_value == pytest.approx(hazard)
    assert verify(s, sol).ok


def test_freeze_only_after_the_talks() -> None:
    """before TALKS -> NUKE, lag 0: s >= meet + 1. Talks no earlier than period 3 (USA needs
    them): the earliest freeze is s = 4, H = 3 (T = 5, no cost)."""
    talks = [opt("TALKS", "none"), opt("TALKS", "meet", 1, 0, earliest=3, benefit={"USA": 1})]
    s = scenario(
        [*_freeze(0.0), *talks],
        periods=5,
        parties=(DPRK, Party("USA", min_benefit=1)),
        rules=(Rule("r", "before", ref("TALKS"), ref("NUKE"), lag=0),),
    )
    sol = solve(s)
    assert starts(sol) == {"NUKE": 4, "TALKS": 3}
    assert sol.objective_value == pytest.approx(3.0)


def test_per_period_blocks_and_all() -> None:
    """per_period: an ``all`` option counts T times, a block of k k times, duration 0 never.
    T = 4. X half (all, cost A 1/period) = 4; Y drill (block 2, benefit B 3/period) = 6;
    Z off (0, cost A 5/period) = 0; the once-off W give costs A 2: A pays 6, B gets 6."""
    pp = lambda o: replace(o, per_period=True)  # noqa: E731
    options = [
        opt("X", "keep", ALL, 3),
        pp(opt("X", "half", ALL, 1, cost={"A": 1})),
        opt("Y", "none", 0, 0),
        pp(opt("Y", "drill", 2, 0, benefit={"B": 3})),
        opt("Z", "on", ALL, 1),
        pp(opt("Z", "off", 0, 0, cost={"A": 5})),
        opt("W", "keep", ALL, 1),
        opt("W", "give", 0, 0, cost={"A": 2}),
    ]
    s = scenario(options, periods=4, parties=(Party("A", max_cost=11), Party("B", min_benefit=6)))
    sol = solve(s)
    assert picked(sol) == {"X": "half", "Y": "drill", "Z": "off", "W": "give"}
    assert sol.model_party_cost["A"] == pytest.approx(6)
    assert sol.model_party_benefit["B"] == pytest.approx(6)
    assert verify(s, sol).ok


def test_freeze_counts_as_chosen_in_requires_rules() -> None:
    """requires NUKE/freeze -> EX/scale (USA pays 5 > max 4): the freeze cannot be chosen, H = 3.
    requires EX/scale -> NUKE (bare: changed): scaling back needs the freeze; both at once."""
    options = [
        *_freeze(0.0),
        opt("EX", "full", ALL, 1),
        opt("EX", "scale", ALL, 0, cost={"USA": 5}),
    ]
    blocked = scenario(
        options,
        periods=3,
        parties=(DPRK, Party("USA", max_cost=4)),
        rules=(Rule("r", "requires", ref("NUKE/freeze"), ref("EX/scale")),),
    )
    assert picked(solve(blocked)) == {"NUKE": "keep", "EX": "full"}
    both = replace(blocked, parties=(DPRK, USA))
    sol = solve(both)
    assert picked(sol) == {"NUKE": "freeze", "EX": "scale"} and starts(sol)["NUKE"] == 1


def test_verifier_recomputes_a_freeze_by_hand() -> None:
    """Freeze from s = 3 of 5 (periods 1-2 under keep, hazard 1; window triples period 2):
    H = 1 + 3 = 4; DPRK pays 2 per frozen period: 2 * 3 = 6; active periods (1, 2)."""
    s = scenario(
        _freeze(2.0),
        periods=5,
        parties=(Party("DPRK"), USA),
        windows=(window("w", "holiday", 2, 2),),
        timing=(timing("NUKE/keep", "holiday", 3),),
    )
    ev = evaluate(s, [Choice("NUKE", "freeze", 3)])
    assert ev.period_hazard == pytest.approx((1, 3, 0, 0, 0))
    assert ev.party_cost["DPRK"] == pytest.approx(6)
    assert ev.active["NUKE"] == (1, 2)
    assert ev.ok
    bad = evaluate(s, [Choice("NUKE", "freeze", None)])
    assert not bad.ok and "NUKE/freeze: start None" in bad.violations[0].detail


def test_verifier_catches_a_wrong_model_figure() -> None:
    """A solution whose H leaves out the baseline's periods before the freeze disagrees."""
    s = scenario(_freeze(), periods=6, parties=(Party("DPRK", max_cost=3), USA))
    sol = solve(s)
    assert verify(s, sol).ok
    wrong = replace(sol, model_total_hazard=0.0, objective_value=0.0)
    problems = verify(s, wrong).problems
    assert any(p.startswith("total_hazard") for p in problems)
    cheap = replace(sol, model_party_cost={"DPRK": 1.0, "USA": 0.0})
    assert any(p.startswith("cost[DPRK]") for p in verify(s, cheap).problems)


def test_a_vetoed_baseline_still_runs_until_the_freeze() -> None:
    """keep is vetoed (cannot be chosen all year), the freeze may begin from week 3: the
    baseline runs in weeks 1-2 (H = 2) and counts in the interaction with EX (2 x 0.5)."""
    options = [
        opt("NUKE", "keep", ALL, 1, vetoed_by=("USA",)),
        opt("NUKE", "freeze", STOP, 0, earliest=3),
        opt("EX", "run", ALL, 0),
    ]
    inter = (Interaction(ref("NUKE/keep"), ref("EX"), 0.5),)
    s = scenario(options, periods=5, parties=(DPRK, USA), interactions=inter)
    sol = solve(s)
    assert (picked(sol), starts(sol)["NUKE"]) == ({"NUKE": "freeze", "EX": "run"}, 3)
    assert sol.objective_value == pytest.approx(3.0)
    assert verify(s, sol).ok
