"""The solve pipeline: solve a scenario, evaluate the status quo, verify the package, build a Plan.

No analysis here: a caller that wants the diagnosis of an infeasible plan asks for it with
:func:`planner.analysis.diagnose.with_diagnosis`.
"""

from __future__ import annotations

from planner.errors import VerificationError
from planner.plan import Plan
from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions
from planner.verify import Verification, evaluate, status_quo_choices, verify


def _disagreement(solution: Solution, verification: Verification) -> str:
    lines = "\n".join(f"  - {p}" for p in verification.problems)
    return (
        "INDEPENDENT CHECK FAILED: the verifier disagrees with the solver "
        f"(status {solution.status.value}, objective {solution.objective}). "
        f"This is a bug in planner; please report it with the input workbook.\n{lines}"
    )


def solve_plan(scenario: Scenario, options: SolveOptions | None = None) -> Plan:
    """Solve ``scenario``, verify the package independently and return the Plan.

    An infeasible or timed-out solve (no package) returns a Plan without an evaluation and
    without a diagnosis; the caller decides what to do with it (the CLI adds the diagnosis,
    writes Summary + Diagnosis and exits 3).

    Raises:
        VerificationError: the verifier finds a violated constraint or a figure that
            disagrees with the solver's (exit code 4).
    """
    from planner.model.solve import solve_scenario

    options = options or SolveOptions()
    solution = solve_scenario(scenario, options)
    status_quo = evaluate(scenario, status_quo_choices(scenario))
    if not solution.status.has_package:
        return Plan(scenario, options, solution, None, status_quo)
    verification = verify(scenario, solution)
    if not verification.ok:
        raise VerificationError(_disagreement(solution, verification))
    return Plan(scenario, options, solution, verification.evaluation, status_quo, verification)
