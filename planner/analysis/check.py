"""Independent re-checks of analysis packages, and the figures every analysis table shows for a package."""

from __future__ import annotations

from planner.errors import VerificationError
from planner.scenario import Scenario
from planner.solution import Solution
from planner.verify import Evaluation, verify


def checked(scenario: Scenario, solution: Solution, what: str) -> Evaluation:
    """Verify a package independently; its evaluation, or VerificationError naming ``what``."""
    result = verify(scenario, solution)
    if not result.ok:
        lines = "\n".join(f"  - {p}" for p in result.problems)
        raise VerificationError(
            f"INDEPENDENT CHECK FAILED for {what}: the verifier disagrees with the solver\n{lines}"
        )
    return result.evaluation


def package_figures(scenario: Scenario, evaluation: Evaluation) -> dict[str, object]:
    """H, P, peak and per-party cost, benefit and net of a verified package."""
    row: dict[str, object] = {
        "total_hazard": evaluation.total_hazard,
        "escalation_probability": evaluation.probability,
        "peak_period_hazard": evaluation.peak_hazard,
    }
    for p in scenario.party_ids:
        row[f"cost:{p}"] = evaluation.party_cost[p]
        row[f"benefit:{p}"] = evaluation.party_benefit[p]
        row[f"net:{p}"] = evaluation.party_net[p]
    return row
