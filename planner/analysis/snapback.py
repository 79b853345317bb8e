"""Snap-back after a unilateral defection, simulated round by round in plain Python (SPEC 7).

This is the independent check of the defection model (``planner.model.defection``), which
encodes the rounds' result in closed form: it follows SPEC 7 literally and shares no code
with the model. In each round, every activity of another party whose current option is
not its baseline, and that is the a-side of a ``requires`` rule violated by the current
choices, returns to its baseline (a scheduled baseline at its earliest allowed start, as
in the status quo), all at once; the rounds stop when one returns none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.scenario import Ref, Rule, Scenario
from planner.solution import Choice
from planner.verify import status_quo_choices


@dataclass(frozen=True)
class SnapBack:
    """The outcome of a defection: the final package, what snapped back, and how many rounds."""

    choices: tuple[Choice, ...]
    snapped: tuple[str, ...]
    rounds: int


def _chosen(scenario: Scenario, ref: Ref, current: Mapping[str, Choice]) -> bool:
    """A rule reference is chosen by the current choices (a bare ``ACT``: not its baseline)."""
    option = current[ref.activity].option
    if ref.options is None:
        return option != scenario.baseline_of(ref.activity).id
    return option in ref.options


def _violated(scenario: Scenario, rule: Rule, current: Mapping[str, Choice]) -> bool:
    return _chosen(scenario, rule.a, current) and not _chosen(scenario, rule.b, current)


def snap_back(
    scenario: Scenario,
    package: tuple[Choice, ...],
    party: str,
    defection: Mapping[str, Choice] | None = None,
) -> SnapBack:
    """Replace ``party``'s choices by ``defection`` (activity -> Choice), then run the rounds.

    Args:
        scenario: The scenario.
        package: The package X, one Choice per activity.
        party: The defecting party p (its activities never snap back).
        defection: p's new choices (missing activities keep X's choice).

    Returns:
        The final package (sheet order), the activities returned to baseline (in the order
        they snapped) and the number of rounds that returned at least one.
    """
    actor = {a.id: a.actor for a in scenario.activities}
    base = {c.activity: c for c in status_quo_choices(scenario)}
    current = {c.activity: c for c in package}
    current.update(defection or {})
    requires = [r for r in scenario.rules if r.type == "requires"]
    snapped: list[str] = []
    rounds = 0
    while True:
        back = [
            a
            for a in scenario.activity_ids
            if actor[a] != party
            and current[a].option != base[a].option
            and any(r.a.activity == a and _violated(scenario, r, current) for r in requires)
        ]
        if not back:
            break
        rounds += 1
        for a in back:
            current[a] = base[a]
        snapped += back
    return SnapBack(tuple(current[a] for a in scenario.activity_ids), tuple(snapped), rounds)
