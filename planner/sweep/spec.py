"""The point design of a sweep: grid axes expanded into points (a Cartesian product or zipped)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from planner.axes import Axis, Value, axis_error
from planner.errors import InputError, Problem

MAX_POINTS = 1_000_000


@dataclass(frozen=True)
class PointSet:
    """The design: axes and one tuple of values (one per axis) per point, in point order."""

    axes: tuple[Axis, ...]
    values: tuple[tuple[Value, ...], ...]
    method: str = "grid"

    def __len__(self) -> int:
        return len(self.values)


def _check_distinct(axes: Sequence[Axis]) -> None:
    seen: set[str] = set()
    for a in axes:
        if a.target.address in seen:
            raise axis_error(a.location, a.target.address, "is varied twice; give it once")
        seen.add(a.target.address)


def design(axes: Sequence[Axis], zipped: bool = False) -> PointSet:
    """Expand grid axes into points: a Cartesian product (first axis slowest) or, zipped, pairs.

    Raises:
        InputError: a morris range among the axes, unequal lengths when zipped, or too many points.
    """
    _check_distinct(axes)
    for a in axes:
        if a.bounds is not None:
            raise axis_error(
                a.location,
                a.target.address,
                f'"{a.text}" is a range (for --method morris); give a:b:step or a,b,c',
            )
    if zipped:
        lengths = {len(a.values) for a in axes}
        if len(lengths) > 1:
            counts = ", ".join(f"{a.target.address} has {len(a.values)}" for a in axes)
            raise InputError(
                Problem("--method zip", f"zipped targets need equal numbers of values: {counts}")
            )
        return PointSet(tuple(axes), tuple(zip(*(a.values for a in axes), strict=True)), "zip")
    total = math.prod(len(a.values) for a in axes)
    if total > MAX_POINTS:
        raise InputError(Problem("--vary", f"the grid has {total} points, more than {MAX_POINTS}"))
    return PointSet(tuple(axes), tuple(itertools.product(*(a.values for a in axes))), "grid")
