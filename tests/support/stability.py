"""Random tiny scenarios for the self-enforcement tests, and brute-force references (tests only)."""

from __future__ import annotations

import itertools
import random
from datetime import date

from planner.analysis.snapback import snap_back
from planner.calendar import allowed_starts
from planner.scenario import (
    ALL,
    Activity,
    Capacity,
    Interaction,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
)
from planner.solution import Choice
from planner.verify import evaluate

PARTIES = ("P", "Q")


def _option(rng: random.Random, activity: str, k: int, periods: int) -> Option:
    duration = rng.choice([0, ALL, 1, min(2, periods)]) if k else rng.choice([ALL, 1])
    return Option(
        activity,
        f"o{k}",
        baseline=k == 0,
        duration=duration,
        hazard=round(rng.uniform(0, 2), 3) if duration != 0 else 0.0,
        vetoed_by=("Q",) if k and rng.random() < 0.15 else (),
        cost={p: float(rng.randint(0, 3)) for p in PARTIES if k and rng.random() < 0.6},
        benefit={p: float(rng.randint(0, 4)) for p in PARTIES if k and rng.random() < 0.6},
    )


def _ref(rng: random.Random, activity: str, options: list[Option]) -> Ref:
    if rng.random() < 0.4:
        return Ref(activity)
    ids = [o.id for o in options]
    return Ref(activity, tuple(sorted(rng.sample(ids, rng.randint(1, len(ids) - 1)))))


def random_scenario(seed: int, n_activities: int = 4) -> Scenario:
    """2 parties, a few activities with 2-3 options each, random requires rules and capacity."""
    rng = random.Random(seed)
    periods = rng.randint(1, 3)
    acts = [
        Activity(f"A{i}", actor=PARTIES[i % 2] if i < 2 else rng.choice(PARTIES), group="g")
        for i in range(n_activities)
    ]
    options = [_option(rng, a.id, k, periods) for a in acts for k in range(rng.randint(2, 3))]
    by = {a.id: [o for o in options if o.activity == a.id] for a in acts}
    rules = []
    for i in range(rng.randint(1, 5)):
        a, b = rng.sample([x.id for x in acts], 2)
        rules.append(Rule(f"r{i}", "requires", _ref(rng, a, by[a]), _ref(rng, b, by[b])))
    inter = [Interaction(Ref(acts[0].id), Ref(acts[1].id), round(rng.uniform(0, 1), 3))]
    caps = (Capacity("g", rng.randint(2, n_activities)),) if rng.random() < 0.5 else ()
    return Scenario(
        settings=Settings(start_date=date(2018, 1, 1), periods=periods, time_limit_s=30.0),
        parties=tuple(Party(p) for p in PARTIES),
        activities=tuple(acts),
        options=tuple(options),
        interactions=tuple(inter),
        rules=tuple(rules),
        capacities=caps,
    )


def choices_of(s: Scenario, activity: str) -> list[Choice]:
    """Every (option, allowed start) of an activity, vetoed options included."""
    out = []
    for o in s.options_of(activity):
        starts = list(allowed_starts(s.settings, o)) if o.is_block else [None]
        out += [Choice(activity, o.id, st) for st in starts]
    return out


def all_packages(s: Scenario) -> list[tuple[Choice, ...]]:
    """Every package (vetoed options included)."""
    return [tuple(p) for p in itertools.product(*(choices_of(s, a) for a in s.activity_ids))]


def capacity_count(s: Scenario, package: tuple[Choice, ...]) -> int:
    """The most activities of group g active in one period."""
    ev = evaluate(s, package)
    members = [a.id for a in s.activities if a.group == "g"]
    return max(
        (sum(t in ev.active[a] for a in members) for t in range(1, s.settings.periods + 1)),
        default=0,
    )


def brute_defection(s: Scenario, package: tuple[Choice, ...], party: str) -> tuple[float, float]:
    """(best gain, least H among the best) over every choice of p's own activities, by enumeration."""
    own = [a.id for a in s.activities if a.actor == party]
    limit = max([c.max_active for c in s.capacities] + [capacity_count(s, package)])
    before = evaluate(s, package).party_net[party]
    found = []
    for combo in itertools.product(*(choices_of(s, a) for a in own)):
        move = {c.activity: c for c in combo}
        if (
            s.capacities
            and capacity_count(s, tuple(move.get(c.activity, c) for c in package)) > limit
        ):
            continue  # Capacity binds the move itself (others at X, before snap-back)
        final = snap_back(s, package, party, move).choices
        ev = evaluate(s, final)
        found.append((ev.party_net[party] - before, ev.total_hazard))
    best = max(g for g, _ in found)
    return best, min(h for g, h in found if g >= best - 1e-9)
