"""Independent verifier: recompute hazard, party totals, limits and rules from a package alone.

Deliberately written without the model and without ``planner.calendar``: periods, window
coverage, allowed starts and timing multipliers are recomputed here from the raw scenario
(SPEC 1 and 2), so that a bug in the shared derivation cannot hide itself. Tolerances:
``VERIFY_ABS`` and ``VERIFY_REL`` in :mod:`planner.tolerances`.
"""

from __future__ import annotations

from planner.verify.evaluation import (
    Check,
    Comparison,
    Evaluation,
    Verification,
    agree,
    tolerance,
)
from planner.verify.periods import Calendar
from planner.verify.recompute import evaluate, status_quo_choices, verify

__all__ = [
    "Calendar",
    "Check",
    "Comparison",
    "Evaluation",
    "Verification",
    "agree",
    "evaluate",
    "status_quo_choices",
    "tolerance",
    "verify",
]
