"""The ``planner robust`` and ``planner evaluate`` commands (SPEC 6): thin wrappers over the Python API."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape

from planner.cli._common import (
    PANEL_SOLVER,
    Command,
    EvaluateOutput,
    Gap,
    InputArg,
    Json,
    MaxModelSize,
    PackageToScore,
    RobustOutput,
    Seed,
    Threads,
    TimeLimit,
    app,
    choices,
    err,
    handle_errors,
    out,
    output_path,
    solve_options,
)
from planner.cli.solve import summary_json
from planner.errors import EXIT_NO_PACKAGE

Samples = Annotated[
    int | None,
    typer.Option(
        "--samples", metavar="N", min=1, help="In-sample draws \\[default: Settings samples]."
    ),
]
TestSamples = Annotated[
    int | None,
    typer.Option(
        "--test-samples",
        metavar="N",
        min=1,
        help="Out-of-sample draws \\[default: Settings test_samples].",
    ),
]


def _pct(value: object) -> str:
    return f"{value:.1%}" if isinstance(value, float) else "n/a"


@app.command("evaluate", cls=Command)
@handle_errors
def evaluate_command(
    input_path: InputArg,
    package: PackageToScore,
    output: EvaluateOutput = None,
    samples: Samples = None,
    test_samples: TestSamples = None,
    as_json: Json = False,
) -> None:
    """Score a proposed package: H, P, every limit, rule and balance, and acceptance under the Uncertainty sheet.

    Exit codes: 0 evaluation written (also when the package violates constraints: see Checks); 2 invalid input, package file or usage; 4 internal error.
    """
    from planner.io.package_file import read_package
    from planner.io.reader import load_scenario
    from planner.report.evaluate_workbook import write_evaluate_workbook
    from planner.uncertainty.evaluate import evaluate_package

    path = output_path(input_path, output, "evaluate")
    scenario = load_scenario(input_path)
    proposed = read_package(package, scenario)
    report = evaluate_package(
        scenario, proposed, samples=samples, test_samples=test_samples, package_file=package
    )
    write_evaluate_workbook(report, path, input_path)
    console = err if as_json else out
    s = report.summary()
    console.print(escape(str(s["headline"])))
    for c in report.evaluation.violations:
        console.print(f"  [red]violated[/] {escape(c.name)}: value {c.value}, limit {c.limit}")
    if report.scored:
        console.print(
            f"acceptance in sample {_pct(s['in_sample_acceptance'])}, "
            f"out of sample {_pct(s['out_of_sample_acceptance'])}"
        )
    console.print(f"wrote {escape(str(path))}")
    if as_json:
        typer.echo(summary_json(s))


class RobustObjective(StrEnum):
    """Objectives of SPEC 6."""

    mean = "mean"
    cvar = "cvar"


@app.command("robust", cls=Command)
@handle_errors
def robust_command(
    input_path: InputArg,
    output: RobustOutput = None,
    samples: Samples = None,
    test_samples: TestSamples = None,
    target: Annotated[
        float | None,
        typer.Option(
            "--target",
            metavar="SHARE",
            min=0,
            max=1,
            help="Acceptance target \\[default: Settings acceptance_target].",
        ),
    ] = None,
    margin: Annotated[
        float | None,
        typer.Option(
            "--margin",
            metavar="Z",
            min=0,
            max=5,
            help="Standard errors added to the target in sample, so that the package still "
            "meets it on fresh draws \\[default: Settings acceptance_margin].",
        ),
    ] = None,
    stability_runs: Annotated[
        int,
        typer.Option(
            "--stability-runs",
            metavar="N",
            min=0,
            help="Re-solves on fresh draws for the Stability sheet (0: none).",
        ),
    ] = 10,
    stability_samples: Annotated[
        int | None,
        typer.Option(
            "--stability-samples",
            metavar="N",
            min=1,
            help="Draws per re-solve \\[default: max(20, samples/4)].",
        ),
    ] = None,
    as_json: Json = False,
    objective: Annotated[
        RobustObjective | None,
        typer.Option(
            "--objective",
            metavar=choices(RobustObjective),
            help="Mean or CVaR hazard over the draws \\[default: Settings robust_objective].",
            rich_help_panel=PANEL_SOLVER,
        ),
    ] = None,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    threads: Threads = 1,
    seed: Seed = 0,
    max_model_size: MaxModelSize = None,
) -> None:
    """Choose one package that every party accepts in at least the target share of sampled scenarios, with the least mean (or CVaR) hazard.

    Exit codes: 0 robust package written; 2 invalid input or usage; 3 no package meets the acceptance target (the highest reachable acceptance is reported) or none found in time; 4 internal error, including the independent check disagreeing with the model.
    """
    from planner.io.reader import load_scenario
    from planner.report.robust_workbook import write_robust_workbook
    from planner.uncertainty.robust import RobustOptions, robust_plan
    from planner.uncertainty.robust_tables import summary

    path = output_path(input_path, output, "robust")
    scenario = load_scenario(input_path)
    options = RobustOptions(
        samples=samples,
        test_samples=test_samples,
        objective=objective.value if objective else None,
        acceptance_target=target,
        acceptance_margin=margin,
        stability_runs=stability_runs,
        stability_samples=stability_samples,
        solve=solve_options(None, time_limit, gap, threads, seed, max_model_size),
    )
    run = robust_plan(scenario, options)
    write_robust_workbook(run, path, input_path)
    s = summary(run)
    console = err if as_json else out
    console.print(f"[bold]status:[/] {s['status']} ({s['objective']} hazard)")
    console.print(escape(str(s["headline"])))
    console.print(f"wrote {escape(str(path))}")
    if as_json:
        typer.echo(summary_json(s))
    if run.robust is None:
        raise typer.Exit(EXIT_NO_PACKAGE)
