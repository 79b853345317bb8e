"""Independent check of a robust package: every in-sample draw re-evaluated by the verifier (SPEC 6).

For each draw k the drawn scenario is rebuilt (``with_values``) and evaluated by
``planner.verify.evaluate``, which shares no code with the model or the scorer's
coefficients. H_k must agree with the model's; a draw the model counts as accepted must
be accepted; the primary objective must agree; rules, vetoes, capacity and risk_cap must
hold; the in-sample acceptance must meet the target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from planner.draws.cells import with_values
from planner.draws.sampling import Draws
from planner.errors import VerificationError
from planner.model.robust_data import accepted_needed
from planner.scenario import Scenario
from planner.verify import agree, evaluate, tolerance
from planner.verify_draws.scoring import cvar

if TYPE_CHECKING:
    from planner.model.robust import RobustOutcome

ACCEPTANCE_KINDS = ("party", "balance")


def verifier_draws(
    scenario: Scenario, draws: Draws, choices: tuple
) -> tuple[np.ndarray, np.ndarray]:
    """[K] H_k and [K] accepted_k of a package, from the verifier on each drawn scenario."""
    hazard, accepted = np.empty(draws.count), np.zeros(draws.count, dtype=bool)
    for k in range(draws.count):
        ev = evaluate(with_values(scenario, draws.cells, draws.values[k]), choices)
        hazard[k] = ev.total_hazard
        accepted[k] = all(c.ok for c in ev.checks if c.kind in ACCEPTANCE_KINDS)
    return hazard, accepted


def robust_problems(
    scenario: Scenario,
    draws: Draws,
    outcome: RobustOutcome,
    hazard: np.ndarray,
    accepted: np.ndarray,
) -> list[str]:
    """Every disagreement between the robust model and the verifier (empty when none)."""
    o = outcome
    assert o.model_hazard is not None and o.model_accepted is not None
    problems = []
    fixed = evaluate(scenario, o.choices)
    problems += [
        f"{c.name} violated ({c.detail or c.value})"
        for c in fixed.violations
        if c.kind not in ACCEPTANCE_KINDS
    ]
    for k in range(draws.count):
        if not agree(float(o.model_hazard[k]), float(hazard[k])):
            problems.append(
                f"H in draw {k + 1}: model {o.model_hazard[k]:.9g}, verifier {hazard[k]:.9g}"
            )
        if o.model_accepted[k] and not accepted[k]:
            problems.append(
                f"draw {k + 1}: the model counts it accepted, the verifier finds a limit violated"
            )
    s = scenario.settings
    if accepted.sum() < accepted_needed(s.acceptance_target, draws.count):
        problems.append(
            f"in-sample acceptance {accepted.mean():.4f} is below the target {s.acceptance_target}"
        )
    elif o.need is not None and accepted.sum() < o.need:
        problems.append(f"accepted in {int(accepted.sum())} draws, the model was held to {o.need}")
    recomputed = (
        cvar(hazard, s.cvar_level) if s.robust_objective == "cvar" else float(hazard.mean())
    )
    model = float(o.objective_value or 0.0)
    slack = tolerance(model, recomputed) + abs(model) * max(s.mip_gap, 1e-7) * 10
    if s.robust_objective == "cvar" and not (recomputed - slack <= model + slack):
        problems.append(f"CVaR: model {model:.9g} below recomputed {recomputed:.9g}")
    if s.robust_objective == "mean" and not agree(model, recomputed):
        problems.append(f"mean H: model {model:.9g}, verifier {recomputed:.9g}")
    return problems


def check_robust(
    scenario: Scenario, draws: Draws, outcome: RobustOutcome
) -> tuple[np.ndarray, np.ndarray]:
    """Verify a robust package; returns the verifier's [K] H_k and accepted_k.

    Raises:
        VerificationError: any disagreement (exit code 4).
    """
    hazard, accepted = verifier_draws(scenario, draws, outcome.choices)
    problems = robust_problems(scenario, draws, outcome, hazard, accepted)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems[:20])
        raise VerificationError(
            "INDEPENDENT CHECK FAILED: the verifier disagrees with the robust model. This is a "
            f"bug in planner; please report it with the input workbook.\n{lines}"
        )
    return hazard, accepted
