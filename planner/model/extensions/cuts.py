"""The K best packages that differ in at least one chosen option: no-good cuts on ``choose``.

After each solve, with ``S`` the set of (activity, option) pairs chosen, the cut
``sum_{(a,o) in S} choose[a,o] <= |S| - 1`` forbids choosing all of them again. Since
every activity chooses exactly one option, a package satisfies the cut iff it changes at
least one activity's option; starts are left free, so a schedule change alone never
makes a package "different". Each solve is the full lexicographic solve of the
objective (SPEC 2.4), so alternatives come in order of the primary objective, then its
tie-breaks.
"""

from __future__ import annotations

import pyomo.core as pyo

from planner.model.session import ModelSession
from planner.scenario import Scenario
from planner.solution import Choice, Solution, SolveOptions


def add_no_good_cut(m: pyo.ConcreteModel, choices: tuple[Choice, ...]) -> pyo.Constraint:
    """Forbid choosing every option of ``choices`` again; returns the new row."""
    if not hasattr(m, "no_good_cut"):
        m.no_good_cut = pyo.ConstraintList()
    chosen = [m.choose[c.activity, c.option] for c in choices]
    return m.no_good_cut.add(sum(chosen) <= len(chosen) - 1)


def k_best(scenario: Scenario, options: SolveOptions, k: int) -> list[Solution]:
    """Up to ``k`` best packages, pairwise different in at least one chosen option.

    Stops early when no further package exists (or a solve ends without a package).
    """
    session = ModelSession(scenario, options)
    out: list[Solution] = []
    while len(out) < k:
        solution = session.solve()
        if not solution.status.has_package:
            break
        out.append(solution)
        session.solver.add_constraints([add_no_good_cut(session.model, solution.choices)])
    return out
