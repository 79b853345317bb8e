"""Fairness side by side: the min_risk, min_peak, max_min_net and Nash-bargaining packages under the same constraints.

- ``min_risk``, ``min_peak``, ``max_min_net``: SPEC 2.4 with their tie-breaks.
- ``nash``: maximise ``sum_p weight_p * log(net_p - d_p)``, where the disagreement point
  d_p is party p's net in the status quo (SPEC 2.5: what each party gets if no deal is
  made); every party must gain. Solved by a refined piecewise-linear concave
  approximation (``planner.model.extensions.nash``): the reported package is certified
  within 1e-6 of the optimum of the weighted log sum (plus the MIP gap); ties: least H.
- The two fairness regimes (max_min_net and nash) need a bound on risk, or fairness could
  be bought with escalation: the workbook's risk_cap when set, else the status-quo H
  (said so in the regime's note). min_risk and min_peak use the workbook as it is.
- ``price_of_fairness`` = H of the regime / H of the min_risk package.

Every package is re-checked by the independent verifier.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import pandas as pd

from planner.analysis.check import checked, package_figures
from planner.analysis.diagnose import fmt
from planner.errors import VerificationError
from planner.model.extensions.nash import nash_package
from planner.model.solve import solve_scenario
from planner.scenario import Scenario
from planner.solution import Solution, SolveOptions
from planner.verify import Evaluation, agree, evaluate, status_quo_choices

REGIMES: tuple[str, ...] = ("min_risk", "min_peak", "max_min_net", "nash")


@dataclass(frozen=True)
class Regime:
    """One regime's package (evaluation None when it has none) and a note on how it was solved."""

    name: str
    solution: Solution
    evaluation: Evaluation | None
    note: str = ""


def nash_value(
    evaluation: Evaluation, disagreement: dict[str, float], weights: dict[str, float]
) -> float:
    """sum_p weight_p * log(net_p - d_p); -inf when some party does not gain."""
    net = evaluation.party_net
    gains = [net[p] - disagreement[p] for p in net]
    if any(g <= 0 for g in gains):
        return -math.inf
    return math.fsum(weights[p] * math.log(net[p] - disagreement[p]) for p in net)


def capped(scenario: Scenario, status_quo: Evaluation) -> tuple[Scenario, str]:
    """The scenario with a risk cap (the status-quo H when the workbook has none) and a note."""
    if scenario.settings.risk_cap is not None:
        return scenario, f"risk_cap {fmt(scenario.settings.risk_cap)} from the workbook"
    cap = status_quo.total_hazard
    settings = dataclasses.replace(scenario.settings, risk_cap=cap)
    return dataclasses.replace(
        scenario, settings=settings
    ), f"no risk_cap in the workbook: the status-quo H {fmt(cap)} is used as the cap"


def compare(
    scenario: Scenario, options: SolveOptions | None = None, breakpoints: int = 16
) -> list[Regime]:
    """Solve the four regimes and verify each package."""
    options = options or SolveOptions()
    status_quo = evaluate(scenario, status_quo_choices(scenario))
    fair, cap_note = capped(scenario, status_quo)
    out = []
    for name in ("min_risk", "min_peak", "max_min_net"):
        s = fair if name == "max_min_net" else scenario
        sol = solve_scenario(s, dataclasses.replace(options, objective=name))
        ev = checked(s, sol, f"regime {name}") if sol.status.has_package else None
        out.append(Regime(name, sol, ev, cap_note if name == "max_min_net" else ""))
    out.append(_nash(fair, options, status_quo, breakpoints, cap_note))
    return out


def _nash(
    scenario: Scenario,
    options: SolveOptions,
    status_quo: Evaluation,
    breakpoints: int,
    cap_note: str,
) -> Regime:
    d = status_quo.party_net
    result = nash_package(scenario, options, d, breakpoints)
    sol = result.solution
    note = f"{cap_note}; disagreement point = status-quo net; {result.rounds} MIP solves, {result.breakpoints} breakpoints"
    if not sol.status.has_package:
        return Regime(
            "nash", sol, None, f"no package lets every party gain over the status quo; {note}"
        )
    as_hazard = dataclasses.replace(
        sol, objective="min_risk", objective_value=sol.model_total_hazard
    )
    ev = checked(scenario, as_hazard, "regime nash")
    weights = {p.id: p.weight for p in scenario.parties}
    recomputed = nash_value(ev, d, weights)
    if sol.objective_value is None or not agree(recomputed, sol.objective_value):
        raise VerificationError(
            f"regime nash: Nash value {recomputed!r}, solver {sol.objective_value!r}"
        )
    bound = max(sol.bound if sol.bound is not None else recomputed, recomputed)
    certificate = f"the Nash optimum is at most {bound:.9g} (this package: {recomputed:.9g})"
    return Regime("nash", sol, ev, f"{note}; {certificate}")


def compare_table(scenario: Scenario, regimes: list[Regime]) -> pd.DataFrame:
    """The Compare sheet: status quo then one row per regime, with the price of fairness."""
    status_quo = evaluate(scenario, status_quo_choices(scenario))
    base = next((r.evaluation for r in regimes if r.name == "min_risk" and r.evaluation), None)
    ctx = _Context(
        scenario,
        None if base is None else base.total_hazard,
        status_quo.party_net,
        {p.id: p.weight for p in scenario.parties},
    )
    rows = [ctx.row("status_quo", "", status_quo, None, "every activity at its baseline")]
    for r in regimes:
        if r.evaluation is None:
            rows.append({"regime": r.name, "status": r.solution.status.value, "note": r.note})
        else:
            rows.append(ctx.row(r.name, r.solution.status.value, r.evaluation, r.solution, r.note))
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class _Context:
    """What every Compare row is measured against."""

    scenario: Scenario
    min_risk_hazard: float | None
    disagreement: dict[str, float]
    weights: dict[str, float]

    def row(
        self, name: str, status: str, ev: Evaluation, sol: Solution | None, note: str
    ) -> dict[str, object]:
        """One regime: objective, H, P, peak, price of fairness, fairness measures, parties, options."""
        row: dict[str, object] = {"regime": name, "status": status}
        row["objective_value"] = None if sol is None else sol.objective_value
        row.update(package_figures(self.scenario, ev))
        row["price_of_fairness"] = _ratio(ev.total_hazard, self.min_risk_hazard)
        row["min_weighted_net"] = ev.min_weighted_net
        row["nash_value"] = nash_value(ev, self.disagreement, self.weights)
        row.update({f"option:{c.activity}": c.option for c in ev.choices})
        row["note"] = note
        return row


def _ratio(h: float, h0: float | None) -> float:
    if h0 is None:
        return math.nan
    if h0 == 0:
        return 1.0 if h == 0 else math.inf
    return h / h0
