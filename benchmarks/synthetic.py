"""Seeded generator of synthetic, SPEC-shaped scenarios for benchmarks (sizes 20 to 1,000 activities).

The data are shaped like a real confrontation: each activity has a baseline block with a
customary start window and cheaper-to-riskier alternatives (reschedule within a season,
redesign, scale back, freeze); rhetoric-like activities run all year; windows of four kinds
amplify hazards; reciprocity rules pair activities of opposing actors; sequencing rules
order activities; groups share a capacity; parties have cost limits and (negative) net
minimums; one balance row.

Every instance is feasible by construction: baselines cost nothing and give nothing, net
minimums are negative, ``before`` rules pair activities whose customary blocks are already
in that order, and capacities are at least the status quo's peak use, so the status quo
satisfies every constraint (``generate`` asserts it with the independent verifier).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

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
    TimingRow,
    Window,
)

CATEGORIES = ("exercise", "test", "deployment", "rhetoric", "talks")
KINDS = ("national_day", "planting", "harvest", "summit")
SEASON = 13
"""A rescheduled block may move up to a season (13 weeks) either way of its customary window."""
CAPACITY = 3
"""Default capacity of a group (raised to the status quo's peak use when that is higher)."""
COST_SHARE = 0.12
"""A party's cost limit: this share of the total cost of all options to it (plus 5)."""
NET_SHARE = 0.04
"""Every second party's net minimum: minus this share of its total cost (minus 2)."""
INTERACTIONS = 1.0
"""Interaction rows per activity."""
INTERACTION_HAZARD = 0.01
"""Largest extra hazard per period of an interaction (drawn from a fifth of it to it)."""


@dataclass(frozen=True)
class Size:
    """One benchmark size."""

    name: str
    activities: int
    periods: int
    parties: int


SIZES = (
    Size("S20", 20, 52, 6),
    Size("M100", 100, 52, 6),
    Size("L300", 300, 104, 8),
    Size("XL1000", 1000, 104, 8),
)


def _windows(rng: random.Random, start: date, periods: int) -> tuple[Window, ...]:
    out = []
    horizon_days = periods * 7
    for i in range(max(8, periods // 5)):
        kind = KINDS[i % len(KINDS)]
        length = {"national_day": 1, "planting": 42, "harvest": 49, "summit": 3}[kind]
        first = start + timedelta(days=rng.randrange(0, horizon_days - length))
        out.append(Window(f"w{i:03d}", kind, first, first + timedelta(days=length - 1)))
    return tuple(out)


def _rhetoric(rng: random.Random, act: Activity, gainers: list[str]) -> list[Option]:
    h = rng.uniform(0.0005, 0.002)
    return [
        Option(act.id, "hostile", baseline=True, duration=ALL, hazard=h),
        Option(
            act.id,
            "muted",
            duration=ALL,
            hazard=h * 0.3,
            cost={act.actor: rng.randint(2, 6)},
            benefit={g: rng.randint(1, 4) for g in gainers},
        ),
    ]


def _options(
    rng: random.Random, act: Activity, parties: list[str], start: date, periods: int
) -> list[Option]:
    others = [p for p in parties if p != act.actor]
    gainers = rng.sample(others, k=2)
    if act.category == "rhetoric":
        return _rhetoric(rng, act, gainers)
    d = rng.randint(1, 8)
    first = rng.randint(1, periods - d - 6)
    width = rng.randint(0, 4)
    h = rng.uniform(0.002, 0.02)
    c = rng.randint(2, 10)
    last_fit = periods - d + 1

    def day(t: int) -> date:
        return start + timedelta(days=(min(max(t, 1), periods) - 1) * 7)

    def block(option: str, dur: int, lo: int, hi: int, hazard: float, **money: dict) -> Option:
        lo, hi = max(1, lo), min(periods - dur + 1, hi)
        return Option(
            act.id,
            option,
            duration=dur,
            earliest_start=day(lo),
            latest_start=day(hi),
            hazard=hazard,
            **money,  # type: ignore[arg-type]
        )

    opts = [
        replace(block("as_planned", d, first, first + width, h), baseline=True),
        block(
            "rescheduled",
            d,
            first - SEASON,
            min(last_fit, first + width + SEASON),
            h,
            cost={act.actor: max(1, c // 3)},
            benefit={gainers[0]: 1},
        ),
    ]
    if d >= 2:
        opts.append(
            block(
                "scaled_back",
                max(1, d // 2),
                first,
                first + width + 2,
                h * 0.6,
                cost={act.actor: max(1, c // 2)},
                benefit={gainers[0]: rng.randint(1, 3)},
            )
        )
    if act.category in ("exercise", "deployment") and rng.random() < 0.6:
        opts.append(
            block(
                "redesigned",
                d,
                first - 8,
                first + width + 8,
                h * rng.uniform(0.3, 0.6),
                cost={act.actor: max(1, (2 * c) // 3)},
                benefit={g: rng.randint(1, 3) for g in gainers},
            )
        )
    frozen = Option(
        act.id,
        "frozen",
        duration=0,
        hazard=0.0,
        cost={act.actor: c},
        benefit={g: rng.randint(2, 6) for g in gainers},
    )
    if rng.random() < 0.05:
        frozen = replace(frozen, vetoed_by=(rng.choice(others),))
    return [*opts, frozen]


def _start_period(option: Option, start: date) -> int:
    assert option.earliest_start is not None
    return (option.earliest_start - start).days // 7 + 1


def _rules(
    rng: random.Random, n: int, blocks: list[Activity], base: dict[str, Option], start: date
) -> list[Rule]:
    """Reciprocity pairs, excludes between freezes, and ``before`` rules the status quo meets."""
    rules: list[Rule] = []
    for k in range(n // 10):
        a, b = rng.sample(blocks, 2)
        rules.append(Rule(f"recip{k}a", "requires", Ref(a.id), Ref(b.id)))
        rules.append(Rule(f"recip{k}b", "requires", Ref(b.id), Ref(a.id)))
    for k in range(n // 20):
        a, b = rng.sample(blocks, 2)
        rules.append(Rule(f"ex{k}", "excludes", Ref(a.id, ("frozen",)), Ref(b.id, ("frozen",))))
    made = 0
    while made < n // 20:
        c, d = rng.sample(blocks, 2)
        lag = rng.randint(0, 2)
        bc, bd = base[c.id], base[d.id]
        assert isinstance(bc.duration, int)
        if _start_period(bd, start) >= _start_period(bc, start) + bc.duration + lag:
            rules.append(Rule(f"seq{made}", "before", Ref(c.id), Ref(d.id), lag=lag))
            made += 1
    return rules


def _capacities(
    activities: list[Activity], base: dict[str, Option], start: date, periods: int, n_groups: int
) -> tuple[Capacity, ...]:
    """One Capacity row per group: CAPACITY, or the status quo's peak use when higher."""
    use = {f"g{g}": [0] * (periods + 2) for g in range(n_groups)}
    for a in activities:
        o = base[a.id]
        if a.group is None or not o.is_block:
            continue
        assert isinstance(o.duration, int)
        s = _start_period(o, start)
        for t in range(s, s + o.duration):
            use[a.group][t] += 1
    return tuple(Capacity(g, max(CAPACITY, max(u))) for g, u in use.items())


def generate(size: Size, seed: int = 0) -> Scenario:
    """A synthetic scenario of the given size; the same seed gives the same scenario."""
    rng = random.Random(f"{size.name}-{seed}")
    start = date(2030, 1, 7)
    parties = [f"P{i}" for i in range(1, size.parties + 1)]
    n_groups = max(1, size.activities // 40)
    activities = []
    for i in range(size.activities):
        cat = CATEGORIES[rng.choices(range(5), weights=(4, 3, 2, 1, 1))[0]]
        group = f"g{rng.randrange(n_groups)}" if cat == "exercise" and rng.random() < 0.5 else None
        activities.append(Activity(f"A{i:04d}", f"Activity {i}", rng.choice(parties), cat, group))
    options = [o for a in activities for o in _options(rng, a, parties, start, size.periods)]
    total_cost = {p: 0.0 for p in parties}
    for o in options:
        for p, v in o.cost.items():
            total_cost[p] += v
    party_rows = tuple(
        Party(
            p,
            f"Party {p}",
            max_cost=round(COST_SHARE * total_cost[p] + 5),
            min_benefit=None,
            min_net=-round(NET_SHARE * total_cost[p] + 2) if k % 2 else None,
            weight=1.0 + (k % 3) * 0.5,
        )
        for k, p in enumerate(parties)
    )
    timing = tuple(
        TimingRow(cat, kind, round(rng.uniform(1.2, 3.0), 2))
        for cat in CATEGORIES[:3]
        for kind in KINDS
    )
    blocks = [a for a in activities if a.category != "rhetoric"]
    base = {o.activity: o for o in options if o.baseline}
    interactions = tuple(
        Interaction(
            Ref(a.id), Ref(b.id), round(rng.uniform(INTERACTION_HAZARD / 5, INTERACTION_HAZARD), 4)
        )
        for a, b in (rng.sample(blocks, 2) for _ in range(round(size.activities * INTERACTIONS)))
    )
    rules = _rules(rng, size.activities, blocks, base, start)
    balances = (
        Balance(parties[0], parties[1], max_gap=float(round(0.1 * total_cost[parties[0]] + 10))),
    )
    settings = Settings(start_date=start, periods=size.periods, time_limit_s=600.0, mip_gap=1e-4)
    scenario = Scenario(
        settings,
        party_rows,
        tuple(activities),
        tuple(options),
        _windows(rng, start, size.periods),
        timing,
        interactions,
        tuple(rules),
        balances,
        _capacities(activities, base, start, size.periods, n_groups),
    )
    assert status_quo_ok(scenario), f"{size.name} seed {seed}: the status quo is not feasible"
    return scenario


def status_quo_ok(scenario: Scenario) -> bool:
    """True when the status quo satisfies every constraint (so the scenario has a package)."""
    from planner.verify import evaluate, status_quo_choices

    return evaluate(scenario, status_quo_choices(scenario)).ok
