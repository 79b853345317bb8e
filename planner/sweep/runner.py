"""Run a sweep's points on workers: in this process, a spawned process pool, or a Dask cluster.

One seam serves all three: tasks go to a ``concurrent.futures`` executor (``ProcessPoolExecutor``
with spawn, or ``distributed.Client(address).get_executor()``), or run inline for one worker.
Points travel in contiguous chunks with the base scenario, so that per-point IPC stays small
and neighbouring points reuse a worker's model session. Ctrl-C, a dead worker pool or a lost
Dask worker stop nothing already done: the result keeps the finished points and says it is
partial.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from planner import interrupt
from planner.errors import InputError, Problem
from planner.scenario import Scenario
from planner.solution import SolveOptions
from planner.sweep.scheduler import check_scheduler
from planner.sweep.spec import PointSet
from planner.sweep.worker import Chunk, Job, PointResult, init_worker, solve_chunk

Progress = Callable[[int, int, PointResult | None], None]
"""Called in the calling process after each finished point: (done, total, the point's row)."""

T = TypeVar("T")


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


GRACE_SECONDS = 5.0
"""How long, after Ctrl-C, busy workers may take to finish their current point."""


def chunk_size(points: int, workers: int) -> int:
    """Points per task: about eight tasks per worker, at most 25 points each."""
    return max(1, min(25, math.ceil(points / max(1, workers * 8))))


class Runner:
    """Runs tasks for one sweep on one executor; open it with :func:`open_runner`.

    ``stop`` is the event pool workers check between points: set on Ctrl-C so that busy
    workers hand back what they finished and exit normally.
    """

    def __init__(
        self,
        job: Job,
        executor: Executor | None,
        workers: int,
        scheduler: str | None,
        stop: Any = None,
    ) -> None:
        self.job = job
        self.executor = executor
        self.workers = workers
        self.scheduler = scheduler
        self.stop = stop
        self.broken = ""
        self.interrupted = False
        self.stuck = False

    def map_tasks(
        self,
        fn: Callable[[Any], list[T]],
        tasks: Sequence[Any],
        on_done: Callable[[Any, list[T]], None],
    ) -> None:
        """Run ``fn`` over tasks, calling ``on_done(task, results)`` as each finishes.

        Ctrl-C (or a KeyboardInterrupt raised by ``on_done``) sets ``interrupted``: pending
        tasks are cancelled, running ones stop after their current point and what they
        finished within ``GRACE_SECONDS`` is still handed to ``on_done``. A task lost with
        its worker sets ``broken``; a broken process pool stops the run.
        """
        try:
            if self.executor is None:
                for task in tasks:
                    on_done(task, fn(task))
                return
            futures: dict[Future[list[T]], Any] = {self.executor.submit(fn, t): t for t in tasks}
            seen: set[Future[list[T]]] = set()
            try:
                self._collect(futures, seen, on_done)
            except KeyboardInterrupt:
                self.interrupted = True
                self._drain(futures, seen, on_done)
        except KeyboardInterrupt:
            self.interrupted = True

    def _collect(
        self,
        futures: dict[Future[list[T]], Any],
        seen: set[Future[list[T]]],
        on_done: Callable[[Any, list[T]], None],
    ) -> None:
        for fut in as_completed(futures):
            seen.add(fut)
            try:
                results = fut.result()
            except BrokenProcessPool:
                self.broken = "a worker process died; the points it had not finished were not run"
                return
            except Exception as exc:  # noqa: BLE001 - e.g. distributed.KilledWorker: keep going
                self.broken = f"a task failed on its worker ({type(exc).__name__}: {exc})"
                continue
            on_done(futures[fut], results)

    def _drain(
        self,
        futures: dict[Future[list[T]], Any],
        seen: set[Future[list[T]]],
        on_done: Callable[[Any, list[T]], None],
    ) -> None:
        """After Ctrl-C: cancel what has not started, keep what the busy workers finish."""
        if self.stop is not None:
            self.stop.set()
        for f in futures:
            f.cancel()
        _, not_done = wait(futures, timeout=GRACE_SECONDS)
        self.stuck = bool(not_done)
        for f in futures:
            if f in seen or not f.done() or f.cancelled() or f.exception() is not None:
                continue
            with contextlib.suppress(KeyboardInterrupt):
                on_done(futures[f], f.result())


def _dask_executor(address: str) -> tuple[Any, Executor, int]:
    address = check_scheduler(address)  # a malformed address: one line now, not a timeout
    try:
        import distributed
    except ImportError:
        raise InputError(
            Problem(
                "--scheduler",
                "running on a Dask cluster needs the distributed extra: pip install 'planner[distributed]'",
            )
        ) from None
    try:
        client = distributed.Client(address, timeout=15, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            Problem("--scheduler", f"cannot connect to the Dask scheduler at {address}: {exc}")
        ) from None
    nthreads = sum(client.nthreads().values()) or 1
    return client, client.get_executor(pure=False), nthreads


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop a process pool now, killing workers still busy with cancelled work."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
        if p.is_alive():  # SIGTERM ignored or stuck: no worker outlives the sweep
            p.kill()
            p.join(timeout=5)
    # With its workers gone the pool's manager thread stops at once; waiting for it lets the
    # pool close its queues (no "leaked semaphore" warnings at exit).
    executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def open_runner(
    scenario: Scenario,
    points: PointSet,
    options: SolveOptions,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    fast: bool = True,
) -> Iterator[Runner]:
    """An executor for a sweep: inline (1 worker), spawned process pool, or a Dask cluster.

    HiGHS's thread count is process-global, so every worker solves with ``threads=1``. Pool
    workers still busy after an interruption's grace period are killed on exit.
    """
    job = Job(uuid.uuid4().hex, scenario, points.axes, replace(options, threads=1), fast)
    if scheduler:
        client, executor, nthreads = _dask_executor(scheduler)
        try:
            yield Runner(job, executor, nthreads, scheduler)
        finally:
            executor.shutdown(wait=False)
            client.close()
        return
    n = min(workers or default_workers(), max(1, len(points)))
    if n <= 1:
        yield Runner(job, None, 1, None)
        return
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    pool = ProcessPoolExecutor(
        max_workers=n, mp_context=ctx, initializer=init_worker, initargs=(stop,)
    )
    runner = Runner(job, pool, n, None, stop)
    try:
        yield runner
    except BaseException:
        runner.stuck = True
        raise
    finally:
        if runner.stuck or runner.broken:
            _terminate(pool)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


def run_points(
    runner: Runner, points: PointSet, progress: Progress | None = None
) -> list[PointResult]:
    """Run every point; returns the finished rows in point order (sets ``runner.interrupted``)."""
    indexed = tuple((i, v) for i, v in enumerate(points.values, start=1))
    size = chunk_size(len(indexed), runner.workers) if runner.executor is not None else 1
    chunks = [Chunk(runner.job, indexed[k : k + size]) for k in range(0, len(indexed), size)]
    rows: list[PointResult] = []

    def done(_: Chunk, results: list[PointResult]) -> None:
        rows.extend(results)  # keep the whole chunk even if progress raises KeyboardInterrupt
        if progress is not None:
            first = len(rows) - len(results)
            for k, r in enumerate(results, start=1):
                progress(first + k, len(indexed), r)

    runner.map_tasks(solve_chunk, chunks, done)
    rows.sort(key=lambda r: r.index)
    return rows


def stop_reason(runner: Runner) -> str:
    """Why the runner stopped early: the signal that interrupted it, a lost worker, or ""."""
    if not runner.interrupted:
        return runner.broken
    signum = interrupt.requested()
    name = "Ctrl-C" if signum in (None, signal.SIGINT) else signal.Signals(signum).name
    return f"interrupted ({name})"
