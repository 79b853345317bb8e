"""Price of each red line: how the primary objective moves when a party limit moves, and where the package stays optimal.

For every party limit that is set (``max_cost``, ``min_benefit``, ``min_net``):

- ``<kind>_step``: the step, by default ``0.1 * |limit|`` (1 when the limit is 0).
- ``<kind>_relax_dH`` / ``<kind>_tighten_dH``: the change of the primary objective value
  (H under ``min_risk``; the peak H_t under ``min_peak``; ``min_p net/weight`` under
  ``max_min_net``) when that one limit is relaxed / tightened by one step and the MIP is
  re-solved (``ModelSession.update``: only the row bound changes; the primary objective
  only, as tie-breaks cannot change its value). Not duals: exact MIP
  re-solves, within the configured ``mip_gap``. Positive = the objective value grows
  (worse under min_risk/min_peak, better under max_min_net). A change within the tie
  tolerance (:func:`tie_tolerance`) is reported as 0; an infeasible re-solve as +inf
  (-inf for the maximised ``max_min_net``); a re-solve stopped without proof as NaN.
- ``<kind>_same_package_from`` / ``_to``: the range of the limit's value over which the
  current package P stays an optimal package (optimal for the primary objective; ties
  count as the same). Tightening, P stays feasible and optimal until the limit reaches
  P's own usage (its cost, benefit or net): that end is exact and closed. Relaxing, P
  stays optimal until the limit admits a package with a strictly better primary value:
  that end is found exactly by one MIP (``planner.model.extensions.probes.BetterProbe``,
  no bisection needed) and is open (at it, a better package is feasible); +-inf when no
  better package exists at any value of this limit. "Better" means better by more than
  the tie tolerance. The relax end is never put inside the current limit (a better
  package admitted by the current limit would be a tie the solver could not separate).
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from planner.analysis.check import checked
from planner.analysis.items import LIMIT_KINDS, RELAX_SIGN, Item, limit_items, with_value
from planner.errors import NoPackageError
from planner.io.cells import CellLocator
from planner.model.extensions.probes import BetterProbe
from planner.model.session import ModelSession
from planner.model.solve import resolve_limits, solve_scenario
from planner.scenario import Scenario
from planner.solution import SolveOptions, Status
from planner.tolerances import TIE_ABS, TIE_REL
from planner.verify import Evaluation


def default_step(limit: float) -> float:
    """``0.1 * |limit|``, or 1 when the limit is 0."""
    return 0.1 * abs(limit) if limit != 0 else 1.0


def tie_tolerance(value: float, mip_gap: float) -> float:
    """Two objective values within ``max(1e-5, 1e-5 * |value|) + mip_gap * |value|`` are a tie.

    The lexicographic tie-breaks keep the primary within ``max(1e-6, 1e-7 * |value|)`` of
    its optimum and the MIP stops within ``mip_gap``; anything finer is not a difference
    the solver can tell.
    """
    return max(TIE_ABS, TIE_REL * abs(value)) + mip_gap * abs(value)


def limit_columns(kind: str) -> list[str]:
    """The Parties-sheet columns added for one limit kind."""
    return [
        f"{kind}_{c}"
        for c in ("step", "relax_dH", "tighten_dH", "same_package_from", "same_package_to")
    ]


def price_limits(
    scenario: Scenario, options: SolveOptions | None = None, step: float | None = None
) -> pd.DataFrame:
    """Price every party limit by re-solving with it relaxed and tightened by one step.

    Args:
        scenario: the scenario (must have a package).
        options: solve options (objective, time limit, gap, ...).
        step: one step for every limit (default :func:`default_step` of each limit).

    Returns:
        One row per party (index ``party``), columns :func:`limit_columns` for each limit
        kind that is set for some party (NaN where a party has no such limit).

    Raises:
        NoPackageError: the scenario itself has no package.
    """
    options = options or SolveOptions()
    base = solve_scenario(scenario, options)
    if not base.status.has_package or base.objective_value is None:
        raise NoPackageError(f"no package to price the limits of (status {base.status.value})")
    evaluation = checked(scenario, base, "the package whose limits are priced")
    pricer = _Pricer(scenario, options, base.objective_value)
    items = limit_items(scenario, CellLocator())
    columns = [c for k in LIMIT_KINDS if any(i.kind == k for i in items) for c in limit_columns(k)]
    table = pd.DataFrame(
        math.nan, index=pd.Index(scenario.party_ids, name="party"), columns=columns
    )
    for item in items:
        d = step if step is not None else default_step(item.current or 0.0)
        values = pricer.price(item, d, _usage(evaluation, item))
        for column, value in zip(limit_columns(item.kind), values, strict=True):
            table.at[item.key, column] = value
    return table


def _usage(evaluation: Evaluation, item: Item) -> float:
    if item.kind == "max_cost":
        return evaluation.party_cost[item.key]
    if item.kind == "min_benefit":
        return evaluation.party_benefit[item.key]
    return evaluation.party_net[item.key]


class _Pricer:
    """Re-solves of one scenario with one limit moved (persistent session)."""

    def __init__(self, scenario: Scenario, options: SolveOptions, value: float):
        self.scenario, self.value = scenario, value
        self.session = ModelSession(scenario, dataclasses.replace(options, tie_break=False))
        self.objective = self.session.objective
        self.maximise = self.objective == "max_min_net"
        self.probe = BetterProbe(scenario, self.objective, options)
        self.tol = tie_tolerance(value, resolve_limits(scenario.settings, options).mip_gap)

    def price(self, item: Item, step: float, usage: float) -> tuple[float, ...]:
        """(step, relax dH, tighten dH, same-package from, to) for one limit."""
        sign = RELAX_SIGN[item.kind]
        current = item.current or 0.0
        relax = self._delta(with_value(self.scenario, item, current + sign * step))
        tighten = self._delta(with_value(self.scenario, item, current - sign * step))
        end = self._relax_end(item)
        low, high = (usage, end) if sign > 0 else (end, usage)
        return step, relax, tighten, low, high

    def _delta(self, scenario: Scenario) -> float:
        self.session.update(scenario)
        sol = self.session.solve()
        if sol.status.has_package:
            checked(scenario, sol, "a limit-price re-solve")
        if sol.status is Status.INFEASIBLE:
            return -math.inf if self.maximise else math.inf
        if sol.status is not Status.OPTIMAL or sol.objective_value is None:
            return math.nan
        d = sol.objective_value - self.value
        return 0.0 if abs(d) <= self.tol else d

    def _relax_end(self, item: Item) -> float:
        threshold = self.value + self.tol if self.maximise else self.value - self.tol
        status, usage = self.probe.extreme(item.kind, item.key, threshold)
        if status is Status.INFEASIBLE:
            return RELAX_SIGN[item.kind] * math.inf
        if status is not Status.OPTIMAL or usage is None:
            return math.nan
        current = item.current or 0.0
        return max(usage, current) if RELAX_SIGN[item.kind] > 0 else min(usage, current)
