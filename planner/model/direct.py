"""The lean update path: changed Params, objectives and variable bounds go to HiGHS directly.

After Pyomo has transferred a model (``set_instance``), every mutable row bound and matrix
coefficient is mapped once to its HiGHS row and column, and indexed by the Params it
depends on. A re-solve then pushes only what changed: ``changeRowsBounds`` for row bounds,
``changeCoeff`` for coefficients, ``changeColsCost`` (with the sense and offset) to switch
between objectives, whose cost vectors are computed once and refreshed only when one of
their Params changed, and ``changeColsBounds`` for variable bounds. Pyomo stays the place
where the model is written; its persistent interface's own updates (which re-evaluate every
mutable expression and regenerate an objective at each switch) are not used after the
transfer. Relies on the attributes of Pyomo's HiGHS interface (pyomo is pinned).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pyomo.core as pyo
from pyomo.contrib.solver.solvers.highs import (
    _MutableConstraintBounds,
    _MutableLinearCoefficient,
)
from pyomo.core.expr.visitor import identify_mutable_parameters
from pyomo.repn import generate_standard_repn

INF = 1e30
"""HiGHS's infinite bound (|bound| >= 1e20 is infinite to HiGHS)."""


def _bound(x: Any, default: float) -> float:
    v = pyo.value(x) if x is not None else None
    return default if v is None else float(v)


class _Objective:
    """One objective's cost vector, sense and offset, with its mutable coefficients."""

    def __init__(self, obj: pyo.Objective, var_map: dict[int, int], n: int) -> None:
        repn = generate_standard_repn(obj.expr, quadratic=False, compute_values=False)
        self.maximise = obj.sense == pyo.maximize
        self.columns = np.array([var_map[id(v)] for v in repn.linear_vars], dtype=np.int32)
        self.coefs = list(repn.linear_coefs)
        self.constant = repn.constant
        self.params = {id(p) for c in self.coefs for p in identify_mutable_parameters(c)}
        self.params |= {id(p) for p in identify_mutable_parameters(self.constant)}
        self.n = n
        self.costs: np.ndarray | None = None

    def refresh(self) -> None:
        """Evaluate the cost vector (all columns: a switch overwrites the previous objective's)."""
        costs = np.zeros(self.n, dtype=np.double)
        np.add.at(costs, self.columns, [float(pyo.value(c)) for c in self.coefs])
        self.costs = costs


class DirectUpdates:
    """Row bounds, coefficients, objectives and column bounds pushed straight to HiGHS.

    Args:
        opt: Pyomo's HiGHS persistent interface, after its first solve (instance set).
    """

    def __init__(self, opt: Any) -> None:
        self.opt = opt
        self.highs = opt._solver_model
        self.bounds: list[tuple[Any, Any, Any]] = []  # (constraint, lower expr, upper expr)
        self.coefs: list[tuple[Any, int, Any]] = []  # (constraint, var id, coefficient expr)
        self.params: dict[int, Any] = {}
        self.pushed: dict[int, Any] = {}
        self.bound_users: dict[int, list[int]] = defaultdict(list)
        self.coef_users: dict[int, list[int]] = defaultdict(list)
        self.objectives: dict[int, tuple[pyo.Objective, _Objective]] = {}
        self.current: _Objective | None = None
        for con, helpers in opt._mutable_helpers.items():
            for h in helpers:
                if isinstance(h, _MutableConstraintBounds):
                    self._index(self.bound_users, len(self.bounds), (h.lower_expr, h.upper_expr))
                    self.bounds.append((con, h.lower_expr, h.upper_expr))
                elif isinstance(h, _MutableLinearCoefficient):
                    self._index(self.coef_users, len(self.coefs), (h.expr,))
                    self.coefs.append((con, h.pyomo_var_id, h.expr))

    def _index(self, users: dict[int, list[int]], k: int, exprs: tuple[Any, ...]) -> None:
        for e in exprs:
            for p in identify_mutable_parameters(e):
                users[id(p)].append(k)
                self.params[id(p)] = p
                self.pushed[id(p)] = p.value

    def changed(self) -> list[int]:
        """Ids of the Params whose value differs from the one HiGHS holds."""
        pushed = self.pushed
        return [k for k, p in self.params.items() if p.value != pushed[k]]

    def sync(self) -> int:
        """Push every changed Param's rows and coefficients; returns how many Params changed."""
        changed = self.changed()
        if not changed:
            return 0
        rows = sorted({k for p in changed for k in self.bound_users.get(p, ())})
        if rows:
            con_map = self.opt._pyomo_con_to_solver_con_map
            index = np.array([con_map[self.bounds[k][0]] for k in rows], dtype=np.int32)
            lower = np.array([_bound(self.bounds[k][1], -INF) for k in rows], dtype=np.double)
            upper = np.array([_bound(self.bounds[k][2], INF) for k in rows], dtype=np.double)
            self.highs.changeRowsBounds(len(rows), index, lower, upper)
        self._push_coefficients(changed)
        for k in changed:
            self.pushed[k] = self.params[k].value
        for _, o in self.objectives.values():
            if o.params.intersection(changed):
                o.costs = None
        if self.current is not None and self.current.costs is None:
            self._send(self.current)
        return len(changed)

    def _push_coefficients(self, changed: list[int]) -> None:
        con_map = self.opt._pyomo_con_to_solver_con_map
        var_map = self.opt._pyomo_var_to_solver_var_map
        for k in sorted({k for p in changed for k in self.coef_users.get(p, ())}):
            con, var_id, expr = self.coefs[k]
            self.highs.changeCoeff(con_map[con], var_map[var_id], float(pyo.value(expr)))

    def select(self, obj: pyo.Objective) -> None:
        """Make ``obj`` HiGHS's objective (its cost vector computed once, then cached)."""
        entry = self.objectives.get(id(obj))
        if entry is not None and entry[0] is obj:
            o = entry[1]
        else:  # new (or a deleted objective's id reused): compute its costs once
            var_map = self.opt._pyomo_var_to_solver_var_map
            o = _Objective(obj, var_map, len(var_map))
            self.objectives[id(obj)] = (obj, o)
            for p in identify_mutable_parameters(obj.expr):
                self.params.setdefault(id(p), p)
                self.pushed.setdefault(id(p), p.value)
        self._send(o)

    def _send(self, o: _Objective) -> None:
        if o.costs is None:
            o.refresh()
        assert o.costs is not None
        import highspy

        sense = highspy.ObjSense.kMaximize if o.maximise else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)
        self.highs.changeColsCost(o.n, np.arange(o.n, dtype=np.int32), o.costs)
        self.highs.changeObjectiveOffset(float(pyo.value(o.constant)))
        self.current = o

    def update_variables(self, variables: list) -> None:
        """Pass changed bounds or fixings of variables as column bounds (domains unchanged)."""
        var_map = self.opt._pyomo_var_to_solver_var_map
        cols, lower, upper = [], [], []
        for v in variables:
            cols.append(var_map[id(v)])
            if v.fixed:
                lower.append(float(v.value))
                upper.append(float(v.value))
            else:
                lower.append(_bound(v.lb, -INF))
                upper.append(_bound(v.ub, INF))
        if cols:
            self.highs.changeColsBounds(
                len(cols),
                np.array(cols, dtype=np.int32),
                np.array(lower, dtype=np.double),
                np.array(upper, dtype=np.double),
            )


def solve_lean(opt: Any, *, time_limit: float, mip_gap: float, options: dict[str, Any]) -> Any:
    """Re-solve a transferred model: HiGHS's ``run`` and Pyomo's result object, nothing else.

    Pyomo's ``solve`` would also re-read its configuration, capture the output streams
    (starting threads) and check the model for changes (all off here); the model was sent
    by the first solve, and the changes by :class:`DirectUpdates`.

    Returns:
        Pyomo's ``Results`` (termination, solution status, objective, bound, a loader).
    """
    import io

    from pyomo.common.timing import HierarchicalTimer
    from pyomo.core.staleflag import StaleFlagManager

    config = getattr(opt, "_planner_lean_config", None)
    if config is None:  # built once per interface (Pyomo's config processing is slow)
        config = opt.config(
            value={"load_solutions": False, "raise_exception_on_nonoptimal_result": False},
            preserve_implicit=True,
        )
        config.timer = HierarchicalTimer()
        opt._planner_lean_config = config
    opt._active_config = config
    StaleFlagManager.mark_all_as_stale()
    if opt._last_results_object is not None:
        opt._last_results_object.solution_loader.invalidate()
    highs = opt._solver_model
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", float(mip_gap))
    for key, option in options.items():
        highs.setOptionValue(key, option)
    try:
        highs.run()
        res = opt._postsolve(io.StringIO())
    finally:
        opt._active_config = opt.config
    opt._last_results_object = res
    return res
