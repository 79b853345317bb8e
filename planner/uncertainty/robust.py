"""``planner robust``: draw, solve the robust MIP, verify it, score it against the nominal and status-quo packages."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from planner.draws.sampling import STABILITY, Draws, draw
from planner.errors import InputError
from planner.model.robust_data import robust_data
from planner.model_size import check_draws_size, check_robust_size
from planner.scenario import Scenario
from planner.solution import Choice, SolveOptions
from planner.uncertainty.robust_tables import RobustRun, Stability
from planner.verify import status_quo_choices
from planner.verify_draws.compare import DrawSets, Scored, score_both
from planner.verify_draws.robust import check_robust

if TYPE_CHECKING:  # Pyomo stays under planner.model
    from planner.model.robust import RobustOutcome


@dataclass(frozen=True)
class RobustOptions:
    """Options of a robust run; None = the workbook's Settings."""

    samples: int | None = None
    test_samples: int | None = None
    objective: str | None = None
    acceptance_target: float | None = None
    acceptance_margin: float | None = None  # standard errors on top of the target in sample
    stability_runs: int = 10
    stability_samples: int | None = None  # default: max(20, samples // 4)
    solve: SolveOptions = SolveOptions()


def _settings(scenario: Scenario, options: RobustOptions) -> Scenario:
    s = scenario.settings
    changes: dict[str, Any] = {
        "samples": options.samples or s.samples,
        "test_samples": options.test_samples or s.test_samples,
        "robust_objective": options.objective or s.robust_objective,
        "acceptance_target": s.acceptance_target
        if options.acceptance_target is None
        else options.acceptance_target,
        "acceptance_margin": s.acceptance_margin
        if options.acceptance_margin is None
        else options.acceptance_margin,
    }
    if options.solve.time_limit_s is not None:
        changes["time_limit_s"] = options.solve.time_limit_s
    if options.solve.mip_gap is not None:
        changes["mip_gap"] = options.solve.mip_gap
    return replace(scenario, settings=replace(s, **changes))


def _solve(scenario: Scenario, draws_: Draws, options: SolveOptions) -> RobustOutcome:
    from planner.model.robust import solve_robust
    from planner.model.solve import resolve_limits

    data = robust_data(scenario, draws_)
    return solve_robust(scenario, data, resolve_limits(scenario.settings, options))


def _nominal(
    scenario: Scenario, sets: DrawSets, options: SolveOptions
) -> tuple[Scored | None, str]:
    from planner.pipeline import solve_plan

    plan = solve_plan(scenario, options)
    if not plan.has_package:
        return None, f"planner solve finds no package ({plan.status.value})"
    return score_both(scenario, "nominal", plan.solution.choices, sets), ""


def stability(scenario: Scenario, options: RobustOptions) -> Stability:
    """Re-solve on ``stability_runs`` fresh draw sets (streams 2, 3, ...) and count the choices."""
    n = options.stability_samples or max(20, scenario.settings.samples // 4)
    counts: Counter[tuple[str, str]] = Counter()
    statuses = []
    for r in range(options.stability_runs):
        outcome = _solve(scenario, draw(scenario, n, STABILITY + r), options.solve)
        statuses.append(outcome.status.value)
        counts.update((c.activity, c.option) for c in outcome.choices)
    return Stability(options.stability_runs, n, dict(counts), tuple(statuses))


def robust_plan(scenario: Scenario, options: RobustOptions | None = None) -> RobustRun:
    """Solve the robust problem of SPEC 6, verify it draw by draw, and compare packages.

    Raises:
        InputError: the workbook has no Uncertainty rows.
        VerificationError: the verifier disagrees with the robust model (exit code 4).
    """
    tick = time.perf_counter()
    options = options or RobustOptions()
    if not scenario.uncertainty:
        raise InputError(
            "Uncertainty: planner robust needs an Uncertainty sheet with at least one row"
        )
    scenario = _settings(scenario, options)
    limit = options.solve.max_model_size
    check_robust_size(scenario, scenario.settings.samples, limit)
    check_draws_size(scenario, "test_samples", max_nonzeros=limit)
    sets = DrawSets.of(scenario)
    outcome = _solve(scenario, sets.in_sample, options.solve)
    robust = hazard = accepted = None
    if outcome.status.has_package:
        hazard, accepted = check_robust(scenario, sets.in_sample, outcome)
        robust = score_both(scenario, "robust", outcome.choices, sets)
    nominal, note = _nominal(scenario, sets, options.solve)
    sq = score_both(scenario, "status_quo", status_quo_choices(scenario), sets)
    stab = (
        stability(scenario, options)
        if outcome.status.has_package and options.stability_runs
        else None
    )
    return RobustRun(
        scenario, sets, outcome, robust, nominal, note, sq, hazard, accepted, stab,
        time.perf_counter() - tick,
    )  # fmt: skip


def choices_text(choices: tuple[Choice, ...]) -> dict[str, str]:
    """activity -> option (for tables)."""
    return {c.activity: c.option for c in choices}
