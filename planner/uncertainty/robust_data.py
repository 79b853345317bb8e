"""Data of the robust MIP (SPEC 6) in plain numpy: per-draw hazards of columns, acceptance rows and their big-M.

Acceptance row r of draw k is written ``coef[k] . x <= rhs[k]`` over the money columns x:
choose[a,o] of each eligible option, or start[a,o,s] of a ``per_period`` stop (its money
depends on its first frozen period s; exactly one column per activity is 1): ``cost_p <= max_cost_p``, ``-benefit_p <= -min_benefit_p``,
``cost_p - benefit_p <= -min_net_p``, ``+-(net_a - net_b) <= max_gap``. In the model it
becomes ``coef[k] . x <= rhs[k] + M[k] (1 - accepted[k])`` with the big-M DERIVED from the
bounds: ``M[k] = sum_a max_{o of a} coef[k, o] - rhs[k]``, the largest violation any package
(one option per activity, rules ignored) can produce in draw k. ``M[k] <= 0``: the row holds
for every package and is left out; ``sum_a min_o coef[k, o] > rhs[k]``: no package meets it,
so draw k can never be accepted (``impossible[k]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.scenario import Option, Scenario
from planner.tolerances import VERIFY_ABS as ABS_TOL
from planner.uncertainty.basis import Basis, DrawnValues
from planner.uncertainty.sampling import Draws

OptionKey = tuple[str, str]
ColumnKey = tuple[str, str, int | None]


@dataclass(frozen=True)
class AcceptRow:
    """One acceptance row family over the draws (rhs NaN: no such limit in that draw)."""

    name: str
    coef: np.ndarray  # [N, O]
    rhs: np.ndarray  # [N]
    big_m: np.ndarray  # [N]; <= 0: the row always holds in that draw


@dataclass(frozen=True)
class RobustData:
    """Everything the robust MIP needs, derived from a scenario and N draws."""

    samples: int
    money_columns: tuple[ColumnKey, ...]  # (a, o, start) of rows' coef; start None = choose
    columns: tuple[ColumnKey, ...]  # (a, o, start) with hazard; start None = choose[a, o]
    column_hazard: np.ndarray  # [N, C]
    interaction_hazard: np.ndarray  # [N, I] by Interactions row index
    weighted_cost: np.ndarray  # [O] per money column: mean over draws of sum_p weight_p * cost
    rows: tuple[AcceptRow, ...]
    impossible: np.ndarray  # [N] bool
    need: int  # accepted draws needed: ceil(target * N)
    objective: str
    cvar_level: float

    @property
    def nonzeros(self) -> int:
        """Nonzero acceptance-row coefficients over the draws that need a row."""
        return int(sum(np.count_nonzero(r.coef[r.big_m > 0]) for r in self.rows))


def accepted_needed(target: float, samples: int) -> int:
    """Least whole number of accepted draws with ``count / samples >= target``."""
    return max(0, math.ceil(target * samples - 1e-9))


def _columns(scenario: Scenario, basis: Basis) -> tuple[list[ColumnKey], np.ndarray]:
    """Hazard columns; a stop's carry its baseline before the freeze (SPEC 2.2)."""
    keys, hazards = [], []
    for o in scenario.options:
        carrier = scenario.baseline_of(o.activity) if o.is_stop else o
        drawn = basis.values.value("options", basis.option_index(carrier), "hazard")
        if o.vetoed_by or not np.any(drawn != 0):
            continue
        starts = list(basis.derived.allowed_starts(o)) if o.is_scheduled else [None]
        for s in starts:
            h = basis.column_hazard(o, s)
            if np.any(h != 0):
                keys.append((o.activity, o.id, s))
                hazards.append(h)
    matrix = np.column_stack(hazards) if hazards else np.zeros((basis.values.count, 0))
    return keys, matrix


def _money_columns(scenario: Scenario, basis: Basis) -> list[tuple[Option, int | None]]:
    """Money columns of eligible options: choose[a,o], or per start of a ``per_period`` stop
    (cost x (T - s + 1), SPEC 2.3); a per_period stop without allowed starts keeps a zero
    choose column so that every option of an activity has one."""
    out: list[tuple[Option, int | None]] = []
    for o in scenario.options:
        if o.vetoed_by:
            continue
        starts = list(basis.derived.allowed_starts(o)) if o.is_stop and o.per_period else []
        if starts:
            out.extend((o, s) for s in starts)
        else:
            out.append((o, None))
    return out


def _money(
    scenario: Scenario, basis: Basis, columns: list[tuple[Option, int | None]], field: str
) -> np.ndarray:
    """[N, C, P] cost or benefit of each money column."""
    out = np.zeros((basis.values.count, len(columns), len(scenario.parties)))
    for j, (o, start) in enumerate(columns):
        out[:, j, :] = basis.column_money(o, start, field)
    return out


def _bounds(coef: np.ndarray, groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """[N] largest and least ``coef . x`` over packages (one option per activity)."""
    high = np.zeros(coef.shape[0])
    low = np.zeros(coef.shape[0])
    for g in groups:
        if len(g):
            high += coef[:, g].max(axis=1)
            low += coef[:, g].min(axis=1)
    return high, low


def _rows(scenario: Scenario, basis: Basis, cost: np.ndarray, benefit: np.ndarray):
    """(name, coef [N, O], rhs [N]) of every party limit and both sides of every Balance row."""
    net = benefit - cost
    out = []
    for field, sign in (("max_cost", 1.0), ("min_benefit", -1.0), ("min_net", -1.0)):
        limit = basis.party_limit(field)
        for j, p in enumerate(scenario.party_ids):
            if np.all(np.isnan(limit[:, j])):
                continue
            coef = {"max_cost": cost, "min_benefit": -benefit, "min_net": -net}[field][:, :, j]
            out.append((f"{field}[{p}]", coef, sign * limit[:, j]))
    index = {p: j for j, p in enumerate(scenario.party_ids)}
    gaps = basis.max_gap()
    for j, b in enumerate(scenario.balances):
        diff = net[:, :, index[b.party_a]] - net[:, :, index[b.party_b]]
        out.append((f"balance[{b.key}] a-b", diff, gaps[:, j]))
        out.append((f"balance[{b.key}] b-a", -diff, gaps[:, j]))
    return out


def robust_data(scenario: Scenario, draws: Draws) -> RobustData:
    """Coefficients, acceptance rows and derived big-M values for the robust MIP on ``draws``."""
    s = scenario.settings
    basis = Basis(scenario, DrawnValues(scenario, draws))
    money = _money_columns(scenario, basis)
    keys = [(o.activity, o.id, start) for o, start in money]
    groups = [
        np.array([i for i, (o, _) in enumerate(money) if o.activity == a], dtype=int)
        for a in scenario.activity_ids
    ]
    columns, hazard = _columns(scenario, basis)
    cost = _money(scenario, basis, money, "cost")
    benefit = _money(scenario, basis, money, "benefit")
    weights = np.array([p.weight for p in scenario.parties])
    rows, impossible = [], np.zeros(draws.count, dtype=bool)
    for name, coef, rhs in _rows(scenario, basis, cost, benefit):
        high, low = _bounds(coef, groups)
        defined = ~np.isnan(rhs)
        tol = ABS_TOL * (1 + np.abs(np.nan_to_num(rhs)))
        impossible |= defined & (low > np.nan_to_num(rhs) + tol)
        big_m = np.where(defined, high - np.nan_to_num(rhs), 0.0)
        rows.append(AcceptRow(name, coef, rhs, big_m))
    interactions = (
        np.column_stack([basis.interaction_hazard(i) for i in range(len(scenario.interactions))])
        if scenario.interactions
        else np.zeros((draws.count, 0))
    )
    return RobustData(
        samples=draws.count,
        money_columns=tuple(keys),
        columns=tuple(columns),
        column_hazard=hazard,
        interaction_hazard=interactions,
        weighted_cost=(cost * weights[None, None, :]).sum(axis=2).mean(axis=0),
        rows=tuple(rows),
        impossible=impossible,
        need=accepted_needed(s.acceptance_target, draws.count),
        objective=s.robust_objective,
        cvar_level=s.cvar_level,
    )
