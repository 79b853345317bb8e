"""Refuses numbers that are valid alone but overflow together: hazard x multipliers x periods.

Each cell is within ``MAX_NUMBER`` on its own, but an option's hazard summed over the
periods it can be active in, each period multiplied by the Timing multipliers of the
window kinds covering it, becomes a coefficient of the model; so does an interaction's
hazard over the horizon. Beyond ``MAX_COEFFICIENT`` HiGHS loses the package (it once
returned one with no option chosen: exit 4). Costs and benefits are per option, not per
period, so they cannot grow this way.
"""

from __future__ import annotations

import math

from planner.derive import Derived
from planner.errors import InputError, Problem
from planner.scenario import ALL, Option, Scenario

MAX_COEFFICIENT = 1e12
"""Largest hazard an option (over its active periods) or an interaction may add up to."""
MAX_REPORTED = 10


def _span(derived: Derived, option: Option) -> range:
    if option.duration == ALL:
        return derived.periods
    starts = derived.allowed_starts(option)
    if not option.is_block or not len(starts):
        return range(0)
    return range(starts[0], starts[-1] + int(option.duration))


def _timing_cells(derived: Derived, option: Option, periods: range) -> list[str]:
    """The Timing multiplier cells (above 1) that apply to ``option`` in ``periods``."""
    kinds = sorted({k for t in periods for k in derived.kinds_by_period[t]})
    by_key = {(r.applies_to, r.kind): r for r in derived.scenario.timing}
    cells = []
    for kind in kinds:
        for applies_to in (option.key, option.activity, derived._category[option.activity], "*"):
            row = by_key.get((applies_to, kind))
            if row is not None:
                if abs(row.multiplier) > 1:
                    cells.append(f"Timing!C{row.row}" if row.row else f"Timing!{row.key}")
                break
    return cells


def _largest_product(scenario: Scenario) -> float:
    """An upper bound of any M(a,o,t): the product over window kinds of the largest multiplier."""
    kinds = {w.kind for w in scenario.windows}
    product = 1.0
    for kind in kinds:
        product *= max([1.0] + [abs(r.multiplier) for r in scenario.timing if r.kind == kind])
    return product


def _largest_sum(derived: Derived, option: Option, periods: range) -> float:
    """The option's largest hazard coefficient: a block's worst start, or every period for ``all``."""
    hazards = [abs(derived.period_hazard(option, t)) for t in periods]
    if option.duration == ALL:
        return math.fsum(hazards)
    d = int(option.duration)
    return max((math.fsum(hazards[k : k + d]) for k in range(len(hazards) - d + 1)), default=0.0)


def _option_problem(derived: Derived, option: Option, bound: float) -> Problem | None:
    periods = _span(derived, option)
    n = len(periods) if option.duration == ALL else min(len(periods), int(option.duration or 0))
    if abs(option.hazard) * bound * n <= MAX_COEFFICIENT:  # cheap: almost every option stops here
        return None
    total = _largest_sum(derived, option, periods)
    if total <= MAX_COEFFICIENT:
        return None
    cells = ", ".join(_timing_cells(derived, option, periods)) or "no multiplier"
    return Problem(
        _hazard_cell(derived.scenario, option),
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
    derived = Derived(scenario)
    bound = _largest_product(scenario)
    problems = [
        p for o in scenario.options if (p := _option_problem(derived, o, bound)) is not None
    ]
    periods = scenario.settings.periods
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


def _hazard_cell(scenario: Scenario, option: Option) -> str:
    """``Options!H7``: the option's hazard cell (the workbook's column, else the schema's)."""
    from planner.analysis.cells import CellLocator

    try:
        return CellLocator.for_scenario(scenario).cell("Options", "hazard", option.row)
    except Exception:  # noqa: BLE001 - a location is a courtesy; never fail the refusal on it
        return f"Options!H{option.row}"
