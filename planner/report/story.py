"""The story of a plan in words: the headline, what changes, which limits bind, what was verified.

One module builds the sentences that the Summary sheet, the Brief sheet and the terminal
summary of ``planner solve`` all print, so they always say the same thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.calendar import period_end, period_start
from planner.solution import Status

if TYPE_CHECKING:
    from planner.plan import Plan

BINDING_KINDS = ("party", "rule", "balance", "capacity", "risk_cap")
FROZEN, CHANGED, MOVED = "frozen", "changed", "moved"


@dataclass(frozen=True)
class Change:
    """One activity the package changes against the status quo.

    Attributes:
        activity: Activity id.
        actor: The party (or actor) that carries the activity out.
        kind: ``frozen`` (a new option with no active period), ``changed`` (another option)
            or ``moved`` (the baseline option at other periods).
        baseline: The status-quo option id.
        option: The chosen option id.
        periods: Active periods under the package.
        status_quo_periods: Active periods under the status quo.
    """

    activity: str
    actor: str
    kind: str
    baseline: str
    option: str
    periods: tuple[int, ...]
    status_quo_periods: tuple[int, ...]
    frozen_from: int | None = None  # first frozen period of a chosen ``stop`` option


def changes(plan: Plan) -> list[Change]:
    """Every activity whose option or timing differs from the status quo, in sheet order."""
    ev, sq = plan.evaluation, plan.status_quo
    if ev is None:
        return []
    chosen = {c.activity: c.option for c in reversed(ev.choices)}
    starts = {c.activity: c.start for c in ev.choices}
    base = {c.activity: c.option for c in reversed(sq.choices)}
    out = []
    for a in plan.scenario.activities:
        now, was = ev.active[a.id], sq.active[a.id]
        stop = plan.scenario.option(a.id, chosen[a.id]).duration == "stop"
        if chosen[a.id] != base[a.id]:
            kind = CHANGED if now and not stop else FROZEN
        elif now != was:
            kind = MOVED
        else:
            continue
        frozen_from = starts[a.id] if stop else None
        out.append(Change(a.id, a.actor, kind, base[a.id], chosen[a.id], now, was, frozen_from))
    return out


def dates(plan: Plan, periods: tuple[int, ...]) -> str:
    """``2018-01-01 to 2018-01-14`` for a run of periods; ``no active period`` when empty."""
    if not periods:
        return "no active period"
    s = plan.scenario.settings
    return f"{period_start(s, periods[0])} to {period_end(s, periods[-1])}"


def describe(plan: Plan, change: Change) -> str:
    """``NUKE: frozen from 2018-04-23 (continue -> frozen)`` for a timed freeze,
    ``NUKE: test -> freeze (frozen)``, ``DRILL: as_planned -> scaled (dates)`` or
    ``KR: as_planned moved: was DATES, now DATES``."""
    if change.frozen_from is not None:  # a moratorium begun in a chosen period
        first = period_start(plan.scenario.settings, change.frozen_from).isoformat()
        return f"{change.activity}: frozen from {first} ({change.baseline} -> {change.option})"
    if change.kind == FROZEN:
        return f"{change.activity}: {change.baseline} -> {change.option} (frozen)"
    if change.kind == CHANGED:
        return f"{change.activity}: {change.baseline} -> {change.option} ({dates(plan, change.periods)})"
    was, now = dates(plan, change.status_quo_periods), dates(plan, change.periods)
    return f"{change.activity}: {change.option} moved: was {was}, now {now}"


def binding(plan: Plan) -> list[str]:
    """Names of the limits, rules, balances, capacities and risk cap that bind the package."""
    if plan.evaluation is None:
        return []
    return [c.name for c in plan.evaluation.checks if c.binding and c.kind in BINDING_KINDS]


def _pct(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:.1%}" if abs(value) >= 0.001 or value == 0 else f"{value:.2g}"


def _count(plan: Plan, found: list[Change]) -> str:
    n = len(plan.scenario.activities)
    if not found:
        return f"none of the {n} activities changes"
    kinds = [k for k in (FROZEN, CHANGED, MOVED) if any(c.kind == k for c in found)]
    detail = ", ".join(f"{sum(c.kind == k for c in found)} {k}" for k in kinds)
    verb = "changes" if len(found) == 1 else "change"
    return f"{len(found)} of {n} activities {verb} ({detail})"


def _binds(names: list[str]) -> str:
    if not names:
        return "no limit binds"
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"binding: {shown}"


def headline(plan: Plan) -> str:
    """One sentence a reader can quote: status, P against the status quo's P, changes, binds.

    A feasible plan adds its optimality gap; a plan without a package says what the
    diagnosis says must move (or that the time limit ran out).
    """
    sol, sq = plan.solution, plan.status_quo
    sq_p = _pct(sq.probability)
    if plan.status is Status.INFEASIBLE:
        why = sol.message or "run planner diagnose INPUT to see what must move"
        return f"Infeasible: no package satisfies every constraint (status quo P = {sq_p}); {why}."
    if not plan.has_package or plan.evaluation is None:
        return (
            f"No package found within the time limit (status quo P = {sq_p}); run again with "
            "a larger --time-limit or --gap."
        )
    ev = plan.evaluation
    head = "Optimal package" if plan.status is Status.OPTIMAL else "Feasible package"
    if plan.status is Status.FEASIBLE:
        head += f" (stopped at the time limit, gap {_pct(sol.gap)})"
    cut = 1.0 - ev.total_hazard / sq.total_hazard if sq.total_hazard > 0 else None
    return (
        f"{head} ({sol.objective}): escalation probability {_pct(ev.probability)} against "
        f"{sq_p} under the status quo (risk reduction {_pct(cut)}); "
        f"{_count(plan, changes(plan))}; {_binds(binding(plan))}."
    )


def verified_text(plan: Plan) -> str:
    """What the independent verifier says about the package."""
    if plan.verification is None:
        return "nothing to verify: no package"
    checks = len(plan.verification.evaluation.checks) + len(plan.verification.comparisons)
    if plan.verification.ok:
        return f"independently recomputed: all {checks} checks agree with the solver"
    return f"DISAGREEMENT: the independent recomputation differs from the solver (see Check, {checks} checks)"


def story(plan: Plan) -> dict[str, str]:
    """The story rows under the headline: changes, binding limits, verification."""
    found = changes(plan)
    return {
        "changes": "; ".join(describe(plan, c) for c in found) or "none",
        "binding_limits": ", ".join(binding(plan)) or "none",
        "verification": verified_text(plan),
    }
