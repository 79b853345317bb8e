"""``planner sweep``: vary input cells, re-solve every point, write the sweep workbook."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from planner import interrupt
from planner.cli._common import MaxModelSize, app, err, handle_errors, out, output_path
from planner.errors import EXIT_INTERNAL
from planner.solution import SolveOptions
from planner.sweep.runner import SweepResult
from planner.sweep.worker import PointResult

if TYPE_CHECKING:
    from planner.sweep.morris import Screening

EXIT_INTERRUPTED = 130


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


def _report(result: SweepResult, path: Path) -> None:
    table = Table(
        title=f"Sweep: {len(result.rows)} of {len(result.points)} points", title_justify="left"
    )
    table.add_column("status")
    table.add_column("points", justify="right")
    for status, n in result.counts().items():
        table.add_row(status, str(n))
    out.print(table)
    hs = [r.total_hazard for r in result.rows if r.total_hazard is not None]
    if hs:
        out.print(
            f"Total hazard H from {min(hs):.6g} to {max(hs):.6g} (P from {-math.expm1(-min(hs)):.4f} to {-math.expm1(-max(hs)):.4f})"
        )
    if result.tipping_tolerance:
        out.print(
            f"Tipping points (tolerance {escape(result.tipping_tolerance)}):"
            if result.tipping
            else "No tipping point: the package is the same at every grid value."
        )
        for t in result.tipping:
            out.print(f"  {escape(t.sentence())}")
    if result.screening is not None:
        _report_screening(result.screening)
    if result.partial:
        err.print(f"[yellow]partial sweep:[/] {escape(result.stop_reason)}")
    out.print(f"Wrote {escape(str(path))}")


def _report_screening(s: Screening) -> None:
    out.print(
        f"Morris screening of H: {s.used_trajectories} of {s.trajectories} trajectories complete and feasible; infeasible share {s.infeasible_share:.1%}"
    )
    if s.message:
        out.print(escape(s.message))
        return
    for rank, (name, mu_star, _conf, _mu, sigma) in enumerate(s.ranking(), start=1):
        out.print(f"  {rank}. {escape(name)}: mu* {mu_star:.6g}, sigma {sigma:.6g}")


def _exit_code(result: SweepResult) -> int:
    if result.interrupted:
        return interrupt.exit_code(EXIT_INTERRUPTED)
    bad = [r.index for r in result.rows if r.status == "verify_failed"]
    if bad:
        err.print(
            f"[bold red]error:[/] the independent check disagrees with the solver at points {bad[:20]} (a bug in planner; see the Points sheet's message column)"
        )
        return EXIT_INTERNAL
    if result.stop_reason:
        err.print(f"[bold red]error:[/] {escape(result.stop_reason)}")
        return EXIT_INTERNAL
    return 0


@app.command("sweep")
@handle_errors
def sweep_command(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT", help="Input workbook (.xlsx).")],
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            metavar="ADDRESS=VALUES",
            help="ADDRESS=VALUES to set, e.g. 'Parties.max_cost\\[USA]=0:20:5'; several make a grid.",
        ),
    ] = None,
    scale: Annotated[
        list[str] | None,
        typer.Option(
            "--scale",
            metavar="ADDRESS=FACTORS",
            help="ADDRESS=FACTORS multiplying the workbook's value, e.g. 'Options.hazard\\[*]=0.5:1.5:0.25'.",
        ),
    ] = None,
    zipped: Annotated[
        bool, typer.Option("--zip", help="Pair the values of the targets instead of a full grid.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output workbook (default outputs/<stem>-sweep.xlsx)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Worker processes (default: all cores).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a Dask cluster at this address (tcp://host:port; tls:// for untrusted networks).",
        ),
    ] = None,
    tipping: Annotated[
        bool,
        typer.Option(
            "--tipping", help="Find, by bisection, where the package changes (one target)."
        ),
    ] = False,
    method: Annotated[
        str, typer.Option("--method", help="grid (default) or morris (screening over a:b ranges).")
    ] = "grid",
    trajectories: Annotated[
        int, typer.Option("--trajectories", min=2, help="Morris trajectories.")
    ] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Morris sample.")] = 0,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0.001,
            help="Solver time limit per point, seconds (default: Settings).",
        ),
    ] = None,
    gap: Annotated[
        float | None, typer.Option("--gap", min=0.0, help="Relative MIP gap (default: Settings).")
    ] = None,
    max_model_size: MaxModelSize = None,
) -> None:
    """Re-solve the plan for many values of input cells and write a sweep workbook."""
    import planner
    from planner.model_size import check_model_size
    from planner.sweep.pipeline import plan_points, run
    from planner.sweep.scheduler import check_scheduler
    from planner.sweep.workbook import write_sweep_workbook

    if scheduler:
        check_scheduler(scheduler)  # before reading anything: a bad address fails in one line
    scenario = planner.load_scenario(input_path)
    check_model_size(scenario, max_model_size)
    points = plan_points(
        scenario,
        vary or (),
        scale or (),
        zipped=zipped,
        method=method,
        trajectories=trajectories,
        seed=seed,
        tipping=tipping,
    )
    target = output_path(input_path, output, "sweep")
    options = SolveOptions(time_limit_s=time_limit, mip_gap=gap, max_model_size=max_model_size)
    with _progress_bar() as bar:
        task = bar.add_task("Solving points", total=len(points))
        tip_task = bar.add_task("Tipping points", total=None, visible=False)

        def on_point(done: int, total: int, _: PointResult | None) -> None:
            bar.update(task, completed=done)

        def on_tipping(done: int, total: int) -> None:
            bar.update(tip_task, completed=done, total=total, visible=True)

        result = run(
            scenario,
            points,
            options,
            workers=workers,
            scheduler=scheduler,
            tipping=tipping,
            seed=seed,
            progress=on_point,
            on_tipping=on_tipping,
        )
    path = write_sweep_workbook(result, target, input_path)
    _report(result, path)
    code = _exit_code(result)
    if code:
        raise typer.Exit(code)
