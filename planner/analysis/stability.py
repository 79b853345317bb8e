"""Self-enforcement of a package (SPEC 7): each party's best unilateral defection, independently re-checked.

For each party p, ``planner.model.defection`` finds the defection of largest gain exactly
(a small MIP; ties by the least H). Every outcome is then re-checked without the model:
the rounds of snap-back are simulated in plain Python (``planner.analysis.snapback``)
from p's choices, and the verifier (``planner.verify.evaluate``) recomputes p's net and H
of the result; any disagreement with the model raises ``VerificationError`` (exit 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from planner.analysis.snapback import snap_back
from planner.calendar import period_start
from planner.errors import VerificationError
from planner.model.defection import best_defection
from planner.model.solve import resolve_limits
from planner.scenario import Scenario
from planner.solution import Choice, SolveOptions, Status
from planner.verify import agree, evaluate

GAIN_TOLERANCE = 1e-9
"""X is self-enforcing for p when the best gain is at most this, relative to the nets' size."""

STABILITY_COLUMNS = (
    "party",
    "gain",
    "self_enforcing",
    "withdrawn",
    "snapped_back",
    "hazard_after",
    "probability_after",
    "net_before",
    "net_after",
    "rounds",
    "status",
)


@dataclass(frozen=True)
class PartyStability:
    """p's best defection from a package, re-checked independently.

    Attributes:
        party: p.
        status: the defection model's status (optimal = the gain is proven the largest).
        gain: p's net after the defection and snap-back minus p's net under the package.
        self_enforcing: gain within tolerance (None when the model stopped unproven and
            found no gain).
        withdrawn: ``ACT: old -> new`` for p's activities whose choice changes.
        snapped_back: other parties' activities returned to their baseline.
        net_before, net_after: p's net under the package and after the defection.
        hazard_after, probability_after: H and P after the defection and snap-back.
        outcome: the package after the defection and snap-back.
        rounds: snap-back rounds that returned at least one activity.
    """

    party: str
    status: Status
    gain: float
    self_enforcing: bool | None
    withdrawn: tuple[str, ...]
    snapped_back: tuple[str, ...]
    net_before: float
    net_after: float
    hazard_after: float
    probability_after: float
    outcome: tuple[Choice, ...]
    rounds: int


def choice_text(scenario: Scenario, c: Choice) -> str:
    """An option, with the first day of its start period when scheduled."""
    if c.start is None:
        return c.option
    return f"{c.option} (from {period_start(scenario.settings, c.start).isoformat()})"


def gain_tolerance(*nets: float) -> float:
    """1e-9 relative to the nets' magnitude (at least 1e-9)."""
    return GAIN_TOLERANCE * max(1.0, *(abs(n) for n in nets))


def _recheck(
    scenario: Scenario, package: tuple[Choice, ...], party: str, model: Sequence[Choice]
) -> tuple[tuple[Choice, ...], tuple[str, ...], int]:
    """Simulate the rounds from the model's choices for p; the result must be the model's."""
    actor = {a.id: a.actor for a in scenario.activities}
    own = {c.activity: c for c in model if actor[c.activity] == party}
    sim = snap_back(scenario, package, party, own)
    if sim.choices != tuple(model):
        diff = [f"{m} vs {s}" for m, s in zip(model, sim.choices, strict=True) if m != s]
        raise VerificationError(
            f"INDEPENDENT CHECK FAILED: defection of {party}: the simulated snap-back rounds "
            f"disagree with the model: {'; '.join(diff)}. This is a bug in planner."
        )
    return sim.choices, sim.snapped, sim.rounds


def party_stability(
    scenario: Scenario, package: tuple[Choice, ...], party: str, options: SolveOptions
) -> PartyStability:
    """p's best defection from ``package``, re-checked by simulation and the verifier."""
    limits = resolve_limits(scenario.settings, options)
    found = best_defection(scenario, package, party, limits)
    before = evaluate(scenario, package).party_net[party]
    if not found.status.has_package or found.net is None or found.total_hazard is None:
        nan = float("nan")
        return PartyStability(party, found.status, nan, None, (), (), before, nan, nan, nan, (), 0)
    final, snapped, rounds = _recheck(scenario, package, party, found.choices)
    after = evaluate(scenario, final)
    net = after.party_net[party]
    if not (agree(net, found.net) and agree(after.total_hazard, found.total_hazard)):
        raise VerificationError(
            f"INDEPENDENT CHECK FAILED: defection of {party}: model net {found.net:.9g}, "
            f"H {found.total_hazard:.9g}; recomputed net {net:.9g}, H {after.total_hazard:.9g}"
        )
    gain = net - before
    enforcing: bool | None = gain <= gain_tolerance(net, before)
    if found.status is not Status.OPTIMAL and enforcing:
        enforcing = None
    x = {c.activity: c for c in package}
    withdrawn = tuple(
        f"{c.activity}: {choice_text(scenario, x[c.activity])} -> {choice_text(scenario, c)}"
        for c in final
        if c != x[c.activity] and c.activity not in snapped
    )
    return PartyStability(
        party, found.status, gain, enforcing, withdrawn, snapped, before, net,
        after.total_hazard, after.probability, final, rounds,
    )  # fmt: skip


def package_stability(
    scenario: Scenario,
    package: tuple[Choice, ...],
    options: SolveOptions | None = None,
    parties: Iterable[str] | None = None,
) -> list[PartyStability]:
    """Every party's (or the named parties') best defection from ``package``, in sheet order."""
    named = set(parties) if parties is not None else None
    return [
        party_stability(scenario, package, p, options or SolveOptions())
        for p in scenario.party_ids
        if named is None or p in named
    ]


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"


def stability_table(rows: Sequence[PartyStability]) -> pd.DataFrame:
    """The Stability sheet: one row per party (SPEC 7 columns first)."""
    records = [
        {
            "party": r.party,
            "gain": r.gain,
            "self_enforcing": _yes_no(r.self_enforcing),
            "withdrawn": "; ".join(r.withdrawn),
            "snapped_back": ", ".join(r.snapped_back),
            "hazard_after": r.hazard_after,
            "probability_after": r.probability_after,
            "net_before": r.net_before,
            "net_after": r.net_after,
            "rounds": r.rounds,
            "status": r.status.value,
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=list(STABILITY_COLUMNS))
