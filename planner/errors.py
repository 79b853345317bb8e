"""Error types of planner and the exit codes they map to (SPEC section 5)."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_NO_PACKAGE = 3
EXIT_INTERNAL = 4


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as ``Sheet!Cell``, ``Sheet!column`` or ``Sheet``."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class PlannerError(Exception):
    """Base class of every error planner reports to a user (never a traceback)."""

    exit_code = EXIT_INTERNAL


class InputError(PlannerError):
    """The input (workbook, file or command-line usage) is invalid: every problem at once."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NoPackageError(PlannerError):
    """No feasible package exists (infeasible) or none was found within the time limit."""

    exit_code = EXIT_NO_PACKAGE


class VerificationError(PlannerError):
    """The independent verifier disagrees with the solver: a bug, reported loudly."""

    exit_code = EXIT_INTERNAL


class OutputError(PlannerError):
    """The results cannot be written (missing folder, read-only target, would overwrite input)."""

    exit_code = EXIT_INPUT
