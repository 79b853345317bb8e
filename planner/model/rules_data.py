"""Terms of the Rules and Capacity rows (which options and starts each row sums over), in plain Python."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planner.scenario import Option, Ref, Scenario

OptionKey = tuple[str, str]
StartKey = tuple[str, str, int]
RefOptions = Callable[..., list[Option]]


@dataclass(frozen=True)
class RuleTerms:
    """A ``requires`` or ``excludes`` rule: the options whose choice means "a" and "b" are chosen."""

    rule: str
    a_options: tuple[OptionKey, ...]
    b_options: tuple[OptionKey, ...]


@dataclass(frozen=True)
class BeforeRow:
    """One row of a ``before`` rule for period t.

    ``a_starts`` are a's block starts after which b may not start by t (s + d + lag > t);
    ``b_starts`` are b's block starts at or before t. At most one of all of them may be chosen.
    """

    period: int
    a_starts: tuple[StartKey, ...]
    b_starts: tuple[StartKey, ...]


@dataclass(frozen=True)
class BeforeTerms:
    """A ``before`` rule: its rows, one per start period of b that some start of a conflicts with."""

    rule: str
    rows: tuple[BeforeRow, ...]


@dataclass(frozen=True)
class CapacityTerms:
    """A Capacity row family: per period, the group's options that can be active then."""

    index: int
    group: str
    rows: tuple[tuple[int, tuple[OptionKey, ...]], ...]


def _keys(options: list[Option]) -> tuple[OptionKey, ...]:
    return tuple((o.activity, o.id) for o in options)


def rule_terms(scenario: Scenario, kind: str, ref_options: RefOptions) -> tuple[RuleTerms, ...]:
    """Terms of every rule of one kind; a bare ``ACT`` covers its non-baseline options."""
    out = []
    for rule in scenario.rules:
        if rule.type != kind:
            continue
        a = ref_options(scenario, rule.a, bare_excludes_baseline=True)
        b = ref_options(scenario, rule.b, bare_excludes_baseline=True)
        out.append(RuleTerms(rule=rule.id, a_options=_keys(a), b_options=_keys(b)))
    return tuple(out)


def _block_starts(
    scenario: Scenario, ref: Ref, starts: Mapping[str, range], ref_options: RefOptions
) -> list[tuple[Option, int]]:
    """(option, start) of every eligible scheduled option the reference covers (a bare ACT: all).

    A stop's start is its first frozen period: an event of duration 0 (SPEC 1 Rules).
    """
    opts = ref_options(scenario, ref, bare_excludes_baseline=False)
    return [(o, s) for o in opts if o.is_scheduled for s in starts[o.key]]


def _duration(option: Option) -> int:
    """Duration of a scheduled option in a ``before`` rule: k for a block, 0 for a stop."""
    return option.duration if isinstance(option.duration, int) else 0


def before_terms(
    scenario: Scenario, starts: Mapping[str, range], ref_options: RefOptions
) -> tuple[BeforeTerms, ...]:
    """Rows of every ``before`` rule: start(b) >= start(a) + duration(a) + lag when both are scheduled.

    For each start period t of b: sum of a's starts with s + d + lag > t plus sum of b's
    starts <= t is at most 1. A violating pair (s_a, s_b) appears together in row t = s_b,
    and any two terms of a row form a violating pair, so the rows forbid exactly the
    violating pairs (no big-M). Rows for other t are dominated and left out.
    """
    out = []
    for rule in scenario.rules:
        if rule.type != "before":
            continue
        a = [
            (o, s, s + _duration(o) + rule.lag)
            for o, s in _block_starts(scenario, rule.a, starts, ref_options)
        ]
        b = _block_starts(scenario, rule.b, starts, ref_options)
        rows = []
        for t in sorted({s for _, s in b}):
            a_terms = tuple((o.activity, o.id, s) for o, s, release in a if release > t)
            b_terms = tuple((o.activity, o.id, s) for o, s in b if s <= t)
            if a_terms and b_terms:
                rows.append(BeforeRow(period=t, a_starts=a_terms, b_starts=b_terms))
        out.append(BeforeTerms(rule=rule.id, rows=tuple(rows)))
    return tuple(out)


def capacity_terms(
    scenario: Scenario, options: list[Option], active: Mapping[str, frozenset[int]]
) -> tuple[CapacityTerms, ...]:
    """Per Capacity row and period: the group's eligible options that can be active then."""
    group_of = {a.id: a.group for a in scenario.activities}
    out = []
    for k, cap in enumerate(scenario.capacities):
        members = [
            ((o.activity, o.id), active[o.key])
            for o in options
            if group_of.get(o.activity) == cap.group
        ]
        periods = sorted(set().union(*(when for _, when in members)))
        rows = tuple((t, tuple(key for key, when in members if t in when)) for t in periods)
        out.append(CapacityTerms(index=k, group=cap.group, rows=rows))
    return tuple(out)
