"""Morris screening (``--method morris``): which targets move the total hazard H the most.

SALib's Morris sampler draws ``trajectories`` one-at-a-time paths over the ``a:b`` ranges
(``num_levels=4``, seeded, so the design is reproducible). Every point is solved like any
sweep point. The analysis uses H of whole trajectories whose every point has a package: an
infeasible point has no H, and a penalty would dominate the indices, so the infeasible share
is reported separately instead. Targets are ranked by mu* (mean absolute elementary effect);
sigma large relative to mu* means interactions or non-linearity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from planner.axes import Axis
from planner.errors import InputError, Problem
from planner.run_limits import MAX_TRAJECTORIES
from planner.sweep.spec import PointSet
from planner.sweep.worker import PointResult

LEVELS = 4


@dataclass(frozen=True)
class Screening:
    """Morris indices for H, one entry per target, and how much of the design was usable."""

    names: tuple[str, ...]
    mu_star: tuple[float, ...]
    mu_star_conf: tuple[float, ...]
    mu: tuple[float, ...]
    sigma: tuple[float, ...]
    trajectories: int
    used_trajectories: int
    infeasible_share: float
    no_package_share: float
    seed: int
    levels: int = LEVELS
    message: str = ""

    def ranking(self) -> list[tuple[str, float, float, float, float]]:
        """``(target, mu*, mu* confidence, mu, sigma)``, largest mu* first."""
        rows = zip(self.names, self.mu_star, self.mu_star_conf, self.mu, self.sigma, strict=True)
        return sorted(rows, key=lambda r: -r[1])


def _problem(axes: Sequence[Axis]) -> dict[str, object]:
    return {
        "num_vars": len(axes),
        "names": [a.label for a in axes],
        "bounds": [list(a.bounds or (0.0, 0.0)) for a in axes],
    }


def _check_axes(axes: Sequence[Axis]) -> None:
    for a in axes:
        where, name = a.location, a.target.address
        if a.bounds is None:
            raise InputError(
                Problem(
                    where, f'{name}: "{a.text}" is not a range a:b, which --method morris needs'
                )
            )
        if a.integral or a.target.is_int:
            raise InputError(
                Problem(
                    where,
                    f"{name}: morris screens continuous numbers; dates and whole numbers cannot be screened",
                )
            )
        if a.bounds[1] <= a.bounds[0]:
            raise InputError(Problem(where, f"{name}: range {a.text} must have a < b"))


def morris_design(axes: Sequence[Axis], trajectories: int, seed: int = 0) -> PointSet:
    """The Morris sample as a point set (``trajectories * (targets + 1)`` points).

    Raises:
        InputError: a target without an ``a:b`` range, or a date/whole-number target.
    """
    from SALib.sample import morris as sampler

    if trajectories < 2:
        raise InputError(
            Problem("--trajectories", f"morris needs at least 2 trajectories, got {trajectories}")
        )
    if trajectories > MAX_TRAJECTORIES:
        raise InputError(
            Problem(
                "--trajectories",
                f"at most {MAX_TRAJECTORIES:,} trajectories (each is {len(axes) + 1} solves), "
                f"got {trajectories:,}",
            )
        )
    _check_axes(axes)
    x = sampler.sample(_problem(axes), trajectories, num_levels=LEVELS, seed=seed)
    values = tuple(tuple(float(f"{v:.12g}") for v in row) for row in x)
    return PointSet(tuple(axes), values, "morris")


def _complete_trajectories(
    points: PointSet, rows: Sequence[PointResult]
) -> list[list[PointResult]]:
    by_index = {r.index: r for r in rows}
    size = len(points.axes) + 1
    out = []
    for start in range(1, len(points) + 1, size):
        path = [by_index.get(i) for i in range(start, start + size)]
        if all(r is not None and r.has_package and r.total_hazard is not None for r in path):
            out.append([r for r in path if r is not None])
    return out


def analyse(points: PointSet, rows: Sequence[PointResult], seed: int = 0) -> Screening:
    """Morris mu*, mu and sigma of H over the complete, feasible trajectories."""
    import numpy as np
    from SALib.analyze import morris as analyser

    k = len(points.axes)
    total = len(points) // (k + 1)
    finished = max(1, len(rows))
    infeasible = sum(r.status == "infeasible" for r in rows) / finished
    no_package = sum(not r.has_package for r in rows) / finished
    paths = _complete_trajectories(points, rows)
    names = tuple(a.title for a in points.axes)
    nan = tuple(float("nan") for _ in names)
    empty = Screening(names, nan, nan, nan, nan, total, len(paths), infeasible, no_package, seed)
    if len(paths) < 2:
        return replace(
            empty,
            message=f"only {len(paths)} complete feasible trajectories; Morris indices need at least 2",
        )
    x = np.array([r.values for path in paths for r in path], dtype=float)
    y = np.array([r.total_hazard for path in paths for r in path], dtype=float)
    res = analyser.analyze(_problem(points.axes), x, y, num_levels=LEVELS, seed=seed)

    def col(name: str) -> tuple[float, ...]:
        return tuple(float(v) for v in res[name])

    return replace(
        empty,
        mu_star=col("mu_star"),
        mu_star_conf=col("mu_star_conf"),
        mu=col("mu"),
        sigma=col("sigma"),
    )
