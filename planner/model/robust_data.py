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

from planner.draws.sampling import Draws
from planner.model.robust_basis import Basis, DrawnValues
from planner.scenario import Option, Scenario
from planner.tolerances import VERIFY_ABS as ABS_TOL

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
    money_times: tuple[int, ...]  # periods in force of each money column (1: once per choice)
    columns: tuple[ColumnKey, ...]  # (a, o, start) with hazard; start None = choose[a, o]
    column_hazard: np.ndarray  # [N, C]
    interaction_hazard: np.ndarray  # [N, I] by Interactions row index
    weighted_cost: np.ndarray  # [O] per money column: mean over draws of sum_p weight_p * cost
    rows: tuple[AcceptRow, ...]
    impossible: np.ndarray  # [N] bool
    need: int  # accepted draws needed: ceil(target * N)
    need_with_margin: int  # with Settings acceptance_margin standard errors on top (>= need)
    objective: str
    cvar_level: float

    @property
    def nonzeros(self) -> int:
        """Nonzero acceptance-row coefficients over the draws that need a row."""
        return int(sum(np.count_nonzero(r.coef[r.big_m > 0]) for r in self.rows))


def accepted_needed(target: float, samples: int) -> int:
    """Least whole number of accepted draws with ``count / samples >= target``."""
    return max(0, math.ceil(target * samples - 1e-9))


def needed_with_margin(target: float, margin: float, samples: int) -> int:
    """Accepted draws needed with ``margin`` standard errors of an acceptance share on top:
    ``ceil(N t + margin sqrt(N t (1 - t)))``, at most N and at least ``accepted_needed``."""
    extra = margin * math.sqrt(samples * target * (1.0 - target))
    wanted = max(0, math.ceil(target * samples + extra - 1e-9))
    return max(accepted_needed(target, samples), min(samples, wanted))


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
    periods = scenario.settings.periods
    times = tuple(o.periods_in_force(periods, s) if s is not None else 1 for o, s in money)
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
        money_times=times,
        columns=tuple(columns),
        column_hazard=hazard,
        interaction_hazard=interactions,
        weighted_cost=(cost * weights[None, None, :]).sum(axis=2).mean(axis=0),
        rows=tuple(rows),
        impossible=impossible,
        need=accepted_needed(s.acceptance_target, draws.count),
        need_with_margin=needed_with_margin(s.acceptance_target, s.acceptance_margin, draws.count),
        objective=s.robust_objective,
        cvar_level=s.cvar_level,
    )


@dataclass(frozen=True)
class MoneyTerm:
    """One variable of the acceptance rows: choose[a,o], or a ``per_period`` stop's periods in
    force ``sum_s (T - s + 1) start[a,o,s]`` over the money columns ``columns``."""

    activity: str
    option: str
    columns: tuple[int, ...]  # indices into money_columns
    times: tuple[int, ...]  # periods in force of each (1 for choose[a,o])

    @property
    def in_force(self) -> bool:
        """True for a stop's periods-in-force term (columns are start variables)."""
        return len(self.columns) > 1 or self.times != (1,)


def money_terms(data: RobustData) -> tuple[MoneyTerm, ...]:
    """The money columns folded into one term per option: a per-start coefficient of a
    ``per_period`` stop is its per-period value times the periods in force, so every draw's
    row needs one coefficient per option instead of one per start (the rows are that much
    sparser; the model defines the periods-in-force variable once)."""
    order: dict[tuple[str, str], list[int]] = {}
    for j, (a, o, _) in enumerate(data.money_columns):
        order.setdefault((a, o), []).append(j)
    out: list[MoneyTerm] = []
    for (a, o), js in order.items():
        starts = [j for j in js if data.money_columns[j][2] is not None]
        if not starts:
            out.extend(MoneyTerm(a, o, (j,), (1,)) for j in js)
            continue
        out.append(MoneyTerm(a, o, tuple(starts), tuple(data.money_times[j] for j in starts)))
        out.extend(MoneyTerm(a, o, (j,), (1,)) for j in js if j not in starts)
    return tuple(out)


def term_coefficients(row: AcceptRow, terms: tuple[MoneyTerm, ...]) -> np.ndarray:
    """[N, len(terms)] coefficient of each term in ``row`` (per period in force for a stop).

    Raises:
        AssertionError: a stop's per-start coefficients are not its periods in force times one
            value (the folding would change the row).
    """
    out = np.empty((row.coef.shape[0], len(terms)))
    for i, term in enumerate(terms):
        block = row.coef[:, list(term.columns)]
        times = np.asarray(term.times, dtype=float)
        unit = block[:, 0] / times[0]
        assert np.allclose(block, unit[:, None] * times[None, :], rtol=1e-12, atol=1e-12)
        out[:, i] = unit
    return out


LAMBDAS = (0.0, 0.9, 1.0, 1.1)
"""Multipliers at which the Lagrangian bound of ``max c_k x s.t. c_j x <= r_j`` is evaluated;
every one gives a valid upper bound, the least is kept (draws scale the same row's
coefficients by factors near 1, so the best multiplier is near 1)."""

MAX_PARTNERS = 400
"""Draws j the bounds of each draw k are taken against (N x J pairs: about 3 s at 400 x 400)."""


def _padded_by_activity(terms: tuple[MoneyTerm, ...]) -> np.ndarray:
    """[A, W] term indices per activity, padded with the activity's first term (a repeated
    term does not change a maximum), so that per-activity maxima are one reduction."""
    by_activity: dict[str, list[int]] = {}
    for i, t in enumerate(terms):
        by_activity.setdefault(t.activity, []).append(i)
    width = max((len(v) for v in by_activity.values()), default=1)
    return np.array([v + [v[0]] * (width - len(v)) for v in by_activity.values()], dtype=int)


def pairwise_bounds(
    row: AcceptRow, terms: tuple[MoneyTerm, ...], impossible: np.ndarray, partners: int
) -> np.ndarray:
    """[N, J] ``u[k, j]`` for the first J = ``partners`` draws j: an upper bound on
    ``coef[k] . x`` over packages (one option and start per activity, rules ignored) that meet
    this row in draw j.

    Weak duality: for any ``lam >= 0``, ``max {c_k x : c_j x <= r_j} <= lam r_j + sum_a
    max_{o, s} (c_k - lam c_j)[a, o, s]``; a stop's per-start coefficient is its per-period
    value times the periods in force, so its maximum over starts is at the least or the
    largest number of periods. A draw without this limit (NaN) bounds nothing (the trivial
    bound); a draw that can never be accepted bounds everything (-inf: it is never in the
    accepted set).
    """
    idx = _padded_by_activity(terms).T  # [W, A]
    unit = np.ascontiguousarray(term_coefficients(row, terms).T[idx])  # [W, A, N]
    t_min = np.array([min(t.times) for t in terms], dtype=float)[idx][:, :, None, None]
    t_max = np.array([max(t.times) for t in terms], dtype=float)[idx][:, :, None, None]
    rhs = row.rhs[:partners]
    defined = ~np.isnan(rhs)
    other = unit[:, :, None, :partners]  # [W, A, 1, J]
    n = unit.shape[2]
    best = np.empty((n, partners))
    chunk = max(1, 4_000_000 // max(1, partners * idx.size))  # about 32 MB per temporary
    for lo in range(0, n, chunk):
        part = unit[:, :, lo : lo + chunk, None]  # [W, A, k, 1]
        trivial = np.maximum(part * t_max, part * t_min).max(axis=0).sum(axis=0)  # lam = 0
        block = np.repeat(trivial, partners, axis=1)
        for lam in LAMBDAS[1:]:
            diff = part - lam * other  # [W, A, k, j]
            value = np.maximum(diff * t_max, diff * t_min).max(axis=0).sum(axis=0)
            value += lam * np.nan_to_num(rhs)[None, :]
            block = np.where(defined[None, :], np.minimum(block, value), block)
        best[lo : lo + chunk] = block
    best[:, impossible[:partners]] = -np.inf
    return best


def tightened_big_m(data: RobustData, need: int) -> tuple[np.ndarray, ...]:
    """Per row, the big-M valid for every package accepted in at least ``need`` draws.

    In an accepted draw j every row holds, so ``coef[k] . x <= u[k, j]`` for every j of the
    accepted set S; with ``|S| >= need``, ``coef[k] . x <= min_{j in S} u[k, j]``, which is at
    most the ``need``-th largest ``u[k, j]`` over j. That bound minus ``rhs[k]`` replaces the
    package-wide maximum (never above it). With many draws only the first J of them are
    partners j (the cost is N J): at least ``need - (N - J)`` of them are accepted, so the
    bound is the ``(need - N + J)``-th largest over those. When that is not positive, the
    rows' own big-M.
    """
    partners = min(data.samples, MAX_PARTNERS)
    rank = need - (data.samples - partners)
    if need <= 0 or rank <= 0:
        return tuple(row.big_m for row in data.rows)
    terms = money_terms(data)
    out = []
    for row in data.rows:
        if not np.any(row.big_m > 0):
            out.append(row.big_m)
            continue
        u = pairwise_bounds(row, terms, data.impossible, partners)
        kth = -np.sort(-u, axis=1)[:, rank - 1]  # rank-th largest per k
        rhs = np.nan_to_num(row.rhs)
        tol = ABS_TOL * (1 + np.abs(rhs))  # rounding in the bound must never cut a package off
        tight = np.where(np.isnan(row.rhs), 0.0, np.minimum(row.big_m, kth - rhs + tol))
        out.append(tight)
    return tuple(out)
