"""The Plan: a solved scenario with its verified evaluation and status quo, as plain data (SPEC 4).

Its result tables are built by :mod:`planner.report.tables` (``tables.summary(plan)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions, Status
from planner.verify import Evaluation, Verification


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Plan:
    """Everything a report needs about one solve.

    Attributes:
        scenario: The scenario that was solved.
        options: The solve options used.
        solution: What the solver returned.
        evaluation: The verifier's evaluation of the chosen package (None without a package).
        status_quo: Evaluation of every activity at its baseline (SPEC 2.5).
        verification: The verifier's comparison with the solver (None without a package).
        run_at: When the solve ran (local time with its UTC offset).
        diagnosis: Rows of the Diagnosis sheet, filled by
            :func:`planner.analysis.diagnose.with_diagnosis` when asked for (empty otherwise).
    """

    scenario: Scenario
    options: SolveOptions
    solution: Solution
    evaluation: Evaluation | None
    status_quo: Evaluation
    verification: Verification | None = None
    run_at: datetime = field(default_factory=_now)
    diagnosis: tuple[dict[str, object], ...] = ()

    @property
    def status(self) -> Status:
        """The solver status."""
        return self.solution.status

    @property
    def has_package(self) -> bool:
        """True when the plan has a package (status optimal or feasible) and its evaluation."""
        return self.solution.status.has_package and self.evaluation is not None

    @property
    def verified(self) -> bool | None:
        """True when the verifier agrees with the solver, None without a package."""
        return None if self.verification is None else self.verification.ok
