"""Exact adaptive sweeps along a monotone target: solve where the package can change, infer the rest.

A target is monotone when raising its value only grows (or only shrinks) the feasible set
and changes no objective coefficient: a party's max_cost, min_benefit, min_net, a Balance
max_gap, Settings.risk_cap (set mode; scale mode when every scaled cell has one sign).
Along such a line a proven answer carries towards the smaller feasible sets
(docs/design.md, "Exact adaptive sweeps"): a package proven optimal at a point is optimal
at every point below it where it is still feasible, and a proven infeasible point makes
every point below infeasible. So each line is walked from its largest feasible set down:
the top is solved, its package is carried down (re-checked at every point by the
independent verifier) until it no longer fits, the first point it does not reach is
solved next, and so on: one solve per run of equal packages. Carried rows say
``solved=False``. Any other status (feasible after a limit, no_solution, failed,
verify_failed) carries nothing: the point below it is solved.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import replace

from planner.axes import Axis, Value
from planner.scenario import Scenario
from planner.solution import Choice, Status
from planner.sweep.apply import apply_point
from planner.sweep.runner import Progress, Runner, chunk_size
from planner.sweep.spec import PointSet
from planner.sweep.worker import Chunk, PointResult, solve_chunk

GROWS: dict[tuple[str, str], int] = {
    ("parties", "max_cost"): 1,
    ("parties", "min_benefit"): -1,
    ("parties", "min_net"): -1,
    ("balances", "max_gap"): 1,
    ("settings", "risk_cap"): 1,
}
"""(scenario attribute, field) -> +1 when a larger value grows the feasible set, -1 when it shrinks it."""

_OPTIMAL = Status.OPTIMAL.value
_INFEASIBLE = Status.INFEASIBLE.value


def _scaled_cells(scenario: Scenario, axis: Axis) -> list[float | None]:
    t = axis.target
    if t.attribute == "settings":
        return [getattr(scenario.settings, t.field)]
    return [getattr(getattr(scenario, t.attribute)[i], t.field) for i in t.rows]


def direction(scenario: Scenario, axis: Axis) -> int:
    """+1: the feasible set grows with the axis value; -1: it shrinks; 0: not monotone."""
    t = axis.target
    grows = GROWS.get((t.attribute, t.field), 0)
    if grows == 0 or t.party is not None or axis.mode not in ("set", "scale"):
        return 0
    if axis.mode == "set":
        return grows
    signs = {math.copysign(1, v) for v in _scaled_cells(scenario, axis) if v}
    return grows * int(signs.pop()) if len(signs) == 1 else (grows if not signs else 0)


def monotone_axis(scenario: Scenario, points: PointSet) -> int | None:
    """The position of the axis to sweep adaptively (the monotone one with most values), or None."""
    if points.method == "morris" or (points.method == "zip" and len(points.axes) > 1):
        return None
    best: int | None = None
    for j, axis in enumerate(points.axes):
        if direction(scenario, axis) and (
            best is None or len(axis.values) > len(points.axes[best].values)
        ):
            best = j
    return best


def lines(points: PointSet, j: int, grows: int) -> list[list[int]]:
    """Point indices (1-based) grouped by the other axes' values, ordered so that F grows."""
    axis = points.axes[j]
    groups: dict[tuple[Value, ...], list[int]] = {}
    for i, v in enumerate(points.values, start=1):
        groups.setdefault(v[:j] + v[j + 1 :], []).append(i)
    out = []
    for members in groups.values():
        members.sort(key=lambda i: axis.number(points.values[i - 1][j]) * grows)
        out.append(members)
    return out


def reaches(row: PointResult) -> bool:
    """True when a row's answer carries to the points below it: proven optimal or infeasible."""
    return row.proven and row.status in (_OPTIMAL, _INFEASIBLE)


def carried(
    scenario: Scenario,
    axes: Sequence[Axis],
    values: tuple[Value, ...],
    index: int,
    source: PointResult,
) -> PointResult | None:
    """The row of the point ``values`` carried from ``source``, re-checked at its own values.

    ``source`` is a proven row (``reaches``) of a point with a larger feasible set.
    Infeasible carries unchanged; an optimal package carries when the independent verifier
    finds it feasible at ``values`` (None when it does not: the package's reach ends there).
    """
    from planner.verify.recompute import evaluate

    started = time.perf_counter()
    row = replace(
        source,
        index=index,
        values=values,
        solved=False,
        seconds=0.0,
        model_seconds=0.0,
        highs_seconds=0.0,
        rebuilt=False,
    )
    if source.status == _OPTIMAL:
        changed = apply_point(scenario, axes, values)
        ev = evaluate(changed, tuple(Choice(a, o, s) for a, o, s in source.choices))
        if not ev.ok:
            return None
        hazard = ev.total_hazard
        row = replace(row, total_hazard=hazard, escalation_probability=-math.expm1(-hazard))
    return replace(row, seconds=time.perf_counter() - started)


def _seed_positions(n: int, count: int) -> list[int]:
    """The top position (n - 1) and ``count - 1`` more spread evenly below it."""
    count = max(1, min(n, count))
    return sorted({n - 1 - (k * n) // count for k in range(count)})


class _Search:
    """The state of an adaptive sweep: every line's members and the rows found so far."""

    def __init__(self, runner: Runner, points: PointSet, j: int, progress: Progress | None):
        self.runner, self.points, self.progress = runner, points, progress
        self.scenario = runner.job.scenario
        self.lines = lines(points, j, direction(self.scenario, points.axes[j]))
        self.found: dict[int, PointResult] = {}
        self.workers = max(1, runner.workers if runner.executor is not None else 1)

    def emit(self, row: PointResult) -> None:
        """Keep a row and report it."""
        self.found[row.index] = row
        if self.progress is not None:
            self.progress(len(self.found), len(self.points), row)

    def seeds(self) -> list[int]:
        """The first points to solve: every line's top (and more below it for idle workers)."""
        per_line = max(1, self.workers // len(self.lines))
        out: list[int] = []
        for members in self.lines:
            out += [members[p] for p in _seed_positions(len(members), per_line)]
        return out

    def next_round(self) -> list[int]:
        """Carry every proven row down as far as it reaches; return the points to solve next."""
        gaps: list[list[int]] = []
        for members in self.lines:
            gaps += self._walk(members)
        wanted = [gap[0] for gap in gaps]
        spare = self.workers - len(wanted)
        for gap in sorted(gaps, key=len, reverse=True)[: max(0, spare)]:
            if len(gap) > 2:
                wanted.append(gap[len(gap) // 2])
        return wanted

    def _walk(self, members: list[int]) -> list[list[int]]:
        """Walk a line from its largest feasible set down; return the runs nothing reaches.

        Each point without a row takes the row of the nearest proven row above it when that
        row reaches it (``carried``); once a package fails, it fails below too (the sets
        shrink), so the rest down to the next solved point is a gap, top first.
        """
        source: PointResult | None = None
        gaps: list[list[int]] = []
        gap: list[int] | None = None
        for i in reversed(members):
            row = self.found.get(i)
            if row is None and source is not None:
                values = self.points.values[i - 1]
                row = carried(self.scenario, self.points.axes, values, i, source)
                if row is not None:
                    self.emit(row)
            if row is not None:
                source, gap = (row if reaches(row) else None), None
                continue
            source = None
            if gap is None:
                gap = []
                gaps.append(gap)
            gap.append(i)
        return gaps

    def solve(self, indices: Sequence[int]) -> None:
        """Solve points on the runner's workers (chunks of neighbouring indices)."""
        indexed = tuple((i, self.points.values[i - 1]) for i in sorted(set(indices)))
        workers = self.runner.workers if self.runner.executor is not None else 0
        size = chunk_size(len(indexed), workers) if workers else 1
        chunks = [
            Chunk(self.runner.job, indexed[k : k + size]) for k in range(0, len(indexed), size)
        ]

        def done(_: Chunk, results: list[PointResult]) -> None:
            for r in results:
                self.emit(r)

        self.runner.map_tasks(solve_chunk, chunks, done)


def run_adaptive(
    runner: Runner, points: PointSet, j: int, progress: Progress | None = None
) -> list[PointResult]:
    """Run a sweep adaptively along axis ``j``; returns rows in point order (as ``run_points``).

    Ctrl-C or a lost worker stops the search: the rows found so far are returned (partial).
    """
    search = _Search(runner, points, j, progress)
    todo = search.seeds()
    while todo and not (runner.interrupted or runner.broken):
        search.solve([i for i in todo if i not in search.found])
        if runner.interrupted or runner.broken:
            break
        try:
            todo = search.next_round()
        except KeyboardInterrupt:  # raised by ``progress`` while filling: keep what is found
            runner.interrupted = True
    return sorted(search.found.values(), key=lambda r: r.index)
