"""The ``planner solve`` and ``planner plot`` commands: thin wrappers over the Python API."""

from __future__ import annotations

import gc
import json
import math
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from planner.cli._common import (
    STATE,
    BriefOutput,
    BriefParty,
    Command,
    DefectionParties,
    Gap,
    InputArg,
    Json,
    MaxModelSize,
    Objective,
    PlanArg,
    PlanOutput,
    PlotOutput,
    Seed,
    Threads,
    TimeLimit,
    app,
    err,
    flag,
    handle_errors,
    out,
    output_path,
    print_warnings,
    solve_options,
)
from planner.errors import EXIT_NO_PACKAGE, InputError, Problem
from planner.gc_pause import gc_paused

if TYPE_CHECKING:
    from planner.plan import Plan

FREEZE_NONZEROS = 100_000
"""A one-shot ``planner solve`` of a model up to this size (the example: 37k nonzeros) freezes
what the solve left (``gc.freeze``) before writing the results: otherwise the collector
traverses the model's objects once more while the workbook is written (~20 ms of the
example's run). The model's few tens of MB are then returned at exit instead; a larger
model keeps the collection, so that the write can reuse its memory."""


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary_json(summary: dict[str, object]) -> str:
    """The Summary dict as JSON (dates as ISO text, non-finite numbers as null)."""
    return json.dumps({k: _json_value(v) for k, v in summary.items()}, indent=2)


def print_plan(console: Console, plan: Plan, path: Path) -> None:
    """A short human summary: the headline (as on the Summary sheet), then the changes."""
    from planner.report import story

    console.print(escape(story.headline(plan)), soft_wrap=True, highlight=False)
    if not plan.has_package:
        console.print(
            f"Wrote Summary and Diagnosis to {escape(str(path))}; run planner diagnose INPUT."
        )
        return
    found = story.changes(plan)
    console.print(f"[bold]changes ({len(found)}):[/]" if found else "no changes")
    for change in found:
        console.print(f"  {escape(story.describe(plan, change))}", highlight=False)
    console.print(escape(story.verified_text(plan)))
    console.print(f"wrote {escape(str(path))}")


@app.command("solve", cls=Command)
@handle_errors
def solve_command(
    input_path: InputArg,
    output: PlanOutput = None,
    as_json: Json = False,
    limits: Annotated[
        bool, flag("--limits", "Price every party limit: columns on the Parties sheet.")
    ] = False,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives",
            metavar="K",
            min=0,
            help="Alternatives sheet: the K best packages that differ in at least one option.",
        ),
    ] = 0,
    veto_ladder: Annotated[
        bool,
        flag(
            "--veto-ladder",
            "VetoLadder sheet: the best package if each changed option were vetoed.",
        ),
    ] = False,
    veto_party: Annotated[
        str | None,
        typer.Option(
            "--veto-party",
            metavar="PARTY",
            help="With --veto-ladder: the party that vetoes \\[default: each option's actor].",
        ),
    ] = None,
    stability: Annotated[
        bool, flag("--stability", "Stability sheet: each party's best unilateral defection.")
    ] = False,
    self_enforcing: Annotated[
        bool,
        flag(
            "--self-enforcing",
            "The best package that no party gains by defecting from (adds Stability).",
        ),
    ] = False,
    party: DefectionParties = None,
    objective: Objective = None,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    threads: Threads = 1,
    seed: Seed = 0,
    max_model_size: MaxModelSize = None,
) -> None:
    """Choose the least risky package every party accepts; write the results workbook.

    Exit codes: 0 plan written; 2 invalid input or usage; 3 no package (infeasible: Summary and Diagnosis written; or none found in the time limit); 4 internal error, including the independent check disagreeing with the solver.
    """
    with gc_paused(freeze=STATE.one_shot):
        from planner.io.reader import load_scenario
        from planner.model_size import check_model_size
        from planner.pipeline import solve_plan
        from planner.report import tables
        from planner.report.results import write_results
        from planner.run_limits import MAX_ALTERNATIVES

    path = output_path(input_path, output, "plan")
    if alternatives > MAX_ALTERNATIVES:  # before any solve, not after the main one
        raise InputError(
            Problem(
                "--alternatives", f"at most {MAX_ALTERNATIVES} alternatives, got {alternatives:,}"
            )
        )
    scenario = load_scenario(input_path)
    print_warnings(scenario)
    size = check_model_size(scenario, max_model_size)  # before Pyomo is even imported
    if veto_party is not None and veto_party not in scenario.party_ids:
        raise InputError(
            Problem(
                "--veto-party",
                f"unknown party {veto_party!r}; parties: {', '.join(scenario.party_ids)}",
            )
        )
    options = solve_options(objective, time_limit, gap, threads, seed, max_model_size)
    with gc_paused(freeze=STATE.one_shot):
        from planner.analysis.diagnose import with_diagnosis  # after reading: loads the model

    lines: list[str] = []
    if stability or self_enforcing:
        from planner.cli.stability import solve_with_stability

        plan, lines = solve_with_stability(
            scenario,
            options,
            path,
            input_path,
            party,
            self_enforcing,
            limits=limits,
            alternatives_k=alternatives,
            veto_ladder_on=veto_ladder,
            veto_party=veto_party,
        )
    elif limits or alternatives or veto_ladder:
        plan = with_diagnosis(solve_plan(scenario, options))
        from planner.analysis.extras import write_results_with_analysis

        lines = write_results_with_analysis(
            plan,
            path,
            input_path,
            limits=limits,
            alternatives_k=alternatives,
            veto_ladder_on=veto_ladder,
            veto_party=veto_party,
        )
    else:
        plan = with_diagnosis(solve_plan(scenario, options))
        if STATE.one_shot and size.nonzeros <= FREEZE_NONZEROS:
            gc.freeze()  # the solve's objects: never traversed again (see FREEZE_NONZEROS)
        write_results(plan, path, input_path=input_path)
    print_plan(err if as_json else out, plan, path)
    for line in lines:
        (err if as_json else out).print(escape(line))
    if as_json:
        typer.echo(summary_json(tables.summary(plan, input_path)))
    if not plan.has_package:
        raise typer.Exit(EXIT_NO_PACKAGE)


@app.command("plot", cls=Command)
@handle_errors
def plot_command(
    plan_path: PlanArg,
    output: PlotOutput = None,
) -> None:
    """Draw the package's schedule (Gantt) and its weekly risk as PNG images.

    Exit codes: 0 images written; 2 invalid plan workbook or usage; 4 internal error.
    """
    from planner.report.plot import plot_plan

    for png in plot_plan(plan_path, output):
        out.print(f"wrote {escape(str(png))}")


@app.command("brief", cls=Command)
@handle_errors
def brief_command(
    plan_path: PlanArg,
    party: BriefParty,
    output: BriefOutput = None,
) -> None:
    """Write a briefing workbook for one party: the package, its gives, gets and own limits.

    Nothing of the other parties' limits, costs or benefits is copied. Exit codes: 0 brief written; 2 invalid plan workbook, unknown party or usage; 4 internal error.
    """
    from planner.report.party_brief import write_brief

    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", party)
    path = output_path(plan_path, output, f"brief-{safe}")
    out.print(f"wrote {escape(str(write_brief(plan_path, party, path)))}")
