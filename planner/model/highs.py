"""The HiGHS adapter: one persistent solver per model, limits from SolveOptions, statuses mapped in one place."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyomo.core as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.core.staleflag import StaleFlagManager

from planner import interrupt
from planner.errors import PlannerError
from planner.gc_pause import gc_paused
from planner.model.direct import DirectUpdates
from planner.solution import RunResult, Status
from planner.tolerances import (
    GAP_ZERO_REL,
    INTEGRALITY,
    MIN_TIME_LIMIT_S,
    SOLUTION_OBJECTIVE_REL,
)

_process_threads: int | None = None
"""HiGHS fixes its thread pool at the first solve of a process; later requests must match."""

LIMIT_REACHED = frozenset(
    {
        TerminationCondition.maxTimeLimit,
        TerminationCondition.iterationLimit,
        TerminationCondition.objectiveLimit,
        TerminationCondition.minStepLength,
        TerminationCondition.interrupted,
    }
)
INFEASIBLE = frozenset(
    {
        TerminationCondition.provenInfeasible,
        TerminationCondition.locallyInfeasible,
        # Every planner model is bounded (binaries; continuous variables bounded by rows),
        # so "infeasible or unbounded" can only be infeasible.
        TerminationCondition.infeasibleOrUnbounded,
    }
)


_WITH_PACKAGE = (SolutionStatus.optimal, SolutionStatus.feasible)


def map_status(termination: TerminationCondition, solution: SolutionStatus) -> Status:
    """Our Status for a HiGHS termination: the only place that interprets solver statuses.

    optimal = proven within the gap; feasible = a limit was hit with an incumbent;
    infeasible = proven infeasible; no_solution = a limit was hit without an incumbent.
    Anything else (solver error, unbounded, unknown) raises ``PlannerError`` (exit 4).
    """
    has_package = solution in _WITH_PACKAGE
    if termination == TerminationCondition.convergenceCriteriaSatisfied and has_package:
        return Status.OPTIMAL
    if termination in INFEASIBLE:
        return Status.INFEASIBLE
    if termination in LIMIT_REACHED:
        return Status.FEASIBLE if has_package else Status.NO_SOLUTION
    raise PlannerError(f"HiGHS ended with {termination.name} ({solution.name}): no usable result")


def relative_gap(incumbent: float | None, bound: float | None) -> float | None:
    """|incumbent - bound| / |incumbent| (0 when both are 0; None when undefined)."""
    if incumbent is None or bound is None or math.isinf(bound):
        return None
    diff = abs(incumbent - bound)
    if diff <= GAP_ZERO_REL * max(1.0, abs(incumbent)):
        return 0.0
    return diff / abs(incumbent) if incumbent != 0 else None


def _number(x: float | None) -> float | None:
    """A float without the sign of a negative zero (None stays None)."""
    return None if x is None else float(x) + 0.0


def process_threads(requested: int) -> tuple[int, str]:
    """The thread count to use in this process and a note when the request cannot be honoured."""
    global _process_threads
    if _process_threads is None:
        _process_threads = max(1, int(requested))
    if requested != _process_threads:
        return _process_threads, (
            f"threads={requested} ignored: HiGHS fixed threads={_process_threads} "
            "at this process's first solve"
        )
    return _process_threads, ""


def _termination(status: Any) -> TerminationCondition:
    """Pyomo's termination condition for a HiGHS model status (as Pyomo's interface maps it)."""
    import highspy

    s = highspy.HighsModelStatus
    table = {
        s.kOptimal: TerminationCondition.convergenceCriteriaSatisfied,
        s.kInfeasible: TerminationCondition.provenInfeasible,
        s.kUnboundedOrInfeasible: TerminationCondition.infeasibleOrUnbounded,
        s.kUnbounded: TerminationCondition.unbounded,
        s.kObjectiveBound: TerminationCondition.objectiveLimit,
        s.kObjectiveTarget: TerminationCondition.objectiveLimit,
        s.kTimeLimit: TerminationCondition.maxTimeLimit,
        s.kIterationLimit: TerminationCondition.iterationLimit,
        s.kSolutionLimit: TerminationCondition.iterationLimit,
        s.kInterrupt: TerminationCondition.interrupted,
        s.kLoadError: TerminationCondition.error,
        s.kModelError: TerminationCondition.error,
        s.kPresolveError: TerminationCondition.error,
        s.kSolveError: TerminationCondition.error,
        s.kPostsolveError: TerminationCondition.error,
    }
    return table.get(status, TerminationCondition.unknown)


_banner_swallowed = False


def new_highs() -> Any:
    """A silent ``highspy.Highs`` (HiGHS prints a banner to the C stdout at a process's first one)."""
    global _banner_swallowed
    import highspy

    if _banner_swallowed:
        highs = highspy.Highs()
    else:
        from pyomo.common.tee import capture_output

        with capture_output(capture_fd=True):
            highs = highspy.Highs()
        _banner_swallowed = True
    highs.setOptionValue("output_flag", False)
    return highs


@dataclass(frozen=True)
class HighsRun:
    """What one HiGHS run returned (statuses in Pyomo's terms, as ``map_status`` reads them)."""

    termination_condition: TerminationCondition
    solution_status: SolutionStatus
    incumbent_objective: float | None
    objective_bound: float | None
    highs_time: float  # HiGHS's run time, cumulative over the Highs object's life


def _stop_when_asked(event: Any) -> None:
    """HiGHS interrupt callback: stop the run when a signal (or a stop event) asked to."""
    if interrupt.requested() is not None:
        event.interrupt()


class HighsSolver:
    """A HiGHS instance bound to one model, kept for re-solves.

    The first ``run`` hands the model to HiGHS in one call (``DirectUpdates.transfer``);
    later runs push changed Params themselves (``planner.model.direct``): a changed Param
    value reaches HiGHS directly as a changed coefficient, row bound or objective cost; new
    or removed constraints and changed variable bounds must be passed explicitly
    (``add_constraints``, ``remove_constraints``, ``update_variables``); ``run`` switches
    objectives itself.
    """

    def __init__(
        self,
        model: pyo.ConcreteModel,
        *,
        threads: int = 1,
        random_seed: int = 0,
        options: dict[str, Any] | None = None,
    ):
        self.model = model
        self.options = dict(options or {})  # extra HiGHS options, e.g. mip_feasibility_tolerance
        self.threads, self.note = process_threads(threads)
        self.random_seed = random_seed
        self._objective: pyo.Objective | None = None
        self._direct: DirectUpdates | None = None  # set by the transfer (the first run)
        self._highs_time = 0.0
        self._solution: Any = None  # HiGHS's last solution with a package (for warm starts)
        self._values: np.ndarray | None = None  # its column values (for ``load``)
        self._results: HighsRun | None = None
        self._loaded_columns: tuple[tuple, np.ndarray] | None = None  # see ``_columns_of``
        self._ran = False

    @property
    def _instance_set(self) -> bool:
        return self._direct is not None

    @property
    def version(self) -> str:
        """``HiGHS x.y.z``."""
        import highspy

        v = (highspy.HIGHS_VERSION_MAJOR, highspy.HIGHS_VERSION_MINOR, highspy.HIGHS_VERSION_PATCH)
        return "HiGHS " + ".".join(str(x) for x in v)

    def _select(self, objective: pyo.Objective) -> None:
        """Make ``objective`` the only active objective and tell HiGHS when it changed."""
        if objective is self._objective:
            return
        for obj in self.model.component_objects(pyo.Objective, active=True):
            obj.deactivate()
        objective.activate()
        if self._direct is not None:
            self._direct.select(objective)
        self._objective = objective

    def _highs(self) -> Any:
        """The highspy object (after the transfer)."""
        if self._direct is None:
            raise PlannerError("the model has not been handed to HiGHS yet")
        return self._direct.highs

    def run(
        self,
        objective: pyo.Objective,
        *,
        time_limit: float,
        mip_gap: float,
        warm_start: bool = False,
    ) -> RunResult:
        """Solve the model for one objective; never raises on infeasible or on a limit.

        Args:
            objective: An Objective component of the model (activated here, others deactivated).
            time_limit: Seconds for HiGHS.
            mip_gap: Relative gap at which HiGHS may stop.
            warm_start: Start from the last run's package (a lexicographic tie-break stage,
                where that package is still feasible); HiGHS ignores a start that is not.
        """
        interrupt.check()  # a signal swallowed on the way here (e.g. by a bare except) still stops
        if self._direct is not None:
            self._direct.sync()
        self._select(objective)
        tick = time.perf_counter()
        self._ensure_instance()
        time_limit = float(time_limit) - (time.perf_counter() - tick)  # the transfer counts too
        warm = warm_start and self._solution is not None
        if warm:
            self._highs().setSolution(self._solution)
        res = self._solve(time_limit, mip_gap)
        if warm and not self._solution_matches(res):
            # HiGHS 1.16 can prove a better optimum after setSolution yet return the start as
            # its solution; solve again from scratch rather than load a package that is not
            # the one HiGHS proved optimal.
            self._highs().clearSolver()
            left = float(time_limit) - (time.perf_counter() - tick)
            res = self._solve(left, mip_gap)
        if not self._solution_matches(res):
            raise PlannerError(
                "HiGHS returned a solution whose objective differs from the incumbent it "
                "reports; no usable result"
            )
        return self._result(res, time.perf_counter() - tick)

    def _solve(self, time_limit: float, mip_gap: float) -> HighsRun:
        """One HiGHS run of the active objective (the model is already transferred)."""
        highs = self._highs()
        if not self._ran:  # HiGHS fixes its thread pool at a process's first run
            highs.setOptionValue("threads", self.threads)
            self._ran = True
        options = {
            **self.options,
            "time_limit": max(float(time_limit), MIN_TIME_LIMIT_S),
            "mip_rel_gap": float(mip_gap),
            "random_seed": int(self.random_seed),
            "output_flag": False,
        }
        for key, option in options.items():
            highs.setOptionValue(key, option)
        self._solution = None
        self._values = None
        StaleFlagManager.mark_all_as_stale()
        with gc_paused(), interrupt.shielded():
            highs.run()
        interrupt.check()  # a signal during the run stopped HiGHS: stop here too
        return self._postsolve(highs)

    def _postsolve(self, highs: Any) -> HighsRun:
        """Statuses, incumbent and bound of the finished run (as Pyomo's interface reads them)."""
        import highspy

        status = highs.getModelStatus()
        info = highs.getInfo()
        has_solution = info.primal_solution_status == 2  # 0 none, 1 infeasible, 2 feasible
        if status == highspy.HighsModelStatus.kOptimal:
            solution = SolutionStatus.optimal
        elif has_solution:
            solution = SolutionStatus.feasible
        else:
            solution = SolutionStatus.noSolution
        termination = _termination(status)
        incumbent = info.objective_function_value if has_solution else None
        if info.mip_node_count == -1:  # an LP: the bound is the optimum when proven
            optimal = termination == TerminationCondition.convergenceCriteriaSatisfied
            bound = info.objective_function_value if has_solution and optimal else None
        else:
            bound = info.mip_dual_bound
        if has_solution:
            solution_now = highs.getSolution()
            self._solution = solution_now
            self._values = np.asarray(solution_now.col_value, dtype=np.double)
        return HighsRun(termination, solution, incumbent, bound, highs.getRunTime())

    def _solution_matches(self, res: HighsRun) -> bool:
        """True unless HiGHS's returned columns give another objective than its incumbent."""
        if res.solution_status not in _WITH_PACKAGE or res.incumbent_objective is None:
            return True
        if self._values is None:
            return False
        highs = self._highs()
        n = highs.getNumCol()
        costs = highs.getCols(n, np.arange(n, dtype=np.int32))[2]
        value = float(highs.getObjectiveOffset()[1] + np.dot(costs, self._values))
        incumbent = float(res.incumbent_objective)
        return abs(value - incumbent) <= SOLUTION_OBJECTIVE_REL * max(1.0, abs(incumbent))

    def _ensure_instance(self) -> None:
        """Transfer the model to HiGHS once, and let HiGHS stop when a signal arrives.

        HiGHS calls back at its simplex, IPM and MIP interrupt points; the callback asks it
        to stop when :func:`planner.interrupt.requested` (SIGINT, SIGTERM, SIGHUP or a sweep
        worker's stop event). The run then ends ``interrupted`` and ``run`` raises.
        """
        if self._direct is not None:
            return
        highs = new_highs()
        direct = DirectUpdates(highs)
        with gc_paused():
            direct.transfer(self.model, self._objective)
            if self._objective is not None:
                direct.select(self._objective)
        highs.cbSimplexInterrupt += _stop_when_asked
        highs.cbIpmInterrupt += _stop_when_asked
        highs.cbMipInterrupt += _stop_when_asked
        self._direct = direct

    def _result(self, res: HighsRun, wall: float) -> RunResult:
        """Our RunResult of a finished run (keeps the run for ``load`` and warm starts)."""
        self._results = res
        if res.solution_status not in _WITH_PACKAGE:
            self._solution = None
        total = float(res.highs_time)  # cumulative over this HiGHS object's life
        highs_seconds, self._highs_time = total - self._highs_time, total
        status = map_status(res.termination_condition, res.solution_status)
        incumbent = _number(res.incumbent_objective) if status.has_package else None
        bound = _number(res.objective_bound) if status.has_package else None
        return RunResult(
            status=status,
            incumbent=incumbent,
            bound=bound,
            gap=relative_gap(incumbent, bound),
            highs_seconds=highs_seconds,
            wall_seconds=wall,
            termination=res.termination_condition.name,
            message=self.note,
        )

    def load(self, variables: Sequence, *, binary: bool = False) -> None:
        """Load the last run's values of ``variables`` into the model (only after a package).

        Args:
            variables: Pyomo variables of the model.
            binary: Round each value to 0 or 1 (``round_package`` in one pass); a value
                further than ``INTEGRALITY`` from 0 or 1 raises ``PlannerError``.
        """
        if self._results is None or self._direct is None:
            raise PlannerError("no HiGHS run to load values from")
        if self._values is None:
            raise PlannerError("the last HiGHS run has no solution to load")
        if not variables:
            return
        values = self._values[self._columns_of(variables)]
        if binary:
            rounded = np.rint(values)
            bad = (np.abs(values - rounded) > INTEGRALITY) | ((rounded != 0) & (rounded != 1))
            if bad.any():
                k = int(np.flatnonzero(bad)[0])
                raise PlannerError(f"HiGHS returned {variables[k].name} = {values[k]}, not 0 or 1")
            for v, x in zip(variables, rounded.astype(np.int64).tolist(), strict=True):
                v.set_value(x, skip_validation=True)
        else:
            for v, x in zip(variables, values.tolist(), strict=True):
                v.set_value(x, skip_validation=True)
        StaleFlagManager.mark_all_as_stale(delayed=True)

    def _columns_of(self, variables: Sequence) -> np.ndarray:
        """HiGHS columns of ``variables`` (kept for a tuple loaded again, e.g. every stage's package)."""
        cached = self._loaded_columns
        if cached is not None and cached[0] is variables:
            return cached[1]
        assert self._direct is not None
        index = self._direct.columns.index
        columns = np.fromiter((index[id(v)] for v in variables), np.int64, len(variables))
        if isinstance(variables, tuple):
            self._loaded_columns = (variables, columns)
        return columns

    def add_constraints(self, constraints: list) -> None:
        """Pass constraints added to the model after the first run."""
        if self._direct is not None:
            self._direct.add_rows(constraints)

    def remove_constraints(self, constraints: list) -> None:
        """Remove constraints from HiGHS (deactivate or delete them in the model too)."""
        if self._direct is not None:
            self._direct.sync()
            self._direct.remove_rows(constraints)

    def update_variables(self, variables: list) -> None:
        """Pass changed bounds or fixings of variables after the first run (as column bounds)."""
        if self._direct is not None:
            self._direct.update_variables(variables)
