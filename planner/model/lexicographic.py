"""Lexicographic solving (SPEC 2.4): solve a stage, fix it within a tolerance, solve the next one.

A fixed stage keeps ``quantity <= best + tol`` (``>= best - tol`` when maximised) with
``tol = max(1e-6, 1e-7 * |best|)``, where ``best`` is the worse of HiGHS's incumbent and the
loaded package's value, so the previous package stays feasible. Tie-break stages share the
time limit (each gets what is left), run only after a proven-optimal stage 1, and never
replace a package by one whose primary is worse than the stage-1 primary plus tolerance.
The result's status, bound and gap are stage 1's (the primary objective's): a tie-break
stopped by the time limit leaves a proven primary, and its stage record says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyomo.core as pyo

from planner.model.highs import HighsSolver
from planner.model.objectives import Stage, release_stage_bounds
from planner.model.readback import package_variables, restore, snapshot
from planner.solution import RunResult, Status
from planner.tolerances import STAGE_ABS, STAGE_REL

MIN_STAGE_SECONDS = 0.01
"""A tie-break stage with less time left than this is skipped."""


def stage_tolerance(best: float) -> float:
    """Slack allowed on a fixed stage: max(STAGE_ABS, STAGE_REL * |best|)."""
    return max(STAGE_ABS, STAGE_REL * abs(best))


@dataclass(frozen=True)
class Limits:
    """Resolved solver limits of one solve (no None fields)."""

    time_limit_s: float
    mip_gap: float
    threads: int = 1
    random_seed: int = 0


@dataclass(frozen=True)
class StageRecord:
    """What happened in one stage."""

    name: str
    maximise: bool
    status: Status | None  # None: skipped
    value: float | None = None
    bound: float | None = None
    highs_seconds: float = 0.0
    note: str = ""

    def __str__(self) -> str:
        sense = "maximise" if self.maximise else "minimise"
        if self.status is None:
            return f"{sense} {self.name}: skipped ({self.note})"
        text = f"{sense} {self.name}: {self.status.value}"
        if self.value is not None:
            text += f", value {self.value:.10g}"
        if self.bound is not None:
            text += f", bound {self.bound:.10g}"
        text += f", HiGHS {self.highs_seconds:.3f} s"
        return text + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class LexOutcome:
    """Result of all stages: stage 1 decides status, bound and gap; the package is loaded."""

    first: RunResult
    stages: tuple[StageRecord, ...]
    primary_stage1: float | None
    primary: float | None  # on the final package
    highs_seconds: float

    @property
    def status(self) -> Status:
        """Status of the primary objective (stage 1)."""
        return self.first.status


def _fix(m: pyo.ConcreteModel, stage: Stage, run: RunResult, value: float) -> None:
    """Keep later stages within tolerance of this stage's package."""
    best = value if run.incumbent is None else run.incumbent
    best = min(best, value) if stage.maximise else max(best, value)
    tol = stage_tolerance(best)
    m.stage_best[stage.name] = best - tol if stage.maximise else best + tol


def _worse(stage: Stage, value: float, reference: float) -> bool:
    """True when ``value`` is worse than ``reference`` beyond tolerance."""
    tol = 10 * stage_tolerance(reference)
    return value < reference - tol if stage.maximise else value > reference + tol


def _load(solver: HighsSolver, m: pyo.ConcreteModel) -> None:
    solver.load(package_variables(m), binary=True)  # rounded to 0/1 (``round_package``)


def solve_stages(
    solver: HighsSolver, m: pyo.ConcreteModel, stages: list[Stage], limits: Limits
) -> LexOutcome:
    """Run the stages; on return the model's package variables hold the final package."""
    start = time.perf_counter()
    first = solver.run(stages[0].objective, time_limit=limits.time_limit_s, mip_gap=limits.mip_gap)
    records = [_record(stages[0], first, None)]
    highs = first.highs_seconds
    if not first.status.has_package:
        return LexOutcome(first, tuple(records), None, None, highs)
    known: dict[str, float] = {}  # stage values of the package the model holds now

    def value(stage: Stage) -> float:
        if stage.name not in known:
            known[stage.name] = stage.value(m)
        return known[stage.name]

    def load() -> None:
        _load(solver, m)
        known.clear()

    def back(saved: tuple[tuple, list[float | None]]) -> None:
        restore(saved)
        known.clear()

    load()
    primary = value(stages[0])
    records[0] = _record(stages[0], first, primary)
    kept, previous = snapshot(m), first
    try:
        for k, stage in enumerate(stages[1:], start=1):
            skip = _skip_reason(stages[k - 1], previous, limits, start)
            if skip:
                records += [StageRecord(s.name, s.maximise, None, note=skip) for s in stages[k:]]
                break
            _fix(m, stages[k - 1], previous, value(stages[k - 1]))
            left = limits.time_limit_s - (time.perf_counter() - start)
            run = solver.run(
                stage.objective, time_limit=left, mip_gap=limits.mip_gap, warm_start=True
            )
            highs += run.highs_seconds
            if not run.status.has_package:
                back(kept)
                records.append(_record(stage, run, None, "kept the previous stage's package"))
                break
            load()
            if _worse(stages[0], value(stages[0]), primary):
                back(kept)
                records.append(_record(stage, run, None, "primary got worse; package discarded"))
                break
            records.append(_record(stage, run, value(stage)))
            kept, previous = snapshot(m), run
    finally:
        release_stage_bounds(m)
    return LexOutcome(first, tuple(records), primary, value(stages[0]), highs)


def _skip_reason(previous_stage: Stage, previous: RunResult, limits: Limits, start: float) -> str:
    """Why a tie-break stage cannot run ('' when it can)."""
    if previous.status is not Status.OPTIMAL:
        return f"{previous_stage.name} ended {previous.status.value}, not proven optimal"
    if limits.time_limit_s - (time.perf_counter() - start) < MIN_STAGE_SECONDS:
        return "no time left"
    return ""


def _record(stage: Stage, run: RunResult, value: float | None, note: str = "") -> StageRecord:
    note = "; ".join(x for x in (note, run.message) if x)
    return StageRecord(
        name=stage.name,
        maximise=stage.maximise,
        status=run.status,
        value=value,
        bound=run.bound,
        highs_seconds=run.highs_seconds,
        note=note,
    )
