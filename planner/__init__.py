"""planner: optimisation-based planning of de-escalation packages (Pyomo + HiGHS).

Notebook API::

    import planner
    scenario = planner.load_scenario("inputs/korea_2018.xlsx")
    plan = planner.solve(scenario, objective="min_risk")
    plan                          # <planner plan: Optimal package (min_risk): ...>
    plan.tables.package           # pandas DataFrame, dates as datetime64
    plan.write("outputs/plan.xlsx")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner._version import __version__

if TYPE_CHECKING:
    from planner.api import Result
    from planner.scenario import Scenario

__all__ = ["__version__", "load_scenario", "solve"]


def load_scenario(path: Any) -> Scenario:
    """Read and validate a workbook; raises ``planner.errors.InputError`` with every problem."""
    from planner.io.reader import load_scenario as _load

    return _load(path)


def solve(scenario: Scenario, **options: Any) -> Result:
    """Solve a scenario and verify the result independently.

    Returns a :class:`planner.api.Result`: the :class:`planner.plan.Plan`'s fields plus
    ``.headline``, ``.tables`` (DataFrames) and ``.write(path)`` (the results workbook).

    An infeasible scenario's plan carries its diagnosis (which limits must move, or which
    rules conflict), asked for explicitly here since the solve pipeline makes none.

    Keyword options are the fields of :class:`planner.solution.SolveOptions`
    (objective, time_limit_s, mip_gap, threads, random_seed).
    """
    from planner.analysis.diagnose import with_diagnosis
    from planner.api import Result
    from planner.pipeline import solve_plan
    from planner.solution import SolveOptions

    return Result(with_diagnosis(solve_plan(scenario, SolveOptions(**options))))
