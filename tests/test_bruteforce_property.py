"""Property test: on random tiny scenarios the model's lexicographic optimum equals brute-force enumeration."""

from __future__ import annotations

from datetime import date, timedelta

import bruteforce
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.model.solve import solve_scenario
from planner.scenario import (
    Activity,
    Balance,
    Capacity,
    Duration,
    Interaction,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
    TimingRow,
    Window,
)
from planner.solution import SolveOptions, Status

START = date(2019, 3, 4)
MAX_PACKAGES = 3000


def _day(draw: st.DrawFn, t: int, period_days: int) -> date:
    """A day inside period t (may lie outside the horizon when t < 1 or t > T)."""
    offset = draw(st.integers(0, period_days - 1))
    return START + timedelta(days=(t - 1) * period_days + offset)


def _options(
    draw: st.DrawFn, activity: str, periods: int, pd: int, parties: list[str]
) -> list[Option]:
    out: list[Option] = []
    for k in range(draw(st.integers(2, 3))):
        durations: list[Duration] = [0, 1, 2, 3, "all", "all"]
        if k and out[0].duration == "all":
            durations += ["stop", "stop"]  # a freeze needs a baseline in force in every period
        duration = draw(st.sampled_from(durations))
        earliest = latest = None
        if duration == "stop" or (isinstance(duration, int) and duration >= 1):
            last_fit = periods - duration + 1 if isinstance(duration, int) else periods
            first = draw(st.none() | st.integers(1, last_fit))
            earliest = None if first is None else _day(draw, first, pd)
            last = draw(st.none() | st.integers(first or 1, periods))
            latest = None if last is None else _day(draw, last, pd)
        out.append(
            Option(
                activity=activity,
                id=f"o{k}",
                baseline=k == 0,
                duration=duration,
                earliest_start=earliest,
                latest_start=latest,
                hazard=draw(st.sampled_from([0, 0.5, 1, 1.5, 2, 3, 5])),
                per_period=draw(st.sampled_from([False, False, True])),
                vetoed_by=draw(st.sampled_from([(), (), (), (), (parties[0],)])),
                cost={p: c for p in parties if (c := draw(st.sampled_from([0, 0, 1, 2, 3])))},
                benefit={p: b for p in parties if (b := draw(st.sampled_from([0, 0, 1, 2])))},
            )
        )
    return out


def _ref(draw: st.DrawFn, activity: str, options: list[Option], *, multi: bool) -> Ref:
    ids = [o.id for o in options if o.activity == activity]
    form = draw(st.sampled_from(["bare", "one", "many"] if multi else ["bare", "one"]))
    if form == "bare":
        return Ref(activity)
    size = 1 if form == "one" else 2
    return Ref(activity, tuple(draw(st.permutations(ids))[:size]))


def _rules(draw: st.DrawFn, acts: list[str], options: list[Option]) -> tuple[Rule, ...]:
    rules = []
    for k in range(draw(st.integers(0, 3))):
        a, b = draw(st.permutations(acts))[:2]
        kind = draw(st.sampled_from(["requires", "excludes", "before", "before"]))
        if kind == "before":
            rules.append(Rule(f"r{k}", kind, Ref(a), Ref(b), lag=draw(st.integers(0, 2))))
        else:
            ra = _ref(draw, a, options, multi=True)
            rules.append(Rule(f"r{k}", kind, ra, _ref(draw, b, options, multi=True)))
    return tuple(rules)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Scenario, str]:
    """A random tiny scenario with every sheet in play, and an objective."""
    periods, pd = draw(st.integers(3, 5)), draw(st.sampled_from([1, 7]))
    pids = [f"P{i}" for i in range(draw(st.integers(2, 3)))]
    parties = [
        Party(
            id=p,
            max_cost=draw(st.sampled_from([None, None, 2, 4, 7])),
            min_benefit=draw(st.sampled_from([None, None, None, 0, 1, 2])),
            min_net=draw(st.sampled_from([None, None, None, -5, -2, 0])),
            weight=draw(st.sampled_from([1, 1, 2, 0.5])),
        )
        for p in pids
    ]
    acts = [f"A{i}" for i in range(draw(st.integers(2, 4)))]
    activities = [
        Activity(
            id=a,
            actor=pids[0],
            category=draw(st.sampled_from(["ex", "test"])),
            group=draw(st.sampled_from([None, "g"])),
        )
        for a in acts
    ]
    options = [o for a in acts for o in _options(draw, a, periods, pd, pids)]
    windows = tuple(
        Window(
            id=f"w{k}",
            kind=draw(st.sampled_from(["k1", "k2"])),
            start=_day(draw, first := draw(st.integers(0, periods)), pd),
            end=_day(draw, draw(st.integers(first, periods + 1)), pd),
        )
        for k in range(draw(st.integers(0, 2)))
    )
    targets = ["*", "ex", "test", *acts, *(o.key for o in options)]
    timing = {
        (draw(st.sampled_from(targets)), draw(st.sampled_from(["k1", "k2"]))): draw(
            st.sampled_from([0, 0.5, 2, 3])
        )
        for _ in range(draw(st.integers(0, 3)))
    }
    interactions = []
    for _ in range(draw(st.sampled_from([0, 1, 1, 2, 2]))):
        a, b = draw(st.permutations(acts))[:2]
        interactions.append(
            Interaction(
                _ref(draw, a, options, multi=False),
                _ref(draw, b, options, multi=False),
                draw(st.sampled_from([0.5, 1, 2, 4])),
            )
        )
    objective = draw(st.sampled_from(["min_risk", "min_peak", "max_min_net"]))
    cap = draw(st.sampled_from([None, None, 12, 25, 60]))
    if objective == "max_min_net" and cap is None:
        cap = 60
    s = Scenario(
        settings=Settings(
            start_date=START, periods=periods, period_days=pd, objective=objective, risk_cap=cap
        ),
        parties=tuple(parties),
        activities=tuple(activities),
        options=tuple(options),
        windows=windows,
        timing=tuple(TimingRow(a, k, m) for (a, k), m in timing.items()),
        interactions=tuple(interactions),
        rules=_rules(draw, acts, options),
        balances=tuple(
            Balance(pids[0], pids[1], draw(st.sampled_from([1, 3, 6])))
            for _ in range(draw(st.integers(0, 1)))
        ),
        capacities=tuple(
            Capacity("g", draw(st.integers(1, 3))) for _ in range(draw(st.integers(0, 1)))
        ),
    )
    return s, objective


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(scenarios())
def test_model_matches_brute_force(case: tuple[Scenario, str]) -> None:
    """Same feasibility, same lexicographic stage values, and the model's numbers match its package."""
    _check_against_brute_force(case)


def _check_against_brute_force(case: tuple[Scenario, str]) -> None:
    s, objective = case
    assume(bruteforce.count_packages(s) <= MAX_PACKAGES)
    best = bruteforce.optimum(s, objective)
    sol = solve_scenario(s, SolveOptions(mip_gap=0.0))
    if best is None:
        assert sol.status is Status.INFEASIBLE
        return
    assert sol.status is Status.OPTIMAL, sol.stages
    package = tuple((c.option, c.start) for c in sol.choices)
    ev = bruteforce.evaluate(s, package)
    assert ev.feasible
    got = bruteforce.stage_values(s, objective, ev)
    assert all(_close(g, b) for g, b in zip(got, best, strict=True)), (got, best, sol.stages)
    assert sol.objective_value is not None and _close(sol.objective_value, best[0])
    assert sol.model_total_hazard is not None and _close(sol.model_total_hazard, ev.total_hazard)
    assert all(_close(x, y) for x, y in zip(sol.model_period_hazard, ev.period_hazard, strict=True))
    assert all(_close(sol.model_party_cost[p], ev.cost[p]) for p in ev.cost)
    assert all(_close(sol.model_party_benefit[p], ev.benefit[p]) for p in ev.benefit)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(scenarios())
def test_model_matches_brute_force_with_freezes(case: tuple[Scenario, str]) -> None:
    """The same comparison, on scenarios that have at least one stop option (freeze start periods)."""
    assume(any(o.duration == "stop" for o in case[0].options))
    _check_against_brute_force(case)


def test_brute_force_sees_the_rules() -> None:
    """Sanity of the oracle itself: a before rule with lag removes exactly the early pairs."""
    s = Scenario(
        settings=Settings(start_date=START, periods=4, period_days=1),
        parties=(Party("P"),),
        activities=(Activity("X"), Activity("Y")),
        options=(
            Option("X", "b", baseline=True, duration=2, hazard=1),
            Option("Y", "b", baseline=True, duration=1, hazard=1),
        ),
        rules=(Rule("r", "before", Ref("X"), Ref("Y"), lag=1),),
    )
    feasible = [p for p in bruteforce.packages(s) if bruteforce.evaluate(s, p).feasible]
    assert feasible == [(("b", 1), ("b", 4))]
    assert pytest.approx(bruteforce.optimum(s, "min_risk")) == (3.0, 0.0)
