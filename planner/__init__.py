"""planner: optimisation-based planning of de-escalation packages (Pyomo + HiGHS).

Notebook API::

    import planner
    scenario = planner.load_scenario("inputs/korea_2018.xlsx")
    plan = planner.solve(scenario, objective="min_risk")
    plan                          # <planner plan: Optimal package (min_risk): ...>
    plan.tables.package           # pandas DataFrame, dates as datetime64
    plan.write("outputs/plan.xlsx")
    planner.stability(scenario)  # each party's best unilateral defection (DataFrame)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner._version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from planner.api import Result
    from planner.scenario import Scenario
    from planner.solution import Choice
    from planner.uncertainty.evaluate import PackageReport
    from planner.uncertainty.robust_tables import RobustRun

__all__ = ["__version__", "evaluate", "load_scenario", "robust", "solve", "stability"]


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


def robust(scenario: Scenario, **options: Any) -> RobustRun:
    """The robust package of SPEC 6, verified draw by draw; tables as DataFrames.

    Keyword options are the fields of :class:`planner.uncertainty.robust.RobustOptions`
    (samples, test_samples, objective, acceptance_target, acceptance_margin,
    stability_runs, stability_samples) plus time_limit_s, mip_gap, threads, random_seed. The result has
    ``summary()``, ``package_table()``, ``comparison_table()``, ``samples_table()`` and
    ``stability_table()``.
    """
    from planner.solution import SolveOptions
    from planner.uncertainty.robust import RobustOptions, robust_plan

    solve_keys = {"time_limit_s", "mip_gap", "threads", "random_seed"}
    solve_options = SolveOptions(**{k: v for k, v in options.items() if k in solve_keys})
    rest = {k: v for k, v in options.items() if k not in solve_keys}
    return robust_plan(scenario, RobustOptions(**rest, solve=solve_options))


def evaluate(
    scenario: Scenario, package: str | Path | tuple[Choice, ...], **options: Any
) -> PackageReport:
    """Score a package (a Package workbook or Choices): H, P, every check, acceptance under draws.

    Keyword options: samples, test_samples. The result has ``summary()``,
    ``package_table()``, ``checks_table()`` and ``comparison_table()``.
    """
    from planner.io.package_file import read_package
    from planner.uncertainty.evaluate import evaluate_package

    if isinstance(package, tuple):
        return evaluate_package(scenario, package, **options)
    return evaluate_package(
        scenario, read_package(package, scenario), package_file=package, **options
    )


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
