"""``planner evaluate``: score a proposed package (H, P, every limit, rule and balance; acceptance under draws)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from planner._version import __version__
from planner.model_size import check_draws_size
from planner.plan import Plan
from planner.report import tables
from planner.scenario import Scenario
from planner.solution import Choice, Solution, SolveOptions, Status
from planner.verify import Check, Evaluation, evaluate, status_quo_choices
from planner.verify_draws.compare import DrawSets, Scored, comparison_table, score_both

CHECK_COLUMNS = ("check", "kind", "ok", "value", "limit", "slack", "binding", "detail")


def package_plan(scenario: Scenario, ev: Evaluation, status_quo: Evaluation) -> Plan:
    """A Plan carrying a package that no solver chose, only to reuse the solve's table builders.

    The tables used (package, parties, rules) read the scenario and the evaluations only.
    """
    solution = Solution(status=Status.FEASIBLE, objective="evaluate", choices=ev.choices)
    return Plan(scenario, SolveOptions(), solution, ev, status_quo)


@dataclass(frozen=True)
class PackageReport:
    """A proposed package evaluated: nominal figures and checks, and acceptance under draws."""

    scenario: Scenario
    evaluation: Evaluation
    status_quo: Evaluation
    scored: tuple[Scored, ...] = ()
    package_file: str = ""
    run_at: datetime = field(
        default_factory=lambda: datetime.now().astimezone().replace(microsecond=0)
    )

    @property
    def plan(self) -> Plan:
        """The package as a Plan (for the Package, Parties and Rules tables)."""
        return package_plan(self.scenario, self.evaluation, self.status_quo)

    def summary(self) -> dict[str, object]:
        """Summary: H and P against the status quo, constraints violated, acceptance figures."""
        ev, sq = self.evaluation, self.status_quo
        out: dict[str, object] = {
            "input_file": self.scenario.source.path if self.scenario.source else "",
            "package_file": self.package_file,
            "status": "feasible" if ev.ok else "violates_constraints",
            "total_hazard": ev.total_hazard,
            "escalation_probability": ev.probability,
            "status_quo_hazard": sq.total_hazard,
            "status_quo_probability": sq.probability,
            "risk_reduction": 1 - ev.total_hazard / sq.total_hazard
            if sq.total_hazard > 0
            else None,
            "peak_period_hazard": ev.peak_hazard,
            "violations": "; ".join(c.name for c in ev.violations),
            "binding": "; ".join(c.name for c in ev.checks if c.binding),
        }
        if self.scored:
            mine = self.scored[0]
            s = self.scenario.settings
            out |= {
                "samples": len(mine.in_sample.hazard),
                "test_samples": len(mine.test.hazard),
                "sample_seed": s.sample_seed,
                "in_sample_acceptance": mine.in_sample.acceptance,
                "out_of_sample_acceptance": mine.test.acceptance,
                "mean_hazard_out": mine.test.mean_hazard,
                f"cvar_hazard_out (level {s.cvar_level:g})": mine.test.cvar(s.cvar_level),
            }
        out["headline"] = self.headline()
        out |= {"planner_version": __version__, "run_at": self.run_at.isoformat()}
        return out

    def headline(self) -> str:
        """One sentence a reader can quote."""
        ev, sq = self.evaluation, self.status_quo
        text = (
            f"The proposed package has a {ev.probability:.1%} escalation probability against "
            f"{sq.probability:.1%} for the status quo"
        )
        text += (
            "; it meets every limit, rule and balance"
            if ev.ok
            else (
                f"; it violates {len(ev.violations)} constraint(s): "
                + ", ".join(c.name for c in ev.violations[:5])
            )
        )
        if self.scored:
            mine = self.scored[0]
            text += (
                f"; every party accepts it in {mine.test.acceptance:.0%} of "
                f"{len(mine.test.hazard)} fresh draws"
            )
        return text + "."

    def checks_table(self) -> pd.DataFrame:
        """Every limit, rule, balance, capacity and structural check with slack or violation."""
        return checks_frame(self.evaluation.checks)

    def package_table(self) -> pd.DataFrame:
        """The Package sheet of ``planner solve`` for this package."""
        return tables.package_table(self.plan)

    def comparison_table(self) -> pd.DataFrame:
        """Hazard and acceptance in and out of sample (empty without an Uncertainty sheet)."""
        if not self.scored:
            return pd.DataFrame()
        return comparison_table(list(self.scored), self.scenario.settings.cvar_level)


def checks_frame(checks: tuple[Check, ...]) -> pd.DataFrame:
    """Checks as a table (``ok`` and ``binding`` as booleans)."""
    rows = [(c.name, c.kind, c.ok, c.value, c.limit, c.slack, c.binding, c.detail) for c in checks]
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS))


def evaluate_package(
    scenario: Scenario,
    choices: tuple[Choice, ...],
    *,
    samples: int | None = None,
    test_samples: int | None = None,
    package_file: str | Path = "",
) -> PackageReport:
    """Evaluate a package with the independent verifier, and under draws when the scenario has them."""
    ev = evaluate(scenario, choices)
    sq_choices = status_quo_choices(scenario)
    sq = evaluate(scenario, sq_choices)
    scored: tuple[Scored, ...] = ()
    if scenario.uncertainty:
        check_draws_size(scenario, "samples", samples)
        check_draws_size(scenario, "test_samples", test_samples)
        sets = DrawSets.of(scenario, samples, test_samples)
        scored = (
            score_both(scenario, "proposed", choices, sets),
            score_both(scenario, "status_quo", sq_choices, sets),
        )
    return PackageReport(scenario, ev, sq, scored, str(package_file))
