"""The sweep pipeline behind ``planner sweep``: plan the points, run them, add tipping points or screening."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from planner.axes import Axis, make_axis, parse_assignment
from planner.errors import InputError, Problem
from planner.scenario import Scenario
from planner.solution import SolveOptions
from planner.sweep.adaptive import monotone_axis, run_adaptive
from planner.sweep.apply import check_points
from planner.sweep.morris import Screening, analyse, morris_design
from planner.sweep.result import SweepResult
from planner.sweep.runner import Progress, Runner, open_runner, run_points, stop_reason
from planner.sweep.spec import PointSet, design
from planner.sweep.tipping import TippingPoint, find_tipping_points
from planner.sweep.worker import PointResult

METHODS = ("grid", "morris")


def _axes_from_options(
    scenario: Scenario, vary: Sequence[str], scale: Sequence[str]
) -> tuple[list[Axis], list[Problem]]:
    axes: list[Axis] = []
    problems: list[Problem] = []
    for mode, flag, texts in (("set", "--vary", vary), ("scale", "--scale", scale)):
        for text in texts:
            try:
                address, values = parse_assignment(text, flag)
                axes.append(make_axis(scenario, address, mode, values, flag))
            except InputError as exc:
                problems.extend(exc.problems)
    return axes, problems


def _axes_from_sheet(scenario: Scenario) -> tuple[list[Axis], list[Problem]]:
    axes: list[Axis] = []
    problems: list[Problem] = []
    for row in scenario.sweeps:
        try:
            axes.append(
                make_axis(scenario, row.target, row.mode or "set", row.values, f"Sweep!A{row.row}")
            )
        except InputError as exc:
            problems.extend(exc.problems)
    return axes, problems


def plan_points(
    scenario: Scenario,
    vary: Sequence[str] = (),
    scale: Sequence[str] = (),
    *,
    zipped: bool = False,
    method: str = "grid",
    trajectories: int = 10,
    seed: int = 0,
    tipping: bool = False,
) -> PointSet:
    """Resolve every address and value, expand the design and check every point, before any solve.

    Without ``vary``/``scale`` the workbook's Sweep sheet rows are used.

    Raises:
        InputError: with every problem found (each naming its address and where it came from).
    """
    if method not in METHODS:
        raise InputError(Problem("--method", f'"{method}" is not one of {", ".join(METHODS)}'))
    if vary or scale:
        axes, problems = _axes_from_options(scenario, vary, scale)
    else:
        axes, problems = _axes_from_sheet(scenario)
        if not axes and not problems:
            problems = [
                Problem(
                    "--vary",
                    "nothing to vary: give --vary/--scale or fill the workbook's Sweep sheet",
                )
            ]
    if problems:
        raise InputError(problems)
    _check_usage(axes, method, zipped, tipping)
    points = morris_design(axes, trajectories, seed) if method == "morris" else design(axes, zipped)
    check_points(scenario, points)
    return points


def _check_usage(axes: Sequence[Axis], method: str, zipped: bool, tipping: bool) -> None:
    if tipping and method == "morris":
        raise InputError(
            Problem("--tipping", "tipping points are found on a grid, not with --method morris")
        )
    if tipping and len(axes) != 1:
        raise InputError(
            Problem(
                "--tipping", f"tipping points need exactly one target; the sweep varies {len(axes)}"
            )
        )
    if zipped and method == "morris":
        raise InputError(
            Problem("--method", "zip pairs grid values; it does not combine with morris")
        )


def run(
    scenario: Scenario,
    points: PointSet,
    options: SolveOptions | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    tipping: bool = False,
    seed: int = 0,
    progress: Progress | None = None,
    on_tipping: Callable[[int, int], None] | None = None,
    fast: bool = True,
    adaptive: bool = True,
) -> SweepResult:
    """Run the points, then find tipping points (``tipping``) or analyse a morris design.

    A Ctrl-C (or a lost worker) stops the run and keeps what is done; tipping points are only
    searched after a complete grid.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    tips: list[TippingPoint] = []
    tolerance = ""
    with open_runner(
        scenario, points, options, workers=workers, scheduler=scheduler, fast=fast
    ) as runner:
        rows = _run_rows(runner, scenario, points, progress, adaptive)
        grid_seconds = time.perf_counter() - started
        if tipping and not (runner.interrupted or runner.broken):
            try:
                tips, tolerance = find_tipping_points(runner, rows, on_tipping)
            except KeyboardInterrupt:
                runner.interrupted = True
        tipping_seconds = time.perf_counter() - started - grid_seconds if tipping else 0.0
    screening = analyse(points, rows, seed) if points.method == "morris" else None
    return _result(
        runner,
        scenario,
        points,
        rows,
        options,
        grid_seconds,
        tips=tips,
        tolerance=tolerance,
        screening=screening,
        tipping_stopped=runner.interrupted and tipping and len(rows) == len(points),
        tipping_seconds=tipping_seconds,
    )


def run_sweep(
    scenario: Scenario,
    points: PointSet,
    options: SolveOptions | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    *,
    fast: bool = True,
    adaptive: bool = True,
) -> SweepResult:
    """Solve every point of ``points`` and re-check each package independently.

    Args:
        scenario: The base scenario; each point is it with the point's values applied.
        points: The design (see :func:`planner.sweep.spec.design`).
        options: Solve options (threads is forced to 1 per worker).
        workers: Worker processes (default all cores; 1 = in this process).
        scheduler: ``tcp://host:port`` of a Dask scheduler to run on instead.
        progress: Called after each finished point; a KeyboardInterrupt raised there (or by
            Ctrl-C) stops the sweep and keeps the finished points.
        fast: Reuse one model session per worker (``update``); False rebuilds every point.
        adaptive: Along a monotone target solve only where the package can change and
            infer the other points (:mod:`planner.sweep.adaptive`); False solves every point.

    Worker processes are spawned: a script calling this with more than one worker needs the
    usual ``if __name__ == "__main__":`` guard.

    Returns:
        The finished rows; ``partial`` when Ctrl-C or a lost worker stopped the sweep early.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    with open_runner(
        scenario, points, options, workers=workers, scheduler=scheduler, fast=fast
    ) as runner:
        rows = _run_rows(runner, scenario, points, progress, adaptive)
    return _result(runner, scenario, points, rows, options, time.perf_counter() - started)


def _run_rows(
    runner: Runner,
    scenario: Scenario,
    points: PointSet,
    progress: Progress | None,
    adaptive: bool,
) -> list[PointResult]:
    """Every point's row: adaptively along a monotone axis when allowed, else one solve each."""
    j = monotone_axis(scenario, points) if adaptive else None
    if j is None:
        return run_points(runner, points, progress)
    return run_adaptive(runner, points, j, progress)


def _result(
    runner: Runner,
    scenario: Scenario,
    points: PointSet,
    rows: list[PointResult],
    options: SolveOptions,
    seconds: float,
    *,
    tips: Sequence[TippingPoint] = (),
    tolerance: str = "",
    screening: Screening | None = None,
    tipping_stopped: bool = False,
    tipping_seconds: float = 0.0,
) -> SweepResult:
    """The sweep's result, built once from the runner's state and what was found."""
    stop = stop_reason(runner)
    if tipping_stopped:
        stop = "interrupted (Ctrl-C) during the tipping-point search"
    return SweepResult(
        scenario,
        points,
        tuple(rows),
        options,
        seconds,
        runner.workers,
        runner.scheduler,
        runner.job.fast,
        runner.interrupted,
        stop,
        tuple(tips),
        tolerance,
        screening,
        tipping_seconds,
    )
