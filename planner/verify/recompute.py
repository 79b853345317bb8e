"""Recompute hazards, party totals and checks from a package alone, and compare with the solver.

Uses neither the model nor ``planner.calendar``: periods, window coverage, allowed starts and
timing multipliers are recomputed from the raw scenario (SPEC 1 and 2).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from planner.scenario import OBJECTIVES, Option, Scenario
from planner.solution import Choice, Solution
from planner.verify.checks import all_checks
from planner.verify.evaluation import Comparison, Evaluation, Verification, agree
from planner.verify.periods import Calendar, Pick, matches


def status_quo_choices(scenario: Scenario) -> tuple[Choice, ...]:
    """Every activity at its baseline, a scheduled baseline at its earliest allowed start."""
    cal = Calendar(scenario)
    out = []
    for a in scenario.activities:
        base = scenario.baseline_of(a.id)
        starts = cal.allowed_starts(base)
        out.append(Choice(a.id, base.id, starts[0] if starts else None))
    return tuple(out)


# --- hazard --------------------------------------------------------------------------------


def _resolve(scenario: Scenario, cal: Calendar, choices: Iterable[Choice]) -> list[Pick]:
    known = {(o.activity, o.id): o for o in scenario.options}
    picks = []
    for c in choices:
        option = known.get((c.activity, c.option))
        if option is not None:
            picks.append(Pick(option, c.start, frozenset(cal.active(option, c.start))))
    return picks


def _in_force(scenario: Scenario, cal: Calendar, picks: list[Pick]) -> list[Pick]:
    """The picks as active in time: a chosen stop adds its baseline in force before the freeze.

    The baseline counts as active there wherever ``ACT/BASELINE`` or ``ACT`` is referenced
    (hazard, Interactions, Capacity), but not as chosen (rules use ``picks``; SPEC 1, 2.2).
    """
    out = list(picks)
    for pick in picks:
        if pick.option.duration == "stop" and pick.start is not None:
            base = next(o for o in scenario.options_of(pick.option.activity) if o.baseline)
            out.append(Pick(base, None, frozenset(cal.pre_freeze(pick.start))))
    return out


def _money(cal: Calendar, picks: list[Pick], party: str, name: str) -> float:
    """A party's total cost or benefit: value once, or value * periods in force (per_period)."""
    return math.fsum(
        getattr(k.option, name).get(party, 0.0)
        * (cal.in_force(k.option, k.start) if k.option.per_period else 1)
        for k in picks
    )


def _kinds_by_period(scenario: Scenario, cal: Calendar) -> dict[int, set[str]]:
    kinds: dict[int, set[str]] = {t: set() for t in range(1, cal.periods + 1)}
    for w in scenario.windows:
        for t in cal.covered(w.start, w.end):
            kinds[t].add(w.kind)
    return kinds


def _kind_multipliers(scenario: Scenario, option: Option) -> dict[str, float]:
    """Per window kind, the multiplier of the most specific Timing row: ACT/OPT, ACT, category, *."""
    category = next(a.category for a in scenario.activities if a.id == option.activity)
    rows = {(r.applies_to, r.kind): r.multiplier for r in scenario.timing}
    out: dict[str, float] = {}
    for kind in {r.kind for r in scenario.timing}:
        for applies_to in (option.key, option.activity, category, "*"):
            if (applies_to, kind) in rows:
                out[kind] = rows[(applies_to, kind)]
                break
    return out


def _option_hazard(scenario: Scenario, pick: Pick, kinds: dict[int, set[str]]) -> dict[int, float]:
    """hazard(a,o) * M(a,o,t) in each active period; a kind without a Timing row counts 1."""
    multipliers = _kind_multipliers(scenario, pick.option)
    return {
        t: pick.option.hazard * math.prod(multipliers.get(k, 1.0) for k in kinds[t])
        for t in sorted(pick.periods)
    }


def _interaction_hazard(scenario: Scenario, cal: Calendar, picks: list[Pick]) -> list[float]:
    """Per period, the hazard of interactions whose a and b are both active (bare ACT: any option)."""
    out = [0.0] * cal.periods
    for i in scenario.interactions:
        active = [0] * (cal.periods + 1)  # per period: active a-side plus active b-side picks
        for p in picks:
            for side in (i.a, i.b):
                if matches(side, p.option):
                    for t in p.periods:
                        if 1 <= t <= cal.periods:
                            active[t] += 1
        for t in range(1, cal.periods + 1):
            out[t - 1] += i.hazard * max(0, active[t] - 1)
    return out


def evaluate(scenario: Scenario, choices: Iterable[Choice]) -> Evaluation:
    """Recompute hazards, party totals and every check for a package (SPEC 2)."""
    choices = tuple(choices)
    cal = Calendar(scenario)
    picks = _resolve(scenario, cal, choices)
    running = _in_force(scenario, cal, picks)
    kinds = _kinds_by_period(scenario, cal)
    option_hazard = [0.0] * cal.periods
    by_activity = {a: [0.0] * cal.periods for a in scenario.activity_ids}
    active: dict[str, set[int]] = {a: set() for a in scenario.activity_ids}
    for pick in running:
        active[pick.option.activity] |= pick.periods
        for t, h in _option_hazard(scenario, pick, kinds).items():
            option_hazard[t - 1] += h
            by_activity[pick.option.activity][t - 1] += h
    parties = scenario.party_ids
    ev = Evaluation(
        choices=choices,
        active={a: tuple(sorted(ts)) for a, ts in active.items()},
        option_hazard=tuple(option_hazard),
        interaction_hazard=tuple(_interaction_hazard(scenario, cal, running)),
        activity_period_hazard={a: tuple(h) for a, h in by_activity.items()},
        party_cost={p: _money(cal, picks, p, "cost") for p in parties},
        party_benefit={p: _money(cal, picks, p, "benefit") for p in parties},
        party_weight={p.id: p.weight for p in scenario.parties},
    )
    return replace(ev, checks=tuple(all_checks(scenario, cal, choices, picks, ev)))


# --- comparison with the solver ------------------------------------------------------------


def _compare(figure: str, model: float | None, recomputed: float) -> Comparison:
    ok = model is not None and math.isfinite(model) and agree(model, recomputed)
    return Comparison(figure, model, recomputed, ok)


def _party_comparisons(
    name: str, model: dict[str, float], recomputed: dict[str, float]
) -> list[Comparison]:
    return [_compare(f"{name}[{p}]", model.get(p), v) for p, v in recomputed.items()]


def _objective_comparison(solution: Solution, ev: Evaluation) -> Comparison:
    if solution.objective not in OBJECTIVES:
        return Comparison(
            f"objective_value ({solution.objective!r} unknown)", None, math.nan, False
        )
    recomputed = ev.objective_value(solution.objective)
    return _compare("objective_value", solution.objective_value, recomputed)


def _period_comparisons(model: tuple[float, ...], ev: Evaluation) -> list[Comparison]:
    if len(model) != len(ev.period_hazard):
        count = Comparison("period_hazard count", len(model), len(ev.period_hazard), False)
        return [count]
    return [
        _compare(f"period_hazard[{t}]", m, h)
        for t, (m, h) in enumerate(zip(model, ev.period_hazard, strict=True), start=1)
    ]


def verify(scenario: Scenario, solution: Solution) -> Verification:
    """Evaluate the chosen package and compare it with the solver's own figures.

    Compared: the primary objective (recomputed for ``solution.objective``), H, every H_t and
    every party's cost and benefit. A figure the solver did not report disagrees.

    Raises:
        ValueError: the solution has no package.
    """
    if not solution.status.has_package:
        raise ValueError(f"no package to verify (status {solution.status.value})")
    ev = evaluate(scenario, solution.choices)
    comparisons = [
        _objective_comparison(solution, ev),
        _compare("total_hazard", solution.model_total_hazard, ev.total_hazard),
        *_period_comparisons(solution.model_period_hazard, ev),
        *_party_comparisons("cost", solution.model_party_cost, ev.party_cost),
        *_party_comparisons("benefit", solution.model_party_benefit, ev.party_benefit),
    ]
    return Verification(ev, tuple(comparisons))
