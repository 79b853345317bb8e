"""What the verifier produces: checks, the evaluation of a package and its comparison with the solver.

Two figures agree, and a limit holds, within ``VERIFY_ABS + VERIFY_REL * max(|x|, |y|)``
(see :mod:`planner.tolerances`); a limit is binding when its slack is within that tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planner.solution import Choice
from planner.tolerances import VERIFY_ABS, VERIFY_REL


def tolerance(*values: float) -> float:
    """Absolute tolerance for comparing figures of these magnitudes."""
    return VERIFY_ABS + VERIFY_REL * max((abs(v) for v in values), default=0.0)


def agree(x: float, y: float) -> bool:
    """True when two figures agree within :func:`tolerance`."""
    return abs(x - y) <= tolerance(x, y)


@dataclass(frozen=True)
class Check:
    """One recomputed constraint: value against limit, its slack, and whether it holds or binds."""

    name: str
    kind: str
    ok: bool
    value: float | None = None
    limit: float | None = None
    slack: float | None = None
    binding: bool = False
    detail: str = ""


@dataclass(frozen=True)
class Evaluation:
    """Everything recomputed from a package: hazards per period and activity, party totals, checks."""

    choices: tuple[Choice, ...]
    active: dict[str, tuple[int, ...]]
    option_hazard: tuple[float, ...]
    interaction_hazard: tuple[float, ...]
    activity_period_hazard: dict[str, tuple[float, ...]]
    party_cost: dict[str, float]
    party_benefit: dict[str, float]
    party_weight: dict[str, float]
    checks: tuple[Check, ...] = field(default=())

    @property
    def activity_hazard(self) -> dict[str, float]:
        """Each activity's contribution to H (its options' hazard, multipliers included)."""
        return {a: math.fsum(h) for a, h in self.activity_period_hazard.items()}

    @property
    def period_hazard(self) -> tuple[float, ...]:
        """H_t: option hazard plus interaction hazard in each period."""
        return tuple(
            o + i for o, i in zip(self.option_hazard, self.interaction_hazard, strict=True)
        )

    @property
    def total_hazard(self) -> float:
        """H = sum_t H_t."""
        return math.fsum(self.period_hazard)

    @property
    def peak_hazard(self) -> float:
        """max_t H_t (0 for an empty horizon)."""
        return max(self.period_hazard, default=0.0)

    @property
    def probability(self) -> float:
        """P = 1 - exp(-H), the probability of escalation over the horizon."""
        return -math.expm1(-self.total_hazard)

    @property
    def party_net(self) -> dict[str, float]:
        """benefit - cost per party."""
        return {p: self.party_benefit[p] - self.party_cost[p] for p in self.party_cost}

    @property
    def min_weighted_net(self) -> float:
        """min_p net(p) / weight_p (0 without parties)."""
        net = self.party_net
        return min((net[p] / self.party_weight[p] for p in net), default=0.0)

    def objective_value(self, objective: str) -> float:
        """The primary objective (SPEC 2.4) of this package: H, the peak H_t or min net/weight."""
        values = {
            "min_risk": self.total_hazard,
            "min_peak": self.peak_hazard,
            "max_min_net": self.min_weighted_net,
        }
        return values[objective]

    @property
    def violations(self) -> tuple[Check, ...]:
        """The checks that fail."""
        return tuple(c for c in self.checks if not c.ok)

    @property
    def ok(self) -> bool:
        """True when every constraint holds."""
        return not self.violations


@dataclass(frozen=True)
class Comparison:
    """One solver figure compared with its recomputed value."""

    figure: str
    model: float | None
    recomputed: float
    ok: bool

    @property
    def difference(self) -> float | None:
        """model - recomputed (None when the solver did not report the figure)."""
        return None if self.model is None else self.model - self.recomputed


@dataclass(frozen=True)
class Verification:
    """The verifier's verdict on a solution: its evaluation and the figure comparisons."""

    evaluation: Evaluation
    comparisons: tuple[Comparison, ...]

    @property
    def ok(self) -> bool:
        """True when every constraint holds and every figure agrees."""
        return self.evaluation.ok and all(c.ok for c in self.comparisons)

    @property
    def problems(self) -> tuple[str, ...]:
        """Human-readable lines, one per violated constraint or disagreeing figure."""
        lines = [f"{c.name} violated: {_check_text(c)}" for c in self.evaluation.violations]
        for c in self.comparisons:
            if not c.ok:
                model = "not reported" if c.model is None else f"{c.model:.9g}"
                lines.append(f"{c.figure}: solver {model}, recomputed {c.recomputed:.9g}")
        return tuple(lines)


def _check_text(c: Check) -> str:
    parts = [f"{k}={v:.9g}" for k, v in (("value", c.value), ("limit", c.limit)) if v is not None]
    return ", ".join([*parts, c.detail] if c.detail else parts)
