"""Independent verifier: hand-computed evaluations of tiny scenarios (no solver)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.scenario import (
    Capacity,
    Interaction,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
    Window,
)
from planner.solution import Choice
from planner.verify import Check, evaluate, status_quo_choices
from tests.support.cases import WINDOWS, verifier_timing

pytestmark = pytest.mark.unit


def scenario(**changes: object) -> Scenario:
    """The library's verifier_timing scenario with ``changes``."""
    return verifier_timing(**changes)


def check(checks: tuple[Check, ...], name: str) -> Check:
    """The check with this name."""
    (found,) = [c for c in checks if c.name == name]
    return found


def test_multipliers_most_specific_row_and_each_kind_once() -> None:
    ev = evaluate(scenario(), [Choice("A", "base"), Choice("B", "base", 3)])
    # A/base: p2 holiday (two windows, once) -> exercise row 3; p3 holiday 3 * harvest (A row) 4.
    # B/base (hazard 2) in p3: holiday -> * row 2; harvest -> * row 10: 2 * 20 = 40.
    assert ev.option_hazard == pytest.approx((1.0, 3.0, 12.0 + 40.0, 1.0))
    assert ev.activity_hazard == pytest.approx({"A": 17.0, "B": 40.0})
    assert ev.total_hazard == pytest.approx(57.0)
    assert ev.peak_hazard == pytest.approx(52.0)
    assert ev.probability == pytest.approx(1 - math.exp(-57.0))


def test_option_specific_row_beats_activity_and_category() -> None:
    ev = evaluate(scenario(), [Choice("A", "small", 2), Choice("B", "off")])
    # p2: A/small@holiday 5 -> 2.5; p3: holiday 5 * harvest (A row, no A/small row) 4 -> 10.
    assert ev.option_hazard == pytest.approx((0.0, 2.5, 10.0, 0.0))
    assert ev.active == {"A": (2, 3), "B": ()}


def test_kind_without_timing_row_counts_one() -> None:
    windows = (*WINDOWS, Window("games", "olympics", date(2018, 1, 1), date(2018, 1, 28)))
    ev = evaluate(scenario(windows=windows), [Choice("A", "base"), Choice("B", "off")])
    assert ev.option_hazard == pytest.approx((1.0, 3.0, 12.0, 1.0))


def test_interaction_with_bare_activity_counts_any_option() -> None:
    interactions = (Interaction(Ref("A"), Ref("B", ("base",)), 0.7),)
    s = scenario(interactions=interactions)
    overlap = evaluate(s, [Choice("A", "small", 2), Choice("B", "base", 3)])
    assert overlap.interaction_hazard == pytest.approx((0.0, 0.0, 0.7, 0.0))
    assert overlap.period_hazard[2] == pytest.approx(10.0 + 40.0 + 0.7)
    apart = evaluate(s, [Choice("A", "small", 1), Choice("B", "base", 4)])
    assert apart.interaction_hazard == (0.0, 0.0, 0.0, 0.0)
    named = scenario(interactions=(Interaction(Ref("A", ("base",)), Ref("B"), 0.7),))
    other_option = evaluate(named, [Choice("A", "small", 2), Choice("B", "base", 3)])
    assert other_option.interaction_hazard == (0.0, 0.0, 0.0, 0.0)


def test_party_totals_and_limits() -> None:
    ev = evaluate(scenario(), [Choice("A", "small", 1), Choice("B", "off")])
    assert ev.party_cost == {"X": 2.0, "Y": 1.5}
    assert ev.party_benefit == {"X": 1.0, "Y": 3.0}
    assert ev.party_net == {"X": -1.0, "Y": 1.5}
    assert ev.min_weighted_net == pytest.approx(-1.0)
    max_cost = check(ev.checks, "max_cost[X]")
    assert (max_cost.ok, max_cost.slack, max_cost.binding) == (True, 3.0, False)
    min_net = check(ev.checks, "min_net[X]")
    assert (min_net.ok, min_net.binding) == (True, True)
    min_benefit = check(ev.checks, "min_benefit[Y]")
    assert (min_benefit.ok, min_benefit.binding) == (True, True)


def test_violated_limit_is_reported() -> None:
    parties = (Party("X", max_cost=1.0), Party("Y"))
    ev = evaluate(scenario(parties=parties), [Choice("A", "small", 1), Choice("B", "base", 4)])
    limit = check(ev.checks, "max_cost[X]")
    assert (limit.ok, limit.value, limit.limit, limit.slack) == (False, 2.0, 1.0, -1.0)
    assert not ev.ok
    assert [c.name for c in ev.violations] == ["max_cost[X]"]


def test_vetoed_option_is_a_violation() -> None:
    ev = evaluate(scenario(), [Choice("A", "base"), Choice("B", "off")])
    veto = check(ev.checks, "not_vetoed")
    assert not veto.ok
    assert "B/off" in veto.detail and "X" in veto.detail


@pytest.mark.parametrize(
    ("a_option", "b_option", "ok", "binding"),
    [
        ("base", "base", True, False),  # A unchanged: the rule does not apply
        ("small", "base", False, False),  # A changed but B not off
        ("small", "off", True, True),
    ],
)
def test_requires_with_bare_activity_means_changed(
    a_option: str, b_option: str, ok: bool, binding: bool
) -> None:
    rules = (Rule("r", "requires", Ref("A"), Ref("B", ("off",))),)
    starts = {"base": {"A": None, "B": 2}, "small": {"A": 1, "B": 2}}
    choices = [
        Choice("A", a_option, starts[a_option]["A"]),
        Choice("B", b_option, 2 if b_option == "base" else None),
    ]
    rule = check(evaluate(scenario(rules=rules), choices).checks, "rule[r]")
    assert (rule.ok, rule.binding) == (ok, binding)


def test_excludes_any_of_several_options() -> None:
    rules = (Rule("r", "excludes", Ref("A", ("small", "late")), Ref("B", ("base",))),)
    both = evaluate(scenario(rules=rules), [Choice("A", "late", 3), Choice("B", "base", 1)])
    assert not check(both.checks, "rule[r]").ok
    one = evaluate(scenario(rules=rules), [Choice("A", "base"), Choice("B", "base", 1)])
    assert (check(one.checks, "rule[r]").ok, check(one.checks, "rule[r]").binding) == (True, True)


@pytest.mark.parametrize(
    ("a_choice", "b_start", "ok", "binding", "applies"),
    [
        (Choice("A", "small", 1), 4, True, True, True),  # 1 + 2 + lag 1 = 4: tight
        (Choice("A", "small", 1), 3, False, False, True),
        (Choice("A", "late", 3), 1, False, False, True),
        (Choice("A", "base"), 1, True, False, False),  # A not a block: does not bind
    ],
)
def test_before_binds_only_between_two_blocks(
    a_choice: Choice, b_start: int, ok: bool, binding: bool, applies: bool
) -> None:
    rules = (Rule("r", "before", Ref("A"), Ref("B"), lag=1),)
    ev = evaluate(scenario(rules=rules), [a_choice, Choice("B", "base", b_start)])
    rule = check(ev.checks, "rule[r]")
    assert (rule.ok, rule.binding) == (ok, binding)
    assert (rule.slack is not None) == applies


def test_capacity_reports_the_worst_period() -> None:
    s = scenario(capacities=(Capacity("g", 1),))
    crowded = check(
        evaluate(s, [Choice("A", "base"), Choice("B", "base", 3)]).checks, "capacity[g]"
    )
    assert (crowded.ok, crowded.value, crowded.slack) == (False, 2, -1)
    assert "period 3" in crowded.detail
    spread = check(
        evaluate(s, [Choice("A", "small", 1), Choice("B", "base", 3)]).checks, "capacity[g]"
    )
    assert (spread.ok, spread.binding) == (True, True)


def test_risk_cap() -> None:
    settings = Settings(start_date=date(2018, 1, 1), periods=4, risk_cap=30.0)
    ev = evaluate(scenario(settings=settings), [Choice("A", "base"), Choice("B", "base", 3)])
    cap = check(ev.checks, "risk_cap")
    assert (cap.ok, cap.value, cap.slack) == (False, pytest.approx(57.0), pytest.approx(-27.0))


def test_structure_checks() -> None:
    s = scenario()
    ok = evaluate(s, [Choice("A", "late", 3), Choice("B", "base", 4)])
    assert all(c.ok for c in ok.checks if c.kind == "structure")
    bad = evaluate(
        s,
        [Choice("A", "late", 2), Choice("A", "base"), Choice("B", "base", 5), Choice("C", "x")],
    )
    one = check(bad.checks, "one_option_per_activity")
    assert not one.ok and "A: 2 choices" in one.detail and "C/x unknown" in one.detail
    starts = check(bad.checks, "starts_allowed")
    assert (
        not starts.ok and "A/late: start 2" in starts.detail and "B/base: start 5" in starts.detail
    )
    horizon = check(bad.checks, "blocks_inside_horizon")
    assert not horizon.ok and "B/base" in horizon.detail and "A/late" not in horizon.detail
    missing = evaluate(s, [Choice("A", "small")])
    assert "B: 0 choices" in check(missing.checks, "one_option_per_activity").detail
    assert "A/small: start None" in check(missing.checks, "starts_allowed").detail


def test_status_quo_starts_blocks_at_earliest_allowed_start() -> None:
    options = (
        Option("A", "base", baseline=True, duration=2, earliest_start=date(2018, 1, 10)),
        Option("B", "base", baseline=True, duration=0),
    )
    assert status_quo_choices(scenario(options=options)) == (
        Choice("A", "base", 2),
        Choice("B", "base", None),
    )


@given(
    first=st.dates(min_value=date(2017, 1, 1), max_value=date(2019, 1, 1)),
    days=st.integers(1, 31),
    periods=st.integers(1, 60),
    start=st.integers(-400, 800),
    length=st.integers(-5, 400),
)
def test_covered_periods_are_those_a_scan_finds(
    first: date, days: int, periods: int, start: int, length: int
) -> None:
    """``Calendar.covered`` (arithmetic) equals scanning every period for an overlap."""
    from datetime import timedelta

    from planner.verify.periods import Calendar

    settings = Settings(start_date=first, periods=periods, period_days=days)
    cal = Calendar(Scenario(settings, parties=(), activities=(), options=()))
    lo = first + timedelta(days=start)
    hi = lo + timedelta(days=length)
    scan = tuple(
        t for t in range(1, periods + 1) if lo <= cal.bounds(t)[1] and hi >= cal.bounds(t)[0]
    )
    assert cal.covered(lo, hi) == scan
