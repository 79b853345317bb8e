"""Seeded generator of synthetic, SPEC-shaped scenarios for benchmarks (sizes 20 to 1,000 activities).

The data are shaped like a real confrontation: each activity has a baseline block with a
customary start window and cheaper-to-riskier alternatives (reschedule, scale back, freeze);
rhetoric-like activities run all year; windows of four kinds amplify hazards; reciprocity
rules pair activities of opposing actors; a few groups share a capacity; one balance row.
The status quo is always feasible (baselines cost nothing), so every instance has a package.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
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


def _options(
    rng: random.Random, act: Activity, parties: list[str], start: date, periods: int
) -> list[Option]:
    others = [p for p in parties if p != act.actor]
    gainers = rng.sample(others, k=2)
    if act.category == "rhetoric":
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
    d = rng.randint(1, 8)
    first = rng.randint(1, periods - d - 6)
    width = rng.randint(0, 4)
    h = rng.uniform(0.002, 0.02)

    def day(t: int) -> date:
        return start + timedelta(days=(t - 1) * 7)

    c = rng.randint(2, 10)
    opts = [
        Option(
            act.id,
            "as_planned",
            baseline=True,
            duration=d,
            earliest_start=day(first),
            latest_start=day(first + width),
            hazard=h,
        ),
        Option(
            act.id,
            "rescheduled",
            duration=d,
            earliest_start=day(max(1, first - 6)),
            latest_start=day(min(periods - d + 1, first + width + 6)),
            hazard=h,
            cost={act.actor: max(1, c // 3)},
            benefit={gainers[0]: 1},
        ),
        Option(
            act.id,
            "frozen",
            duration=0,
            hazard=0.0,
            cost={act.actor: c},
            benefit={g: rng.randint(2, 6) for g in gainers},
        ),
    ]
    if d >= 2:
        opts.insert(
            2,
            Option(
                act.id,
                "scaled_back",
                duration=max(1, d // 2),
                earliest_start=day(first),
                latest_start=day(first + width + 2),
                hazard=h * 0.6,
                cost={act.actor: max(1, c // 2)},
                benefit={gainers[0]: rng.randint(1, 3)},
            ),
        )
    if rng.random() < 0.05:
        opts[-1] = Option(**{**opts[-1].__dict__, "vetoed_by": (rng.choice(others),)})
    return opts


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
    max_cost = {p: 0.0 for p in parties}
    for o in options:
        for p, v in o.cost.items():
            max_cost[p] += v
    party_rows = tuple(
        Party(
            p,
            f"Party {p}",
            max_cost=round(0.12 * max_cost[p] + 5),
            min_benefit=None,
            min_net=None,
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
    first_start = {
        o.activity: o.earliest_start for o in options if o.baseline and o.earliest_start is not None
    }
    interactions = tuple(
        Interaction(Ref(a.id), Ref(b.id), round(rng.uniform(0.002, 0.01), 4))
        for a, b in (rng.sample(blocks, 2) for _ in range(size.activities // 5))
    )
    rules: list[Rule] = []
    for k in range(size.activities // 10):
        a, b = rng.sample(blocks, 2)
        rules.append(Rule(f"recip{k}a", "requires", Ref(a.id), Ref(b.id)))
        rules.append(Rule(f"recip{k}b", "requires", Ref(b.id), Ref(a.id)))
    for k in range(size.activities // 20):
        a, b = rng.sample(blocks, 2)
        rules.append(Rule(f"ex{k}", "excludes", Ref(a.id, ("frozen",)), Ref(b.id, ("frozen",))))
        c, d = sorted(rng.sample(blocks, 2), key=lambda act: first_start[act.id])
        rules.append(Rule(f"seq{k}", "before", Ref(c.id), Ref(d.id), lag=rng.randint(0, 2)))
    capacities = tuple(Capacity(f"g{g}", 3) for g in range(n_groups))
    balances = (
        Balance(parties[0], parties[1], max_gap=float(round(0.1 * max_cost[parties[0]] + 10))),
    )
    settings = Settings(start_date=start, periods=size.periods, time_limit_s=600.0, mip_gap=1e-4)
    return Scenario(
        settings,
        party_rows,
        tuple(activities),
        tuple(options),
        _windows(rng, start, size.periods),
        timing,
        interactions,
        tuple(rules),
        balances,
        capacities,
    )
