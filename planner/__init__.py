"""planner: optimisation-based planning of de-escalation packages (Pyomo + HiGHS).

Notebook API::

    import planner
    scenario = planner.load_scenario("inputs/korea_2018.xlsx")
    plan = planner.solve(scenario, objective="min_risk")
    from planner.report import tables
    tables.summary(plan)          # dict of the Summary sheet
    tables.package_table(plan)    # pandas DataFrame
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner._version import __version__

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.scenario import Scenario

__all__ = ["__version__", "load_scenario", "solve"]


def load_scenario(path: Any) -> Scenario:
    """Read and validate a workbook; raises ``planner.errors.InputError`` with every problem."""
    from planner.io.reader import load_scenario as _load

    return _load(path)


def solve(scenario: Scenario, **options: Any) -> Plan:
    """Solve a scenario and verify the result independently; returns a :class:`planner.plan.Plan`.

    An infeasible scenario's plan carries its diagnosis (which limits must move, or which
    rules conflict), asked for explicitly here since the solve pipeline makes none.

    Keyword options are the fields of :class:`planner.solution.SolveOptions`
    (objective, time_limit_s, mip_gap, threads, random_seed).
    """
    from planner.analysis.diagnose import with_diagnosis
    from planner.pipeline import solve_plan
    from planner.solution import SolveOptions

    return with_diagnosis(solve_plan(scenario, SolveOptions(**options)))
