"""Read a Pyomo model's rows and objectives for HiGHS, with the maps the lean updates need.

Pyomo stays the place where the model is written; this module only reads its constraint
and objective expressions. Each expression's tree is walked once (the model's rows are
``LinearExpression`` sums of variables and coefficient-times-variable terms, named
expressions of them, and negations), recording which coefficients and constants depend on
mutable Params, so that a changed Param can go to HiGHS as a changed row bound or
coefficient (``planner.model.direct``). Any other linear shape is read with Pyomo's
``generate_standard_repn``; a nonlinear row raises. ``planner.model.rows`` turns the terms
of many rows into CSR arrays.

The result is what Pyomo's persistent HiGHS interface would send, entry for entry: columns
in the order variables first appear in the active constraints (then in the objective),
rows in the model's constraint order, repeated variables merged, bounds ``bound -
constant`` of the body, zero coefficients left out (a zero mutable coefficient is still
recorded). One difference: a fixed variable stays a column with both bounds at its value
(Pyomo folds it into the row bound), so unfixing it later is a column-bound change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pyomo.core as pyo
from pyomo.common.numeric_types import native_numeric_types
from pyomo.core.base.param import ParamData, ScalarParam
from pyomo.core.base.var import ScalarVar, VarData
from pyomo.core.expr.numeric_expr import (
    LinearExpression,
    MonomialTermExpression,
    NegationExpression,
    NPV_NegationExpression,
    NPV_ProductExpression,
    SumExpression,
)
from pyomo.repn import generate_standard_repn

from planner.errors import PlannerError

INF = float("inf")
_VARS = frozenset({VarData, ScalarVar})
_SUMS = frozenset({LinearExpression, SumExpression})
PARAM_TYPES = frozenset({ParamData, ScalarParam})
"""Classes of a mutable Param entry in an expression."""

Part = tuple[Any, float]
"""A mutable part of a coefficient or constant: (Pyomo expression, scale); its value is
``scale * value(expression)``."""


class _NotSimple(Exception):
    """An expression shape the fast walk does not read (Pyomo's repn reads it instead)."""


@dataclass
class Terms:
    """A linear expression read from Pyomo, term by term as written (not merged yet).

    ``variables[k]`` has the coefficient ``coefs[k]`` now; ``mutable`` lists the positions
    whose coefficient depends on mutable Params, each with its part (``coefs[k]`` is then
    ``scale * value(expression)``). ``entries()`` merges repeated variables.
    """

    variables: list = field(default_factory=list)
    coefs: list = field(default_factory=list)
    mutable: list[tuple[int, Part]] = field(default_factory=list)
    constant: float = 0.0
    constant_fixed: float = 0.0
    constant_parts: list[Part] = field(default_factory=list)

    def entries(self) -> list[list]:
        """``[var, value, constant part, mutable parts or None]`` per variable, in first-appearance order.

        ``value`` is the coefficient now; ``constant part + sum(scale * value(expr))``
        recomputes it.
        """
        merged = self.merged(0, len(self.variables), dict(self.mutable))
        return [[self.variables[k], *entry] for k, entry in merged.items()]

    def merged(self, lo: int, hi: int, parts: dict[int, Part]) -> dict[int, list]:
        """``{first position: [value, constant part, mutable parts or None]}`` per variable.

        The terms at positions lo..hi-1 (``parts``: the mutable ones' parts) are summed per
        variable, in order, into the position where it first appears.
        """
        first: dict[int, int] = {}
        out: dict[int, list] = {}
        for k in range(lo, hi):
            key, val, part = id(self.variables[k]), self.coefs[k], parts.get(k)
            f = first.get(key)
            if f is None:
                first[key] = k
                out[k] = [val, val if part is None else 0, None if part is None else [part]]
                continue
            entry = out[f]
            entry[0] += val
            if part is None:
                entry[1] += val
            elif entry[2] is None:
                entry[2] = [part]
            else:
                entry[2].append(part)
        return out


def number(e: Any) -> Any:
    """``pyo.value(e)`` of a constant expression, fast for Params, products and negations.

    Evaluates as Pyomo does (``a * b``, ``-a``), so the result is the same number.
    """
    cls = e.__class__
    if cls in native_numeric_types:
        return e
    if cls in PARAM_TYPES:
        v = e._value
        return v if v.__class__ in native_numeric_types else pyo.value(e)
    if cls is NPV_ProductExpression:
        a, b = e._args_
        return number(a) * number(b)
    if cls is NPV_NegationExpression:
        return -number(e._args_[0])
    return pyo.value(e)


def _add(terms: Terms, var: Any, coef: Any, scale: float) -> None:
    if coef.__class__ in native_numeric_types:
        terms.variables.append(var)
        terms.coefs.append(coef if scale == 1 else coef * scale)
        return
    if coef.__class__ not in PARAM_TYPES and coef.is_potentially_variable():
        raise _NotSimple
    v = number(coef)
    terms.mutable.append((len(terms.variables), (coef, scale)))
    terms.variables.append(var)
    terms.coefs.append(v if scale == 1 else v * scale)


def _constant(terms: Terms, c: Any, scale: float) -> None:
    if c.__class__ in native_numeric_types:
        v = c if scale == 1 else c * scale
        terms.constant += v
        terms.constant_fixed += v
        return
    v = number(c)
    terms.constant += v if scale == 1 else v * scale
    terms.constant_parts.append((c, scale))


def _sum(args: list, scale: float, terms: Terms) -> None:
    """Add ``scale * sum(args)`` to ``terms``."""
    if set(map(type, args)) <= _VARS:  # a sum of bare variables (most rows): no loop here
        terms.variables += args
        terms.coefs += [scale] * len(args)
        return
    variables, coefs, mutable = terms.variables, terms.coefs, terms.mutable
    native = native_numeric_types
    for arg in args:
        c = arg.__class__
        if c is MonomialTermExpression:
            coef, var = arg._args_
            cc = coef.__class__
            if cc in native:
                variables.append(var)
                coefs.append(coef if scale == 1 else coef * scale)
            elif cc in PARAM_TYPES and coef._value.__class__ in native:  # a Param's value
                mutable.append((len(variables), (coef, scale)))
                variables.append(var)
                coefs.append(coef._value if scale == 1 else coef._value * scale)
            else:
                _add(terms, var, coef, scale)
        elif c in _VARS:
            variables.append(arg)
            coefs.append(scale)
        elif c in native_numeric_types:
            _constant(terms, arg, scale)
        else:
            _walk(arg, scale, terms)


def _walk(expr: Any, scale: float, terms: Terms) -> None:
    """Add ``scale * expr`` to ``terms`` (raises ``_NotSimple`` on a shape it does not read)."""
    cls = expr.__class__
    if cls in _SUMS:
        _sum(expr.args, scale, terms)
    elif cls is MonomialTermExpression:
        coef, var = expr._args_
        _add(terms, var, coef, scale)
    elif cls in _VARS:
        _add(terms, expr, 1, scale)
    elif cls in native_numeric_types:
        _constant(terms, expr, scale)
    elif cls is NegationExpression:
        _walk(expr.args[0], -scale, terms)
    elif expr.is_named_expression_type():
        _walk(expr.expr, scale, terms)
    elif expr.is_variable_type():
        _add(terms, expr, 1, scale)
    elif not expr.is_potentially_variable():
        _constant(terms, expr, scale)
    else:
        raise _NotSimple


def linear_terms(expr: Any) -> Terms:
    """The linear terms and constant of ``expr`` (as written; ``Terms.entries`` merges them)."""
    terms = Terms()
    read_terms(expr, terms)
    return terms


def read_terms(expr: Any, terms: Terms) -> None:
    """Append the linear terms of ``expr`` to ``terms`` and add its constant."""
    n, k, c = len(terms.variables), len(terms.mutable), len(terms.constant_parts)
    constant, fixed = terms.constant, terms.constant_fixed
    try:
        _walk(expr, 1, terms)
        return
    except _NotSimple:  # undo the partial walk; Pyomo's repn reads the expression instead
        del terms.variables[n:], terms.coefs[n:], terms.mutable[k:], terms.constant_parts[c:]
        terms.constant, terms.constant_fixed = constant, fixed
    repn = generate_standard_repn(expr, quadratic=False, compute_values=False)
    if repn.nonlinear_expr is not None:
        raise PlannerError(f"the model has a nonlinear expression: {expr}")
    for coef, var in zip(repn.linear_coefs, repn.linear_vars, strict=True):
        _add(terms, var, coef, 1)
    _constant(terms, repn.constant, 1)


def evaluate(fixed: float, parts: tuple[Part, ...]) -> float:
    """``fixed + sum(scale * value(expr))``: a coefficient or constant at the current values."""
    return float(fixed + sum(s * number(e) for e, s in parts))


class MutableBound(NamedTuple):
    """A row whose bounds depend on mutable Params: ``bound - constant of the body``."""

    constraint: Any
    lower: Any  # None (no lower bound), a number or a Pyomo expression
    upper: Any
    constant_fixed: float
    constant_parts: tuple[Part, ...]

    def values(self) -> tuple[float, float]:
        """(lower, upper) now (-inf / inf where there is no bound)."""
        const = evaluate(self.constant_fixed, self.constant_parts)
        lo = -INF if self.lower is None else float(number(self.lower)) - const
        up = INF if self.upper is None else float(number(self.upper)) - const
        return lo, up

    def expressions(self) -> list[Any]:
        """The Pyomo expressions the bounds depend on."""
        return [x for x in (self.lower, self.upper) if x is not None] + [
            e for e, _ in self.constant_parts
        ]


class MutableCoefficient(NamedTuple):
    """A matrix entry that depends on mutable Params: ``fixed + sum(scale * value(expr))``."""

    constraint: Any
    column: int
    fixed: float
    parts: tuple[Part, ...]

    def value(self) -> float:
        """The coefficient now."""
        return evaluate(self.fixed, self.parts)


@dataclass
class Columns:
    """Pyomo variables in HiGHS column order and the map back (``id(var) -> column``)."""

    variables: list = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)

    def of(self, var: Any) -> int:
        """The column of ``var``, appended (as a new column) when it is not one yet."""
        key = id(var)
        col = self.index.get(key)
        if col is None:
            col = self.index[key] = len(self.variables)
            self.variables.append(var)
        return col


def column_arrays(variables: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lower, upper, integrality) of ``variables``: domain and bounds; a fixed one at its value."""
    n = len(variables)
    lower = np.empty(n, dtype=np.double)
    upper = np.empty(n, dtype=np.double)
    integrality = np.zeros(n, dtype=np.uint8)
    steps: dict[int, int] = {}  # id(domain) -> step (a Var's entries share one domain)
    for k, v in enumerate(variables):
        lower[k], upper[k] = column_bounds(v)
        domain = v.domain
        step = steps.get(id(domain))
        if step is None:
            step = steps[id(domain)] = domain.get_interval()[2]
            if step not in (0, 1):
                raise PlannerError(
                    f"{v.name}: domain step {step} is neither continuous nor integer"
                )
        if step == 1:
            integrality[k] = 1
    return lower, upper, integrality


def column_bounds(v: Any) -> tuple[float, float]:
    """HiGHS bounds of a variable: its bounds within its domain, or its value when fixed."""
    if v.fixed:
        if v.value is None:
            raise PlannerError(f"{v.name} is fixed without a value")
        return float(v.value), float(v.value)
    lo, up = v.bounds
    return (-INF if lo is None else float(lo)), (INF if up is None else float(up))


def find_params(expr: Any, out: dict[int, Any]) -> None:
    """Add the mutable Params ``expr`` depends on to ``out`` (``id -> ParamData``)."""
    cls = expr.__class__
    if cls in native_numeric_types:
        return
    if cls in PARAM_TYPES or expr.is_parameter_type():
        out[id(expr)] = expr
    elif expr.is_expression_type():
        for arg in expr.args:
            find_params(arg, out)
