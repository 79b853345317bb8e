"""The calendar of a scenario (SPEC 1, 2.1): periods, their dates, window coverage, allowed starts.

Pure Python and part of the workbook contract: io, the model, reports and sweeps share it; the
independent verifier deliberately does NOT use it (it recomputes from the raw scenario).
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.scenario import Option, Settings


def period_of(settings: Settings, day: date) -> int:
    """The 1-based period containing ``day`` (may be < 1 or > T when outside the horizon)."""
    return (day - settings.start_date).days // settings.period_days + 1


def period_start(settings: Settings, t: int) -> date:
    """First day of period ``t``."""
    return settings.start_date + timedelta(days=(t - 1) * settings.period_days)


def period_end(settings: Settings, t: int) -> date:
    """Last day of period ``t``."""
    return settings.start_date + timedelta(days=t * settings.period_days - 1)


def allowed_starts(settings: Settings, option: Option) -> range:
    """Allowed start periods of a scheduled option (empty range when none; SPEC 1 Options).

    earliest_start blank = period 1; latest_start blank = the last start at which the block
    still ends inside the horizon (for a ``stop``: period T). A date maps to the period
    that contains it.
    """
    if not option.is_scheduled:
        return range(0)
    last_fit = settings.periods
    if option.is_block:
        assert isinstance(option.duration, int)
        last_fit = settings.periods - option.duration + 1
    first = 1 if option.earliest_start is None else period_of(settings, option.earliest_start)
    last = last_fit if option.latest_start is None else period_of(settings, option.latest_start)
    first = max(first, 1)
    last = min(last, last_fit)
    return range(first, last + 1) if last >= first else range(0)


def window_periods(settings: Settings, start: date, end: date) -> range:
    """Periods (inside the horizon) that a window [start, end] overlaps."""
    first = max(period_of(settings, start), 1)
    last = min(period_of(settings, end), settings.periods)
    return range(first, last + 1) if last >= first else range(0)
