"""``planner stability`` (is the deal self-enforcing?) and ``planner calibrate`` (limits from the record)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from planner.cli._common import (
    CalibrationOutput,
    Command,
    Gap,
    InputArg,
    MaxModelSize,
    Objective,
    PackageToCheck,
    Parties,
    Seed,
    StabilityOutput,
    Threads,
    TimeLimit,
    app,
    handle_errors,
    out,
    output_path,
    solve_options,
)
from planner.errors import EXIT_NO_PACKAGE, InputError, Problem
from planner.solution import SolveOptions

if TYPE_CHECKING:
    from planner.analysis.calibrate import Record
    from planner.analysis.stability import PartyStability
    from planner.plan import Plan
    from planner.scenario import Scenario

PartyOpt = Annotated[
    list[str] | None,
    typer.Option("--party", metavar="PARTY", help="Only this party (repeat for more)."),
]


def _num(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.6g}"


def check_parties(scenario: Scenario, parties: Sequence[str] | None) -> list[str] | None:
    """The ``--party`` values, each checked against the Parties sheet (exit 2 when unknown)."""
    if not parties:
        return None
    bad = [p for p in parties if p not in scenario.party_ids]
    if bad:
        known = ", ".join(scenario.party_ids)
        raise InputError(
            [Problem("--party", f"unknown party {p!r}; parties: {known}") for p in bad]
        )
    return list(parties)


def print_stability(console: Console, rows: Sequence[PartyStability]) -> None:
    """The terminal table: per party, the gain of its best defection and what it changes."""
    from rich.table import Table  # only here: every start would import it

    table = Table(title="Best unilateral defection per party", title_justify="left")
    for name in ("party", "gain", "self-enforcing", "withdrawn", "snapped back", "H after", "P"):
        table.add_column(name, justify="right" if name in ("gain", "H after", "P") else "left")
    for r in rows:
        enforcing = "unknown" if r.self_enforcing is None else "yes" if r.self_enforcing else "NO"
        prob = "" if math.isnan(r.probability_after) else f"{r.probability_after:.1%}"
        table.add_row(
            escape(r.party),
            _num(r.gain),
            enforcing,
            escape("; ".join(r.withdrawn)),
            escape(", ".join(r.snapped_back)),
            _num(r.hazard_after),
            prob,
        )
    console.print(table)


@app.command("stability", cls=Command)
@handle_errors
def stability_command(
    input_path: InputArg,
    package_file: PackageToCheck = None,
    party: Parties = None,
    output: StabilityOutput = None,
    objective: Objective = None,
    time_limit: TimeLimit = None,
    gap: Gap = None,
    threads: Threads = 1,
    seed: Seed = 0,
    max_model_size: MaxModelSize = None,
) -> None:
    """Is the package self-enforcing? Each party's most profitable unilateral defection, with snap-back.

    Without --package the package is the one planner solve chooses (--objective applies to that solve only).

    Exit codes: 0 stability written; 2 invalid input or usage; 3 no package (without --package: Summary and Diagnosis written); 4 internal error, including a defection whose independent re-check disagrees with the model.
    """
    from planner.analysis.diagnose import with_diagnosis
    from planner.analysis.stability import package_stability
    from planner.analysis.stability_report import (
        package_stability_workbook,
        write_plan_with_stability,
    )
    from planner.analysis.workbook import save
    from planner.io.package_file import read_package
    from planner.io.reader import load_scenario
    from planner.pipeline import solve_plan
    from planner.report.results import write_results

    path = output_path(input_path, output, "stability")
    scenario = load_scenario(input_path)
    parties = check_parties(scenario, party)
    options = solve_options(objective, time_limit, gap, threads, seed, max_model_size)
    if package_file is not None:
        package = read_package(package_file, scenario)
        rows = package_stability(scenario, package, options, parties)
        save(package_stability_workbook(scenario, package, package_file, rows), path, scenario)
    else:
        plan = with_diagnosis(solve_plan(scenario, options))
        if not plan.has_package:
            write_results(plan, path, input_path=input_path)
            out.print(f"no package ({plan.status.value}); wrote {escape(str(path))}")
            raise typer.Exit(EXIT_NO_PACKAGE)
        rows = package_stability(scenario, plan.solution.choices, options, parties)
        write_plan_with_stability(plan, path, input_path, rows)
    print_stability(out, rows)
    out.print(f"wrote {escape(str(path))}")


def solve_with_stability(
    scenario: Scenario,
    options: SolveOptions,
    path: Path,
    input_path: Path,
    party: Sequence[str] | None,
    self_enforcing: bool,
    **analysis: object,
) -> tuple[Plan, list[str]]:
    """``planner solve --stability`` / ``--self-enforcing``: solve, add Stability, write.

    Returns:
        The plan and the lines to print (one per extra sheet, then one per party).
    """
    from planner.analysis.diagnose import with_diagnosis
    from planner.analysis.self_enforcing import solve_self_enforcing
    from planner.analysis.stability import package_stability
    from planner.analysis.stability_report import write_plan_with_stability
    from planner.pipeline import solve_plan

    parties = check_parties(scenario, party)
    rows: Sequence[PartyStability] = ()
    lines: list[str] = []
    if self_enforcing:
        found = solve_self_enforcing(scenario, options, parties)
        plan, rows = found.plan, found.rows
        lines.append(
            f"self-enforcing loop: {found.iterations} master solve(s), {found.cuts} cut(s)"
        )
    else:
        plan = with_diagnosis(solve_plan(scenario, options))
        if plan.has_package:
            rows = package_stability(scenario, plan.solution.choices, options, parties)
    lines += write_plan_with_stability(plan, path, input_path, rows, **analysis)  # type: ignore[arg-type]
    for r in rows:
        change = "; ".join(r.withdrawn) or "no change"
        back = f"; snaps back: {', '.join(r.snapped_back)}" if r.snapped_back else ""
        lines.append(f"  {r.party}: gain {_num(r.gain)} ({change}{back})")
    return plan, lines


def _records(scenario: Scenario, accepted: Sequence[Path], rejected: Sequence[str]) -> list[Record]:
    """Read ``--accepted FILE`` and ``--rejected PARTY:FILE`` (exit 2 on any problem)."""
    from planner.analysis.calibrate import Record
    from planner.io.package_file import read_package

    bad = [r for r in rejected if ":" not in r or r.split(":", 1)[0] not in scenario.party_ids]
    if bad or not (accepted or rejected):
        problems = [
            Problem("--rejected", f"{r!r}: expected PARTY:FILE with a party of the Parties sheet")
            for r in bad
        ] or [Problem("--accepted", "give at least one --accepted or --rejected package")]
        raise InputError(problems)
    records = [Record(p.name, read_package(p, scenario)) for p in accepted]
    for r in rejected:
        party, file = r.split(":", 1)
        records.append(Record(Path(file).name, read_package(Path(file), scenario), party))
    return records


@app.command("calibrate", cls=Command)
@handle_errors
def calibrate_command(
    input_path: InputArg,
    accepted: Annotated[
        list[Path] | None,
        typer.Option(
            "--accepted",
            metavar="FILE",
            help="A package every party accepted (a workbook with a Package sheet; repeat for more).",
        ),
    ] = None,
    rejected: Annotated[
        list[str] | None,
        typer.Option(
            "--rejected",
            metavar="PARTY:FILE",
            help="A package PARTY rejected (repeat for more).",
        ),
    ] = None,
    output: CalibrationOutput = None,
    calibrated_input: Annotated[
        Path | None,
        typer.Option(
            "--calibrated-input",
            metavar="FILE",
            help="Also write a copy of INPUT with the calibrated limits (INPUT is never changed).",
        ),
    ] = None,
    time_limit: TimeLimit = None,
    threads: Threads = 1,
    seed: Seed = 0,
) -> None:
    """Red lines from the record: the smallest change to the limits that explains what parties accepted and rejected.

    The objective is fixed: the least weighted change to the limits, solved to optimality, so there is no --objective or --gap.

    Exit codes: 0 calibration written; 2 invalid input, package file or usage; 3 no limits explain the record (the records are named); 4 internal error.
    """
    from planner.analysis.calibrate import calibrate
    from planner.analysis.calibrate_report import calibration_workbook, headline
    from planner.analysis.workbook import save
    from planner.io.reader import load_scenario
    from planner.io.write_input import write_scenario_workbook
    from planner.io.xlsx import check_output_path

    path = output_path(input_path, output, "calibration")
    copy = check_output_path(calibrated_input, input_path) if calibrated_input else None
    scenario = load_scenario(input_path)
    records = _records(scenario, accepted or [], rejected or [])
    options = solve_options(None, time_limit, None, threads, seed)
    cal = calibrate(scenario, records, options)
    save(calibration_workbook(scenario, cal, records), path, scenario)
    out.print(escape(headline(cal)))
    for line in cal.unexplained:
        out.print(f"  {escape(line)}")
    for c in cal.limits:
        if c.new != c.old:
            out.print(
                f"  {escape(c.item.label)}: {c.old:.6g} -> {c.new:.6g} ({escape(c.forced_by)})"
            )
    out.print(f"wrote {escape(str(path))}")
    if not cal.status.has_package or cal.scenario is None:
        raise typer.Exit(EXIT_NO_PACKAGE)
    if copy is not None:
        write_scenario_workbook(cal.scenario, copy)
        out.print(f"wrote the calibrated input {escape(str(copy))}")
