"""The verifier's own calendar: periods, window coverage, allowed starts and active periods.

Recomputed from Settings (SPEC 1) without ``planner.calendar``, so that a bug in the shared
derivation cannot hide itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from planner.scenario import ALL, Option, Ref, Scenario


class Calendar:
    """Periods of a scenario, recomputed from Settings (SPEC 1: period t covers its days)."""

    def __init__(self, scenario: Scenario) -> None:
        s = scenario.settings
        self.first_day, self.days, self.periods = s.start_date, s.period_days, s.periods

    def bounds(self, t: int) -> tuple[date, date]:
        """First and last day of period ``t``."""
        first = self.first_day + timedelta(days=(t - 1) * self.days)
        return first, first + timedelta(days=self.days - 1)

    def period_of(self, day: date) -> int:
        """The period containing ``day`` (may fall outside 1..T)."""
        return (day - self.first_day).days // self.days + 1

    def covered(self, start: date, end: date) -> tuple[int, ...]:
        """Periods of the horizon that overlap the inclusive span [start, end].

        Period t overlaps when start <= last(t) and end >= first(t); the first holds from
        the period containing ``start`` on, the second up to the period containing ``end``.
        """
        low = max(1, self.period_of(start))
        high = min(self.periods, self.period_of(end))
        return tuple(range(low, high + 1))

    def allowed_starts(self, option: Option) -> tuple[int, ...]:
        """Allowed starts of a block or stop option (SPEC 1 Options); () for other options.

        A stop's start is its first frozen period; blank latest_start = period T.
        """
        if option.duration == "stop":
            last_fit = self.periods
        elif not option.is_block:
            return ()
        else:
            assert isinstance(option.duration, int)
            last_fit = self.periods - option.duration + 1
        first = 1 if option.earliest_start is None else self.period_of(option.earliest_start)
        last = last_fit if option.latest_start is None else self.period_of(option.latest_start)
        return tuple(range(max(first, 1), min(last, last_fit) + 1))

    def active(self, option: Option, start: int | None) -> tuple[int, ...]:
        """Periods (inside the horizon) in which the option is active when started at ``start``.

        A stop itself is never active (its baseline's periods before it: ``pre_freeze``).
        """
        if option.duration == ALL:
            return tuple(range(1, self.periods + 1))
        if not option.is_block or start is None:
            return ()
        assert isinstance(option.duration, int)
        return tuple(t for t in range(start, start + option.duration) if 1 <= t <= self.periods)

    def in_force(self, option: Option, start: int | None) -> int:
        """Periods in force (SPEC 1): 0, k, T for ``all``, T - s + 1 for a stop begun in s."""
        if option.duration == ALL:
            return self.periods
        if option.duration == "stop":
            return 0 if start is None else self.periods - start + 1
        assert isinstance(option.duration, int)
        return option.duration

    def pre_freeze(self, start: int | None) -> tuple[int, ...]:
        """Periods 1..s-1 in which the baseline stays in force before a freeze begun in s."""
        return tuple(range(1, min(start or 1, self.periods + 1)))


@dataclass(frozen=True)
class Pick:
    """A chosen option that exists in the scenario, with its start and active periods."""

    option: Option
    start: int | None
    periods: frozenset[int]


def matches(ref: Ref, option: Option) -> bool:
    """True when ``option`` is one of the options ``ref`` names (a bare ``ACT``: any of its options)."""
    return option.activity == ref.activity and (ref.options is None or option.id in ref.options)
