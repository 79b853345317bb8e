"""planner: optimisation-based planning of de-escalation packages (Pyomo + HiGHS).

Notebook API::

    import planner
    scenario = planner.load_scenario("inputs/korea_2018.xlsx")
    plan = planner.solve(scenario, objective="min_risk")
    plan.summary()            # dict of the Summary sheet
    plan.package_table()      # pandas DataFrame
    planner.stability(scenario)  # each party's best unilateral defection (DataFrame)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("planner")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

if TYPE_CHECKING:
    import pandas as pd

    from planner.plan import Plan
    from planner.scenario import Scenario
    from planner.solution import Choice

__all__ = ["__version__", "load_scenario", "solve", "stability"]


def load_scenario(path: Any) -> Scenario:
    """Read and validate a workbook; raises ``planner.errors.InputError`` with every problem."""
    from planner.io.reader import load_scenario as _load

    return _load(path)


def solve(scenario: Scenario, **options: Any) -> Plan:
    """Solve a scenario and verify the result independently; returns a :class:`planner.plan.Plan`.

    Keyword options are the fields of :class:`planner.solution.SolveOptions`
    (objective, time_limit_s, mip_gap, threads, random_seed).
    """
    from planner.pipeline import solve_plan
    from planner.solution import SolveOptions

    return solve_plan(scenario, SolveOptions(**options))


def stability(
    scenario: Scenario,
    package: tuple[Choice, ...] | None = None,
    parties: list[str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Each party's most profitable unilateral defection from a package (SPEC 7), as the Stability table.

    Args:
        scenario: The scenario.
        package: One ``Choice`` per activity (``planner.io.package_file.read_package``
            reads one from a workbook); default: the package ``solve`` finds.
        parties: Only these parties (default: all).
        **options: Fields of :class:`planner.solution.SolveOptions`.

    Raises:
        NoPackageError: no package given and the scenario has none.
        VerificationError: a defection's independent re-check disagrees with the model.
    """
    from planner.analysis.stability import package_stability, stability_table
    from planner.errors import NoPackageError
    from planner.solution import SolveOptions

    opts = SolveOptions(**options)
    if package is None:
        plan = solve(scenario, **options)
        if not plan.has_package:
            raise NoPackageError(f"no package to check ({plan.status.value})")
        package = plan.solution.choices
    return stability_table(package_stability(scenario, package, opts, parties))
