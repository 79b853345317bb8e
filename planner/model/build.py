"""Build the Pyomo model of SPEC 2 from a scenario: sets, Params, variables, expressions, constraints."""

from __future__ import annotations

import time

import pyomo.core as pyo
from pyomo.core.base.param import ParamData

from planner.gc_pause import gc_paused
from planner.model import constraints_core, constraints_rules
from planner.model.data import ModelData, ModelValues, model_data
from planner.model.derived import Derived
from planner.model.expressions import define_expressions, define_variables
from planner.scenario import Scenario


class BuildTimeout(Exception):
    """The deadline passed while building the model (see ``build_model``'s ``deadline``)."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.perf_counter() > deadline:
        raise BuildTimeout


def build_model(
    scenario: Scenario,
    derived: Derived | None = None,
    data: ModelData | None = None,
    deadline: float | None = None,
) -> pyo.ConcreteModel:
    """The model's feasible set and named expressions, with no objective (see ``objectives``).

    Args:
        scenario: The validated scenario.
        derived: Its derived data (computed when omitted).
        data: Precomputed ``model_data(scenario, derived)`` (computed when omitted).
        deadline: A ``time.perf_counter()`` value; between build steps, past it raises
            ``BuildTimeout`` (so a time limit bounds the build, one step at most over).

    Returns:
        A ``ConcreteModel`` whose components are listed in ``planner.model``'s docstring;
        ``m.planner_data`` holds the ``ModelData`` it was built from.
    """
    with gc_paused(settle=True):
        data = data or model_data(scenario, derived)
        _check(deadline)
        m = pyo.ConcreteModel(name="planner")
        m.planner_data = data
        define_sets(m, data)
        define_params(m, data.values)
        _check(deadline)
        define_variables(m)
        _check(deadline)
        define_expressions(m)
        for define in constraints_core.DEFINITIONS + constraints_rules.DEFINITIONS:
            _check(deadline)
            define(m)
    return m


def define_sets(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Sparse index sets: only eligible options, allowed starts and needed (i, t) pairs."""
    s = data.structure
    m.PERIODS = pyo.Set(initialize=s.periods, ordered=True)
    m.PARTIES = pyo.Set(initialize=s.parties, ordered=True)
    m.ACTIVITIES = pyo.Set(initialize=s.activities, ordered=True)
    m.CHOICES = pyo.Set(initialize=s.choices, dimen=2, ordered=True)
    m.BLOCKS = pyo.Set(
        initialize=[(a, o) for a, o, _ in (*s.blocks, *s.stops)], dimen=2, ordered=True
    )
    m.STARTS = pyo.Set(initialize=s.starts, dimen=3, ordered=True)
    m.INTERACTION_PERIODS = pyo.Set(
        initialize=[(r.index, t) for r in s.interactions for t in r.periods],
        dimen=2,
        ordered=True,
    )


def _real_numbers(name: str, vals: dict) -> dict:
    """``vals`` after checking that every value is a real number (what ``within=Reals`` checks).

    The Params are declared over ``Any`` and checked here in one pass: Pyomo's per-entry
    domain check was a third of the Params' construction time (100,000 entries at 1,000
    activities).
    """
    for key, v in vals.items():
        if not isinstance(v, int | float) or isinstance(v, bool):
            raise TypeError(f"{name}[{key}] = {v!r} is not a real number")
    return vals


def add_keys_set(m: pyo.ConcreteModel, name: str, keys: list, dimen: int) -> pyo.Set:
    """Add ``m.<name>``: an ordered Set of distinct, flat ``keys`` (tuples of length ``dimen``, or scalars).

    The same Set as ``pyo.Set(initialize=keys, dimen=dimen, ordered=True)``, filled in one
    step: Pyomo checks and normalises every member on its way in (half of the Params'
    construction time at 1,000 activities), and these keys are already flat tuples of one
    length (``ModelValues``' dict keys).
    """
    index = pyo.Set(dimen=dimen, ordered=True)
    m.add_component(name, index)
    index._values = dict.fromkeys(keys)  # what ``Set.update`` stores (member -> None)
    return index


def fill_param(param: pyo.Param, vals: dict) -> None:
    """Store ``vals`` (real numbers, keys in the Param's index) in a constructed, empty mutable Param.

    What Pyomo's ``initialize=`` does for a mutable Param over ``Any`` (one ``ParamData``
    per key holding its value and key), without its per-entry index normalisation and
    validation: ``vals`` was checked by ``_real_numbers`` and its keys are the index set's.
    """
    data = param._data
    for key, v in vals.items():
        entry = data[key] = ParamData(param)
        entry._value = v
        entry._index = key


def define_params(m: pyo.ConcreteModel, values: ModelValues) -> None:
    """Every number a sweep may change, as a mutable Param (limits and coefficients)."""
    for name, vals in values.params().items():
        if name == "risk_cap":
            if vals is not None:
                m.risk_cap = pyo.Param(initialize=vals, mutable=True, within=pyo.Reals)
            continue
        assert isinstance(vals, dict)
        dimen = len(next(iter(vals))) if vals and isinstance(next(iter(vals)), tuple) else 1
        index = add_keys_set(m, f"{name.upper()}_KEYS", list(vals), dimen)
        param = pyo.Param(index, mutable=True, within=pyo.Any)
        m.add_component(name, param)
        fill_param(param, _real_numbers(name, vals))


def update_params(
    m: pyo.ConcreteModel, values: ModelValues, previous: ModelValues | None = None
) -> None:
    """Store new values in the model's mutable Params (index sets must be unchanged).

    With ``previous`` (the values the model holds now), only Params whose values differ
    are touched, entry by entry (a 1-D sweep changes a handful of the thousands).
    """
    old = previous.params() if previous is not None else {}
    for name, vals in values.params().items():
        if name == "risk_cap":
            if vals is not None and (previous is None or vals != old[name]):
                m.risk_cap.set_value(vals)
            continue
        assert isinstance(vals, dict)
        before = old.get(name)
        if before is None:
            getattr(m, name).store_values(_real_numbers(name, vals))
        elif vals != before:
            assert isinstance(before, dict)
            changed = {k: v for k, v in vals.items() if before[k] != v}
            getattr(m, name).store_values(_real_numbers(name, changed))
