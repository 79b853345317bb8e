"""Read the chosen package back from a solved model: choices, hazards and party totals as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyomo.core as pyo
from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from planner.errors import PlannerError
from planner.model.expressions import kept_on_model, period_hazard_groups
from planner.model.transfer import PARAM_TYPES, number
from planner.solution import Choice
from planner.tolerances import INTEGRALITY


@dataclass(frozen=True)
class PackageValues:
    """A package as the model sees it (every number read from the model's expressions)."""

    choices: tuple[Choice, ...]
    total_hazard: float
    period_hazard: tuple[float, ...]
    party_cost: dict[str, float] = field(default_factory=dict)
    party_benefit: dict[str, float] = field(default_factory=dict)


def expression_value(expr: Any) -> float:
    """``pyo.value(expr)`` of a (named) linear expression, without Pyomo's generic tree walk.

    For a ``LinearExpression`` body the terms are evaluated as Pyomo evaluates them
    (coefficient value times variable value, bare variables by value, then ``sum`` from the
    first term in argument order), so the result is bit-for-bit ``pyo.value(expr)``;
    anything else, or a variable without a value, goes through ``pyo.value``.
    """
    body = expr.expr if getattr(expr, "is_named_expression_type", bool)() else expr
    if body.__class__ is not LinearExpression:
        return float(pyo.value(expr))
    terms: list[Any] = []
    append = terms.append
    for arg in body.args:
        cls = arg.__class__
        if cls is MonomialTermExpression:
            coef, var = arg._args_
            x = var._value
            if x is None:
                return float(pyo.value(expr))
            if coef.__class__ not in native_numeric_types:
                if coef.__class__ in PARAM_TYPES:
                    coef = coef._value
                elif coef.is_potentially_variable():
                    return float(pyo.value(expr))
                else:  # products and negations of Params, as Pyomo evaluates them
                    coef = number(coef)
                if coef.__class__ not in native_numeric_types:
                    return float(pyo.value(expr))
            append(coef * x)
        elif cls in native_numeric_types:
            append(arg)
        elif arg.is_variable_type() and arg.value is not None:
            append(arg.value)
        else:
            return float(pyo.value(expr))
    if not terms:
        return 0.0
    it = iter(terms)
    return float(sum(it, start=next(it)))


@dataclass(frozen=True)
class _PeriodTerms:
    """H_t's terms laid out for evaluation: per group a coefficient, per term a variable."""

    coefs: list  # one per group (a Param, mostly)
    sizes: np.ndarray  # variables per group
    variables: list  # every term's variable, group by group
    order: np.ndarray  # term positions sorted by period (stable: term order kept)
    bounds: list[tuple[int, int]]  # each period's slice of ``order``


def _period_terms(m: pyo.ConcreteModel) -> _PeriodTerms:
    """Built once per model (the terms do not change after the build) and kept on it."""
    return kept_on_model(m, "planner_period_terms", lambda: _lay_out_period_terms(m))


def _lay_out_period_terms(m: pyo.ConcreteModel) -> _PeriodTerms:
    coefs: list = []
    sizes: list[int] = []
    variables: list = []
    periods: list[int] = []
    for t, coef, group in period_hazard_groups(m):
        coefs.append(coef)
        sizes.append(len(group))
        variables += group
        periods += [t] * len(group)
    order = np.argsort(np.asarray(periods, dtype=np.int64), kind="stable")
    ends = np.cumsum(np.bincount(periods, minlength=max(m.PERIODS, default=0) + 1))
    bounds = [(int(ends[t - 1]), int(ends[t])) for t in m.PERIODS]
    return _PeriodTerms(coefs, np.asarray(sizes, dtype=np.int64), variables, order, bounds)


def period_hazard_values(m: pyo.ConcreteModel) -> tuple[float, ...]:
    """H_t of every period at the variables' values: ``period_hazard[t]``'s terms, evaluated.

    Equal, bit for bit, to ``expression_value(m.period_hazard[t])``: the same products
    (coefficient value times variable value), summed from the first term in term order.
    That expression exists only when an objective needs it (see ``define_period_hazard``).

    Raises:
        PlannerError: a variable has no value (no package is loaded).
    """
    terms = _period_terms(m)
    if not terms.variables:
        return tuple(0.0 for _ in m.PERIODS)
    coefs = np.fromiter((number(c) for c in terms.coefs), np.double, len(terms.coefs))
    values = np.fromiter((v._value for v in terms.variables), np.double, len(terms.variables))
    if np.isnan(values).any():  # numpy reads a missing value (None) as NaN
        missing = terms.variables[int(np.flatnonzero(np.isnan(values))[0])]
        raise PlannerError(f"{missing.name} has no value: no package is loaded")
    products = (np.repeat(coefs, terms.sizes) * values)[terms.order].tolist()
    return tuple(_sum(products[a:b]) for a, b in terms.bounds)


def _sum(terms: list[float]) -> float:
    it = iter(terms)
    return float(sum(it, start=next(it, 0.0)))


def package_variables(m: pyo.ConcreteModel) -> tuple:
    """The variables a package is read from (choose, start, both_active): load only these.

    Listed once per model (kept on it; these components do not change after the build),
    so every load of a stage reuses one tuple (and the adapter its HiGHS columns).
    """
    return kept_on_model(
        m,
        "planner_package_variables",
        lambda: (*m.choose.values(), *m.start.values(), *m.both_active.values()),
    )


def round_package(m: pyo.ConcreteModel) -> None:
    """Round loaded package variables to 0/1 (they are binary or products of binaries)."""
    for v in package_variables(m):
        value = v.value if v.value is not None else 0.0
        r = round(value)
        if abs(value - r) > INTEGRALITY or r not in (0, 1):
            raise PlannerError(f"HiGHS returned {v.name} = {value}, not 0 or 1")
        v.set_value(r, skip_validation=True)


def snapshot(m: pyo.ConcreteModel) -> tuple[tuple, list[float | None]]:
    """Current values of the package variables (to restore a previous stage's package).

    Two lists rather than a pair per variable: floats are not tracked by the garbage
    collector, so a snapshot of a large model adds two objects to its heap, not 50,000.
    """
    variables = package_variables(m)
    return variables, [v.value for v in variables]


def restore(values: tuple[tuple, list[float | None]]) -> None:
    """Put back values saved by ``snapshot``."""
    for v, value in zip(*values, strict=True):
        v.set_value(value, skip_validation=True)


def read_choices(m: pyo.ConcreteModel) -> tuple[Choice, ...]:
    """One Choice per activity, in sheet order; the start only for a scheduled block."""
    chosen: dict[str, str] = {}
    for (a, o), var in m.choose.items():
        if var.value == 1:
            if a in chosen:
                raise PlannerError(f"model chose two options for {a}")
            chosen[a] = o
    starts: dict[tuple[str, str], int] = {}
    for (a, o, s), var in m.start.items():
        if var.value == 1:
            starts[a, o] = s
    missing = [a for a in m.ACTIVITIES if a not in chosen]
    if missing:
        raise PlannerError(f"model chose no option for {', '.join(missing)}")
    return tuple(Choice(a, chosen[a], starts.get((a, chosen[a]))) for a in m.ACTIVITIES)


def read_package(m: pyo.ConcreteModel) -> PackageValues:
    """The loaded (and rounded) package with H, H_t and party totals evaluated on the model."""
    return PackageValues(
        choices=read_choices(m),
        total_hazard=expression_value(m.total_hazard),
        period_hazard=period_hazard_values(m),
        party_cost={p: expression_value(m.party_cost[p]) for p in m.PARTIES},
        party_benefit={p: expression_value(m.party_benefit[p]) for p in m.PARTIES},
    )
