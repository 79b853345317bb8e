"""The calibration MILP: the smallest weighted change to limits that explains accepted and rejected packages.

Plain data in, plain data out (``planner.analysis.calibrate`` prepares it). Limit i has a
value ``L_i`` in ``[lo_i, hi_i]`` (its accepted packages already folded into the
bounds) and a weight ``w_i``; ``dev_i >= |L_i - old_i|``. A rejection j is explained by
one of its options (i, threshold): ``L_i <= threshold`` for an upper limit (max_cost,
max_gap: the package's figure exceeds ``L_i`` by the margin), ``L_i >= threshold`` for a
lower one (min_benefit, min_net). A binary per option selects it (big-M from the bounds:
``L_i <= thr + (hi_i - thr)(1 - z)``), and every rejection selects at least one.
Objective: minimise ``sum_i w_i dev_i``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.core as pyo

from planner.model.highs import HighsSolver
from planner.model.lexicographic import Limits
from planner.solution import Status


@dataclass(frozen=True)
class LimitVar:
    """One limit that may move: its old value, weight, sense and bounds."""

    old: float
    weight: float
    upper: bool
    lo: float
    hi: float


@dataclass(frozen=True)
class RejectionRow:
    """One rejected package: the (limit index, threshold) pairs any of which explains it."""

    options: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class CalibrationOutcome:
    """The solver's status, the new limit values, and which option explains each rejection."""

    status: Status
    values: tuple[float, ...] = ()
    explained_by: tuple[int, ...] = ()
    objective: float | None = None


def _build(limits: list[LimitVar], rejections: list[RejectionRow]) -> pyo.ConcreteModel:
    m = pyo.ConcreteModel(name="calibration")
    m.LIMITS = pyo.RangeSet(0, len(limits) - 1) if limits else pyo.Set(initialize=[])
    m.limit = pyo.Var(m.LIMITS, bounds=lambda m, i: (limits[i].lo, limits[i].hi))
    m.deviation = pyo.Var(m.LIMITS, domain=pyo.NonNegativeReals)
    m.deviation_row = pyo.ConstraintList()
    for i, lim in enumerate(limits):
        m.deviation_row.add(m.deviation[i] >= m.limit[i] - lim.old)
        m.deviation_row.add(m.deviation[i] >= lim.old - m.limit[i])
    keys = [(j, k) for j, r in enumerate(rejections) for k in range(len(r.options))]
    m.EXPLANATIONS = pyo.Set(initialize=keys, dimen=2, ordered=True)
    m.explains = pyo.Var(m.EXPLANATIONS, domain=pyo.Binary)
    m.rejection_explained = pyo.ConstraintList()
    m.explanation_holds = pyo.ConstraintList()
    for j, r in enumerate(rejections):
        m.rejection_explained.add(sum(m.explains[j, k] for k in range(len(r.options))) >= 1)
        for k, (i, thr) in enumerate(r.options):
            z, lim = m.explains[j, k], limits[i]
            if lim.upper:
                m.explanation_holds.add(m.limit[i] <= thr + max(0.0, lim.hi - thr) * (1 - z))
            else:
                m.explanation_holds.add(m.limit[i] >= thr - max(0.0, thr - lim.lo) * (1 - z))
    m.weighted_change = pyo.Objective(
        expr=sum(lim.weight * m.deviation[i] for i, lim in enumerate(limits))
    )
    return m


def _explanation(m: pyo.ConcreteModel, j: int, n: int) -> int:
    """The first selected option of rejection j."""
    values = [float(pyo.value(m.explains[j, k])) for k in range(n)]
    return values.index(max(values))


def solve_calibration(
    limits: list[LimitVar], rejections: list[RejectionRow], run: Limits
) -> CalibrationOutcome:
    """Minimise the weighted change; infeasible when some rejection cannot be explained."""
    if any(not r.options for r in rejections):
        return CalibrationOutcome(Status.INFEASIBLE)
    m = _build(limits, rejections)
    solver = HighsSolver(m, threads=run.threads, random_seed=run.random_seed)
    result = solver.run(m.weighted_change, time_limit=run.time_limit_s, mip_gap=0.0)
    if not result.status.has_package:
        return CalibrationOutcome(result.status)
    solver.load([*m.limit.values(), *m.explains.values(), *m.deviation.values()])
    values = tuple(float(pyo.value(m.limit[i])) for i in range(len(limits)))
    chosen = tuple(_explanation(m, j, len(r.options)) for j, r in enumerate(rejections))
    return CalibrationOutcome(result.status, values, chosen, float(pyo.value(m.weighted_change)))
