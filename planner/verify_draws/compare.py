"""Comparison rows of packages under draws (SPEC 6 Comparison): hazard, CVaR, P and acceptance, in and out of sample."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.draws.sampling import IN_SAMPLE, TEST, Draws, draw
from planner.scenario import Scenario
from planner.solution import Choice
from planner.verify_draws.scoring import Scores, score


@dataclass(frozen=True)
class DrawSets:
    """The in-sample and out-of-sample (test) draws of a scenario."""

    in_sample: Draws
    test: Draws

    @classmethod
    def of(cls, scenario: Scenario, samples: int | None = None, test_samples: int | None = None):
        """Draw ``samples`` (default Settings ``samples``) and ``test_samples`` from their streams."""
        s = scenario.settings
        return cls(
            draw(scenario, samples or s.samples, IN_SAMPLE),
            draw(scenario, test_samples or s.test_samples, TEST),
        )


@dataclass(frozen=True)
class Scored:
    """One package scored in and out of sample."""

    name: str
    choices: tuple[Choice, ...]
    in_sample: Scores
    test: Scores
    note: str = field(default="")


def score_both(
    scenario: Scenario, name: str, choices: tuple[Choice, ...], sets: DrawSets
) -> Scored:
    """Score a package on both draw sets."""
    return Scored(
        name, choices, score(scenario, choices, sets.in_sample), score(scenario, choices, sets.test)
    )


def _figures(scores: Scores, level: float, suffix: str) -> dict[str, object]:
    mean = scores.mean_hazard
    row: dict[str, object] = {
        f"mean_hazard_{suffix}": mean,
        f"cvar_hazard_{suffix}": scores.cvar(level),
        f"escalation_probability_{suffix}": -math.expm1(-mean),
        f"acceptance_{suffix}": scores.acceptance,
    }
    for party, share in scores.party_acceptance().items():
        row[f"acceptance:{party}_{suffix}"] = share
    return row


def comparison_row(scored: Scored, level: float) -> dict[str, object]:
    """One Comparison row: the package's figures in sample, then out of sample."""
    return {
        "package": scored.name,
        **_figures(scored.in_sample, level, "in"),
        **_figures(scored.test, level, "out"),
        "samples_in": len(scored.in_sample.hazard),
        "samples_out": len(scored.test.hazard),
        "note": scored.note,
    }


def comparison_table(rows: list[Scored], level: float, missing: dict[str, str] | None = None):
    """The Comparison table; ``missing`` lists packages that do not exist (name -> why)."""
    records = [comparison_row(r, level) for r in rows]
    for name, why in (missing or {}).items():
        records.append({"package": name, "note": why})
    columns = list(dict.fromkeys(k for r in records for k in r))
    return pd.DataFrame(records, columns=columns)


def sampling_error(share: float, n: int) -> float:
    """Standard error of an acceptance share estimated from n independent draws."""
    return float(np.sqrt(max(share * (1 - share), 0.0) / n)) if n else math.nan
