"""The sweep workbook (SPEC 4, ``planner sweep``): Summary, Points, Stability and analysis sheets.

Written in openpyxl's write-only mode (a Points sheet can have many thousand rows) and saved
atomically; every text from the input is written as literal text. Sheets, in order: Summary,
Points, Stability, then Tipping (``--tipping``), Screening (morris), Charts (H and P against
each target of a one-dimensional or zipped sweep) and Grid (H by target 1 x target 2, colour
scaled, for a two-target grid).
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner._version import __version__
from planner.io.xlsx import save_atomic
from planner.solution import POINT_STATUSES
from planner.sweep.charts import add_charts
from planner.sweep.morris import Screening
from planner.sweep.result import SweepResult
from planner.sweep.sheet_writer import SIG, cell, header, new_sheet, table
from planner.sweep.tipping import TippingPoint, tolerance
from planner.sweep.worker import PointResult
from planner.tolerances import MIN_DIVISOR

FORMATS = {
    "objective_value": SIG,
    "total_hazard": SIG,
    "escalation_probability": "0.00%",
    "seconds": "0.00",
    "model_seconds": "0.00",
    "solver_seconds": "0.00",
}
COLUMNS_PER_PAGE = 16
TIPPING_PAGES_WIDE = 2
"""The Tipping sheet prints two pages across (target to changes; the values and the sentence)."""
SUMMARY_FORMATS = {
    "total_hazard_min": SIG,
    "total_hazard_max": SIG,
    "sweep_seconds": "0.0",
    "solver_seconds": "0.0",
    "solver_time_share": "0.0%",
    "tipping_seconds": "0.0",
}


def _h_range(result: SweepResult) -> tuple[float | None, float | None]:
    hs = [r.total_hazard for r in result.rows if r.total_hazard is not None]
    return (min(hs), max(hs)) if hs else (None, None)


def summary_rows(result: SweepResult) -> list[tuple[str, Any]]:
    """The Summary sheet's ``key``/``value`` pairs."""
    sc, rows = result.scenario, result.rows
    solver = sum(r.highs_seconds for r in rows)
    capacity = max(result.seconds * result.workers, MIN_DIVISOR)
    counts = result.counts()
    h_min, h_max = _h_range(result)
    out: list[tuple[str, Any]] = [
        ("input_file", sc.source.path if sc.source else ""),
        ("input_sha256", sc.source.sha256 if sc.source else ""),
        ("objective", result.options.objective or sc.settings.objective),
        ("method", result.points.method),
        ("targets", "; ".join(f"{a.target.address} {a.mode} {a.text}" for a in result.points.axes)),
        ("points_planned", len(result.points)),
        ("points_finished", len(rows)),
        ("points_solved", sum(r.solved for r in rows)),
        ("partial", "yes" if result.partial else "no"),
        ("stop_reason", result.stop_reason),
    ]
    out += [(f"points_{s}", counts.get(s, 0)) for s in POINT_STATUSES]
    out += [
        ("total_hazard_min", h_min),
        ("total_hazard_max", h_max),
        ("sweep_seconds", round(result.seconds, 3)),
        ("solver_seconds", round(solver, 3)),
        ("solver_time_share", round(solver / capacity, 4)),
        ("model_rebuilds", sum(r.rebuilt for r in rows)),
        ("workers", result.workers),
        ("scheduler", result.scheduler or "local"),
        ("fast_path", "yes" if result.fast else "no"),
        ("tipping_points", len(result.tipping)),
        ("tipping_tolerance", result.tipping_tolerance),
        ("tipping_seconds", round(result.tipping_seconds, 3)),
        ("solver", "HiGHS"),
        ("planner_version", __version__),
        ("run_at", datetime.now().replace(microsecond=0).isoformat(sep=" ")),
    ]
    return out


def points_header(result: SweepResult) -> list[str]:
    """Points columns: point, targets, status, figures, one option column per activity, extras."""
    acts = list(result.scenario.activity_ids)
    return [
        "point",
        *(a.label for a in result.points.axes),
        "status",
        "objective_value",
        "total_hazard",
        "escalation_probability",
        *acts,
        *(f"start:{a}" for a in acts),
        "seconds",
        "model_seconds",
        "solver_seconds",
        "rebuilt",
        "solved",
        "message",
    ]


def points_row(result: SweepResult, r: PointResult) -> list[Any]:
    """One Points row."""
    acts = result.scenario.activity_ids
    chosen = {a: (o, s) for a, o, s in r.choices}
    return [
        r.index,
        *r.values,
        r.status,
        r.objective_value,
        r.total_hazard,
        r.escalation_probability,
        *(chosen.get(a, (None, None))[0] for a in acts),
        *(chosen.get(a, (None, None))[1] for a in acts),
        round(r.seconds, 4),
        round(r.model_seconds, 4),
        round(r.highs_seconds, 4),
        r.rebuilt,
        "solved" if r.solved else "inferred",
        r.message,
    ]


def stability_rows(result: SweepResult) -> list[list[Any]]:
    """Per activity and option: points choosing it and their share of the points with a package."""
    solved = [r for r in result.rows if r.has_package]
    counts: dict[tuple[str, str], int] = {}
    for r in solved:
        for pair in r.package:
            counts[pair] = counts.get(pair, 0) + 1
    n = max(1, len(solved))
    return [
        [o.activity, o.id, counts.get((o.activity, o.id), 0), counts.get((o.activity, o.id), 0) / n]
        for o in result.scenario.options
    ]


def change_rows(result: SweepResult) -> list[list[Any]]:
    """Points (in point order) whose package differs from the previous point's."""
    out: list[list[Any]] = []
    for prev, r in zip(result.rows, result.rows[1:], strict=False):
        if r.package == prev.package and r.has_package == prev.has_package:
            continue
        old = dict(prev.package)
        moves = [f"{a}: {old.get(a, '-')} -> {o}" for a, o in r.package if old.get(a) != o]
        text = "; ".join(moves) if r.has_package else f"no package ({r.status})"
        out.append([r.index, prev.index, text])
    return out


def _write_summary(wb: Workbook, result: SweepResult) -> None:
    rows = summary_rows(result)
    ws = new_sheet(wb, "Summary", [("key", "value"), *rows])
    header(ws, ["key", "value"])
    for key, value in rows:
        ws.append([cell(ws, key), cell(ws, value, SUMMARY_FORMATS.get(key))])


def _write_points(wb: Workbook, result: SweepResult) -> None:
    names = points_header(result)
    rows = [points_row(result, r) for r in result.rows]
    ws = new_sheet(wb, "Points", [names, *rows], freeze="B2")
    ws.page_setup.fitToWidth = max(1, -(-len(names) // COLUMNS_PER_PAGE))
    ws.print_title_cols = "A:A"
    table(ws, names, rows, FORMATS)


def _write_stability(wb: Workbook, result: SweepResult) -> None:
    shares, changes = stability_rows(result), change_rows(result)
    ws = new_sheet(wb, "Stability", [["activity", "option", "points", "share"], *shares, *changes])
    table(ws, ["activity", "option", "points", "share"], shares, {"share": "0.0%"})
    ws.append([])
    if not changes:
        changes = [[None, None, "the package is the same at every point with a package"]]
    names = ["point", "previous_point", "package_change"]  # below the shares and a blank row
    table(ws, names, changes, wrap=("package_change",), start_row=len(shares) + 3)


def tipping_row(t: TippingPoint, tolerance: str) -> list[Any]:
    """One Tipping row: bracket, threshold, changes, objective and H on both sides, sentence."""
    changes = "; ".join(f"{a}: {o} -> {n}" for a, o, n in t.changes())
    return [
        t.axis.target.address,
        t.before.values[0],
        t.after.values[0],
        t.threshold,
        tolerance,
        changes,
        t.before.objective_value,
        t.after.objective_value,
        t.before.total_hazard,
        t.after.total_hazard,
        t.sentence(),
    ]


def _write_tipping(wb: Workbook, result: SweepResult) -> None:
    names = ["target", "below", "at_or_above", "threshold", "tolerance", "changes"]
    names += ["objective_below", "objective_above", "total_hazard_below", "total_hazard_above"]
    names += ["sentence"]
    rows = [tipping_row(t, result.tipping_tolerance) for t in result.tipping]
    if not rows:
        none = "no change of package between the grid values"
        rows.append(["", None, None, None, result.tipping_tolerance, none])
    formats = {n: SIG for n in names[6:10]}
    bracket = _bracket_format(result)
    if bracket is not None:
        formats |= {"below": bracket, "at_or_above": bracket}
    ws = new_sheet(wb, "Tipping", [names, *rows])
    ws.page_setup.fitToWidth = TIPPING_PAGES_WIDE
    ws.print_title_cols = "A:A"
    table(ws, names, rows, formats, wrap=("changes", "sentence"))


def _bracket_format(result: SweepResult) -> str | None:
    """Decimals enough to tell a bracket's ends apart (one more than the tolerance has).

    None for whole numbers, day offsets and dates (shown as they are).
    """
    if not result.tipping or result.tipping[0].axis.integral:
        return None
    tol = tolerance(result.tipping[0].axis, list(result.rows))
    if tol <= 0:
        return None
    return "0." + "0" * max(1, math.ceil(-math.log10(tol)) + 1)


def _write_screening(wb: Workbook, s: Screening) -> None:
    names = ["rank", "target", "mu_star", "mu_star_conf", "mu", "sigma"]
    rows = [[i, *r] for i, r in enumerate(s.ranking(), start=1)]
    notes = [
        ("output", "total_hazard (H)"),
        ("trajectories", s.trajectories),
        ("complete_feasible_trajectories", s.used_trajectories),
        ("infeasible_share", s.infeasible_share),
        ("no_package_share", s.no_package_share),
        ("levels", s.levels),
        ("seed", s.seed),
        ("note", s.message or "indices from trajectories whose every point has a package"),
    ]
    ws = new_sheet(wb, "Screening", [names, *rows, *notes])
    table(
        ws,
        names,
        rows,
        {"mu_star": SIG, "mu_star_conf": SIG, "mu": SIG, "sigma": SIG},
    )
    ws.append([])
    table(ws, ["key", "value"], notes)


def write_sweep_workbook(result: SweepResult, out: Path, input_path: Path | None = None) -> Path:
    """Write the sweep workbook whole or not at all; returns the path written."""
    wb = Workbook(write_only=True)
    _write_summary(wb, result)
    _write_points(wb, result)
    _write_stability(wb, result)
    if result.tipping or result.tipping_tolerance:
        _write_tipping(wb, result)
    if result.screening is not None:
        _write_screening(wb, result.screening)
    add_charts(wb, result)
    return save_atomic(wb, out, input_path)


def tipping_sentences(result: SweepResult) -> list[str]:
    """The tipping points in words (for the terminal)."""
    return [t.sentence() for t in result.tipping]
