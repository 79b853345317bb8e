"""The least-risk package that is also self-enforcing (``planner solve --self-enforcing``, SPEC 7).

Method (a cutting-plane loop; proof in docs/stability.md): solve the master (the usual
model and objective, lexicographic), compute each named party's best defection from its
package X (``planner.analysis.stability``), and for every party p whose gain exceeds
the tolerance add the cut "if the other parties' activities that matter (``profile``:
those in ``requires`` rules or Capacity groups) repeat X's choices, then p's net from its
own activities is at least ``V_p - tol`` minus p's net from the others' choices in X",
where V_p is p's net after its best defection. On such packages p's gain is exactly
``V_p`` minus that sum minus p's own net, so the cut removes X and exactly the packages
of that profile that are not self-enforcing for p; repeat until the master's package is
self-enforcing for every named party, or the master is infeasible. There are finitely
many profiles per party and each (party, profile) is cut at most once, so the loop
terminates.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.analysis.stability import PartyStability, gain_tolerance, package_stability
from planner.errors import PlannerError, VerificationError
from planner.model.defection import add_stability_cut
from planner.model.session import ModelSession
from planner.model.solve import resolve_limits
from planner.plan import Plan
from planner.scenario import Scenario
from planner.solution import Choice, Solution, SolveOptions, Status
from planner.verify import evaluate, status_quo_choices, verify


@dataclass(frozen=True)
class SelfEnforcing:
    """Outcome of ``solve_self_enforcing``.

    Attributes:
        plan: the verified plan (without a package when none qualifies).
        rows: every party's best defection from the plan's package (empty without one).
        iterations: master solves.
        cuts: stability cuts added.
        unmet: parties whose incentive cannot be met (when no package qualifies).
    """

    plan: Plan
    rows: tuple[PartyStability, ...]
    iterations: int
    cuts: int
    unmet: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Loop:
    solution: Solution
    iterations: int
    cut_parties: tuple[str, ...]
    cuts: int


def relevant(scenario: Scenario, party: str) -> dict[str, bool]:
    """The other parties' activities p's best defection depends on, and whether their start does.

    An activity of another party matters when it appears in a ``requires`` rule (it can
    snap back or make another snap) or shares a Capacity group with p's activities (it
    decides which moves are possible), and its start too in the latter case, or when
    p's cost or benefit from it depends on its start (a ``per_period`` or ``stop``
    option). Every other activity keeps its choice in any defection, so its share of p's
    net is the same before and after.
    """
    capped = {c.group for c in scenario.capacities}
    groups = {a.group for a in scenario.activities if a.actor == party and a.group in capped}
    in_rules = {r.a.activity for r in scenario.rules if r.type == "requires"}
    in_rules |= {r.b.activity for r in scenario.rules if r.type == "requires"}
    out = {}
    for a in scenario.activities:
        if a.actor == party:
            continue
        touches = any(
            (o.cost.get(party, 0.0) or o.benefit.get(party, 0.0))
            and (getattr(o, "per_period", False) or o.duration == "stop")
            for o in scenario.options_of(a.id)
        )
        grouped = a.group is not None and a.group in groups
        if grouped or a.id in in_rules:
            out[a.id] = touches or grouped
    return out


def profile(scenario: Scenario, package: tuple[Choice, ...], party: str) -> tuple[Choice, ...]:
    """The part of ``package`` that p's best defection depends on (see :func:`relevant`)."""
    keep = relevant(scenario, party)
    return tuple(
        c if keep[c.activity] else dataclasses.replace(c, start=None)
        for c in package
        if c.activity in keep
    )


BUDGET_FACTOR = 20.0
"""The loop stops (status no_solution) after this many times the per-solve time limit."""


def _out_of_time(solution: Solution, iterations: int) -> Solution:
    message = (
        f"the self-enforcing loop ran out of time after {iterations} master solves "
        f"({BUDGET_FACTOR:g} x the time limit): no package proven self-enforcing; "
        "run again with a larger --time-limit"
    )
    return dataclasses.replace(solution, status=Status.NO_SOLUTION, choices=(), message=message)


def _cutting_plane(scenario: Scenario, options: SolveOptions, parties: Sequence[str]) -> _Loop:
    """Solve the master and add stability cuts until its package is self-enforcing for ``parties``."""
    budget = BUDGET_FACTOR * resolve_limits(scenario.settings, options).time_limit_s
    tick = time.perf_counter()
    session = ModelSession(scenario, options)
    seen: set[tuple[str, tuple[Choice, ...]]] = set()
    cut_parties: list[str] = []
    iterations = 0
    while True:
        iterations += 1
        solution = session.solve()
        if not solution.status.has_package:
            return _Loop(solution, iterations, tuple(cut_parties), len(seen))
        unstable = [
            r
            for r in package_stability(scenario, solution.choices, options, parties)
            if r.self_enforcing is False
        ]
        if not unstable:
            return _Loop(solution, iterations, tuple(cut_parties), len(seen))
        if time.perf_counter() - tick > budget:
            return _Loop(_out_of_time(solution, iterations), iterations, (), len(seen))
        for r in unstable:
            cut_profile = profile(scenario, solution.choices, r.party)
            key = (r.party, cut_profile)
            if key in seen:
                raise PlannerError(
                    f"self-enforcing loop: the cut for {r.party} did not remove the package "
                    "(numerical tolerance); please report this input"
                )
            seen.add(key)
            if r.party not in cut_parties:
                cut_parties.append(r.party)
            value = r.net_after - gain_tolerance(r.net_after)
            own = frozenset(a.id for a in scenario.activities if a.actor == r.party)
            cut = add_stability_cut(
                session.model, solution.choices, own, cut_profile, r.party, value
            )
            session.solver.add_constraints([cut])


def _unmet(
    scenario: Scenario, options: SolveOptions, cut_parties: Sequence[str]
) -> tuple[tuple[str, ...], bool]:
    """The cut parties for which alone no package is self-enforcing, and whether each is so alone.

    When none is infeasible alone, all of them are returned (jointly: False).
    """
    alone = tuple(
        p
        for p in cut_parties
        if _cutting_plane(scenario, options, [p]).solution.status is Status.INFEASIBLE
    )
    return (alone, True) if alone else (tuple(cut_parties), False)


def _infeasible_plan(
    scenario: Scenario,
    options: SolveOptions,
    loop: _Loop,
    unmet: tuple[str, ...],
    alone: bool,
) -> Plan:
    if alone:
        jointly = " (each on its own)" if len(unmet) > 1 else ""
        gains = "every package every party accepts leaves it a profitable defection"
    else:
        jointly = " (jointly)"
        gains = "every package every party accepts leaves one of them a profitable defection"
    message = f"no package is self-enforcing for {', '.join(unmet)}{jointly}: {gains}"
    rows: tuple[dict[str, object], ...] = tuple(
        {
            "kind": "self_enforcement",
            "item": f"incentive[{p}]",
            "sheet_cell": "",
            "current": None,
            "required": None,
            "change": None,
            "message": f"{p}'s incentive cannot be met{jointly}: {gains}",
        }
        for p in unmet
    )
    solution = dataclasses.replace(loop.solution, message=message)
    status_quo = evaluate(scenario, status_quo_choices(scenario))
    return Plan(scenario, options, solution, None, status_quo, diagnosis=rows)


def solve_self_enforcing(
    scenario: Scenario, options: SolveOptions | None = None, parties: Iterable[str] | None = None
) -> SelfEnforcing:
    """The best package (the scenario's objective) that is self-enforcing for ``parties`` (all by default).

    Raises:
        VerificationError: the verifier disagrees with the solver, or a defection's re-check fails.
    """
    options = options or SolveOptions()
    named = list(parties) if parties is not None else list(scenario.party_ids)
    loop = _cutting_plane(scenario, options, named)
    status_quo = evaluate(scenario, status_quo_choices(scenario))
    if not loop.solution.status.has_package:
        if loop.solution.status is Status.INFEASIBLE and loop.cut_parties:
            unmet, alone = _unmet(scenario, options, loop.cut_parties)
            plan = _infeasible_plan(scenario, options, loop, unmet, alone)
            return SelfEnforcing(plan, (), loop.iterations, loop.cuts, unmet)
        from planner.analysis.diagnose import with_diagnosis

        plan = with_diagnosis(Plan(scenario, options, loop.solution, None, status_quo))
        return SelfEnforcing(plan, (), loop.iterations, loop.cuts)
    verification = verify(scenario, loop.solution)
    if not verification.ok:
        raise VerificationError("INDEPENDENT CHECK FAILED: " + "; ".join(verification.problems))
    plan = Plan(scenario, options, loop.solution, verification.evaluation, status_quo, verification)
    rows = tuple(package_stability(scenario, loop.solution.choices, options))
    return SelfEnforcing(plan, rows, loop.iterations, loop.cuts)
