"""The HiGHS side of a model: one transfer in a single call, then changes pushed directly.

``DirectUpdates.transfer`` compiles the model's active rows (``planner.model.transfer``)
and hands them to HiGHS with ``passModel`` in one call. It keeps the maps from Pyomo
components to HiGHS rows and columns, and indexes every mutable row bound and matrix
coefficient by the Params it depends on. A re-solve then pushes only what changed:
``changeRowsBounds`` for row bounds, ``changeCoeff`` for coefficients, ``changeColsCost``
(with the sense and offset) to switch between objectives, whose cost vectors are computed
once and refreshed only when one of their Params changed, and ``changeColsBounds`` for
variable bounds. Rows added or removed later (cuts, analysis rows) go through ``add_rows``
and ``remove_rows``. Pyomo stays the place where the model is written.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pyomo.core as pyo

from planner.errors import PlannerError
from planner.model.rows import compile_rows
from planner.model.transfer import (
    PARAM_TYPES,
    Columns,
    MutableBound,
    MutableCoefficient,
    Part,
    column_arrays,
    column_bounds,
    evaluate,
    find_params,
    linear_terms,
    number,
)

INF = float("inf")


class _Objective:
    """One objective's cost vector, sense and offset, with its mutable coefficients.

    A coefficient that is one Param term (most) is kept as three entries of flat lists
    (position, expression, scale), not as tuples: an objective of 48k such terms would
    otherwise leave 150k tuples for the garbage collector to walk during the solve.
    """

    def __init__(self, obj: pyo.Objective, columns: Columns) -> None:
        terms = linear_terms(obj.expr)
        self.maximise = obj.sense == pyo.maximize
        ids = list(map(id, terms.variables))
        self.mutable: list[tuple[int, float, tuple[Part, ...]]] = []  # (position, fixed, parts)
        if len(set(ids)) == len(ids):  # each variable once (the usual case): terms as written
            cols: list = list(map(columns.index.get, ids))
            if None in cols:  # new columns, in order of first appearance
                cols = [
                    c if c is not None else columns.of(v)
                    for c, v in zip(cols, terms.variables, strict=True)
                ]
            values = terms.coefs
            self.single = (
                [k for k, _ in terms.mutable],
                [e for _, (e, _) in terms.mutable],
                [scale for _, (_, scale) in terms.mutable],
            )
        else:
            entries = terms.entries()
            cols = [columns.of(e[0]) for e in entries]
            values = [e[1] for e in entries]
            self.mutable = [
                (k, e[2], tuple(e[3])) for k, e in enumerate(entries) if e[3] is not None
            ]
            self.single = ([], [], [])
        self.columns = np.array(cols, dtype=np.int32)
        self.values = np.array(values, dtype=np.double)
        self.constant = (terms.constant_fixed, tuple(terms.constant_parts))
        params: dict[int, Any] = {}
        exprs = [e for _, _, parts in self.mutable for e, _ in parts] + self.single[1]
        for e in exprs:
            if e.__class__ in PARAM_TYPES:
                params[id(e)] = e
            else:
                find_params(e, params)
        for e, _ in terms.constant_parts:
            find_params(e, params)
        self.params = params
        self.fresh = True  # ``values`` hold the current Param values

    def refresh(self) -> None:
        """Re-evaluate the mutable coefficients (after one of their Params changed)."""
        values = self.values
        for k, e, scale in zip(*self.single, strict=True):
            values[k] = float(0 + scale * number(e))  # ``evaluate(0, ((e, scale),))``
        for k, fixed, parts in self.mutable:
            values[k] = evaluate(fixed, parts)
        self.fresh = True

    def offset(self) -> float:
        """The constant of the objective now."""
        return evaluate(*self.constant)

    def costs(self, n: int) -> np.ndarray:
        """The cost of every column (a switch overwrites the previous objective's)."""
        if not self.fresh:
            self.refresh()
        costs = np.zeros(n, dtype=np.double)
        costs[self.columns] = self.values
        return costs


class DirectUpdates:
    """A HiGHS model mirroring a Pyomo model, with changes pushed straight to HiGHS.

    Args:
        highs: An empty ``highspy.Highs`` object (``transfer`` fills it).
    """

    def __init__(self, highs: Any) -> None:
        self.highs = highs
        self.columns = Columns()
        self.rows: dict[Any, int] = {}  # constraint -> HiGHS row (insertion order = row order)
        self.bounds: list[MutableBound] = []
        self.coefs: list[MutableCoefficient] = []
        self.params: dict[int, Any] = {}
        self.pushed: dict[int, Any] = {}
        self.bound_users: dict[int, list[int]] = defaultdict(list)
        self.coef_users: dict[int, list[int]] = defaultdict(list)
        self.objectives: dict[int, tuple[pyo.Objective, _Objective]] = {}
        self.current: _Objective | None = None

    # --- the model's rows and columns ----------------------------------------------------

    def transfer(self, model: pyo.ConcreteModel, objective: pyo.Objective | None) -> None:
        """Send the model's active rows (and the objective's columns) to HiGHS in one call."""
        import highspy

        constraints = list(model.component_data_objects(pyo.Constraint, active=True))
        block = compile_rows(constraints, self.columns)
        if objective is not None:  # its columns are part of the model HiGHS gets
            self._objective(objective, new_columns=False)
        lower, upper, integrality = column_arrays(self.columns.variables)
        n = len(lower)
        self.highs.passModel(
            n,
            len(block.lower),
            block.nonzeros,
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMinimize),
            0.0,
            np.zeros(n, dtype=np.double),
            lower,
            upper,
            block.lower,
            block.upper,
            block.start,
            block.index,
            block.value,
            integrality.astype(np.int32),
        )
        self._register(block.constraints, block.bounds, block.coefficients)

    def _register(
        self, constraints: list, bounds: list[MutableBound], coefs: list[MutableCoefficient]
    ) -> None:
        for con in constraints:
            if con in self.rows:
                raise PlannerError(f"constraint {con.name} is already in HiGHS")
            self.rows[con] = len(self.rows)
        for b in bounds:
            self._index(self.bound_users, len(self.bounds), b.expressions())
            self.bounds.append(b)
        users, params, pushed = self.coef_users, self.params, self.pushed
        for k, c in enumerate(coefs, start=len(self.coefs)):
            parts = c.parts
            param = parts[0][0]
            if len(parts) == 1 and param.__class__ in PARAM_TYPES:  # most: one bare Param
                key = id(param)
                users[key].append(k)
                if key not in params:
                    params[key] = param
                    pushed[key] = param._value
            else:
                self._index(users, k, [e for e, _ in parts])
        self.coefs += coefs

    def _index(self, users: dict[int, list[int]], k: int, exprs: list[Any]) -> None:
        found: dict[int, Any] = {}
        for e in exprs:
            if e.__class__ in PARAM_TYPES:  # most coefficients and bounds are a bare Param
                found[id(e)] = e
            else:
                find_params(e, found)
        params, pushed = self.params, self.pushed
        for key, p in found.items():
            users[key].append(k)
            if key not in params:
                params[key] = p
                pushed[key] = p._value

    def _new_columns(self, start: int) -> None:
        """Pass columns appended to ``self.columns`` since column ``start`` (zero cost)."""
        variables = self.columns.variables[start:]
        if not variables:
            return
        lower, upper, integrality = column_arrays(variables)
        n = len(variables)
        self.highs.addVars(n, lower, upper)
        cols = np.arange(start, start + n, dtype=np.int32)
        self.highs.changeColsIntegrality(n, cols, integrality)

    def add_rows(self, constraints: list) -> None:
        """Pass rows added to the model after the transfer (with the current values)."""
        self.sync()  # HiGHS holds the current values before the new rows are compiled
        first = len(self.columns.variables)
        block = compile_rows(constraints, self.columns)
        self._new_columns(first)
        self.highs.addRows(
            len(block.lower),
            block.lower,
            block.upper,
            block.nonzeros,
            block.start[:-1],
            block.index,
            block.value,
        )
        self._register(block.constraints, block.bounds, block.coefficients)

    def remove_rows(self, constraints: list) -> None:
        """Delete rows from HiGHS (their columns stay, unreferenced when no other row uses them)."""
        gone = set()
        for con in constraints:
            if con not in self.rows:
                raise PlannerError(f"constraint {con.name} is not in HiGHS")
            gone.add(self.rows[con])
        self.highs.deleteRows(len(gone), np.array(sorted(gone), dtype=np.int32))
        kept = [c for c, k in self.rows.items() if k not in gone]  # dicts keep row order
        self.rows = {c: k for k, c in enumerate(kept)}
        bounds = [b for b in self.bounds if b.constraint in self.rows]
        coefs = [c for c in self.coefs if c.constraint in self.rows]
        self.bounds, self.coefs = [], []
        self.bound_users.clear()
        self.coef_users.clear()
        self._register([], bounds, coefs)

    # --- Params, objectives, bounds --------------------------------------------------------

    def changed(self) -> list[int]:
        """Ids of the Params whose value differs from the one HiGHS holds."""
        pushed = self.pushed
        return [k for k, p in self.params.items() if p._value != pushed[k]]

    def sync(self) -> int:
        """Push every changed Param's rows and coefficients; returns how many Params changed."""
        changed = self.changed()
        if not changed:
            return 0
        rows = sorted({k for p in changed for k in self.bound_users.get(p, ())})
        if rows:
            values = [self.bounds[k].values() for k in rows]
            self.highs.changeRowsBounds(
                len(rows),
                np.array([self.rows[self.bounds[k].constraint] for k in rows], dtype=np.int32),
                np.array([v[0] for v in values], dtype=np.double),
                np.array([v[1] for v in values], dtype=np.double),
            )
        for k in sorted({k for p in changed for k in self.coef_users.get(p, ())}):
            c = self.coefs[k]
            self.highs.changeCoeff(self.rows[c.constraint], c.column, c.value())
        for k in changed:
            self.pushed[k] = self.params[k]._value
        for _, o in self.objectives.values():
            if not o.params.keys().isdisjoint(changed):
                o.fresh = False
        if self.current is not None and not self.current.fresh:
            self._send(self.current)
        return len(changed)

    def select(self, obj: pyo.Objective) -> None:
        """Make ``obj`` HiGHS's objective (its cost vector computed once, then cached)."""
        self._send(self._objective(obj))

    def _objective(self, obj: pyo.Objective, new_columns: bool = True) -> _Objective:
        """The compiled objective (compiled at its first use; new variables become columns)."""
        entry = self.objectives.get(id(obj))
        if entry is not None and entry[0] is obj:
            return entry[1]
        first = len(self.columns.variables)  # new, or a deleted objective's id reused
        o = _Objective(obj, self.columns)
        if new_columns:
            self._new_columns(first)
        self.objectives[id(obj)] = (obj, o)
        for key, p in o.params.items():
            if key not in self.params:
                self.params[key] = p
                self.pushed[key] = p._value
        return o

    def _send(self, o: _Objective) -> None:
        import highspy

        n = len(self.columns.variables)
        sense = highspy.ObjSense.kMaximize if o.maximise else highspy.ObjSense.kMinimize
        self.highs.changeObjectiveSense(sense)
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), o.costs(n))
        self.highs.changeObjectiveOffset(o.offset())
        self.current = o

    def update_variables(self, variables: list) -> None:
        """Pass changed bounds or fixings of variables as column bounds (domains unchanged)."""
        index = self.columns.index
        cols, lower, upper = [], [], []
        for v in variables:
            cols.append(index[id(v)])
            lo, up = column_bounds(v)
            lower.append(lo)
            upper.append(up)
        if cols:
            self.highs.changeColsBounds(
                len(cols),
                np.array(cols, dtype=np.int32),
                np.array(lower, dtype=np.double),
                np.array(upper, dtype=np.double),
            )

    def values(self, solution: Any) -> np.ndarray:
        """The column values of a HiGHS solution as one array (one copy out of HiGHS)."""
        return np.asarray(solution.col_value, dtype=np.double)
