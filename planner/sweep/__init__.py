"""Parameter sweeps (``planner sweep``): vary input cells, re-solve, and report how the package changes.

Python API::

    from planner.sweep import plan_points, run, write_sweep_workbook
    points = plan_points(scenario, vary=["Parties.max_cost[USA]=0:20:5"])
    result = run(scenario, points, workers=2, tipping=True)
    write_sweep_workbook(result, Path("outputs/korea-sweep.xlsx"))
"""

from __future__ import annotations

from planner.addresses import Target, resolve
from planner.axes import Axis, arange, make_axis, parse_assignment
from planner.sweep.apply import apply_point, apply_value, check_points
from planner.sweep.pipeline import plan_points, run, run_sweep
from planner.sweep.result import SweepResult
from planner.sweep.spec import PointSet, design
from planner.sweep.workbook import write_sweep_workbook
from planner.sweep.worker import PointResult

__all__ = [
    "Axis",
    "PointResult",
    "PointSet",
    "SweepResult",
    "Target",
    "apply_point",
    "apply_value",
    "arange",
    "check_points",
    "design",
    "make_axis",
    "parse_assignment",
    "plan_points",
    "resolve",
    "run",
    "run_sweep",
    "write_sweep_workbook",
]
