"""Model data of freezes and per-period money (SPEC 1 Options, 2.2, 2.3), in plain Python.

Which options the model holds (a vetoed baseline still runs before a freeze), the hazard of
a ``stop`` by its first frozen period, and the periods-in-force terms of ``per_period``
options. ``planner.model.data`` assembles them into the model's structure and values.
"""

from __future__ import annotations

from planner.model.derived import Derived
from planner.scenario import Option, Scenario

PerPeriodTerms = tuple[str, str, tuple[tuple[int, int | None], ...]]
"""(a, o, ((periods in force, start or None for choose[a,o]), ...)) of a per_period option."""


def model_options(scenario: Scenario) -> list[Option]:
    """Options the model holds: eligible ones, and a vetoed baseline that a ``stop`` runs.

    A vetoed baseline cannot be chosen (choose[a,o] stays fixed to 0), but it is in force
    before an eligible freeze of its activity begins (SPEC 2.2), so its hazard and its act
    terms are needed.
    """
    frozen = {o.activity for o in scenario.options if o.is_stop and not o.vetoed_by}
    return [o for o in scenario.options if not o.vetoed_by or (o.baseline and o.activity in frozen)]


def in_model(scenario: Scenario, option: Option) -> bool:
    """One option's test of :func:`model_options`."""
    if not option.vetoed_by:
        return True
    siblings = scenario.options_of(option.activity) if option.baseline else ()
    return any(o.is_stop and not o.vetoed_by for o in siblings)


def stop_start_hazards(derived: Derived, option: Option, starts: range) -> dict[int, float]:
    """Hazard of a stop begun in s: its activity's baseline in force in periods 1..s-1 (SPEC 2.2)."""
    baseline = derived.baselines[option.activity]
    return {s: derived.pre_freeze_hazard(baseline, s) for s in starts}


def per_period_terms(
    periods: int, options: list[Option], starts: dict[str, range]
) -> tuple[PerPeriodTerms, ...]:
    """Per ``per_period`` option: cost and benefit count (periods in force) times (SPEC 2.3).

    A stop begun in s is in force T - s + 1 periods (one term per start variable); any
    other option a fixed number of periods (one term on choose[a,o]; none when 0).
    """
    out = []
    for o in options:
        if not o.per_period:
            continue
        terms: tuple[tuple[int, int | None], ...]
        if o.is_stop:
            terms = tuple((o.periods_in_force(periods, s), s) for s in starts[o.key])
        else:
            n = o.periods_in_force(periods, None)
            terms = ((n, None),) if n else ()
        out.append((o.activity, o.id, terms))
    return tuple(out)
