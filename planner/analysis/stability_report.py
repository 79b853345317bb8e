"""Stability workbooks: a Stability sheet on a results workbook, or a workbook for a given package."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.analysis.stability import PartyStability, stability_table
from planner.analysis.workbook import add_frame_sheet, new_workbook
from planner.io.layout import finish_workbook
from planner.io.xlsx import save_atomic
from planner.plan import Plan
from planner.report.results import PRINT_TITLES
from planner.scenario import Scenario
from planner.solution import Choice
from planner.verify import evaluate


def add_stability_sheet(wb: Workbook, rows: Sequence[PartyStability]) -> None:
    """Append the Stability sheet (SPEC 7): one row per party."""
    add_frame_sheet(wb, "Stability", stability_table(rows))


def verdict(rows: Sequence[PartyStability]) -> str:
    """One sentence: self-enforcing for every party, or which parties gain by defecting."""
    gaining = [f"{r.party} (+{r.gain:.6g})" for r in rows if r.self_enforcing is False]
    unknown = [r.party for r in rows if r.self_enforcing is None]
    if gaining:
        text = "not self-enforcing: " + ", ".join(gaining) + " gain by defecting"
    else:
        text = "self-enforcing for every party checked"
    if unknown:
        text += f"; unproven for {', '.join(unknown)} (time limit)"
    return text


def write_plan_with_stability(
    plan: Plan,
    out_path: str | Path,
    input_path: str | Path | None,
    rows: Sequence[PartyStability],
    **analysis: Any,
) -> list[str]:
    """The results workbook of ``plan`` (with ``add_solve_analysis``'s extras) plus a Stability sheet."""
    from planner.analysis.extras import add_solve_analysis
    from planner.report.results import build_results

    wb = build_results(plan, input_path)
    lines = add_solve_analysis(wb, plan, **analysis)
    if plan.has_package:
        add_stability_sheet(wb, rows)
        lines.append(f"{verdict(rows)} (Stability sheet)")
    finish_workbook(wb, PRINT_TITLES)  # print setup of the added sheet too
    save_atomic(wb, Path(out_path), Path(input_path) if input_path else None)
    return lines


def package_stability_workbook(
    scenario: Scenario,
    package: tuple[Choice, ...],
    package_file: str | Path,
    rows: Sequence[PartyStability],
) -> Workbook:
    """Summary (the package's H and P, the verdict) and Stability, for ``--package``."""
    ev = evaluate(scenario, package)
    broken = [c.name for c in ev.violations]
    wb = new_workbook(
        scenario,
        [
            ("status", "evaluated"),
            ("package_file", str(package_file)),
            ("total_hazard", ev.total_hazard),
            ("escalation_probability", ev.probability),
            ("package_violations", ", ".join(broken) if broken else "none"),
            ("self_enforcing", all(r.self_enforcing for r in rows)),
            ("headline", verdict(rows)),
        ],
    )
    add_stability_sheet(wb, rows)
    return wb
