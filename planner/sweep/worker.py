"""Worker side of a sweep: one model session per worker, points solved, re-checked and returned as rows.

Runs in spawned worker processes (or Dask workers, or the calling process when there is one
worker). A worker keeps one :class:`planner.model.session.ModelSession` per thread and moves
it from point to point with ``update`` (the fast path); ``update`` rebuilds when it must.
Every package is re-checked by :func:`planner.verify.verify`; a disagreement makes the point
``verify_failed``. Nothing here raises for a bad point: it becomes a row with its status.
"""

from __future__ import annotations

import math
import signal
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from planner import interrupt
from planner.axes import Axis, Value
from planner.errors import InputError
from planner.scenario import Scenario
from planner.solution import FAILED, VERIFY_FAILED, SolveOptions
from planner.sweep.apply import apply_point


@dataclass(frozen=True)
class PointResult:
    """One solved point: its values, status, figures and chosen package.

    ``choices`` holds ``(activity, option, start)`` in activity order; ``total_hazard`` and
    ``escalation_probability`` are the verifier's recomputation from the package. Times:
    ``seconds`` for the whole point in its worker, ``model_seconds`` for updating or building
    the model and solving it (read-back included), ``highs_seconds`` for HiGHS alone.
    ``solved`` is False for a point an adaptive sweep inferred from its neighbours
    (:mod:`planner.sweep.adaptive`); ``proven`` is True when every lexicographic stage ran
    and was proven optimal (or stage 1 proved the point infeasible).
    """

    index: int
    values: tuple[Value, ...]
    status: str
    objective_value: float | None = None
    total_hazard: float | None = None
    escalation_probability: float | None = None
    choices: tuple[tuple[str, str, int | None], ...] = ()
    seconds: float = 0.0
    model_seconds: float = 0.0
    highs_seconds: float = 0.0
    rebuilt: bool = False
    message: str = ""
    solved: bool = True
    proven: bool = False

    @property
    def has_package(self) -> bool:
        """True when the point has a package (optimal, feasible or verify_failed)."""
        return bool(self.choices)

    @property
    def package(self) -> tuple[tuple[str, str], ...]:
        """``(activity, option)`` pairs: the package compared by tipping points and Stability."""
        return tuple((a, o) for a, o, _ in self.choices)


@dataclass(frozen=True)
class Job:
    """What every task carries: the base scenario, the axes, solve options and the path to use."""

    token: str
    scenario: Scenario
    axes: tuple[Axis, ...]
    options: SolveOptions
    fast: bool = True


@dataclass(frozen=True)
class Chunk:
    """A batch of points (1-based index and values) solved one after another by one worker."""

    job: Job
    points: tuple[tuple[int, tuple[Value, ...]], ...]


class _Local(threading.local):
    token: str | None = None
    session: Any = None


_LOCAL = _Local()


_STOP: Any = None
"""The pool's stop event (set by the parent on Ctrl-C); None outside a process pool."""


def init_worker(stop: Any = None) -> None:
    """Process-pool initializer: leave Ctrl-C to the parent, and watch its stop event."""
    global _STOP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM/SIGHUP end a worker at once (the parent terminates stuck workers with SIGTERM),
    # even when the spawned child imported the CLI, which handles them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _STOP = stop
    if stop is not None:
        interrupt.watch_event(stop)  # the point in progress stops when the parent sets it


def stop_requested() -> bool:
    """True when the parent asked the pool to stop after the current point."""
    return _STOP is not None and _STOP.is_set()


def solve_chunk(chunk: Chunk) -> list[PointResult]:
    """Solve a batch of points in order (the task function sent to executors)."""
    rows = []
    try:
        with interrupt.active():
            for index, values in chunk.points:
                if stop_requested():
                    break
                rows.append(solve_point(chunk.job, index, values))
    except interrupt.Interrupted:
        if _STOP is None:  # in the calling process: the sweep itself stops
            raise
        _LOCAL.session, _LOCAL.token = None, None  # a pool worker: hand back what is done
    return rows


def _session_solve(job: Job, scenario: Scenario) -> tuple[Any, bool]:
    """Solve through the worker's session: update in place when possible, else build."""
    from planner.model.session import ModelSession

    if _LOCAL.session is not None and _LOCAL.token == job.token:
        updated = _LOCAL.session.update(scenario)
        return _LOCAL.session.solve(), not updated
    _LOCAL.session, _LOCAL.token = None, None
    session = ModelSession(scenario, job.options)
    solution = session.solve()
    _LOCAL.session, _LOCAL.token = session, job.token
    return solution, True


def _solve(job: Job, scenario: Scenario) -> tuple[Any, bool]:
    if job.fast:
        return _session_solve(job, scenario)
    from planner.model.solve import solve_scenario

    return solve_scenario(scenario, job.options), True


def solve_point(job: Job, index: int, values: Sequence[Value]) -> PointResult:
    """Apply one point's values, solve, verify; never raises for a bad point."""
    started = time.perf_counter()
    row = PointResult(index, tuple(values), FAILED)
    try:
        scenario = apply_point(job.scenario, job.axes, values)
        tick = time.perf_counter()
        solution, rebuilt = _solve(job, scenario)
        row = _row(
            replace(row, model_seconds=time.perf_counter() - tick), scenario, solution, rebuilt
        )
    except InputError as exc:
        row = replace(row, message="; ".join(p.message for p in exc.problems))
    except Exception as exc:  # noqa: BLE001 - a failing point is a row, the sweep goes on
        _LOCAL.session, _LOCAL.token = None, None
        interrupt.check()  # an error caused by a stop request is the stop, not a failed point
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
        row = replace(row, message=f"{type(exc).__name__}: {exc}{where}")
    return replace(row, seconds=time.perf_counter() - started)


def _proven(solution: Any) -> bool:
    """True when stage 1 proved infeasibility, or every stage ran and ended optimal."""
    if solution.status.value == "infeasible":
        return True
    return bool(solution.stages) and all(
        s.split(": ", 1)[-1].startswith("optimal") and "discarded" not in s for s in solution.stages
    )


def _row(row: PointResult, scenario: Scenario, solution: Any, rebuilt: bool) -> PointResult:
    """Turn a Solution into a row, re-checking its package with the independent verifier."""
    from planner.verify import verify

    row = replace(
        row,
        status=solution.status.value,
        objective_value=solution.objective_value,
        highs_seconds=solution.highs_seconds,
        rebuilt=rebuilt,
        message=solution.message,
        proven=_proven(solution),
    )
    if not solution.status.has_package:
        return row
    order = {a: i for i, a in enumerate(scenario.activity_ids)}
    choices = tuple(
        sorted(
            ((c.activity, c.option, c.start) for c in solution.choices),
            key=lambda c: order.get(c[0], 0),
        )
    )
    check = verify(scenario, solution)
    hazard = check.evaluation.total_hazard
    row = replace(
        row, choices=choices, total_hazard=hazard, escalation_probability=-math.expm1(-hazard)
    )
    if not check.ok:
        return replace(row, status=VERIFY_FAILED, message="; ".join(check.problems))
    return row
