"""Shared pieces of the uncertainty tests: an Uncertainty sheet over the full test workbook, random packages."""

from __future__ import annotations

import random

from planner.scenario import Scenario
from planner.solution import Choice
from planner.verify import Calendar

ROWS = [
    ["target", "mode", "low", "high", "most_likely", "shape", "each", "group"],
    ["Options.hazard[*]", "scale", 0.5, 2, None, "loguniform", "yes", None],
    ["Options.cost:USA[*]", "scale", 0.5, 1.5, None, None, "yes", None],
    ["Options.benefit:DPRK[EX/freeze]", "set", 2, 6, 4, "triangular", None, None],
    ["Timing.multiplier[*]", "scale", 0.5, 1.5, None, None, "yes", None],
    ["Interactions.hazard[*]", "scale", 0, 3, None, None, None, "g"],
    ["Parties.max_cost[USA]", "set", 0.5, 4, None, None, None, "g"],
    ["Parties.min_net[DPRK]", "set", -6, 1, None, None, None, None],
    ["Balance.max_gap[*]", "scale", 0.5, 2, None, None, None, None],
]


def random_package(sc: Scenario, rng: random.Random) -> tuple[Choice, ...]:
    """Any option per activity (vetoed too) at any allowed start."""
    cal = Calendar(sc)
    out = []
    for a in sc.activity_ids:
        option = rng.choice(sc.options_of(a))
        starts = cal.allowed_starts(option)
        out.append(Choice(a, option.id, rng.choice(starts) if starts else None))
    return tuple(out)
