"""The sweep pipeline behind ``planner sweep``: plan the points, run them, add tipping points or screening."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from planner.axes import Axis, make_axis, parse_assignment
from planner.errors import InputError, Problem
from planner.scenario import Scenario
from planner.solution import SolveOptions
from planner.sweep.apply import check_points
from planner.sweep.morris import analyse, morris_design
from planner.sweep.runner import Progress, SweepResult, finish, open_runner, run_points
from planner.sweep.spec import PointSet, design
from planner.sweep.tipping import TippingPoint, find_tipping_points

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
        rows = run_points(runner, points, progress)
        grid_seconds = time.perf_counter() - started
        if tipping and not (runner.interrupted or runner.broken):
            try:
                tips, tolerance = find_tipping_points(runner, rows, on_tipping)
            except KeyboardInterrupt:
                runner.interrupted = True
    result = finish(runner, scenario, points, rows, options, grid_seconds)
    result.tipping, result.tipping_tolerance = tips, tolerance
    if runner.interrupted and tipping and len(rows) == len(points):
        result.stop_reason = "interrupted (Ctrl-C) during the tipping-point search"
    if points.method == "morris":
        result.screening = analyse(points, rows, seed)
    return result
