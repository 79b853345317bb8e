"""Alternatives: the K best packages that differ in at least one option, and the veto ladder.

Every package returned here has been re-checked by the independent verifier
(``planner.verify.verify``); a disagreement raises ``VerificationError`` (exit 4).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pandas as pd

from planner.analysis.check import checked, package_figures
from planner.errors import InputError, Problem
from planner.model.extensions.cuts import k_best
from planner.model.solve import solve_scenario
from planner.run_limits import MAX_ALTERNATIVES
from planner.scenario import Scenario
from planner.solution import Choice, Solution, SolveOptions
from planner.verify import verify


def alternatives(scenario: Scenario, options: SolveOptions | None, k: int) -> list[Solution]:
    """The ``k`` best packages (fewer if fewer exist), each differing from all others in an option.

    Ordered by the scenario's objective and its tie-breaks (SPEC 2.4); each verified.
    """
    if k > MAX_ALTERNATIVES:
        raise InputError(
            Problem(
                "--alternatives",
                f"at most {MAX_ALTERNATIVES} alternatives (each is a full solve), got {k:,}",
            )
        )
    if k < 1:
        return []
    solutions = k_best(scenario, options or SolveOptions(), k)
    for rank, s in enumerate(solutions, start=1):
        checked(scenario, s, f"alternative {rank}")
    return solutions


def option_changes(best: Sequence[Choice], other: Sequence[Choice]) -> list[str]:
    """``ACT: best_option -> other_option`` for each activity whose option differs."""
    mine = {c.activity: c for c in other}
    return [
        f"{c.activity}: {c.option} -> {mine[c.activity].option}"
        for c in best
        if mine[c.activity].option != c.option
    ]


def schedule_changes(best: Sequence[Choice], other: Sequence[Choice]) -> list[str]:
    """``ACT: start s -> t`` for activities with the same option but another start."""
    mine = {c.activity: c for c in other}
    return [
        f"{c.activity}: start {c.start} -> {mine[c.activity].start}"
        for c in best
        if mine[c.activity].option == c.option and mine[c.activity].start != c.start
    ]


def alternatives_table(scenario: Scenario, solutions: Sequence[Solution]) -> pd.DataFrame:
    """The Alternatives sheet: one row per package, best first, with how each differs from the best."""
    if not solutions:
        return pd.DataFrame(columns=["rank", "status", "objective_value"])
    best = solutions[0]
    rows = []
    for rank, s in enumerate(solutions, start=1):
        ev = verify(scenario, s).evaluation
        changes = option_changes(best.choices, s.choices)
        row: dict[str, object] = {
            "rank": rank,
            "status": s.status.value,
            "objective_value": s.objective_value,
            "objective_vs_best": (s.objective_value or 0.0) - (best.objective_value or 0.0),
            **package_figures(scenario, ev),
            "options_changed_vs_best": len(changes),
            "differs_from_best": "; ".join(changes) or "(the best package)",
            "schedule_differs": "; ".join(schedule_changes(best.choices, s.choices)),
        }
        row.update({f"option:{c.activity}": c.option for c in s.choices})
        rows.append(row)
    return pd.DataFrame(rows)


def veto_ladder(
    scenario: Scenario, options: SolveOptions | None, best: Solution, party: str | None = None
) -> pd.DataFrame:
    """For each changed activity of ``best``: the best package if its chosen option were vetoed.

    The veto is cast by the activity's actor, or by ``party`` when given (added to the
    option's ``vetoed_by``); the variant is solved from scratch and verified.
    """
    options = options or SolveOptions()
    rows = []
    for c in best.choices:
        base = scenario.baseline_of(c.activity)
        if c.option == base.id:
            continue
        actor = party or next(a.actor for a in scenario.activities if a.id == c.activity)
        variant = _vetoed(scenario, c.activity, c.option, actor)
        sol = solve_scenario(variant, options)
        row: dict[str, object] = {
            "activity": c.activity,
            "vetoed_option": c.option,
            "vetoed_by": actor,
        }
        row["status"] = sol.status.value
        if sol.status.has_package:
            ev = checked(variant, sol, f"veto ladder {c.activity}/{c.option}")
            row["objective_value"] = sol.objective_value
            row["objective_vs_best"] = (sol.objective_value or 0.0) - (best.objective_value or 0.0)
            row.update(package_figures(scenario, ev))
            row["differs_from_best"] = "; ".join(option_changes(best.choices, sol.choices))
        rows.append(row)
    return pd.DataFrame(rows)


def _vetoed(scenario: Scenario, activity: str, option: str, party: str) -> Scenario:
    opts = tuple(
        dataclasses.replace(o, vetoed_by=(*o.vetoed_by, party))
        if o.activity == activity and o.id == option and party not in o.vetoed_by
        else o
        for o in scenario.options
    )
    return dataclasses.replace(scenario, options=opts)
