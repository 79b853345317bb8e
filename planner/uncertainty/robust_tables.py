"""Tables of a robust run (SPEC 6): Summary, Package, Comparison, Samples, Stability, as plain dicts and DataFrames."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner._version import __version__
from planner.model.robust_data import needed_with_margin
from planner.report import tables
from planner.uncertainty.evaluate import package_plan
from planner.verify import evaluate, status_quo_choices
from planner.verify_draws.compare import DrawSets, Scored, comparison_table, sampling_error
from planner.verify_draws.scoring import cvar

if TYPE_CHECKING:  # Pyomo stays under planner.model
    from planner.model.robust import RobustOutcome
    from planner.scenario import Scenario


@dataclass(frozen=True)
class Stability:
    """How often each option is chosen when the robust problem is re-solved on fresh draws."""

    runs: int
    samples: int
    counts: dict[tuple[str, str], int]
    statuses: tuple[str, ...]

    @property
    def solved(self) -> int:
        """Re-solves that found a package (the denominator of every share)."""
        return sum(s in ("optimal", "feasible") for s in self.statuses)


@dataclass(frozen=True)
class RobustRun:
    """Everything ``planner robust`` reports."""

    scenario: Scenario
    sets: DrawSets
    outcome: RobustOutcome
    robust: Scored | None
    nominal: Scored | None
    nominal_note: str
    status_quo: Scored
    in_sample_hazard: np.ndarray | None  # verifier's H_k of the robust package
    in_sample_accepted: np.ndarray | None
    stability: Stability | None
    seconds: float

    def summary(self) -> dict[str, object]:
        """The Summary sheet as a dict (SPEC 6 keys first)."""
        return summary(self)

    def package_table(self) -> pd.DataFrame:
        """Package sheet of the robust package (empty without one)."""
        return package_table(self)

    def comparison_table(self) -> pd.DataFrame:
        """Comparison sheet: robust, nominal and status quo, in and out of sample."""
        return comparison(self)

    def samples_table(self) -> pd.DataFrame:
        """Samples sheet: every in-sample draw by cell address, accepted and total_hazard."""
        return samples_table(self)

    def stability_table(self) -> pd.DataFrame:
        """Stability sheet: share of re-solves on fresh draws choosing each option."""
        return stability_table(self)


def _source(run: RobustRun) -> tuple[str, str]:
    src = run.scenario.source
    if src is None:
        return "", ""
    if src.sha256:
        return src.path, src.sha256
    return src.path, hashlib.sha256(Path(src.path).read_bytes()).hexdigest()


def headline(run: RobustRun) -> str:
    """One plain sentence: status, out-of-sample acceptance and P against the nominal package."""
    s = run.scenario.settings
    o = run.outcome
    if run.robust is None:
        best = (
            ""
            if o.best_acceptance is None
            else f"; the highest reachable is {o.best_acceptance:.0%}"
        )
        return (
            f"No package is accepted by every party in {s.acceptance_target:.0%} of the "
            f"{s.samples} draws (status {o.status.value}){best}."
        )
    r = run.robust
    text = (
        f"The robust package ({s.robust_objective} hazard) is accepted by every party in "
        f"{r.test.acceptance:.0%} of {len(r.test.hazard)} fresh draws (target "
        f"{s.acceptance_target:.0%}, in sample {r.in_sample.acceptance:.0%}), with a mean "
        f"escalation probability of {_p(r.test.mean_hazard):.1%}"
    )
    if run.nominal is not None:
        n = run.nominal
        text += (
            f"; the nominal package is accepted in {n.test.acceptance:.0%} with "
            f"{_p(n.test.mean_hazard):.1%}"
        )
    changed = sum(c.option != run.scenario.baseline_of(c.activity).id for c in run.robust.choices)
    text += f"; {changed} of {len(run.robust.choices)} activities change."
    return text + _acceptance_warning(run)


def _acceptance_warning(run: RobustRun) -> str:
    """What the analyst must know about the in-sample requirement and the fresh draws."""
    s, o, r = run.scenario.settings, run.outcome, run.robust
    assert r is not None
    out = ""
    wanted = needed_with_margin(s.acceptance_target, s.acceptance_margin, s.samples)
    if o.need is not None and o.need < wanted:
        out += (
            f" No package is accepted in {wanted} of the draws (the target plus the margin); "
            f"it was held to {o.need}, the most any package reaches."
        )
    error = sampling_error(r.test.acceptance, len(r.test.hazard))
    if r.test.acceptance < s.acceptance_target - error:
        out += (
            f" On fresh draws it falls short of the target by more than the sampling error "
            f"({error:.1%}): the in-sample optimum fits its own draws; raise Settings "
            f"acceptance_margin (now {s.acceptance_margin:g}) or samples."
        )
    return out


def _p(h: float) -> float:
    import math

    return -math.expm1(-h)


def _objective(run: RobustRun) -> float | None:
    """The in-sample mean or CVaR of H_k of the robust package, from the verifier's H_k."""
    h = run.in_sample_hazard
    if h is None:
        return None
    s = run.scenario.settings
    return cvar(h, s.cvar_level) if s.robust_objective == "cvar" else float(h.mean())


def summary(run: RobustRun, run_at: datetime | None = None) -> dict[str, object]:
    """Summary keys of SPEC 6 first, then model size, timings and provenance."""
    s, o = run.scenario.settings, run.outcome
    r = run.robust
    path, sha = _source(run)
    out: dict[str, object] = {
        "status": o.status.value,
        "objective": s.robust_objective,
        "objective_value": _objective(run),
        "samples": s.samples,
        "test_samples": s.test_samples,
        "sample_seed": s.sample_seed,
        "acceptance_target": s.acceptance_target,
        "acceptance_margin": s.acceptance_margin,
        "in_sample_draws_needed": o.need,
        "in_sample_acceptance": r.in_sample.acceptance if r else None,
        "out_of_sample_acceptance": r.test.acceptance if r else None,
        "headline": headline(run),
        "out_of_sample_acceptance_error": sampling_error(r.test.acceptance, s.test_samples)
        if r
        else None,
        "highest_reachable_acceptance": o.best_acceptance,
        "cvar_level": s.cvar_level,
        "mean_hazard_out": r.test.mean_hazard if r else None,
        "cvar_hazard_out": r.test.cvar(s.cvar_level) if r else None,
        "nominal_out_of_sample_acceptance": run.nominal.test.acceptance if run.nominal else None,
        "verified": bool(r is not None),
        "mip_gap": o.gap,
        "model_rows": o.size.get("rows"),
        "model_columns": o.size.get("columns"),
        "model_nonzeros": o.size.get("nonzeros"),
        "build_seconds": o.build_seconds,
        "highs_seconds": o.highs_seconds,
        "run_seconds": run.seconds,
        "stability_runs": run.stability.runs if run.stability else 0,
        "stability_samples": run.stability.samples if run.stability else None,
        "stages": "; ".join(o.stages),
        "input_file": path,
        "input_sha256": sha,
        "planner_version": __version__,
        "run_at": (run_at or datetime.now().astimezone().replace(microsecond=0)).isoformat(),
    }
    return out


def package_table(run: RobustRun) -> pd.DataFrame:
    """The robust package as ``planner solve``'s Package sheet (empty without a package)."""
    if run.robust is None:
        return pd.DataFrame()
    sc = run.scenario
    plan = package_plan(sc, evaluate(sc, run.robust.choices), evaluate(sc, status_quo_choices(sc)))
    return tables.package_table(plan)


def comparison(run: RobustRun) -> pd.DataFrame:
    """robust / nominal / status_quo, in and out of sample."""
    rows = [x for x in (run.robust, run.nominal, run.status_quo) if x is not None]
    missing = {}
    if run.robust is None:
        missing["robust"] = f"no package ({run.outcome.status.value})"
    if run.nominal is None:
        missing["nominal"] = run.nominal_note
    return comparison_table(rows, run.scenario.settings.cvar_level, missing)


def samples_table(run: RobustRun) -> pd.DataFrame:
    """One row per in-sample draw: every uncertain cell by address, then accepted and total_hazard."""
    d = run.sets.in_sample
    frame = pd.DataFrame(d.values, columns=[c.address for c in d.cells])
    frame.insert(0, "sample", range(1, d.count + 1))
    if run.in_sample_accepted is not None and run.in_sample_hazard is not None:
        frame["accepted"] = run.in_sample_accepted
        frame["total_hazard"] = run.in_sample_hazard
    return frame


def stability_table(run: RobustRun) -> pd.DataFrame:
    """Per activity and option: chosen by the robust package, and the share of re-solves choosing it."""
    st = run.stability
    if st is None or run.robust is None:
        return pd.DataFrame()
    chosen = {c.activity: c.option for c in run.robust.choices}
    rows = []
    for o in run.scenario.options:
        share = st.counts.get((o.activity, o.id), 0) / st.solved if st.solved else 0.0
        if share == 0 and chosen.get(o.activity) != o.id:
            continue
        rows.append(
            {
                "activity": o.activity,
                "option": o.id,
                "robust_choice": chosen.get(o.activity) == o.id,
                "baseline": o.baseline,
                "share": share,
                "runs": st.runs,
                "runs_with_package": st.solved,
                "samples_per_run": st.samples,
            }
        )
    return pd.DataFrame(rows)
