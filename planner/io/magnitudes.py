"""Refuses numbers that are valid alone but overflow together: hazard x multipliers x periods.

Each cell is within ``MAX_NUMBER`` on its own, but an option's hazard summed over the
periods it can be active in, each period multiplied by the Timing multipliers of the
window kinds covering it, becomes a coefficient of the model; so does an interaction's
hazard over the horizon. Beyond ``MAX_COEFFICIENT`` HiGHS loses the package (it once
returned one with no option chosen: exit 4). Costs and benefits are per option, not per
period unless ``per_period``; a per-period cost or benefit times the periods it is in
force is checked the same way.
"""

from __future__ import annotations

import math

from planner.calendar import allowed_starts, window_periods
from planner.errors import InputError, Problem
from planner.io.cells import CellLocator
from planner.scenario import ALL, Option, Scenario

MAX_COEFFICIENT = 1e12
"""Largest hazard an option (over its active periods) or an interaction may add up to."""
MAX_REPORTED = 10


class _Hazards:
    """Per-period hazards of options (SPEC 2.1), recomputed here: io does not use the model's data."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.periods = range(1, scenario.settings.periods + 1)
        kinds: dict[int, set[str]] = {t: set() for t in self.periods}
        for w in scenario.windows:
            for t in window_periods(scenario.settings, w.start, w.end):
                kinds[t].add(w.kind)
        self.kinds = {t: sorted(k) for t, k in kinds.items()}
        self.timing = {(r.applies_to, r.kind): r for r in scenario.timing}
        self.category = {a.id: a.category for a in scenario.activities}

    def row(self, option: Option, kind: str) -> object | None:
        """The most specific Timing row for (a, o, kind): ACT/OPT, ACT, category, ``*``."""
        for applies_to in (option.key, option.activity, self.category[option.activity], "*"):
            row = self.timing.get((applies_to, kind))
            if row is not None:
                return row
        return None

    def period_hazard(self, option: Option, t: int) -> float:
        """hazard(a,o) * M(a,o,t)."""
        m = 1.0
        for kind in self.kinds[t]:
            row = self.row(option, kind)
            m *= 1.0 if row is None else row.multiplier  # type: ignore[attr-defined]
        return option.hazard * m


def _span(h: _Hazards, option: Option) -> range:
    """Periods the option can be active in (a stop's baseline runs until the last start)."""
    if option.duration == ALL:
        return h.periods
    starts = allowed_starts(h.scenario.settings, option)
    if not option.is_block or not len(starts):
        return range(0)
    return range(starts[0], starts[-1] + int(option.duration))


def _timing_cells(h: _Hazards, option: Option, periods: range) -> list[str]:
    """The Timing multiplier cells (above 1) that apply to ``option`` in ``periods``."""
    cells = []
    for kind in sorted({k for t in periods for k in h.kinds[t]}):
        row = h.row(option, kind)
        if row is not None and abs(row.multiplier) > 1:  # type: ignore[attr-defined]
            r = row.row  # type: ignore[attr-defined]
            cells.append(f"Timing!C{r}" if r else f"Timing!{row.key}")  # type: ignore[attr-defined]
    return cells


def _largest_product(scenario: Scenario) -> float:
    """An upper bound of any M(a,o,t): the product over window kinds of the largest multiplier."""
    kinds = {w.kind for w in scenario.windows}
    product = 1.0
    for kind in kinds:
        product *= max([1.0] + [abs(r.multiplier) for r in scenario.timing if r.kind == kind])
    return product


def _largest_sum(h: _Hazards, option: Option, periods: range) -> float:
    """The option's largest hazard coefficient: a block's worst start, or every period for ``all``."""
    hazards = [abs(h.period_hazard(option, t)) for t in periods]
    if option.duration == ALL:
        return math.fsum(hazards)
    d = int(option.duration)
    return max((math.fsum(hazards[k : k + d]) for k in range(len(hazards) - d + 1)), default=0.0)


def _option_problem(h: _Hazards, option: Option, bound: float) -> Problem | None:
    if not (option.duration == ALL or option.is_block):
        return None  # never active (0) or a stop: its baseline's own row is checked
    periods = _span(h, option)
    n = len(periods) if option.duration == ALL else min(len(periods), int(option.duration or 0))
    if abs(option.hazard) * bound * n <= MAX_COEFFICIENT:  # cheap: almost every option stops here
        return None
    total = _largest_sum(h, option, periods)
    if total <= MAX_COEFFICIENT:
        return None
    cells = ", ".join(_timing_cells(h, option, periods)) or "no multiplier"
    return Problem(
        _hazard_cell(h.scenario, option),
        f"hazard {option.hazard:g} of {option.key} x multipliers ({cells}) over "
        f"{n:,} periods adds up to {total:.3g}, beyond the solver's safe range "
        f"({MAX_COEFFICIENT:.0e}); lower the hazard, the multipliers or the periods (Settings)",
    )


def check_magnitudes(scenario: Scenario) -> None:
    """Raise one InputError listing every option or interaction whose hazards overflow together.

    Raises:
        InputError: Located at the Options (or Interactions) hazard cell, naming the Timing
            multiplier cells and the number of periods involved.
    """
    hazards = _Hazards(scenario)
    bound = _largest_product(scenario)
    problems = [
        p for o in scenario.options if (p := _option_problem(hazards, o, bound)) is not None
    ]
    periods = scenario.settings.periods
    problems += _per_period_problems(scenario)
    for i in scenario.interactions:
        if abs(i.hazard) * periods > MAX_COEFFICIENT:
            problems.append(
                Problem(
                    f"Interactions!C{i.row}" if i.row else f"Interactions!{i.key}",
                    f"interaction hazard {i.hazard:g} x {periods:,} periods adds up to "
                    f"{abs(i.hazard) * periods:.3g}, beyond the solver's safe range "
                    f"({MAX_COEFFICIENT:.0e}); lower the hazard or the periods (Settings)",
                )
            )
    if problems:
        raise InputError(problems[:MAX_REPORTED])


def _per_period_problems(scenario: Scenario) -> list[Problem]:
    """A per-period cost or benefit times the periods it can be in force (at most T)."""
    periods = scenario.settings.periods
    locator: CellLocator | None = None
    problems = []
    for o in scenario.options:
        if not o.per_period:
            continue
        for kind, money in (("cost", o.cost), ("benefit", o.benefit)):
            for party, value in money.items():
                if abs(value) * periods <= MAX_COEFFICIENT:
                    continue
                locator = locator or CellLocator.for_scenario(scenario)
                problems.append(
                    Problem(
                        locator.cell("Options", f"{kind}:{party}", o.row),
                        f"per-period {kind} {value:g} of {o.key} x {periods:,} periods adds up "
                        f"to {abs(value) * periods:.3g}, beyond the solver's safe range "
                        f"({MAX_COEFFICIENT:.0e}); lower it or the periods (Settings)",
                    )
                )
    return problems


def _hazard_cell(scenario: Scenario, option: Option) -> str:
    """``Options!H7``: the option's hazard cell (the workbook's column, else the schema's)."""
    try:
        return CellLocator.for_scenario(scenario).cell("Options", "hazard", option.row)
    except Exception:  # noqa: BLE001 - a location is a courtesy; never fail the refusal on it
        return f"Options!H{option.row}"
