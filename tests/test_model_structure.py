"""Known-answer tests of the model's structure: options, vetoes, durations, starts, multipliers, interactions.

Every optimum below is derived by hand in the test's docstring.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.scenario import ALL, Interaction, Party, Scenario
from planner.solution import Status
from tests.support.builders import opt, picked, ref, scenario, solve, starts, timing, window
from tests.support.cases import interaction_separates_blocks

pytestmark = pytest.mark.model


def test_one_option_per_activity() -> None:
    """keep (all, 5/period) | reduce (all, 2) | freeze (0; cost A 1 > max_cost 0): reduce, H = 2 * 3."""
    s = scenario(
        [
            opt("X", "keep", ALL, 5),
            opt("X", "reduce", ALL, 2),
            opt("X", "freeze", 0, 0, cost={"A": 1}),
        ],
        periods=3,
        parties=(Party("A", max_cost=0), Party("B")),
    )
    sol = solve(s)
    assert sol.status is Status.OPTIMAL
    assert [c.activity for c in sol.choices] == ["X"]
    assert picked(sol) == {"X": "reduce"}
    assert sol.objective_value == pytest.approx(6)
    assert sol.model_period_hazard == pytest.approx((2, 2, 2))


@pytest.mark.parametrize(
    ("vetoed_by", "expected", "hazard"), [((), "freeze", 0), (("B",), "reduce", 2)]
)
def test_veto(vetoed_by: tuple[str, ...], expected: str, hazard: float) -> None:
    """freeze (H 0) beats reduce (H 2) unless B vetoes it."""
    s = scenario(
        [
            opt("X", "keep", ALL, 5),
            opt("X", "reduce", ALL, 2),
            opt("X", "freeze", 0, 0, vetoed_by=vetoed_by),
        ]
    )
    sol = solve(s)
    assert picked(sol) == {"X": expected}
    assert sol.objective_value == pytest.approx(hazard)


def test_durations_zero_block_all() -> None:
    """T=4: all x 1.0 -> 4; block 3 x 1.2 -> 3.6; block 2 x 1.9 -> 3.8; 0 (vetoed) -> 0. Block 3 wins."""
    s = scenario(
        [
            opt("X", "all", ALL, 1.0),
            opt("X", "three", 3, 1.2),
            opt("X", "two", 2, 1.9),
            opt("X", "off", 0, 0, vetoed_by=("A",)),
        ],
        periods=4,
    )
    sol = solve(s)
    assert picked(sol) == {"X": "three"}
    assert sol.objective_value == pytest.approx(3.6)
    start = sol.choice("X").start
    assert start in (1, 2)
    active = [t for t, h in enumerate(sol.model_period_hazard, start=1) if h > 0]
    assert active == [start, start + 1, start + 2]


def test_duration_zero_is_never_active() -> None:
    """An option of duration 0 adds no hazard in any period, whatever its hazard value."""
    s = scenario([opt("X", "keep", ALL, 3), opt("X", "off", 0, 100)], periods=2)
    sol = solve(s)
    assert picked(sol) == {"X": "off"}
    assert sol.model_period_hazard == (0, 0)
    assert sol.choice("X").start is None


def test_earliest_and_latest_start() -> None:
    """T=5, block 2 x 1, hot (x3) on periods 3-4, starts 2..3 allowed (dates mid-period).

    start 1 (H 2) and start 4 (3+1 = 4) are not allowed; start 2: 1+3 = 4; start 3: 3+3 = 6.
    """
    s = scenario(
        [opt("X", "block", 2, 1.0, earliest=2, latest=3)],
        periods=5,
        windows=(window("w", "hot", 3, 4),),
        timing=(timing("*", "hot", 3),),
    )
    sol = solve(s)
    assert starts(sol) == {"X": 2}
    assert sol.objective_value == pytest.approx(4)
    assert sol.model_period_hazard == pytest.approx((0, 1, 3, 0, 0))


def test_blank_latest_start_keeps_block_inside_horizon() -> None:
    """T=3, block 2 x 1, periods 1-2 cost x5: start 1 -> 10, start 2 -> 6; start 3 would end outside."""
    s = scenario(
        [opt("X", "block", 2, 1.0)],
        periods=3,
        windows=(window("w", "hot", 1, 2),),
        timing=(timing("X", "hot", 5),),
    )
    sol = solve(s)
    assert starts(sol) == {"X": 2}
    assert sol.objective_value == pytest.approx(6)


def _specificity_scenario(extra_windows: tuple = ()) -> Scenario:
    """Four one-option blocks forced into period 2, each resolving a different Timing row."""
    return scenario(
        [
            opt("P", "o", 1, 1.0, earliest=2, latest=2),
            opt("Q", "o", 1, 1.0, earliest=2, latest=2),
            opt("R", "o", 1, 1.0, earliest=2, latest=2),
            opt("S", "o", 1, 1.0, earliest=2, latest=2),
        ],
        periods=3,
        categories={"P": "exercise", "Q": "exercise", "R": "exercise", "S": "talks"},
        windows=(window("w1", "k", 2, 2), *extra_windows),
        timing=(
            timing("*", "k", 10),
            timing("exercise", "k", 4),
            timing("Q", "k", 3),
            timing("P", "k", 5),
            timing("P/o", "k", 2),
        ),
    )


def test_timing_most_specific_row() -> None:
    """P: ACT/OPT row 2 (before ACT 5); Q: ACT row 3; R: category 4; S: '*' 10. H = 19."""
    sol = solve(_specificity_scenario())
    assert sol.objective_value == pytest.approx(19)
    assert sol.model_period_hazard == pytest.approx((0, 19, 0))


def test_timing_kind_counts_once_and_kinds_multiply() -> None:
    """A second window of kind k over period 2 changes nothing; a kind k2 (x0.5 for '*') halves: 9.5."""
    s = _specificity_scenario((window("w2", "k", 1, 2), window("w3", "k2", 2, 2)))
    s = replace(s, timing=(*s.timing, timing("*", "k2", 0.5)))
    sol = solve(s)
    assert sol.objective_value == pytest.approx(9.5)


def test_interaction_bare_activities_separates_blocks() -> None:
    """Library case interaction_separates_blocks: the two one-period blocks in different periods."""
    sol = solve(interaction_separates_blocks())
    assert sol.objective_value == pytest.approx(2)
    assert sol.choice("X").start != sol.choice("Y").start


@pytest.mark.parametrize(("a", "expected", "hazard"), [("X/keep", "alt", 5), ("X", "keep", 24)])
def test_interaction_option_reference(a: str, expected: str, hazard: float) -> None:
    """T=2; X keep (all 1) | alt (all 1.5); Y all 1; +10 per period when a and Y are active.

    a = X/keep: keep 2+2+20 = 24, alt 3+2 = 5 -> alt. a = X (any option): keep 24, alt 25 -> keep.
    """
    s = scenario(
        [opt("X", "keep", ALL, 1), opt("X", "alt", ALL, 1.5), opt("Y", "keep", ALL, 1)],
        periods=2,
        interactions=(Interaction(ref(a), ref("Y"), 10),),
    )
    sol = solve(s)
    assert picked(sol)["X"] == expected
    assert sol.objective_value == pytest.approx(hazard)
    assert sum(sol.model_period_hazard) == pytest.approx(hazard)
