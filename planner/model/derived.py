"""Constants the model derives from a scenario (SPEC 2.5): timing multipliers and block hazards.

Pure Python, no Pyomo; the builder turns these into constants. The independent verifier
deliberately does NOT use this module (it recomputes from the raw scenario).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from planner.calendar import allowed_starts, window_periods
from planner.scenario import ALL, Option, Scenario


@dataclass(frozen=True)
class Derived:
    """Constants the model needs, computed once per scenario."""

    scenario: Scenario

    @property
    def periods(self) -> range:
        """1..T."""
        return range(1, self.scenario.settings.periods + 1)

    @cached_property
    def options_by_activity(self) -> dict[str, tuple[Option, ...]]:
        """Each activity's options in sheet order (``Scenario.options_of`` without the scan)."""
        out: dict[str, list[Option]] = {a.id: [] for a in self.scenario.activities}
        for o in self.scenario.options:
            out.setdefault(o.activity, []).append(o)
        return {a: tuple(opts) for a, opts in out.items()}

    @cached_property
    def baselines(self) -> dict[str, Option]:
        """Each activity's baseline option (``Scenario.baseline_of`` without the scan)."""
        return {o.activity: o for o in reversed(self.scenario.options) if o.baseline}

    @cached_property
    def kinds_by_period(self) -> dict[int, frozenset[str]]:
        """Window kinds that cover each period (several windows of a kind count once)."""
        out: dict[int, set[str]] = {t: set() for t in self.periods}
        for w in self.scenario.windows:
            for t in window_periods(self.scenario.settings, w.start, w.end):
                out[t].add(w.kind)
        return {t: frozenset(k) for t, k in out.items()}

    @cached_property
    def windows_by_period(self) -> dict[int, tuple[str, ...]]:
        """Window ids that cover each period, in sheet order."""
        out: dict[int, list[str]] = {t: [] for t in self.periods}
        for w in self.scenario.windows:
            for t in window_periods(self.scenario.settings, w.start, w.end):
                out[t].append(w.id)
        return {t: tuple(v) for t, v in out.items()}

    @cached_property
    def _timing(self) -> dict[tuple[str, str], float]:
        return {(r.applies_to, r.kind): r.multiplier for r in self.scenario.timing}

    @cached_property
    def _category(self) -> dict[str, str]:
        return {a.id: a.category for a in self.scenario.activities}

    def kind_multiplier(self, option: Option, kind: str) -> float:
        """Multiplier of the most specific Timing row for (a, o, kind): ACT/OPT, ACT, category, *."""
        for applies_to in (option.key, option.activity, self._category[option.activity], "*"):
            value = self._timing.get((applies_to, kind))
            if value is not None:
                return value
        return 1.0

    def multiplier(self, option: Option, t: int) -> float:
        """M(a,o,t): product over kinds covering t of the most specific multiplier."""
        m = 1.0
        for kind in self._sorted_kinds[t]:
            m *= self.kind_multiplier(option, kind)
        return m

    @cached_property
    def _sorted_kinds(self) -> dict[int, tuple[str, ...]]:
        return {t: tuple(sorted(kinds)) for t, kinds in self.kinds_by_period.items()}

    def period_hazard(self, option: Option, t: int) -> float:
        """hazard(a,o) * M(a,o,t)."""
        if option.hazard == 0:
            return 0.0
        return option.hazard * self.multiplier(option, t)

    def period_hazards(self, option: Option, periods: Iterable[int]) -> dict[int, float]:
        """``{t: period_hazard(option, t)}``: the multiplier computed once per set of kinds."""
        if option.hazard == 0:
            return dict.fromkeys(periods, 0.0)
        kinds_at, hazard = self._sorted_kinds, option.hazard
        by_kinds: dict[tuple[str, ...], float] = {}
        out = {}
        for t in periods:
            kinds = kinds_at[t]
            h = by_kinds.get(kinds)
            if h is None:
                h = by_kinds[kinds] = hazard * self.multiplier(option, t)
            out[t] = h
        return out

    def allowed_starts(self, option: Option) -> range:
        """Allowed starts of a block option (see :func:`allowed_starts`)."""
        return allowed_starts(self.scenario.settings, option)

    def active_periods(self, option: Option, start: int | None) -> range:
        """Periods in which the option is active when started at ``start``."""
        if option.duration == ALL:
            return self.periods
        if option.is_block:
            assert isinstance(option.duration, int) and start is not None
            return range(start, start + option.duration)
        return range(0)

    def block_hazard(self, option: Option, start: int | None) -> float:
        """Hazard of the option over its active periods (start ignored unless a block)."""
        return sum(self.period_hazard(option, t) for t in self.active_periods(option, start))

    def status_quo_start(self, option: Option) -> int | None:
        """Status quo start: a scheduled baseline starts at its earliest allowed start."""
        starts = self.allowed_starts(option)
        return starts[0] if option.is_block and len(starts) else None

    def pre_freeze_hazard(self, baseline: Option, start: int) -> float:
        """Hazard of the baseline in force before a freeze begun in ``start`` (periods 1..s-1)."""
        return sum(self.period_hazard(baseline, t) for t in range(1, start))
