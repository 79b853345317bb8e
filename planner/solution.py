"""The result and status types of planner, as plain data (no Pyomo objects), in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Our solver statuses (SPEC 4 Summary ``status``)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # stopped at the time limit with a package
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no_solution"  # stopped at the time limit without a package

    @property
    def has_package(self) -> bool:
        """True when a package was found."""
        return self in (Status.OPTIMAL, Status.FEASIBLE)


@dataclass(frozen=True)
class SolveOptions:
    """Explicit solve options; ``None`` means "take it from the workbook's Settings"."""

    objective: str | None = None
    time_limit_s: float | None = None
    mip_gap: float | None = None
    threads: int = 1
    random_seed: int = 0
    tie_break: bool = True
    max_model_size: int | None = None  # estimated nonzeros; None: planner.model_size's default


@dataclass(frozen=True)
class Choice:
    """The option chosen for one activity and, for a scheduled block, its start period."""

    activity: str
    option: str
    start: int | None = None


@dataclass(frozen=True)
class Solution:
    """Outcome of one solve.

    The ``model_*`` fields are what the solver model says (read from variable values); the
    independent verifier recomputes them from ``choices`` alone and must agree.
    """

    status: Status
    objective: str
    objective_value: float | None = None
    bound: float | None = None
    gap: float | None = None
    choices: tuple[Choice, ...] = ()
    model_total_hazard: float | None = None
    model_period_hazard: tuple[float, ...] = ()
    model_party_cost: dict[str, float] = field(default_factory=dict)
    model_party_benefit: dict[str, float] = field(default_factory=dict)
    solve_seconds: float = 0.0
    highs_seconds: float = 0.0
    solver: str = "HiGHS"
    message: str = ""
    stages: tuple[str, ...] = ()

    def choice(self, activity: str) -> Choice:
        """The choice for one activity (KeyError if absent)."""
        for c in self.choices:
            if c.activity == activity:
                return c
        raise KeyError(activity)


@dataclass(frozen=True)
class RunResult:
    """Outcome of one HiGHS run on one objective."""

    status: Status
    incumbent: float | None
    bound: float | None
    gap: float | None
    highs_seconds: float
    wall_seconds: float
    termination: str
    message: str = ""


VERIFY_FAILED = "verify_failed"
"""Sweep point status: the verifier disagreed with the solver on the point's package."""

FAILED = "failed"
"""Sweep point status: the point's solve raised (its message says why)."""

POINT_STATUSES = (*(s.value for s in Status), VERIFY_FAILED, FAILED)
"""Every status a sweep point can have: the solver's, then ``verify_failed`` and ``failed``."""
