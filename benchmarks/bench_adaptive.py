"""Issue-16 ratios in one run: an 801-point sweep against one solve, and the sweep's non-solver share.

Measured in one process run, so that the machine's load (reported) affects every figure
alike: ``planner solve`` of the example end to end (median of 3 fresh processes), one
in-process solve, the 801-point sweep ``Parties.max_cost[USA]=0:8:0.01`` of the example
adaptive (the default) and as a full grid (``adaptive=False``; with ``BENCH_GRID_STRIDE=k``
only every k-th point, the time scaled by the point count and labelled an estimate), both
on one worker. The non-solver share is ``1 - HiGHS seconds / wall seconds`` of the solved
points of a full-grid run (the worker's model layer, sweep layer and scheduling). Targets:
sweep <= 10x one ``planner solve``; non-solver share < 10%. Run:
``python -m benchmarks.bench_adaptive``.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from typing import Any

from benchmarks.bench_example import EXAMPLE, _timed

AXIS = "Parties.max_cost[USA]=0:8:0.01"
TARGETS = {"sweep_vs_solve": 10.0, "non_solver_share": 0.10}


def _end_to_end(repeats: int = 3) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        walls = []
        for k in range(repeats):
            wall, proc = _timed(["solve", str(EXAMPLE), "-o", f"{tmp}/p{k}.xlsx"])
            if proc.returncode != 0:
                raise RuntimeError(f"planner solve exit {proc.returncode}: {proc.stderr[-300:]}")
            walls.append(wall)
    return statistics.median(walls)


def _sweep(scenario: Any, axis: str, adaptive: bool, stride: int = 1) -> dict[str, Any]:
    from dataclasses import replace

    from planner.solution import SolveOptions
    from planner.sweep import plan_points, run_sweep

    points = plan_points(scenario, [axis])
    planned = len(points)
    if stride > 1:
        points = replace(points, values=points.values[::stride])
    tick = time.perf_counter()
    result = run_sweep(scenario, points, SolveOptions(), workers=1, adaptive=adaptive)
    wall = time.perf_counter() - tick
    solved = [r for r in result.rows if r.solved]
    highs = sum(r.highs_seconds for r in solved)
    model = sum(r.model_seconds for r in solved)
    return {
        "points": planned,
        "points_run": len(result.rows),
        "solved": len(solved),
        "seconds": wall * planned / len(points),
        "estimated": stride > 1,
        "highs_seconds": highs * planned / len(points),
        "non_solver_share": 1 - highs / wall,
        "model_layer_share": (model - highs) / wall,
        "packages": len({r.package for r in result.rows}),
        "statuses": result.counts(),
    }


def run() -> list[dict[str, Any]]:
    """One row with every figure and ratio of this benchmark."""
    from planner import load_scenario
    from planner.model.solve import solve_scenario
    from planner.solution import SolveOptions

    load = os.getloadavg()[0]
    e2e = _end_to_end()
    scenario = load_scenario(EXAMPLE)
    tick = time.perf_counter()
    solve_scenario(scenario, SolveOptions())
    one = time.perf_counter() - tick
    adaptive = _sweep(scenario, AXIS, True)
    stride = int(os.environ.get("BENCH_GRID_STRIDE", "8"))
    grid = _sweep(scenario, AXIS, False, stride)
    return [
        {
            "benchmark": "adaptive",
            "axis": AXIS,
            "load_before": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2),
            "solve_end_to_end_s": round(e2e, 3),
            "solve_in_process_s": round(one, 3),
            "adaptive": adaptive,
            "grid": grid,
            "adaptive_vs_solve": adaptive["seconds"] / e2e,
            "grid_vs_solve": grid["seconds"] / e2e,
            "non_solver_share": grid["non_solver_share"],
            "targets": TARGETS,
        }
    ]


def main() -> None:
    """Print the row."""
    print(json.dumps(run(), indent=2, default=str))


if __name__ == "__main__":
    main()
