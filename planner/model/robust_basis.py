"""Per-draw coefficients of options, starts and limits: the data both the scorer and the robust MIP use.

For draw k, the hazard of option o started at s is ``hazard_k(o) * sum_t M_k(o, t)`` over
its active periods, with ``M_k(o, t)`` the product of the drawn multipliers of the most
specific Timing rows for the window kinds covering t (SPEC 2.1). A ``stop`` begun in s is
itself never active: its column carries its activity's baseline in force in periods
1..s-1, with the baseline's own drawn hazard and multipliers (SPEC 2.2). Periods share a
"signature" (the tuple of Timing rows that apply), so a column is a count per signature.
Cost and benefit of a column are the option's per-party numbers, once per choice or, for a
``per_period`` option, times its periods in force (k, T for ``all``, T - s + 1 for a stop
begun in s; SPEC 2.3).
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property

import numpy as np

from planner.draws.cells import CellKey
from planner.draws.sampling import Draws
from planner.model.derived import Derived
from planner.scenario import Option, Scenario

Column = tuple[Option, int | None]
"""A chosen option and its start (None unless a scheduled block)."""


class DrawnValues:
    """Every number of a scenario under K draws: a drawn cell's column, else its workbook value."""

    def __init__(self, scenario: Scenario, draws: Draws | None, count: int = 1) -> None:
        self.scenario = scenario
        self.count = draws.count if draws is not None else count
        self._drawn: dict[CellKey, np.ndarray] = {}
        if draws is not None:
            for j, cell in enumerate(draws.cells):
                self._drawn[cell.key] = draws.values[:, j]

    def value(self, attribute: str, index: int, field: str, party: str | None = None) -> np.ndarray:
        """The number in every draw (``[K]``); a blank cell is NaN (no limit)."""
        drawn = self._drawn.get((attribute, index, field, party))
        if drawn is not None:
            return drawn
        row = getattr(self.scenario, attribute)[index]
        raw = getattr(row, field)
        nominal = raw.get(party, 0.0) if party is not None else raw
        return np.full(self.count, np.nan if nominal is None else float(nominal))


class Basis:
    """Coefficients under K draws for columns (option, start) of one scenario."""

    def __init__(self, scenario: Scenario, values: DrawnValues) -> None:
        self.scenario = scenario
        self.values = values
        self.derived = Derived(scenario)
        self._option_index = {(o.activity, o.id): i for i, o in enumerate(scenario.options)}
        self._signature_values: dict[tuple[int, ...], np.ndarray] = {}

    @cached_property
    def _timing_index(self) -> dict[tuple[str, str], int]:
        return {(r.applies_to, r.kind): i for i, r in enumerate(self.scenario.timing)}

    @cached_property
    def _category(self) -> dict[str, str]:
        return {a.id: a.category for a in self.scenario.activities}

    def option_index(self, option: Option) -> int:
        """Position of the option in ``scenario.options``."""
        return self._option_index[(option.activity, option.id)]

    def _signature(self, option: Option, t: int) -> tuple[int, ...]:
        """Timing rows (most specific per kind: ACT/OPT, ACT, category, *) applying in period t."""
        rows = []
        for kind in sorted(self.derived.kinds_by_period[t]):
            for applies_to in (option.key, option.activity, self._category[option.activity], "*"):
                index = self._timing_index.get((applies_to, kind))
                if index is not None:
                    rows.append(index)
                    break
        return tuple(rows)

    def _signature_value(self, signature: tuple[int, ...]) -> np.ndarray:
        found = self._signature_values.get(signature)
        if found is None:
            found = np.ones(self.values.count)
            for i in signature:
                found = found * self.values.value("timing", i, "multiplier")
            self._signature_values[signature] = found
        return found

    def in_force(self, option: Option, start: int | None) -> list[tuple[Option, range]]:
        """(option, periods) active in time when the option is chosen at ``start``.

        A stop begun in s adds its baseline in periods 1..s-1 (hazard, Interactions and
        Capacity see the baseline there; SPEC 2.2); the stop itself is never active.
        """
        if option.is_stop:
            if start is None:
                return []
            base = self.scenario.baseline_of(option.activity)
            last = min(start, self.scenario.settings.periods + 1)
            return [(base, range(1, max(last, 1)))]
        return [(option, self.derived.active_periods(option, start))]

    def column_hazard(self, option: Option, start: int | None) -> np.ndarray:
        """``[K]``: hazard of the option over its active periods when started at ``start``
        (a stop: its baseline's before the freeze)."""
        total = np.zeros(self.values.count)
        for active, periods in self.in_force(option, start):
            total = total + self._hazard_over(active, periods)
        return total

    def _hazard_over(self, option: Option, periods: range) -> np.ndarray:
        """``[K]``: drawn hazard of ``option`` times the sum of its multipliers over ``periods``."""
        if not len(periods):
            return np.zeros(self.values.count)
        counts = Counter(self._signature(option, t) for t in periods)
        total = np.zeros(self.values.count)
        for signature, n in counts.items():
            total = total + n * self._signature_value(signature)
        return self.values.value("options", self.option_index(option), "hazard") * total

    def column_money(self, option: Option, start: int | None, field: str) -> np.ndarray:
        """``[K, P]``: the column's cost or benefit to each party (``field`` cost/benefit).

        Once per choice, or times the periods in force for a ``per_period`` option (a stop:
        T - start + 1, 0 without a start).
        """
        i = self.option_index(option)
        parties = self.scenario.party_ids
        times = (
            option.periods_in_force(self.scenario.settings.periods, start)
            if option.per_period
            else 1
        )
        out = np.empty((self.values.count, len(parties)))
        for j, p in enumerate(parties):
            out[:, j] = self.values.value("options", i, field, p)
        return out if times == 1 else out * times

    def interaction_hazard(self, index: int) -> np.ndarray:
        """``[K]``: the hazard of Interactions row ``index``."""
        return self.values.value("interactions", index, "hazard")

    def party_limit(self, field: str) -> np.ndarray:
        """``[K, P]``: max_cost, min_benefit or min_net of each party (NaN = no limit)."""
        parties = self.scenario.parties
        out = np.empty((self.values.count, len(parties)))
        for j in range(len(parties)):
            out[:, j] = self.values.value("parties", j, field)
        return out

    def max_gap(self) -> np.ndarray:
        """``[K, B]``: max_gap of each Balance row."""
        out = np.empty((self.values.count, len(self.scenario.balances)))
        for j in range(len(self.scenario.balances)):
            out[:, j] = self.values.value("balances", j, "max_gap")
        return out
