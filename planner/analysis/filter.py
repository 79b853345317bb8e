"""Deletion filter: a minimal set of constraint items that is still infeasible on its own."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.analysis.items import Item

Oracle = Callable[[Sequence[Item]], bool | None]
"""Given the items to KEEP, True = infeasible, False = feasible, None = undecided (time limit)."""


@dataclass(frozen=True)
class FilterResult:
    """Outcome of a deletion filter.

    Attributes:
        items: the conflicting set that remains (infeasible together).
        minimal: True when removing any one of them was shown to make the problem feasible;
            False when a solve was undecided or the time budget ran out (the set is then
            still infeasible, but may be larger than necessary).
        solves: how many feasibility solves were made.
    """

    items: tuple[Item, ...]
    minimal: bool
    solves: int


def deletion_filter(
    items: Sequence[Item], infeasible: Oracle, budget_s: float | None = None
) -> FilterResult:
    """Remove one item at a time; keep it removed when the rest is still infeasible.

    The caller guarantees that ``items`` together are infeasible. Items are tried in the
    given order, so the ones a caller would rather keep in the answer go last.

    Args:
        items: candidate items, all infeasible together.
        infeasible: the feasibility oracle (see :data:`Oracle`).
        budget_s: stop testing after this many seconds (the set is then not proven minimal).

    Returns:
        The filtered set, whether it is proven minimal, and the number of solves.
    """
    keep = list(items)
    deadline = None if budget_s is None else time.monotonic() + budget_s
    minimal, solves = True, 0
    for item in list(items):
        if deadline is not None and time.monotonic() > deadline:
            minimal = False
            break
        trial = [k for k in keep if k != item]
        verdict = infeasible(trial)
        solves += 1
        if verdict is None:
            minimal = False
        elif verdict:
            keep = trial
    return FilterResult(tuple(keep), minimal, solves)
