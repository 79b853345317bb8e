"""Exact adaptive sweeps along a monotone target: solve where the package can change, infer the rest.

A target is monotone when raising its value only grows (or only shrinks) the feasible set
and changes no objective coefficient: a party's max_cost, min_benefit, min_net, a Balance
max_gap, Settings.risk_cap (set mode; scale mode when every scaled cell has one sign).
Along such a line of points the lexicographic optimum is piecewise constant
(docs/design.md, "Exact adaptive sweeps"): the ends of every line are solved, an interval
is bisected only while its ends differ, and the points inside an interval whose ends agree
are filled in (``solved=False``), each re-checked at its own values by the independent
verifier. Ends agree when both are proven optimal with the same choices and objective, or
when the end with the larger feasible set is proven infeasible. Any other status
(feasible after a limit, no_solution, failed, verify_failed) is never inferred from.
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


def _agree(small: PointResult, big: PointResult) -> str:
    """How the interval between two solved ends can be filled: 'infeasible', 'package' or ''."""
    if big.status == _INFEASIBLE and big.proven:
        return "infeasible"
    same = small.choices == big.choices and small.objective_value == big.objective_value
    if small.status == big.status == _OPTIMAL and small.proven and big.proven and same:
        return "package"
    return ""


def _inferred(
    scenario: Scenario, points: PointSet, index: int, end: PointResult, how: str
) -> PointResult | None:
    """The row of ``index`` copied from ``end``, re-checked at its own values (None if it fails)."""
    from planner.verify.recompute import evaluate

    started = time.perf_counter()
    values = points.values[index - 1]
    row = replace(
        end,
        index=index,
        values=values,
        solved=False,
        seconds=0.0,
        model_seconds=0.0,
        highs_seconds=0.0,
        rebuilt=False,
    )
    if how == "package":
        changed = apply_point(scenario, points.axes, values)
        ev = evaluate(changed, tuple(Choice(a, o, s) for a, o, s in end.choices))
        if not ev.ok:
            return None
        hazard = ev.total_hazard
        row = replace(row, total_hazard=hazard, escalation_probability=-math.expm1(-hazard))
    return replace(row, seconds=time.perf_counter() - started)


def _seed_positions(n: int, workers: int) -> list[int]:
    """Ends plus evenly spaced interior positions, enough to keep ``workers`` busy."""
    count = min(n, 2 * max(1, workers))
    return sorted({round(k * (n - 1) / max(1, count - 1)) for k in range(max(2, count))})


class _Search:
    """The state of an adaptive sweep: every line's members and the rows found so far."""

    def __init__(self, runner: Runner, points: PointSet, j: int, progress: Progress | None):
        self.runner, self.points, self.progress = runner, points, progress
        self.scenario = runner.job.scenario
        self.lines = lines(points, j, direction(self.scenario, points.axes[j]))
        self.found: dict[int, PointResult] = {}

    def emit(self, row: PointResult) -> None:
        """Keep a row and report it."""
        self.found[row.index] = row
        if self.progress is not None:
            self.progress(len(self.found), len(self.points), row)

    def seeds(self) -> list[int]:
        """The first points to solve: every line's ends (and a few inside for idle workers)."""
        out: list[int] = []
        for members in self.lines:
            out += [members[p] for p in _seed_positions(len(members), self.runner.workers)]
        return out

    def next_round(self) -> list[int]:
        """Fill every interval whose ends agree; return the midpoints of those that do not."""
        wanted: list[int] = []
        for members in self.lines:
            solved = [p for p, i in enumerate(members) if i in self.found and self.found[i].solved]
            for p, q in zip(solved, solved[1:], strict=False):
                inside = members[p + 1 : q]
                if not inside or all(i in self.found for i in inside):
                    continue
                wanted += self._fill(inside, self.found[members[p]], self.found[members[q]])
        return wanted

    def _fill(self, inside: list[int], small: PointResult, big: PointResult) -> list[int]:
        """Infer ``inside`` from its ends, or return the point to solve next."""
        how = _agree(small, big)
        rows = [_inferred(self.scenario, self.points, i, big, how) for i in inside] if how else []
        if not how or any(r is None for r in rows):
            return [inside[(len(inside) - 1) // 2]]
        for r in rows:
            assert r is not None
            self.emit(r)
        return []

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
