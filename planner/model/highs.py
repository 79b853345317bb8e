"""The HiGHS adapter: one persistent solver per model, limits from SolveOptions, statuses mapped in one place."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pyomo.core as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from planner import interrupt
from planner.errors import PlannerError
from planner.model.direct import DirectUpdates, solve_lean
from planner.model.gc_pause import gc_paused
from planner.solution import RunResult, Status
from planner.tolerances import GAP_ZERO_REL, MIN_TIME_LIMIT_S, SOLUTION_OBJECTIVE_REL

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


def _stop_when_asked(event: Any) -> None:
    """HiGHS interrupt callback: stop the run when a signal (or a stop event) asked to."""
    if interrupt.requested() is not None:
        event.interrupt()


class HighsSolver:
    """A persistent HiGHS instance bound to one model.

    Auto-updates are off; ``run`` pushes mutable Params itself (``planner.model.direct``):
    after the first run, a changed Param value reaches HiGHS directly as a changed
    coefficient, row bound or objective cost; new or removed constraints,
    changed variable bounds and a new objective must be passed explicitly
    (``add_constraints``, ``remove_constraints``, ``update_variables``; ``run`` switches
    objectives itself).
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
        self._opt = Highs()  # the class SolverFactory('highs') names, without pyomo.environ
        updates = self._opt.config.auto_updates
        for flag in (
            "check_for_new_or_removed_constraints",
            "check_for_new_or_removed_vars",
            "check_for_new_or_removed_params",
            "check_for_new_objective",
            "update_constraints",
            "update_vars",
            "update_named_expressions",
            "update_objective",
            "update_parameters",  # done in ``run`` itself, before a warm start is set
        ):
            setattr(updates, flag, False)
        self._objective: pyo.Objective | None = None
        self._instance_set = False
        self._direct: DirectUpdates | None = None
        self._solved_once = False  # the first run goes through Pyomo (threads), later ones lean
        self._highs_time = 0.0
        self._solution = None  # HiGHS's last solution with a package (for warm starts)
        self._results = None

    @property
    def version(self) -> str:
        """``HiGHS x.y.z``."""
        return "HiGHS " + ".".join(str(v) for v in self._opt.version())

    def _select(self, objective: pyo.Objective) -> None:
        """Make ``objective`` the only active objective and tell HiGHS when it changed."""
        if objective is self._objective:
            return
        for obj in self.model.component_objects(pyo.Objective, active=True):
            obj.deactivate()
        objective.activate()
        if self._instance_set:
            self._direct_updates().select(objective)
        self._objective = objective

    def _direct_updates(self) -> DirectUpdates:
        """The lean update path, built when HiGHS holds exactly the model's current values.

        That is right after the transfer (the first run) and right after rows are added or
        removed (which Pyomo passes with the current values, all others synced before).
        """
        if self._direct is None:
            self._direct = DirectUpdates(self._opt)
            if self._objective is not None:
                self._direct.select(self._objective)
        return self._direct

    def _highs(self) -> Any:
        """The highspy object inside Pyomo's interface (private attribute; pyomo is pinned)."""
        return self._opt._solver_model

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
        if self._instance_set:
            self._direct_updates().sync()
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

    def _solve(self, time_limit: float, mip_gap: float) -> Any:
        """One HiGHS run of the active objective (the model is already transferred).

        The first run goes through Pyomo's ``solve`` (it fixes the thread count); later runs
        take the lean path (:func:`planner.model.direct.solve_lean`), the changes having been
        pushed by :class:`planner.model.direct.DirectUpdates`.
        """
        limit = max(float(time_limit), MIN_TIME_LIMIT_S)
        # output_flag off: HiGHS would otherwise print to the terminal when a Param
        # update outside Pyomo's output capture sets a 1e30 ("infinite") row bound.
        options = {**self.options, "random_seed": int(self.random_seed), "output_flag": False}
        with gc_paused(), interrupt.shielded():
            if self._solved_once:
                res = solve_lean(self._opt, time_limit=limit, mip_gap=mip_gap, options=options)
            else:
                res = self._opt.solve(
                    self.model,
                    load_solutions=False,
                    raise_exception_on_nonoptimal_result=False,
                    time_limit=limit,
                    rel_gap=float(mip_gap),
                    threads=self.threads,
                    solver_options=options,
                )
        self._solved_once = True
        interrupt.check()  # a signal during the run stopped HiGHS: stop here too
        return res

    def _solution_matches(self, res: Any) -> bool:
        """True unless HiGHS's returned columns give another objective than its incumbent."""
        if res.solution_status not in _WITH_PACKAGE or res.incumbent_objective is None:
            return True
        highs = self._highs()
        n = highs.getNumCol()
        costs = highs.getCols(n, np.arange(n, dtype=np.int32))[2]
        columns = np.asarray(highs.getSolution().col_value, dtype=float)
        value = float(highs.getObjectiveOffset()[1] + np.dot(costs, columns))
        incumbent = float(res.incumbent_objective)
        return abs(value - incumbent) <= SOLUTION_OBJECTIVE_REL * max(1.0, abs(incumbent))

    def _ensure_instance(self) -> None:
        """Transfer the model to HiGHS once, and let HiGHS stop when a signal arrives.

        HiGHS calls back at its simplex, IPM and MIP interrupt points; the callback asks it
        to stop when :func:`planner.interrupt.requested` (SIGINT, SIGTERM, SIGHUP or a sweep
        worker's stop event). The run then ends ``interrupted`` and ``run`` raises.
        """
        if self._instance_set:
            return
        with gc_paused():
            self._opt.set_instance(self.model)
        self._instance_set = True
        highs = self._highs()
        highs.cbSimplexInterrupt += _stop_when_asked
        highs.cbIpmInterrupt += _stop_when_asked
        highs.cbMipInterrupt += _stop_when_asked
        self._direct_updates()  # HiGHS now holds exactly the model's current values

    def _result(self, res: Any, wall: float) -> RunResult:
        """Our RunResult of a finished run (keeps the run for ``load`` and warm starts)."""
        self._results = res
        has_package = res.solution_status in _WITH_PACKAGE
        self._solution = self._highs().getSolution() if has_package else None
        total = float(res.timing_info.highs_time)  # cumulative over this HiGHS object's life
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

    def load(self, variables: list) -> None:
        """Load the last run's values of ``variables`` into the model (only after a package)."""
        if self._results is None:
            raise PlannerError("no HiGHS run to load values from")
        if variables:
            self._results.solution_loader.load_vars(vars_to_load=variables)

    def add_constraints(self, constraints: list) -> None:
        """Pass constraints added to the model after the first run."""
        if self._instance_set:
            self._direct_updates().sync()
            self._opt.add_constraints(constraints)
            self._direct = None
            self._direct_updates()

    def remove_constraints(self, constraints: list) -> None:
        """Remove constraints from HiGHS (deactivate or delete them in the model too)."""
        if self._instance_set:
            self._direct_updates().sync()
            self._opt.remove_constraints(constraints)
            self._direct = None
            self._direct_updates()

    def update_variables(self, variables: list) -> None:
        """Pass changed bounds or fixings of variables after the first run (as column bounds)."""
        if self._instance_set:
            self._direct_updates().update_variables(variables)
