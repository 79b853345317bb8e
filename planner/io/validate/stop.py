"""Checks of ``stop`` options (SPEC 1 Options): a freeze needs a baseline in force in every period."""

from __future__ import annotations

from planner.calendar import allowed_starts, period_of
from planner.io.validate.table import Context
from planner.scenario import ALL, Option, Settings


def check_stop_baselines(ctx: Context, by_activity: dict[str, list[Option]]) -> None:
    """A stop is never a baseline, and its activity's baseline has duration ``all``.

    The baseline stays in force until the freeze begins, so it must run in every period.
    (A vetoed baseline is allowed: the veto forbids choosing it, not the weeks before a
    freeze.)
    """
    table = ctx.tables["Options"]
    for options in by_activity.values():
        if any(ctx.failed("Options", o.row, "duration", "baseline") for o in options):
            continue
        baselines = [o for o in options if o.baseline]
        for o in options:
            if not o.is_stop:
                continue
            if o.baseline:
                ctx.problems.add(
                    table.loc(o.row, "duration"),
                    f"{o.key} is a stop (a freeze from a chosen period) and cannot be the "
                    "baseline: the baseline is what runs until the freeze; give it duration all",
                )
                continue
            base = baselines[0] if len(baselines) == 1 else None
            if base is not None and base.duration != ALL:
                ctx.problems.add(
                    table.loc(o.row, "duration"),
                    f"{o.key} is a stop, but the baseline {base.id} of {o.activity} has duration "
                    f"{base.duration}, not all: a freeze can only interrupt an activity that "
                    "runs in every period",
                )


def stop_start_problem(settings: Settings, o: Option) -> tuple[str, str] | None:
    """The column and message when a stop has no allowed first frozen period (None: fine)."""
    if not o.is_stop or allowed_starts(settings, o):
        return None
    horizon = settings.periods
    first = 1 if o.earliest_start is None else period_of(settings, o.earliest_start)
    if first > horizon:
        assert o.earliest_start is not None
        return "earliest_start", (
            f"earliest_start {o.earliest_start.isoformat()} is in period {first}, after the "
            f"last period of the horizon ({horizon}): the freeze can never begin"
        )
    assert o.latest_start is not None
    last = period_of(settings, o.latest_start)
    return "latest_start", (
        f"latest_start {o.latest_start.isoformat()} (period {last}) is before the earliest "
        f"allowed start (period {max(first, 1)}): the freeze can never begin"
    )
