"""Hypothesis strategies: random tiny scenarios, feasible by construction, for property tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume
from hypothesis import strategies as st

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
from tests.support import bruteforce

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


def _free_scenario(draw: st.DrawFn) -> Scenario:
    """Parties (weights only), activities, options, windows, timing and interactions."""
    periods, pd = draw(st.integers(3, 5)), draw(st.sampled_from([1, 7]))
    pids = [f"P{i}" for i in range(draw(st.integers(2, 3)))]
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
        ra, rb = _ref(draw, a, options, multi=False), _ref(draw, b, options, multi=False)
        interactions.append(Interaction(ra, rb, draw(st.sampled_from([0.5, 1, 2, 4]))))
    return Scenario(
        settings=Settings(start_date=START, periods=periods, period_days=pd),
        parties=tuple(Party(p, weight=draw(st.sampled_from([1, 1, 2, 0.5]))) for p in pids),
        activities=tuple(activities),
        options=tuple(options),
        windows=windows,
        timing=tuple(TimingRow(a, k, m) for (a, k), m in timing.items()),
        interactions=tuple(interactions),
    )


def _anchor(draw: st.DrawFn, s: Scenario) -> bruteforce.Package:
    """A random package of unvetoed options, each at a random allowed start."""
    package = []
    for a in s.activities:
        candidates = [
            o for o in s.options_of(a.id) if not o.vetoed_by and bruteforce.starts_of(s, o)
        ]
        assume(candidates)  # every option vetoed: no package exists, not a feasible draw
        o = draw(st.sampled_from(candidates))
        package.append((o.id, draw(st.sampled_from(bruteforce.starts_of(s, o)))))
    return tuple(package)


def _slack(draw: st.DrawFn) -> float:
    return float(draw(st.sampled_from([0, 0, 1, 2, 5])))


def _limits(draw: st.DrawFn, s: Scenario, ev: bruteforce.Evaluation) -> tuple[Party, ...]:
    """Each drawn party limit holds for the evaluated package, with a random slack."""
    parties = []
    for p in s.parties:
        cost, benefit = ev.cost[p.id], ev.benefit[p.id]
        parties.append(
            replace(
                p,
                max_cost=draw(st.sampled_from([None, cost + _slack(draw)])),
                min_benefit=draw(st.sampled_from([None, None, benefit - _slack(draw)])),
                min_net=draw(st.sampled_from([None, None, benefit - cost - _slack(draw)])),
            )
        )
    return tuple(parties)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Scenario, str]:
    """A random tiny scenario with every sheet in play, and an objective: feasible by construction.

    Rules, capacity, party limits, balance and risk_cap are drawn so that a random package
    (``_anchor``) meets them all: rules it breaks are dropped, the others hold for it with
    a random slack.
    """
    s = _free_scenario(draw)
    anchor = _anchor(draw, s)
    acts = [a.id for a in s.activities]
    rules = tuple(
        r
        for r in _rules(draw, acts, list(s.options))
        if bruteforce.evaluate(replace(s, rules=(r,)), anchor).feasible
    )
    ev = bruteforce.evaluate(s, anchor)
    in_g = [a.id for a in s.activities if a.group == "g"]
    busiest = max(
        sum(
            t in bruteforce.running(s, a, s.option(a, o), st_)[1]  # a stop: its baseline before it
            for a, (o, st_) in zip(acts, anchor, strict=True)
            if a in in_g
        )
        for t in range(1, s.settings.periods + 1)
    )
    net = {p: ev.benefit[p] - ev.cost[p] for p in ev.cost}
    p0, p1 = s.parties[0].id, s.parties[1].id
    objective = draw(st.sampled_from(["min_risk", "min_peak", "max_min_net"]))
    cap = draw(st.sampled_from([None, None, ev.total_hazard + _slack(draw)]))
    if objective == "max_min_net" and cap is None:
        cap = ev.total_hazard + 10
    s = replace(
        s,
        settings=replace(s.settings, objective=objective, risk_cap=cap),
        parties=_limits(draw, s, ev),
        rules=rules,
        balances=tuple(
            Balance(p0, p1, abs(net[p0] - net[p1]) + _slack(draw))
            for _ in range(draw(st.integers(0, 1)))
        ),
        capacities=tuple(
            Capacity("g", busiest + draw(st.integers(0, 1))) for _ in range(draw(st.integers(0, 1)))
        ),
    )
    assert bruteforce.evaluate(s, anchor).feasible, "feasible by construction"
    return s, objective
