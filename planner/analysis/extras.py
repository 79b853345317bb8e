"""Decision analysis attached to ``planner solve``: automatic diagnosis, limit prices, alternatives, veto ladder."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from planner.analysis.alternatives import alternatives, alternatives_table, veto_ladder
from planner.analysis.limits import price_limits
from planner.analysis.workbook import add_frame_sheet, add_party_columns
from planner.io.layout import finish_workbook
from planner.io.xlsx import save_atomic
from planner.plan import Plan


def add_solve_analysis(
    wb: Workbook,
    plan: Plan,
    *,
    limits: bool = False,
    alternatives_k: int = 0,
    veto_ladder_on: bool = False,
    veto_party: str | None = None,
) -> list[str]:
    """Add the requested analysis to a results workbook (only when the plan has a package).

    ``limits`` appends the price columns to the Parties sheet; ``alternatives_k`` adds an
    Alternatives sheet with that many packages (the plan's best first); ``veto_ladder_on``
    adds a VetoLadder sheet. Returns one line per sheet for the terminal.
    """
    if not plan.has_package:
        return []
    lines = []
    if limits:
        table = price_limits(plan.scenario, plan.options)
        add_party_columns(wb["Parties"], table)
        lines.append(f"priced {table.notna().any(axis=1).sum()} parties' limits (Parties sheet)")
    if alternatives_k > 0:
        found = alternatives(plan.scenario, plan.options, alternatives_k)
        add_frame_sheet(wb, "Alternatives", alternatives_table(plan.scenario, found))
        lines.append(f"{len(found)} alternative package(s), each verified (Alternatives sheet)")
    if veto_ladder_on:
        ladder = veto_ladder(plan.scenario, plan.options, plan.solution, veto_party)
        add_frame_sheet(wb, "VetoLadder", ladder)
        lines.append(f"veto ladder over {len(ladder)} changed activities (VetoLadder sheet)")
    return lines


def write_results_with_analysis(
    plan: Plan,
    out_path: str | Path,
    input_path: str | Path | None = None,
    *,
    limits: bool = False,
    alternatives_k: int = 0,
    veto_ladder_on: bool = False,
    veto_party: str | None = None,
) -> list[str]:
    """``write_results`` plus :func:`add_solve_analysis`, saved whole or not at all."""
    from planner.report.results import PRINT_TITLES, build_results

    wb = build_results(plan, input_path)
    lines = add_solve_analysis(
        wb,
        plan,
        limits=limits,
        alternatives_k=alternatives_k,
        veto_ladder_on=veto_ladder_on,
        veto_party=veto_party,
    )
    finish_workbook(wb, PRINT_TITLES)  # print setup of the added sheets too
    save_atomic(wb, Path(out_path), Path(input_path) if input_path else None)
    return lines
