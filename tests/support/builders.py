"""Test helper for the model tests: build tiny scenarios in a few lines and solve them exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from planner.model.solve import solve_scenario
from planner.scenario import (
    Activity,
    Duration,
    Option,
    Party,
    Ref,
    Scenario,
    Settings,
    TimingRow,
    Window,
)
from planner.solution import Solution, SolveOptions

START = date(2018, 1, 1)
PERIOD_DAYS = 7


def day(t: int, offset: int = 0) -> date:
    """A day of period t (offset days after its first day)."""
    return START + timedelta(days=(t - 1) * PERIOD_DAYS + offset)


def window(wid: str, kind: str, first: int, last: int) -> Window:
    """A window covering periods first..last (from mid-week to mid-week: overlap counts)."""
    return Window(id=wid, kind=kind, start=day(first, 3), end=day(last, 2))


def opt(
    activity: str,
    oid: str,
    duration: Duration = 0,
    hazard: float = 0.0,
    *,
    baseline: bool = False,
    earliest: int | None = None,
    latest: int | None = None,
    vetoed_by: tuple[str, ...] = (),
    cost: dict[str, float] | None = None,
    benefit: dict[str, float] | None = None,
) -> Option:
    """An option; ``earliest``/``latest`` are periods, written as a mid-period date."""
    return Option(
        activity=activity,
        id=oid,
        baseline=baseline,
        duration=duration,
        earliest_start=None if earliest is None else day(earliest, 4),
        latest_start=None if latest is None else day(latest, 1),
        hazard=hazard,
        vetoed_by=vetoed_by,
        cost=cost or {},
        benefit=benefit or {},
    )


def scenario(
    options: list[Option],
    *,
    periods: int = 1,
    parties: tuple[Party, ...] = (Party("A"), Party("B")),
    categories: dict[str, str] | None = None,
    groups: dict[str, str] | None = None,
    objective: str = "min_risk",
    risk_cap: float | None = None,
    **sheets: Any,
) -> Scenario:
    """A scenario whose activities are those of ``options`` (first option of each = baseline)."""
    ids = list(dict.fromkeys(o.activity for o in options))
    if not any(o.baseline for o in options):
        seen: set[str] = set()
        fixed = []
        for o in options:
            fixed.append(replace(o, baseline=o.activity not in seen))
            seen.add(o.activity)
        options = fixed
    categories, groups = categories or {}, groups or {}
    activities = tuple(
        Activity(id=a, actor=parties[0].id, category=categories.get(a, ""), group=groups.get(a))
        for a in ids
    )
    settings = Settings(
        start_date=START,
        periods=periods,
        period_days=PERIOD_DAYS,
        objective=objective,
        risk_cap=risk_cap,
        time_limit_s=30.0,
    )
    return Scenario(
        settings=settings,
        parties=parties,
        activities=activities,
        options=tuple(options),
        **sheets,
    )


def ref(text: str) -> Ref:
    """``ACT``, ``ACT/OPT`` or ``ACT/OPT1|OPT2`` as a Ref."""
    if "/" not in text:
        return Ref(text)
    activity, opts = text.split("/", 1)
    return Ref(activity, tuple(opts.split("|")))


def timing(applies_to: str, kind: str, multiplier: float) -> TimingRow:
    """A Timing row."""
    return TimingRow(applies_to=applies_to, kind=kind, multiplier=multiplier)


def solve(s: Scenario, **options: Any) -> Solution:
    """Solve exactly (mip_gap 0) with the given SolveOptions fields."""
    options.setdefault("mip_gap", 0.0)
    return solve_scenario(s, SolveOptions(**options))


def picked(solution: Solution) -> dict[str, str]:
    """activity -> chosen option."""
    return {c.activity: c.option for c in solution.choices}


def starts(solution: Solution) -> dict[str, int | None]:
    """activity -> start period (None unless a block)."""
    return {c.activity: c.start for c in solution.choices}
