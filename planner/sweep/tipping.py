"""Tipping points of a one-target sweep: where the optimal package changes.

Between every two adjacent grid values (sorted ascending) whose packages differ, the change
is located to a tolerance: 1e-3 of the swept range for numbers, one whole step for whole
numbers, day offsets and dates. Along a monotone target (a limit: max_cost, min_benefit,
min_net, max_gap, risk_cap) the package proven optimal at the bracket's looser end holds
for as long as it fits (docs/design.md, "Exact adaptive sweeps"), so the edge is found
with the independent verifier alone and one solve just past it gives the next package:
one solve per change. Other targets are bisected with a solve per step; a bracket may hide
several changes, and after each one found the search resumes from it until the far
package is reached. A package is the option chosen per activity (start periods are not
compared: they tie often); the solver's lexicographic tie-breaks make it deterministic, and
each tipping point also reports the objective on both sides, so a package change without
an objective change (an alternative optimum) is visible. A change of feasibility is a
tipping point too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from planner.axes import Axis, Value
from planner.errors import InputError, Problem
from planner.solution import FAILED, Status
from planner.sweep.adaptive import carried, direction, reaches
from planner.sweep.runner import Runner
from planner.sweep.worker import Job, PointResult, solve_point, stop_requested
from planner.tolerances import SAME_OBJECTIVE_ABS, SAME_OBJECTIVE_REL, TIPPING_RANGE_REL

MAX_CHANGES_PER_INTERVAL = 20
_UNDECIDED = (FAILED, Status.NO_SOLUTION.value)
_OPTIMAL = Status.OPTIMAL.value


@dataclass(frozen=True)
class TippingPoint:
    """A change of package between ``before`` (last value with the old one) and ``after``."""

    axis: Axis
    before: PointResult
    after: PointResult
    threshold: Value
    undecided: str = ""

    def changes(self) -> list[tuple[str, str, str]]:
        """``(activity, old option, new option)`` for every activity whose option changes."""
        old, new = dict(self.before.package), dict(self.after.package)
        return [(a, old[a], new[a]) for a in old if a in new and old[a] != new[a]]

    def sentence(self) -> str:
        """The tipping point in words, e.g. ``at Parties.max_cost[USA] >= 12.5, FE switches ...``."""
        where = f"at {_subject(self.axis)} >= {show(self.threshold)}"
        if self.undecided:
            return f"{where} (bracket only: {self.undecided}), the package changes"
        if not self.after.has_package:
            return f"{where}, no package is feasible any more"
        if not self.before.has_package:
            return f"{where}, a package becomes feasible ({_package_text(self.after)})"
        moves = "; ".join(f"{a} switches from {o} to {n}" for a, o, n in self.changes())
        ob, oa = self.before.objective_value, self.after.objective_value
        note = ""
        if ob is not None and oa is not None:
            same = math.isclose(ob, oa, rel_tol=SAME_OBJECTIVE_REL, abs_tol=SAME_OBJECTIVE_ABS)
            note = f" (objective {show(ob)} -> {show(oa)}{', unchanged: an alternative optimum' if same else ''})"
        return f"{where}, {moves or 'the package changes'}{note}"


def show(value: Value | float | None) -> str:
    """A value for sentences: dates as ISO, numbers with up to 6 significant digits."""
    if value is None:
        return ""
    if isinstance(value, float | int):
        return f"{value:.6g}"
    return value.isoformat()


def _subject(axis: Axis) -> str:
    if axis.mode == "scale":
        return f"{axis.target.address} scaled by"
    if axis.mode == "shift":
        return f"{axis.target.address} shifted (days)"
    return axis.target.address


def _package_text(row: PointResult) -> str:
    return ", ".join(f"{a}={o}" for a, o in row.package)


def signature(row: PointResult) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What must differ for a tipping point: feasibility and the chosen options."""
    return ("package" if row.has_package else row.status), row.package


def tolerance(axis: Axis, rows: list[PointResult]) -> float:
    """Bracket width at which bisection stops: 1 whole step, or 1e-3 of the swept range."""
    if axis.integral:
        return 1.0
    xs = [axis.number(r.values[0]) for r in rows]
    return TIPPING_RANGE_REL * (max(xs) - min(xs)) if xs else 0.0


def describe_tolerance(axis: Axis, tol: float) -> str:
    """The tolerance in words, for the Tipping sheet and Summary."""
    return "exact (whole steps)" if axis.integral else f"{tol:.6g} (1e-3 of the swept range)"


@dataclass(frozen=True)
class BisectTask:
    """One bracket to search: the rows at both ends of two adjacent grid values."""

    job: Job
    lo: PointResult
    hi: PointResult
    tol: float


def nice_between(a: float, b: float) -> float:
    """The number with the fewest decimals in ``(a, b]`` (``b`` itself when none is shorter)."""
    if b <= a:
        return b
    for digits in range(-6, 13):
        scale = 10.0**digits
        candidate = math.floor(a * scale) / scale + 1 / scale
        if a < candidate <= b:
            return float(f"{candidate:.12g}")
    return b


def _midpoint(axis: Axis, a: float, b: float) -> float | None:
    mid = math.floor((a + b) / 2) if axis.integral else (a + b) / 2
    return None if mid <= a or mid >= b else mid


def _bisect(task: BisectTask, lo: PointResult, hi: PointResult) -> TippingPoint:
    axis = task.job.axes[0]
    a, b = axis.number(lo.values[0]), axis.number(hi.values[0])
    while b - a > task.tol:
        mid = _midpoint(axis, a, b)
        if mid is None:
            break
        if stop_requested():
            return TippingPoint(axis, lo, hi, _threshold(axis, a, b), "search stopped (Ctrl-C)")
        row = solve_point(task.job, 0, (axis.from_number(mid),))
        if row.status in _UNDECIDED:
            return TippingPoint(
                axis,
                lo,
                hi,
                _threshold(axis, a, b),
                f"status {row.status} at {show(axis.from_number(mid))}",
            )
        if signature(row) == signature(lo):
            a, lo = mid, row
        else:
            b, hi = mid, row
    return TippingPoint(axis, lo, hi, _threshold(axis, a, b))


def _threshold(axis: Axis, a: float, b: float) -> Value:
    return axis.from_number(b if axis.integral else nice_between(a, b))


def bisect_task(task: BisectTask) -> list[TippingPoint]:
    """Find every change of package between ``task.lo`` and ``task.hi`` (a worker task).

    Along a monotone target the changes are found by carrying proven packages from the
    bracket's looser end (``_carry``): one solve per change. Otherwise by bisection.
    """
    grows = direction(task.job.scenario, task.job.axes[0])
    if grows:
        return _carry(task, task.lo, task.hi, grows > 0)
    return _bisect_bracket(task, task.lo, task.hi)


def _bisect_bracket(task: BisectTask, lo: PointResult, hi: PointResult) -> list[TippingPoint]:
    """Every change between ``lo`` and ``hi`` by bisection, resuming after each one found."""
    found: list[TippingPoint] = []
    for _ in range(MAX_CHANGES_PER_INTERVAL):
        if signature(lo) == signature(hi):
            break
        tip = _bisect(task, lo, hi)
        found.append(tip)
        if tip.undecided or tip.after.index == hi.index:
            break
        lo = tip.after
    return found


def _carry(task: BisectTask, lo: PointResult, hi: PointResult, grows: bool) -> list[TippingPoint]:
    """Every change between ``lo`` and ``hi`` along a monotone target, from its looser end.

    A package proven optimal at the looser end stays optimal towards the tighter end for as
    long as it fits (docs/design.md, "Exact adaptive sweeps"); where it stops fitting is
    found with the verifier alone (``_edge``), and the first value past it is solved. A
    change of options there is a tipping point; a change of start periods only is not, and
    the walk goes on from the new package. An end that is not proven optimal is bisected.
    ``grows``: the feasible set grows with the value (the looser end is ``hi``).
    """
    axis = task.job.axes[0]
    found: list[TippingPoint] = []
    for _ in range(MAX_CHANGES_PER_INTERVAL):
        if signature(lo) == signature(hi):
            break
        loose, tight = (hi, lo) if grows else (lo, hi)
        edge = _edge(task, loose, tight) if loose.status == _OPTIMAL and reaches(loose) else None
        if edge is None:  # not proven, or it fits at the tight end too (a tie): bisect
            return found + _bisect_bracket(task, lo, hi)
        inside, outside = edge
        a, b = sorted((axis.number(inside.values[0]), outside))
        if stop_requested():
            found.append(
                TippingPoint(axis, lo, hi, _threshold(axis, a, b), "search stopped (Ctrl-C)")
            )
            break
        row = solve_point(task.job, 0, (axis.from_number(outside),))
        if row.status in _UNDECIDED:
            why = f"status {row.status} at {show(axis.from_number(outside))}"
            found.append(TippingPoint(axis, lo, hi, _threshold(axis, a, b), why))
            break
        before, after = (row, inside) if grows else (inside, row)
        if signature(before) != signature(after):
            found.append(TippingPoint(axis, before, after, _threshold(axis, a, b)))
        if grows:
            hi = row
        else:
            lo = row
    return found


def _edge(
    task: BisectTask, loose: PointResult, tight: PointResult
) -> tuple[PointResult, float] | None:
    """Where ``loose``'s package stops fitting towards ``tight``, to the bracket tolerance.

    Returns the carried row at the last value where it fits and the first value where it
    does not; None when it fits at ``tight``'s value too.
    """
    job, axis = task.job, task.job.axes[0]

    def fits(x: float) -> PointResult | None:
        return carried(job.scenario, job.axes, (axis.from_number(x),), 0, loose)

    inside_x, outside = axis.number(loose.values[0]), axis.number(tight.values[0])
    if fits(outside) is not None:
        return None
    inside: PointResult | None = None  # the carried row at inside_x, once a midpoint fits
    while abs(outside - inside_x) > task.tol:
        mid = _midpoint(axis, *sorted((inside_x, outside)))
        if mid is None:
            break
        row = fits(mid)
        if row is not None:
            inside_x, inside = mid, row
        else:
            outside = mid
    if inside is None:  # no midpoint fitted: the edge is next to the loose end itself
        inside = fits(inside_x)
    return (inside, outside) if inside is not None else None


def brackets(axis: Axis, rows: list[PointResult]) -> list[tuple[PointResult, PointResult]]:
    """Adjacent (by value) decided rows whose signatures differ."""
    decided = sorted(
        (r for r in rows if r.status not in _UNDECIDED), key=lambda r: axis.number(r.values[0])
    )
    return [
        (x, y) for x, y in zip(decided, decided[1:], strict=False) if signature(x) != signature(y)
    ]


def find_tipping_points(
    runner: Runner, rows: list[PointResult], on_bracket: Callable[[int, int], None] | None = None
) -> tuple[list[TippingPoint], str]:
    """Tipping points of a one-target sweep, searched in parallel over brackets.

    Returns:
        The tipping points in ascending order of value, and the tolerance in words.

    Raises:
        InputError: the sweep varies more than one target.
    """
    axes = runner.job.axes
    if len(axes) != 1:
        raise InputError(
            Problem("--tipping", f"tipping points need one target; the sweep varies {len(axes)}")
        )
    axis = axes[0]
    tol = tolerance(axis, rows)
    tasks = [BisectTask(runner.job, lo, hi, tol) for lo, hi in brackets(axis, rows)]
    found: list[TippingPoint] = []
    finished = [0]

    def done(_: BisectTask, tips: list[TippingPoint]) -> None:
        found.extend(tips)
        finished[0] += 1
        if on_bracket is not None:
            on_bracket(finished[0], len(tasks))

    runner.map_tasks(bisect_task, tasks, done)
    found.sort(key=lambda t: axis.number(t.threshold))
    return found, describe_tolerance(axis, tol)
