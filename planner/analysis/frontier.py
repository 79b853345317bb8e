"""Trade-off frontier between the total hazard H and a measure (``cost:PARTY``, ``total_cost`` or ``peak``).

Epsilon-constraint method (``planner.model.extensions.epsilon``): for N values of eps
evenly spaced from the least attainable measure to the measure of the least-H package,
``min H s.t. measure <= eps``, then the least measure at that H. ``total_cost`` is the
unweighted sum of every party's cost; ``peak`` is ``max_t H_t``. Every point's package is
re-checked by the independent verifier, its measure recomputed from the package and
checked against eps; then repeated and dominated points are dropped (a point is dominated
when another has no more H and no more measure, and less of one, beyond tolerance).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner.analysis.check import checked, package_figures
from planner.errors import InputError, NoPackageError, VerificationError
from planner.model.extensions.epsilon import EpsilonSolve, Measure, epsilon_solves, exact_solves
from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions
from planner.tolerances import EPSILON_SLACK_REL
from planner.verify import Evaluation, agree, tolerance


def parse_measure(text: str, scenario: Scenario) -> Measure:
    """``cost:PARTY``, ``total_cost`` or ``peak`` (InputError otherwise or for an unknown party)."""
    t = text.strip()
    if t in ("total_cost", "peak"):
        return Measure(t)
    if t.startswith("cost:"):
        party = t[len("cost:") :].strip()
        if party in scenario.party_ids:
            return Measure("cost", party)
        raise InputError(
            f"--against: no party {party!r} (parties: {', '.join(scenario.party_ids)})"
        )
    raise InputError(f"--against: expected cost:PARTY, total_cost or peak, got {text!r}")


def measure_of(evaluation: Evaluation, measure: Measure) -> float:
    """The measure recomputed by the verifier from the package."""
    if measure.kind == "cost":
        assert measure.party is not None
        return evaluation.party_cost[measure.party]
    if measure.kind == "total_cost":
        return sum(evaluation.party_cost.values())
    return evaluation.peak_hazard


@dataclass(frozen=True)
class FrontierPoint:
    """A non-dominated point: its eps, verified H and measure, and the package."""

    eps: float
    total_hazard: float
    measure: float
    solution: Solution
    evaluation: Evaluation


@dataclass(frozen=True)
class Frontier:
    """The traced frontier: its points, whether it is exact, and the method in words."""

    points: list[FrontierPoint]
    exact: bool
    method: str


def trace_frontier(
    scenario: Scenario, options: SolveOptions | None, against: str, points: int | None = None
) -> Frontier:
    """The frontier: exact (every breakpoint) by default, or a sample of ``points`` epsilons.

    Without ``points``, the eps-constraint walks down from the least-H package, each bound
    just below the last point's measure, so every non-dominated (measure, H) point is found;
    with ``points``, eps runs evenly over the measure's range and the result is a sample.

    Raises:
        InputError: an unknown measure or fewer than 1 point.
        NoPackageError: the scenario has no package.
        VerificationError: a package breaks a constraint, its eps, or disagrees with the solver.
    """
    if points is not None and points < 1:
        raise InputError("--points: must be at least 1")
    measure = parse_measure(against, scenario)
    if points is None:
        solves, exact = exact_solves(scenario, options or SolveOptions(), measure)
        method = "exact: every breakpoint, each eps just below the last point's measure"
        if not exact:
            method = (
                "incomplete walk (a solve stopped early or the point cap was reached): a sample"
            )
    else:
        solves, exact = epsilon_solves(scenario, options or SolveOptions(), measure, points), False
        method = f"sample: {points} evenly spaced eps (breakpoints between them may be missed)"
    return Frontier(_checked_points(scenario, solves, measure), exact, method)


def frontier(
    scenario: Scenario, options: SolveOptions | None, against: str, points: int | None = None
) -> list[FrontierPoint]:
    """Non-dominated (measure, H) points with their packages, least measure first (see
    :func:`trace_frontier`)."""
    return trace_frontier(scenario, options, against, points).points


def _checked_points(
    scenario: Scenario, solves: list[EpsilonSolve], measure: Measure
) -> list[FrontierPoint]:
    """The verified, non-dominated points of the solves."""
    if not solves:
        raise NoPackageError(
            "no feasible package: there is no frontier to trace (run planner diagnose)"
        )
    found = []
    for s in solves:
        if not s.solution.status.has_package:
            continue
        ev = checked(scenario, s.solution, f"frontier point eps={s.eps:.6g}")
        value = measure_of(ev, measure)
        if (
            s.measure is None
            or not agree(value, s.measure)
            or value > s.eps + tolerance(s.eps) + EPSILON_SLACK_REL * max(1.0, abs(s.eps))
        ):
            raise VerificationError(
                f"frontier point eps={s.eps:.6g}: measure {value:.9g} (solver {s.measure})"
            )
        found.append(FrontierPoint(s.eps, ev.total_hazard, value, s.solution, ev))
    return non_dominated(found)


def _dominates(a: FrontierPoint, b: FrontierPoint) -> bool:
    no_worse = a.total_hazard <= b.total_hazard + tolerance(
        b.total_hazard
    ) and a.measure <= b.measure + tolerance(b.measure)
    better = a.total_hazard < b.total_hazard - tolerance(
        b.total_hazard
    ) or a.measure < b.measure - tolerance(b.measure)
    return no_worse and better


def non_dominated(points: list[FrontierPoint]) -> list[FrontierPoint]:
    """Drop dominated points and repeats (same H and measure), keeping the first of each; sort by measure."""
    kept: list[FrontierPoint] = []
    for p in points:
        if any(_dominates(q, p) for q in points):
            continue
        if any(agree(q.total_hazard, p.total_hazard) and agree(q.measure, p.measure) for q in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda p: p.measure)


def frontier_table(scenario: Scenario, points: list[FrontierPoint], against: str) -> pd.DataFrame:
    """The Frontier sheet: one row per point with eps, the measure, H, P, party totals and options."""
    rows = []
    for k, p in enumerate(points, start=1):
        row: dict[str, object] = {
            "point": k,
            "eps": p.eps,
            "measure": p.measure,
            "against": against,
        }
        row["status"] = p.solution.status.value
        row.update(package_figures(scenario, p.evaluation))
        row.update({f"option:{c.activity}": c.option for c in p.solution.choices})
        rows.append(row)
    return pd.DataFrame(rows)
