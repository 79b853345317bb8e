"""The one-call transfer to HiGHS (planner.model.transfer, direct) gives the model Pyomo's interface gives.

Pyomo's persistent HiGHS interface (``set_instance``) is the reference: same columns in the
same order, same rows, bounds, integrality, objective costs and matrix, entry for entry.
The maps the lean updates use are checked by changing Params, adding and removing rows and
comparing HiGHS's model with a fresh transfer of the changed Pyomo model.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import numpy as np
import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, given, settings

import planner
from benchmarks.synthetic import SIZES, generate
from planner.model.build import build_model
from planner.model.highs import HighsSolver
from planner.model.objectives import define_objective_stages
from planner.model.rows import compile_rows
from planner.model.transfer import Columns, linear_terms
from planner.scenario import Scenario
from tests.support.strategies import scenarios

pytestmark = pytest.mark.model


def _lp(highs: Any) -> dict[str, np.ndarray]:
    import highspy

    lp = highs.getLp()
    a = lp.a_matrix_
    start, index = np.asarray(a.start_), np.asarray(a.index_)
    outer = np.repeat(np.arange(len(start) - 1), np.diff(start))  # the vector of each entry
    rows, cols = (outer, index) if a.format_ == highspy.MatrixFormat.kRowwise else (index, outer)
    order = np.lexsort((cols, rows))  # HiGHS may hold either format: compare (row, col) lists
    return {
        "shape": np.array([lp.num_col_, lp.num_row_]),
        "col_cost": np.asarray(lp.col_cost_),
        "col_lower": np.asarray(lp.col_lower_),
        "col_upper": np.asarray(lp.col_upper_),
        "row_lower": np.asarray(lp.row_lower_),
        "row_upper": np.asarray(lp.row_upper_),
        "integrality": np.asarray([int(x) for x in lp.integrality_]),
        "rows": rows[order],
        "cols": cols[order],
        "value": np.asarray(a.value_)[order],
        "sense": np.array([int(lp.sense_)]),
        "offset": np.array([lp.offset_]),
    }


def _assert_same(got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> None:
    for key, value in want.items():
        assert np.array_equal(got[key], value), key


def _pyomo_reference(m: pyo.ConcreteModel) -> dict[str, np.ndarray]:
    """The model as Pyomo's persistent HiGHS interface hands it over (the active objective)."""
    from pyomo.contrib.solver.common.factory import SolverFactory

    opt = SolverFactory("highs")
    opt.set_instance(m)
    return _lp(opt._solver_model)


def _transferred(m: pyo.ConcreteModel, objective: pyo.Objective) -> HighsSolver:
    solver = HighsSolver(m)
    solver._select(objective)
    solver._ensure_instance()
    return solver


def _check(s: Scenario, objective: str) -> None:
    if objective == "max_min_net" and s.settings.risk_cap is None:
        s = replace(s, settings=replace(s.settings, risk_cap=50.0))
    m = build_model(s)
    stages = define_objective_stages(m, objective)
    for stage in stages:  # every stage's objective, each against its own reference
        solver = _transferred(m, stage.objective)
        _assert_same(_lp(solver._highs()), _pyomo_reference(m))


@pytest.mark.parametrize("objective", ["min_risk", "min_peak", "max_min_net"])
def test_transfer_equals_pyomo_on_the_example_and_a_synthetic_size(objective: str) -> None:
    _check(planner.load_scenario("inputs/korea_2018.xlsx"), objective)
    _check(generate(SIZES[0], 0), objective)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(scenarios())
def test_transfer_equals_pyomo_on_random_scenarios(case: tuple[Scenario, str]) -> None:
    s, objective = case
    _check(s, objective)


def _by_name(solver: HighsSolver) -> dict[str, np.ndarray]:
    """HiGHS's model with its columns renumbered in variable-name order (rows as they are)."""
    lp = _lp(solver._highs())
    names = [v.name for v in solver._direct.columns.variables]
    order = np.argsort(names, kind="stable")  # new column k is old column order[k]
    new_of_old = np.empty(len(order), dtype=np.int64)
    new_of_old[order] = np.arange(len(order))
    for key in ("col_cost", "col_lower", "col_upper", "integrality"):
        lp[key] = lp[key][order]
    cols = new_of_old[lp["cols"]]
    entries = np.lexsort((cols, lp["rows"]))
    lp["rows"], lp["cols"], lp["value"] = lp["rows"][entries], cols[entries], lp["value"][entries]
    return lp


def _fresh(m: pyo.ConcreteModel, objective: pyo.Objective) -> dict[str, np.ndarray]:
    return _by_name(_transferred(m, objective))


def _scale_params(m: pyo.ConcreteModel, rng: random.Random, share: float) -> int:
    """Multiply a random share of the mutable Params by a factor in [0.5, 1.5] (never zero)."""
    changed = 0
    for param in m.component_objects(pyo.Param):
        if not param.mutable:
            continue
        for p in param.values():
            if p.value not in (0, None) and abs(p.value) < 1e20 and rng.random() < share:
                p.set_value(p.value * rng.uniform(0.5, 1.5))
                changed += 1
    return changed


@pytest.mark.parametrize("objective", ["min_risk", "min_peak", "max_min_net"])
def test_param_updates_reach_the_rows_coefficients_and_costs_a_rebuild_has(objective: str) -> None:
    rng = random.Random(7)
    s = generate(SIZES[0], 0)
    m = build_model(replace(s, settings=replace(s.settings, risk_cap=50.0)))
    stages = define_objective_stages(m, objective)
    solver = _transferred(m, stages[0].objective)
    for _ in range(3):
        assert _scale_params(m, rng, 0.3) > 0
        for stage in (stages[-1], stages[0]):  # switch objectives both ways after the change
            solver._direct.sync()
            solver._select(stage.objective)
            _assert_same(_by_name(solver), _fresh(m, stage.objective))


def test_added_and_removed_rows_give_the_model_a_fresh_transfer_gives() -> None:
    m = build_model(generate(SIZES[0], 0))
    stages = define_objective_stages(m, "min_risk")
    objective = stages[0].objective
    solver = _transferred(m, objective)
    m.extra_param = pyo.Param(initialize=3.0, mutable=True)
    choose = list(m.choose.values())
    m.extra_rows = pyo.ConstraintList()
    rows = [
        m.extra_rows.add(sum(choose[:5]) <= m.extra_param),
        m.extra_rows.add(m.party_net[m.PARTIES.first()] >= -m.extra_param * 100),
        m.extra_rows.add(m.extra_param * choose[7] + 2 * choose[8] >= 0),
    ]
    solver.add_constraints(rows)
    _assert_same(_by_name(solver), _fresh(m, objective))
    m.extra_param.set_value(4.5)  # mutable bound and coefficient of the added rows
    solver._direct.sync()
    _assert_same(_by_name(solver), _fresh(m, objective))
    first_rows = [m.one_option_per_activity[a] for a in list(m.ACTIVITIES)[:2]]
    solver.remove_constraints([*first_rows, rows[1]])
    for con in [*first_rows, rows[1]]:
        con.deactivate()
    # A removed row's columns stay in HiGHS (Pyomo would drop a column no row uses any
    # more): here every column is still used, so the models are equal up to column order.
    _assert_same(_by_name(solver), _fresh(m, objective))
    m.extra_param.set_value(2.0)  # the maps follow the renumbered rows
    solver._direct.sync()
    _assert_same(_by_name(solver), _fresh(m, objective))


def test_fixed_variables_stay_columns_at_their_value_and_can_be_freed() -> None:
    m = build_model(generate(SIZES[0], 0))
    stages = define_objective_stages(m, "min_risk")
    var = next(iter(m.choose.values()))
    var.fix(0)
    solver = _transferred(m, stages[0].objective)
    col = solver._direct.columns.index[id(var)]
    lp = _lp(solver._highs())
    assert lp["col_lower"][col] == 0 and lp["col_upper"][col] == 0
    var.unfix()
    solver.update_variables([var])
    lp = _lp(solver._highs())
    assert lp["col_lower"][col] == 0 and lp["col_upper"][col] == 1


def test_params_and_their_key_sets_are_those_pyomo_builds() -> None:
    """build_model fills the Params and their KEYS sets itself: the same components as Pyomo's."""
    m = build_model(planner.load_scenario("inputs/korea_2018.xlsx"))
    ref = pyo.ConcreteModel()
    for name, vals in m.planner_data.values.params().items():
        if not isinstance(vals, dict):
            continue
        keys = getattr(m, f"{name.upper()}_KEYS")
        dimen = len(next(iter(vals))) if vals and isinstance(next(iter(vals)), tuple) else 1
        ref_keys = pyo.Set(initialize=list(vals), dimen=dimen, ordered=True)
        ref.add_component(keys.name, ref_keys)
        ref_param = pyo.Param(ref_keys, initialize=vals, mutable=True, within=pyo.Any)
        ref.add_component(name, ref_param)
        param = getattr(m, name)
        assert list(keys) == list(ref_keys) and keys.dimen == ref_keys.dimen, name
        assert all(keys.ord(k) == ref_keys.ord(k) and k in keys for k in ref_keys), name
        assert param.mutable and param.index_set() is keys, name
        got = [(k, p.index(), p.value, p.name) for k, p in param.items()]
        want = [(k, p.index(), p.value, p.name) for k, p in ref_param.items()]
        assert got == want, name
        assert all(param[k] is p for k, p in param.items()), name
    key = next(iter(m.cost))
    m.cost[key] = 2.5  # a stored value reaches expressions through the same ParamData
    assert m.cost[key].value == 2.5


def _row_by_row(constraints: list, columns: Columns) -> tuple[list, list, list, list]:
    """compile_rows' matrix read one row at a time (Terms.entries): the reference."""
    index, value, start, mutable = [], [], [0], []
    for con in constraints:
        for var, val, fixed, parts in linear_terms(con.body).entries():
            col = columns.of(var)
            if parts is not None:
                mutable.append((con.name, col, fixed, [(p.name, s) for p, s in parts]))
            if val != 0:
                index.append(col)
                value.append(float(val))
        start.append(len(index))
    return index, value, start, mutable


def test_rows_compiled_at_once_equal_rows_read_one_by_one() -> None:
    """Repeated variables (summed at their first appearance, a sum of zero left out),
    zero coefficients, mutable coefficients repeated or mixed with fixed ones, a row the
    walk gives up on halfway, and columns that exist before the rows do."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(range(6))
    m.p = pyo.Param(range(3), initialize={0: 2.0, 1: 0.0, 2: -1.5}, mutable=True)
    x, p = m.x, m.p
    m.rows = pyo.ConstraintList()
    m.rows.add(x[3] + 2 * x[1] - x[3] + 0 * x[2] <= 4)  # x[3] sums to zero
    m.rows.add(p[0] * x[1] + x[4] + p[2] * x[1] + 3 * x[1] >= -1)
    m.rows.add(x[5] + p[1] * x[0] == 1)  # a zero mutable coefficient is still recorded
    m.rows.add(x[2] - x[2] + p[0] * x[0] - p[0] * x[0] <= 0)  # a row left empty
    m.rows.add(x[0] + x[5] + x[1] <= 3)
    m.rows.add(x[2] + 2 * (x[0] + x[3]) - x[2] >= 0)  # Pyomo's repn reads it, after a partial walk
    constraints = list(m.rows.values())
    for existing in ([], [x[5], x[1]]):
        got_columns, want_columns = Columns(), Columns()
        for var in existing:
            got_columns.of(var)
            want_columns.of(var)
        block = compile_rows(constraints, got_columns)
        index, value, start, mutable = _row_by_row(constraints, want_columns)
        assert block.index.tolist() == index and block.value.tolist() == value
        assert block.start.tolist() == start
        assert got_columns.variables == want_columns.variables
        assert [
            (c.constraint.name, c.column, c.fixed, [(e.name, s) for e, s in c.parts])
            for c in block.coefficients
        ] == mutable
        last = range(block.start[-2], block.start[-1])  # 2 x[0] + 2 x[3], x[2] cancelled
        names = {got_columns.variables[block.index[k]].name: block.value[k] for k in last}
        assert names == {"x[0]": 2.0, "x[3]": 2.0}
