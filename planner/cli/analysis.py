"""``planner diagnose``, ``planner frontier`` and ``planner compare``: thin commands over ``planner.analysis``."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.markup import escape

from planner.cli._common import (
    Command,
    CompareOutput,
    DiagnosisOutput,
    FrontierOutput,
    Gap,
    InputArg,
    Seed,
    Threads,
    TimeLimit,
    app,
    handle_errors,
    out,
    output_path,
    solve_options,
)
from planner.solution import SolveOptions


def _options(time_limit: float | None, gap: float | None, threads: int, seed: int) -> SolveOptions:
    """The shared solver options; the command fixes the objective itself."""
    return solve_options(None, time_limit, gap, threads, seed)


def _num(value: object) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.6g}"
    return "" if value is None else str(value)


@app.command("diagnose", cls=Command)
@handle_errors
def diagnose_command(
    input_path: InputArg,
    output: DiagnosisOutput = None,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    threads: Threads = 1,
    seed: Seed = 0,
) -> None:
    """Explain an infeasible input: the smallest change to the limits, or the rules that conflict.

    Writes Summary and Diagnosis sheets. A feasible input has nothing to explain: it says so and writes nothing. The objective is fixed: the least weighted change to the limits.

    Exit codes: 0 diagnosis written, or the input is feasible; 2 invalid input or usage; 4 internal error.
    """
    from planner.analysis.diagnose import diagnose
    from planner.analysis.workbook import diagnosis_workbook, save
    from planner.io.reader import load_scenario

    path = output_path(input_path, output, "diagnosis")
    scenario = load_scenario(input_path)
    found = diagnose(scenario, _options(time_limit, gap, threads, seed))
    if found.status == "feasible":
        out.print(escape(found.message))
        out.print(
            f"nothing to diagnose, so nothing written; run planner solve {escape(str(input_path))}"
        )
        return
    wb = diagnosis_workbook(scenario, found)
    if not found.rows:  # e.g. stopped at the time limit: Summary only, no empty sheet
        del wb["Diagnosis"]
    save(wb, path, scenario)
    out.print(escape(found.message))
    for row in found.rows:
        out.print(
            f"  {escape(row['sheet_cell'])}: {escape(row['item'])}: {escape(str(row['message']))}"
        )
    out.print(f"wrote {escape(str(path))}")


@app.command("frontier", cls=Command)
@handle_errors
def frontier_command(
    input_path: InputArg,
    against: Annotated[
        str,
        typer.Option(
            "--against",
            metavar="MEASURE",
            help="What H is traded against: cost:PARTY, total_cost or peak.",
        ),
    ],
    points: Annotated[
        int | None,
        typer.Option(
            "--points",
            metavar="N",
            min=1,
            help="Solve N evenly spaced epsilons (a sample) instead of the exact frontier.",
        ),
    ] = None,
    output: FrontierOutput = None,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    threads: Threads = 1,
    seed: Seed = 0,
) -> None:
    """Trade-off between total hazard H and a measure: every non-dominated point (exact), each verified.

    The objective is fixed: least H at each bound on the measure.

    Exit codes: 0 frontier written; 2 invalid input or usage; 3 no feasible package; 4 internal error.
    """
    from planner.analysis.frontier import trace_frontier
    from planner.analysis.workbook import frontier_workbook, save
    from planner.io.reader import load_scenario

    path = output_path(input_path, output, "frontier")
    scenario = load_scenario(input_path)
    traced = trace_frontier(scenario, _options(time_limit, gap, threads, seed), against, points)
    found = traced.points
    save(frontier_workbook(scenario, traced, against, points), path, scenario)
    kind = "exact frontier" if traced.exact else "sample"
    from rich.table import Table  # only here: every start would import it

    table = Table(
        title=f"H against {against}: {len(found)} non-dominated points ({kind})",
        title_justify="left",
    )
    for name in ("point", against, "H", "P"):
        table.add_column(escape(name), justify="right")
    for k, p in enumerate(found, start=1):
        table.add_row(
            str(k), _num(p.measure), _num(p.total_hazard), f"{p.evaluation.probability:.1%}"
        )
    out.print(table)
    out.print(f"wrote {escape(str(path))}")


@app.command("compare", cls=Command)
@handle_errors
def compare_command(
    input_path: InputArg,
    output: CompareOutput = None,
    breakpoints: Annotated[
        int,
        typer.Option(
            "--breakpoints",
            metavar="N",
            min=2,
            help="Initial breakpoints of the Nash log approximation.",
        ),
    ] = 16,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    threads: Threads = 1,
    seed: Seed = 0,
) -> None:
    """Fairness side by side: min_risk, min_peak, max_min_net and Nash-bargaining packages, with the price of fairness.

    Every objective is solved, so there is no --objective.

    Exit codes: 0 comparison written; 2 invalid input or usage; 4 internal error.
    """
    from planner.analysis.compare import compare, compare_table
    from planner.analysis.workbook import compare_workbook, save
    from planner.io.reader import load_scenario

    path = output_path(input_path, output, "compare")
    scenario = load_scenario(input_path)
    regimes = compare(scenario, _options(time_limit, gap, threads, seed), breakpoints)
    save(compare_workbook(scenario, regimes), path, scenario)
    frame = compare_table(scenario, regimes)
    from rich.table import Table

    table = Table(title="Regimes (price of fairness = H / H of min_risk)", title_justify="left")
    columns = {
        "regime": "regime",
        "status": "status",
        "total_hazard": "H",
        "escalation_probability": "P",
        "price_of_fairness": "price",
        "min_weighted_net": "min net/w",
        "nash_value": "Nash",
    }
    for name, label in columns.items():
        table.add_column(label, justify="left" if name in ("regime", "status") else "right")
    for row in frame.to_dict("records"):
        cells = [_num(row.get(c)) for c in columns]
        p = row.get("escalation_probability")
        cells[3] = f"{p:.1%}" if isinstance(p, float) else cells[3]
        table.add_row(*(escape(c) for c in cells))
    out.print(table)
    for r in regimes:
        if r.note:
            out.print(f"  {r.name}: {escape(r.note)}")
    out.print(f"wrote {escape(str(path))}")
