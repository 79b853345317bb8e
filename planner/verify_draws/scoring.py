"""Vectorised scoring of one fixed package over K draws: H_k, party totals and acceptance (SPEC 6).

Acceptance in draw k: every party limit and every Balance row holds under draw k's numbers,
within the verifier's tolerance (``ABS_TOL + REL_TOL * max(|value|, |limit|)``). Rules,
vetoes, capacity and risk_cap do not depend on draws; the verifier checks them once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.draws.sampling import Draws
from planner.model.robust_basis import Basis, DrawnValues
from planner.scenario import Option, Ref, Scenario
from planner.solution import Choice
from planner.tolerances import VERIFY_ABS as ABS_TOL
from planner.tolerances import VERIFY_REL as REL_TOL


@dataclass(frozen=True)
class Scores:
    """A package scored in K draws."""

    parties: tuple[str, ...]
    hazard: np.ndarray  # [K] total hazard H_k
    cost: np.ndarray  # [K, P]
    benefit: np.ndarray  # [K, P]
    party_ok: np.ndarray  # [K, P] every limit of the party holds
    balance_ok: np.ndarray  # [K, B]

    @property
    def accepted(self) -> np.ndarray:
        """``[K]`` bool: every party limit and every Balance row holds."""
        return np.asarray(self.party_ok.all(axis=1) & self.balance_ok.all(axis=1), dtype=bool)

    @property
    def acceptance(self) -> float:
        """Share of draws in which every party accepts."""
        return float(self.accepted.mean()) if len(self.hazard) else math.nan

    def party_acceptance(self) -> dict[str, float]:
        """Per party, the share of draws in which all its own limits hold."""
        return {p: float(self.party_ok[:, j].mean()) for j, p in enumerate(self.parties)}

    @property
    def mean_hazard(self) -> float:
        """Mean of H_k."""
        return float(self.hazard.mean())

    def cvar(self, level: float) -> float:
        """CVaR of H_k at ``level``: ``min_eta eta + mean(max(0, H_k - eta)) / (1 - level)``."""
        return cvar(self.hazard, level)


def cvar(hazard: np.ndarray, level: float) -> float:
    """Rockafellar-Uryasev CVaR of equally likely outcomes (the minimum is at a sample value)."""
    h = np.sort(np.asarray(hazard, dtype=float))
    n = len(h)
    if n == 0:
        return math.nan
    suffix = np.cumsum(h[::-1])[::-1]  # suffix[i] = sum_{j >= i} h[j]
    tail = (suffix - (n - np.arange(n)) * h) / ((1.0 - level) * n)
    return float(np.min(h + tail))


def _within(value: np.ndarray, limit: np.ndarray, upper: bool) -> np.ndarray:
    """``value <= limit`` (upper) or ``>=`` within tolerance; a NaN limit always holds."""
    tol = ABS_TOL + REL_TOL * np.maximum(np.abs(value), np.nan_to_num(np.abs(limit)))
    slack = (limit - value) if upper else (value - limit)
    return np.asarray(np.isnan(limit) | (slack >= -tol), dtype=bool)


def party_ok(basis: Basis, cost: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """``[K, P]``: max_cost, min_benefit and min_net of each party hold."""
    net = benefit - cost
    return (
        _within(cost, basis.party_limit("max_cost"), True)
        & _within(benefit, basis.party_limit("min_benefit"), False)
        & _within(net, basis.party_limit("min_net"), False)
    )


def balance_ok(basis: Basis, cost: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """``[K, B]``: ``|net(a) - net(b)| <= max_gap`` for every Balance row."""
    sc = basis.scenario
    index = {p: j for j, p in enumerate(sc.party_ids)}
    net = benefit - cost
    gaps = basis.max_gap()
    out = np.ones((basis.values.count, len(sc.balances)), dtype=bool)
    for j, b in enumerate(sc.balances):
        gap = np.abs(net[:, index[b.party_a]] - net[:, index[b.party_b]])
        out[:, j] = _within(gap, gaps[:, j], True)
    return out


def _refers(ref: Ref, option: Option) -> bool:
    return option.activity == ref.activity and (ref.options is None or option.id in ref.options)


def interaction_counts(basis: Basis, picks: list[tuple[Option, int | None]]) -> list[int]:
    """Per Interactions row, the periods in which both references are active (bare ACT: any).

    A chosen stop's baseline counts as active before the freeze (SPEC 2.2).
    """
    active = [(o, set(ts)) for pick, s in picks for o, ts in basis.in_force(pick, s)]
    counts = []
    for inter in basis.scenario.interactions:
        a = [ts for o, ts in active if _refers(inter.a, o)]
        b = [ts for o, ts in active if _refers(inter.b, o)]
        counts.append(
            sum(
                max(0, sum(t in s for s in a) + sum(t in s for s in b) - 1)
                for t in basis.derived.periods
            )
        )
    return counts


def picks_of(scenario: Scenario, choices: tuple[Choice, ...]) -> list[tuple[Option, int | None]]:
    """The chosen options (unknown ones skipped) with their starts (None unless a block or stop)."""
    known = {(o.activity, o.id): o for o in scenario.options}
    out = []
    for c in choices:
        option = known.get((c.activity, c.option))
        if option is not None:
            out.append((option, c.start if option.is_scheduled else None))
    return out


def score(scenario: Scenario, choices: tuple[Choice, ...], draws: Draws | None) -> Scores:
    """Score a package in every draw (``draws`` None: the workbook's own numbers, K = 1)."""
    basis = Basis(scenario, DrawnValues(scenario, draws))
    picks = picks_of(scenario, choices)
    k, p = basis.values.count, len(scenario.parties)
    hazard, cost, benefit = np.zeros(k), np.zeros((k, p)), np.zeros((k, p))
    for option, start in picks:
        hazard += basis.column_hazard(option, start)
        cost += basis.column_money(option, start, "cost")
        benefit += basis.column_money(option, start, "benefit")
    for i, n in enumerate(interaction_counts(basis, picks)):
        if n:
            hazard += n * basis.interaction_hazard(i)
    return Scores(
        parties=scenario.party_ids,
        hazard=hazard,
        cost=cost,
        benefit=benefit,
        party_ok=party_ok(basis, cost, benefit),
        balance_ok=balance_ok(basis, cost, benefit),
    )
