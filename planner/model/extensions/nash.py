"""Nash bargaining package: maximise sum_p weight_p * log(net_p - d_p) by a refined piecewise-linear concave approximation.

Formulation (u_p = net_p - d_p, d_p the disagreement point given by the caller):

- ``u_p >= delta_p`` with ``delta_p = 1e-6 * max(1, hi_p)``: every party must gain (a
  Nash package is strictly better than the disagreement point for everyone), where
  ``hi_p`` = the most party p could gain (sum over activities of the best eligible
  option's benefit - cost, minus d_p; constraints ignored).
- ``w_p <= log(b) + (u_p - b) / b`` for every breakpoint b of party p: w_p is the
  piecewise-linear concave envelope of tangents to log, an upper approximation.
  Initially ``breakpoints`` points spaced geometrically (ratio r = 1000^(1/(n-1))) from
  hi_p/1000 to hi_p: between two of them the envelope exceeds log by at most
  ``e(r) = x - 1 - ln x`` with ``x = r ln r / (r - 1)`` (:func:`envelope_error`): 0.026
  per party for the default 16 points, 0.0062 for 32, 0.0015 for 64 — so before
  refinement the weighted objective is over-estimated by at most ``e(r) * sum_p weight_p``
  for gains in [hi_p/1000, hi_p] (more only below hi_p/1000).
- maximise ``sum_p weight_p * w_p``.

Refinement makes the answer exact to a stated tolerance rather than to e(r): after each
solve the true objective F of the package is computed; if the approximation A exceeds F
by more than ``tol``, tangents at the package's u_p are added and the MIP re-solved.
Because the envelope is >= log everywhere, A bounds every package's true value from
above, so stopping when ``A - F <= tol`` certifies F within tol (plus the MIP gap) of the
Nash optimum; termination is finite (a package whose u_p are breakpoints is valued
exactly). Ties are then broken by the least H among packages whose TRUE value is within
tol of F (same refinement).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass

import pyomo.core as pyo

from planner.calendar import allowed_starts
from planner.model.build import build_model
from planner.model.derived import Derived
from planner.model.highs import HighsSolver
from planner.model.lexicographic import Limits
from planner.model.objectives import UNBOUNDED
from planner.model.readback import PackageValues, package_variables, read_package, round_package
from planner.model.solve import resolve_limits
from planner.scenario import Option, Scenario
from planner.solution import RunResult, Solution, SolveOptions, Status
from planner.tolerances import NASH_CERTIFY, NASH_GAIN_REL

MAX_ROUNDS = 200
"""Refinement rounds per stage before giving up (status ``feasible``, gap reported)."""


def envelope_error(ratio: float) -> float:
    """Largest excess of the tangent envelope of log over log between tangents at b and ratio*b."""
    if ratio <= 1.0:
        return 0.0
    x = ratio * math.log(ratio) / (ratio - 1.0)
    return x - 1.0 - math.log(x)


def best_gain(scenario: Scenario, party: str, disagreement: float) -> float:
    """hi_p: the most party p could gain over ``disagreement`` ignoring every constraint."""
    total = 0.0
    for a in scenario.activity_ids:
        nets = [_best_net(scenario, o, party) for o in scenario.options_of(a) if not o.vetoed_by]
        total += max(nets, default=0.0)
    return total - disagreement


def _best_net(scenario: Scenario, option: Option, party: str) -> float:
    """The best net of one option to a party: per_period ones over their best periods in force."""
    net = option.benefit.get(party, 0.0) - option.cost.get(party, 0.0)
    if not option.per_period:
        return net
    T = scenario.settings.periods
    starts = allowed_starts(scenario.settings, option) if option.is_stop else (None,)
    return max((net * option.periods_in_force(T, s) for s in starts), default=0.0)


@dataclass(frozen=True)
class NashOutcome:
    """The Nash package and its certificate.

    Attributes:
        solution: the package (objective ``nash``, objective_value = the true weighted
            log sum F, bound = the upper bound A on the Nash optimum).
        rounds: MIP solves made (both stages).
        breakpoints: tangents per party at the end.
    """

    solution: Solution
    rounds: int
    breakpoints: int


class _NashModel:
    def __init__(
        self, scenario: Scenario, options: SolveOptions, d: Mapping[str, float], n: int
    ) -> None:
        self.limits: Limits = resolve_limits(scenario.settings, options)
        m = build_model(scenario, Derived(scenario))
        self.m, self.d = m, dict(d)
        self.weight = {p.id: p.weight for p in scenario.parties}
        self.hi = {p: best_gain(scenario, p, self.d[p]) for p in m.PARTIES}
        self.delta = {p: NASH_GAIN_REL * max(1.0, self.hi[p]) for p in m.PARTIES}
        m.nash_log_gain = pyo.Var(m.PARTIES, domain=pyo.Reals)
        m.nash_gain_positive = pyo.Constraint(
            m.PARTIES, rule=lambda m, p: m.party_net[p] >= self.d[p] + self.delta[p]
        )
        m.nash_tangent = pyo.ConstraintList()
        self.points: dict[str, set[float]] = {p: set() for p in m.PARTIES}
        for p in m.PARTIES:
            top = max(self.hi[p], 2 * self.delta[p])
            low = max(self.delta[p], top / 1000.0)
            for k in range(n):
                self._tangent(p, low * (top / low) ** (k / max(n - 1, 1)))
        m.nash_value = pyo.Expression(
            expr=sum(self.weight[p] * m.nash_log_gain[p] for p in m.PARTIES)
        )
        m.maximise_nash = pyo.Objective(expr=m.nash_value, sense=pyo.maximize)
        m.minimise_hazard_nash = pyo.Objective(expr=m.total_hazard)
        m.minimise_hazard_nash.deactivate()
        m.nash_floor = pyo.Param(initialize=-UNBOUNDED, mutable=True, within=pyo.Reals)
        m.nash_within_best = pyo.Constraint(expr=m.nash_value >= m.nash_floor)
        self.solver = HighsSolver(
            m, threads=self.limits.threads, random_seed=self.limits.random_seed
        )
        self.rounds = 0

    def _tangent(self, p: str, b: float) -> pyo.Constraint | None:
        if b in self.points[p]:
            return None
        self.points[p].add(b)
        m = self.m
        return m.nash_tangent.add(
            m.nash_log_gain[p] <= math.log(b) + (m.party_net[p] - self.d[p] - b) / b
        )

    def true_value(self, pkg: PackageValues) -> float:
        """F = sum_p weight_p log(net_p - d_p) of a package."""
        return math.fsum(self.weight[p] * math.log(self._gain(pkg, p)) for p in self.m.PARTIES)

    def _gain(self, pkg: PackageValues, p: str) -> float:
        return max(pkg.party_benefit[p] - pkg.party_cost[p] - self.d[p], self.delta[p])

    def solve(self, objective: pyo.Objective) -> tuple[RunResult, PackageValues | None]:
        """One MIP solve; the package read back (None without one)."""
        self.rounds += 1
        run = self.solver.run(
            objective, time_limit=self.limits.time_limit_s, mip_gap=self.limits.mip_gap
        )
        if not run.status.has_package:
            return run, None
        self.solver.load([*package_variables(self.m), *self.m.nash_log_gain.values()])
        round_package(self.m)
        return run, read_package(self.m)

    def refine(self, pkg: PackageValues) -> None:
        """Add tangents at the package's gains."""
        new = [self._tangent(p, self._gain(pkg, p)) for p in self.m.PARTIES]
        self.solver.add_constraints([c for c in new if c is not None])


def nash_package(
    scenario: Scenario,
    options: SolveOptions,
    disagreement: Mapping[str, float],
    breakpoints: int = 16,
    tol: float = NASH_CERTIFY,
) -> NashOutcome:
    """The weighted Nash bargaining package over ``disagreement`` (see the module docstring)."""
    tick = time.perf_counter()
    nm = _NashModel(scenario, options, disagreement, max(2, breakpoints))
    if any(nm.hi[p] <= nm.delta[p] for p in nm.m.PARTIES):
        return _outcome(
            nm, Status.INFEASIBLE, None, None, None, tick, "some party cannot gain at all"
        )
    first, best, value, upper = _maximise(nm, tol)
    if best is None or value is None:
        return _outcome(nm, first.status, None, None, None, tick, first.termination)
    pkg = _least_hazard(nm, value, tol) or best
    return _outcome(nm, first.status, pkg, nm.true_value(pkg), upper, tick, "")


def _maximise(
    nm: _NashModel, tol: float
) -> tuple[RunResult, PackageValues | None, float | None, float | None]:
    """Refine until the approximation is within tol of the package's true value."""
    while True:
        run, pkg = nm.solve(nm.m.maximise_nash)
        if pkg is None or run.incumbent is None:
            return run, None, None, None
        value = nm.true_value(pkg)
        upper = run.bound if run.bound is not None else run.incumbent
        if run.incumbent - value <= tol or nm.rounds >= MAX_ROUNDS:
            return run, pkg, value, max(upper, value)
        nm.refine(pkg)


def _least_hazard(nm: _NashModel, value: float, tol: float) -> PackageValues | None:
    """Least H among packages whose true Nash value is >= value - tol (None: keep the first)."""
    nm.m.nash_floor.set_value(value - tol)
    try:
        while nm.rounds < MAX_ROUNDS:
            run, pkg = nm.solve(nm.m.minimise_hazard_nash)
            if pkg is None:
                return None
            if nm.true_value(pkg) >= value - tol:
                return pkg
            nm.refine(pkg)
        return None
    finally:
        nm.m.nash_floor.set_value(-UNBOUNDED)


def _outcome(
    nm: _NashModel,
    status: Status,
    pkg: PackageValues | None,
    value: float | None,
    upper: float | None,
    tick: float,
    message: str,
) -> NashOutcome:
    n = max(len(v) for v in nm.points.values()) if nm.points else 0
    if pkg is None:
        return NashOutcome(
            Solution(status, "nash", message=message, solve_seconds=time.perf_counter() - tick),
            nm.rounds,
            n,
        )
    if nm.rounds >= MAX_ROUNDS:
        status, message = Status.FEASIBLE, f"stopped after {MAX_ROUNDS} refinement rounds"
    sol = Solution(
        status=status,
        objective="nash",
        objective_value=value,
        bound=upper,
        choices=pkg.choices,
        model_total_hazard=pkg.total_hazard,
        model_period_hazard=pkg.period_hazard,
        model_party_cost=pkg.party_cost,
        model_party_benefit=pkg.party_benefit,
        solve_seconds=time.perf_counter() - tick,
        solver=nm.solver.version,
        message=message,
    )
    return NashOutcome(sol, nm.rounds, n)
