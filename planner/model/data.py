"""Sparse index sets and constants of the model, precomputed in plain Python from a scenario.

``ModelData`` splits into a ``ModelStructure`` (everything that shapes rows and columns:
index sets, rule terms, which coefficients are nonzero) and ``ModelValues`` (numbers the
model holds as mutable Params). Two scenarios with equal structures differ only in values,
so a built model can be updated in place (``planner.model.session``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from functools import partial
from itertools import accumulate
from typing import TypedDict

from planner.model.derived import Derived
from planner.model.freeze_data import (
    PerPeriodTerms,
    in_model,
    model_options,
    per_period_terms,
    stop_start_hazards,
)
from planner.model.rules_data import (
    BeforeTerms,
    CapacityTerms,
    RuleTerms,
    before_terms,
    capacity_terms,
    rule_terms,
)
from planner.scenario import ALL, Option, Party, Ref, Scenario

OptionKey = tuple[str, str]
StartKey = tuple[str, str, int]
PartyOptionKey = tuple[str, str, str]


@dataclass(frozen=True)
class InteractionTerms:
    """One interaction row: the options each reference sums over and the periods both can be active."""

    index: int
    a_options: tuple[OptionKey, ...]
    b_options: tuple[OptionKey, ...]
    periods: tuple[int, ...]


@dataclass(frozen=True)
class ModelStructure:
    """What shapes the model's rows and columns; equal structures mean an in-place update works."""

    periods: tuple[int, ...]
    parties: tuple[str, ...]
    activities: tuple[str, ...]
    choices: tuple[OptionKey, ...]  # every option, vetoed ones included
    vetoed: tuple[OptionKey, ...]  # choose[a,o] of these is fixed to 0 by its bounds
    always: tuple[OptionKey, ...]
    blocks: tuple[tuple[str, str, int], ...]
    stops: tuple[tuple[str, str, str], ...]  # (activity, stop option, its baseline)
    starts: tuple[StartKey, ...]  # allowed starts of blocks and stops
    per_period: tuple[PerPeriodTerms, ...]
    interactions: tuple[InteractionTerms, ...]
    requires: tuple[RuleTerms, ...]
    excludes: tuple[RuleTerms, ...]
    before: tuple[BeforeTerms, ...]
    balances: tuple[tuple[int, str, str], ...]
    capacities: tuple[CapacityTerms, ...]
    max_cost_parties: tuple[str, ...]
    min_benefit_parties: tuple[str, ...]
    min_net_parties: tuple[str, ...]
    has_risk_cap: bool
    start_hazard_keys: tuple[StartKey, ...]
    always_hazard_keys: tuple[OptionKey, ...]
    active_hazard_keys: tuple[tuple[str, str, int], ...]
    cost_keys: tuple[PartyOptionKey, ...]
    benefit_keys: tuple[PartyOptionKey, ...]


@dataclass(frozen=True)
class ModelValues:
    """Numbers held as mutable Params; keys are exactly the matching structure's index sets."""

    start_hazard: dict[StartKey, float]
    always_hazard: dict[OptionKey, float]
    active_hazard: dict[tuple[str, str, int], float]
    interaction_hazard: dict[int, float]
    cost: dict[PartyOptionKey, float]
    benefit: dict[PartyOptionKey, float]
    party_weight: dict[str, float]
    max_cost: dict[str, float]
    min_benefit: dict[str, float]
    min_net: dict[str, float]
    risk_cap: float | None
    max_gap: dict[int, float]
    max_active: dict[int, float]

    def params(self) -> dict[str, dict | float | None]:
        """Param name on the model -> its values (scalar for ``risk_cap``)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class ModelData:
    """Structure and values of one scenario's model."""

    structure: ModelStructure
    values: ModelValues
    durations: dict[OptionKey, int] = field(default_factory=dict)


class PartyValues(TypedDict):
    """The ModelValues fields that come from the Parties sheet alone."""

    party_weight: dict[str, float]
    max_cost: dict[str, float]
    min_benefit: dict[str, float]
    min_net: dict[str, float]


def nonzero(items: Iterable[tuple[object, float]]) -> dict:
    """Keep the entries whose value is not zero (zero coefficients are left out of the model)."""
    return {k: v for k, v in items if v != 0}


def eligible(option: Option) -> bool:
    """True unless some party vetoes the option."""
    return not option.vetoed_by


def option_hazards(derived: Derived, option: Option) -> dict[int, float]:
    """hazard(a,o) * M(a,o,t) for every period in which the option can be active."""
    if option.duration == ALL:
        periods: Iterable[int] = derived.periods
    elif option.is_block:
        assert isinstance(option.duration, int)
        starts = derived.allowed_starts(option)
        periods = range(starts[0], starts[-1] + option.duration) if len(starts) else ()
    else:
        periods = ()
    return derived.period_hazards(option, periods)


def block_start_hazards(
    option: Option, starts: range, hazards: dict[int, float]
) -> dict[int, float]:
    """Hazard of the block started at each allowed start: a sum over its periods (prefix sums)."""
    assert isinstance(option.duration, int)
    if not len(starts):
        return {}
    first, d = starts[0], option.duration
    periods = range(first, starts[-1] + d)
    prefix = [0.0, *accumulate(hazards[t] for t in periods)]
    return {s: prefix[s - first + d] - prefix[s - first] for s in starts}


def ref_options(
    scenario: Scenario, ref: Ref, *, bare_excludes_baseline: bool, derived: Derived | None = None
) -> list[Option]:
    """Eligible options a reference covers; a bare ``ACT`` is every option (or every non-baseline).

    With ``derived``, its per-activity index replaces the scans of the whole Options sheet.
    """
    own = (
        derived.options_by_activity.get(ref.activity, ())
        if derived is not None
        else scenario.options_of(ref.activity)
    )
    if ref.options is None:
        opts = [o for o in own if not (bare_excludes_baseline and o.baseline)]
    else:
        by_id = {o.id: o for o in own}
        opts = [by_id[o] if o in by_id else scenario.option(ref.activity, o) for o in ref.options]
    return [o for o in opts if in_model(scenario, o)]


def model_data(scenario: Scenario, derived: Derived | None = None) -> ModelData:
    """Precompute every index set and constant the model needs (SPEC 2)."""
    derived = derived or Derived(scenario)
    options = model_options(scenario)
    hazards = {o.key: option_hazards(derived, o) for o in options}
    starts = {o.key: derived.allowed_starts(o) for o in options if o.is_scheduled}
    active = {key: frozenset(h) for key, h in hazards.items()}  # periods it can be active in
    interactions, interaction_hazard = _interactions(scenario, active, derived)
    values = _values(scenario, derived, options, hazards, starts, interaction_hazard)
    structure = _structure(scenario, derived, options, starts, active, interactions, values)
    durations = {(a, o): d for a, o, d in structure.blocks}
    durations.update({(a, o): 0 for a, o, _ in structure.stops})
    return ModelData(structure, values, durations)


def party_values(parties: Iterable[Party]) -> PartyValues:
    """party_weight[p] and the party limits max_cost, min_benefit, min_net (where set)."""
    parties = tuple(parties)
    return PartyValues(
        party_weight={p.id: p.weight for p in parties},
        max_cost={p.id: p.max_cost for p in parties if p.max_cost is not None},
        min_benefit={p.id: p.min_benefit for p in parties if p.min_benefit is not None},
        min_net={p.id: p.min_net for p in parties if p.min_net is not None},
    )


PARTY_ONLY_FIELDS = frozenset({"parties", "sweeps", "source"})
"""Scenario fields that may differ for ``updated_model_data``'s shortcut (sweeps and source do
not enter the model; parties enter only through ``party_values`` and their ids)."""


def updated_model_data(previous: Scenario, data: ModelData, scenario: Scenario) -> ModelData:
    """``model_data(scenario)``, computed from ``data`` (of ``previous``) when only Parties changed.

    When every other field is equal and the party ids are the same (in order), the index
    sets, rule terms, hazards, costs and benefits are those of ``data``: only the party
    weights and limits are recomputed, and the limit key sets go into the structure.
    Anything else computes ``model_data`` afresh. The result equals ``model_data(scenario)``.
    """
    same = all(
        getattr(scenario, f.name) is getattr(previous, f.name)
        or getattr(scenario, f.name) == getattr(previous, f.name)
        for f in fields(scenario)
        if f.name not in PARTY_ONLY_FIELDS
    )
    if not same or scenario.party_ids != previous.party_ids:
        return model_data(scenario)
    values = replace(data.values, **party_values(scenario.parties))
    structure = replace(
        data.structure,
        max_cost_parties=tuple(values.max_cost),
        min_benefit_parties=tuple(values.min_benefit),
        min_net_parties=tuple(values.min_net),
    )
    return ModelData(structure, values, data.durations)


def _hazard_values(
    derived: Derived,
    options: list[Option],
    hazards: dict[str, dict[int, float]],
    starts: dict[str, range],
) -> tuple[dict, dict, dict]:
    """Nonzero start_hazard[a,o,s], always_hazard[a,o] and active_hazard[a,o,t]."""
    start_hazard = nonzero(
        ((o.activity, o.id, s), h)
        for o in options
        if o.is_scheduled
        for s, h in (
            stop_start_hazards(derived, o, starts[o.key])
            if o.is_stop
            else block_start_hazards(o, starts[o.key], hazards[o.key])
        ).items()
    )
    always_hazard = nonzero(
        ((o.activity, o.id), sum(hazards[o.key].values())) for o in options if o.duration == ALL
    )
    active_hazard = nonzero(
        ((o.activity, o.id, t), h) for o in options for t, h in hazards[o.key].items()
    )
    return start_hazard, always_hazard, active_hazard


def _values(
    scenario: Scenario,
    derived: Derived,
    options: list[Option],
    hazards: dict[str, dict[int, float]],
    starts: dict[str, range],
    interaction_hazard: dict[int, float],
) -> ModelValues:
    """Every number the model holds as a mutable Param."""
    start_hazard, always_hazard, active_hazard = _hazard_values(derived, options, hazards, starts)
    parties = scenario.parties
    return ModelValues(
        start_hazard=start_hazard,
        always_hazard=always_hazard,
        active_hazard=active_hazard,
        interaction_hazard=interaction_hazard,
        cost=nonzero(
            ((p.id, o.activity, o.id), o.cost.get(p.id, 0.0)) for p in parties for o in options
        ),
        benefit=nonzero(
            ((p.id, o.activity, o.id), o.benefit.get(p.id, 0.0)) for p in parties for o in options
        ),
        **party_values(parties),
        risk_cap=scenario.settings.risk_cap,
        max_gap={k: b.max_gap for k, b in enumerate(scenario.balances)},
        max_active={k: float(c.max_active) for k, c in enumerate(scenario.capacities)},
    )


def _structure(
    scenario: Scenario,
    derived: Derived,
    options: list[Option],
    starts: dict[str, range],
    active: dict[str, frozenset[int]],
    interactions: tuple[InteractionTerms, ...],
    values: ModelValues,
) -> ModelStructure:
    """Index sets and row terms; the key sets of ``values`` are part of the structure."""
    blocks = [o for o in options if o.is_block]
    refs = partial(ref_options, derived=derived)
    scheduled = [o for o in options if o.is_scheduled]
    return ModelStructure(
        periods=tuple(derived.periods),
        parties=scenario.party_ids,
        activities=scenario.activity_ids,
        choices=tuple((o.activity, o.id) for o in scenario.options),
        vetoed=tuple((o.activity, o.id) for o in scenario.options if not eligible(o)),
        always=tuple((o.activity, o.id) for o in options if o.duration == ALL),
        blocks=tuple((o.activity, o.id, int(o.duration)) for o in blocks),
        stops=tuple(
            (o.activity, o.id, derived.baselines[o.activity].id) for o in options if o.is_stop
        ),
        starts=tuple((o.activity, o.id, s) for o in scheduled for s in starts[o.key]),
        per_period=per_period_terms(scenario.settings.periods, options, starts),
        interactions=interactions,
        requires=rule_terms(scenario, "requires", refs),
        excludes=rule_terms(scenario, "excludes", refs),
        before=before_terms(scenario, starts, refs),
        balances=tuple((k, b.party_a, b.party_b) for k, b in enumerate(scenario.balances)),
        capacities=capacity_terms(scenario, options, active),
        max_cost_parties=tuple(values.max_cost),
        min_benefit_parties=tuple(values.min_benefit),
        min_net_parties=tuple(values.min_net),
        has_risk_cap=values.risk_cap is not None,
        start_hazard_keys=tuple(values.start_hazard),
        always_hazard_keys=tuple(values.always_hazard),
        active_hazard_keys=tuple(values.active_hazard),
        cost_keys=tuple(values.cost),
        benefit_keys=tuple(values.benefit),
    )


def _interactions(
    scenario: Scenario, active: dict[str, frozenset[int]], derived: Derived
) -> tuple[tuple[InteractionTerms, ...], dict[int, float]]:
    """Interaction rows with nonzero hazard, over the periods where both references can be active."""
    rows, hazard = [], {}
    for i, inter in enumerate(scenario.interactions):
        if inter.hazard == 0:
            continue
        a_opts = ref_options(scenario, inter.a, bare_excludes_baseline=False, derived=derived)
        b_opts = ref_options(scenario, inter.b, bare_excludes_baseline=False, derived=derived)
        a_periods = frozenset().union(*(active[o.key] for o in a_opts))
        b_periods = frozenset().union(*(active[o.key] for o in b_opts))
        periods = tuple(sorted(a_periods & b_periods))
        if not periods:
            continue
        rows.append(
            InteractionTerms(
                index=i,
                a_options=tuple((o.activity, o.id) for o in a_opts),
                b_options=tuple((o.activity, o.id) for o in b_opts),
                periods=periods,
            )
        )
        hazard[i] = inter.hazard
    return tuple(rows), hazard
