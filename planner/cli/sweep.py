"""``planner sweep``: vary input cells, re-solve every point, write the sweep workbook."""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from planner import interrupt
from planner.cli._common import (
    Command,
    Gap,
    InputArg,
    MaxModelSize,
    Objective,
    Seed,
    SweepOutput,
    TimeLimit,
    app,
    choices,
    err,
    flag,
    handle_errors,
    out,
    output_path,
    solve_options,
)
from planner.errors import EXIT_INTERNAL

if TYPE_CHECKING:  # imported when the command runs: a CLI start loads no sweep code
    from rich.progress import Progress
    from rich.table import Table

    from planner.sweep.morris import Screening
    from planner.sweep.result import SweepResult
    from planner.sweep.tipping import TippingPoint
    from planner.sweep.worker import PointResult

EXIT_INTERRUPTED = 130


def _progress_bar() -> Progress:
    from rich.progress import (  # only a sweep draws one
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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


def _short_changes(t: TippingPoint, shown: int = 3) -> str:
    """What changes at a tipping point, at most ``shown`` activities then ``+N more``."""
    if t.undecided:
        return f"bracket only: {t.undecided}"
    if not t.after.has_package:
        return "no package any more"
    if not t.before.has_package:
        return "a package becomes feasible"
    moves = [f"{a}: {o} -> {n}" for a, o, n in t.changes()]
    more = f" (+{len(moves) - shown} more)" if len(moves) > shown else ""
    return "; ".join(moves[:shown]) + more


def tipping_table(result: SweepResult) -> Table:
    """The tipping points as a short table: where, what changes, H on either side."""
    from rich.table import Table  # only here: every start would import it

    from planner.sweep.tipping import show

    table = Table(box=None, pad_edge=False)
    for name in ("target", "at or above", "what changes", "H below -> above"):
        table.add_column(name, overflow="fold")
    for t in result.tipping:
        hb, ha = t.before.total_hazard, t.after.total_hazard
        h = f"{hb:.3g} -> {ha:.3g}" if hb is not None and ha is not None else "n/a"
        table.add_row(escape(t.axis.title), show(t.threshold), escape(_short_changes(t)), h)
    return table


def _report(result: SweepResult, path: Path) -> None:
    from rich.table import Table

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
            f"Total hazard H from {min(hs):.6g} to {max(hs):.6g} (P from {-math.expm1(-min(hs)):.1%} to {-math.expm1(-max(hs)):.1%})"
        )
    if result.tipping_tolerance:
        out.print(
            f"Tipping points (tolerance {escape(result.tipping_tolerance)}):"
            if result.tipping
            else "No tipping point: the package is the same at every grid value."
        )
        if result.tipping:
            out.print(tipping_table(result))
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


class Method(StrEnum):
    """How the targets' values are combined into points."""

    grid = "grid"
    zip = "zip"
    morris = "morris"


@app.command("sweep", cls=Command)
@handle_errors
def sweep_command(
    input_path: InputArg,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            metavar="ADDRESS=VALUES",
            help="Set a cell to each value, e.g. 'Parties.max_cost\\[USA]=0:20:5'; several make a grid.",
        ),
    ] = None,
    scale: Annotated[
        list[str] | None,
        typer.Option(
            "--scale",
            metavar="ADDRESS=FACTORS",
            help="Multiply a cell's value by each factor, e.g. 'Options.hazard\\[*]=0.5:1.5:0.25'.",
        ),
    ] = None,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            metavar=choices(Method),
            help="grid: every combination; zip: the i-th values together; morris: screening over a:b ranges.",
        ),
    ] = Method.grid,
    output: SweepOutput = None,
    tipping: Annotated[
        bool,
        flag(
            "--tipping",
            "Find where the package changes (one target; along a limit one solve per change, else by bisection).",
        ),
    ] = False,
    full_grid: Annotated[
        bool,
        flag(
            "--full-grid",
            "Solve every point; by default a line along a limit (max_cost, min_benefit, min_net, max_gap, risk_cap) solves only where the package can change and infers the rest.",
        ),
    ] = False,
    trajectories: Annotated[
        int,
        typer.Option("--trajectories", metavar="N", min=2, help="Morris trajectories."),
    ] = 10,
    morris_seed: Annotated[
        int,
        typer.Option("--morris-seed", metavar="N", min=0, help="Seed of the Morris sample."),
    ] = 0,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", metavar="N", min=1, help="Worker processes \\[default: all cores]."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="URL",
            help="Run on a Dask cluster at this address (tcp://host:port; tls:// for untrusted networks).",
        ),
    ] = None,
    objective: Objective = None,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    seed: Seed = 0,
    max_model_size: MaxModelSize = None,
) -> None:
    """Re-solve the plan for many values of input cells and write a sweep workbook.

    Without --vary or --scale, the workbook's Sweep sheet says what to vary. Points run in parallel on --workers processes, each solving with one HiGHS thread (HiGHS's thread count is per process), so there is no --threads.

    Exit codes: 0 sweep written (infeasible points are rows with their status); 2 invalid input, address or usage; 4 internal error: a point failed the independent check or a worker died (the sweep is still written); 130 interrupted (the partial sweep is written).
    """
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
        zipped=method is Method.zip,
        method="morris" if method is Method.morris else "grid",
        trajectories=trajectories,
        seed=morris_seed,
        tipping=tipping,
    )
    target = output_path(input_path, output, "sweep")
    options = solve_options(objective, time_limit, gap, 1, seed, max_model_size)
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
            seed=morris_seed,
            progress=on_point,
            on_tipping=on_tipping,
            adaptive=not full_grid,
        )
    path = write_sweep_workbook(result, target, input_path)
    _report(result, path)
    code = _exit_code(result)
    if code:
        raise typer.Exit(code)
