"""The Plan: a solved scenario with its verified evaluation, status quo and result tables (SPEC 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.report import results_tables as tables
from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions, Status
from planner.verify import Evaluation, Verification

if TYPE_CHECKING:
    import pandas as pd


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
        diagnosis: Rows of the Diagnosis sheet, filled by the decision-analysis module when
            no package exists (empty otherwise).
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

    def summary(self, input_path: str | Path | None = None) -> dict[str, object]:
        """The Summary sheet as an ordered dict (SPEC 4 keys first, then extras).

        Args:
            input_path: The input workbook, used when the scenario carries no source info.
        """
        return tables.summary(self, input_path)

    def package_table(self) -> pd.DataFrame:
        """Package sheet: one row per activity with its chosen option, dates and figures."""
        return tables.package_table(self)

    def schedule_table(self) -> pd.DataFrame:
        """Schedule sheet: activities by periods, each cell the activity's hazard when active."""
        return tables.schedule_table(self)

    def risk_table(self) -> pd.DataFrame:
        """Risk sheet: per period, plan and status-quo hazard and cumulative probability."""
        return tables.risk_table(self)

    def parties_table(self) -> pd.DataFrame:
        """Parties sheet: per party, totals, limits, slacks and the limits that bind."""
        return tables.parties_table(self)

    def rules_table(self) -> pd.DataFrame:
        """Rules sheet: each rule (then balances, capacities, risk cap), satisfied and binding."""
        return tables.rules_table(self)

    def check_table(self) -> pd.DataFrame:
        """Check sheet: every recomputed constraint and every solver figure compared."""
        return tables.check_table(self)

    def windows_table(self) -> pd.DataFrame:
        """Windows sheet: each sensitive window with its dates and the periods it covers."""
        return tables.windows_table(self)

    def diagnosis_table(self) -> pd.DataFrame:
        """Diagnosis sheet: ``diagnosis`` rows, or the limits that exist when none were given."""
        return tables.diagnosis_table(self)
