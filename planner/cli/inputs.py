"""The ``planner init`` and ``planner validate`` commands: start a workbook, check a workbook."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from planner.calendar import period_end
from planner.cli._common import Command, app, flag, handle_errors, out, print_warnings
from planner.errors import InputError, OutputError, Problem
from planner.scenario import Scenario

EXAMPLES = {"korea-2018": "planner.examples.korea_2018"}
"""Worked examples ``planner init --example`` can write: name -> module with build_workbook(path)."""


def _write_example(name: str, path: Path) -> None:
    module_name = EXAMPLES.get(name)
    if module_name is None:
        raise InputError(
            Problem("--example", f'unknown example "{name}"; available: {", ".join(EXAMPLES)}')
        )
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name):
            raise
        raise InputError(
            Problem("--example", f"the example {name} is not available in this installation")
        ) from None
    module.build_workbook(path)


@app.command("init", cls=Command)
@handle_errors
def init_command(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Workbook to create.")] = Path(
        "scenario.xlsx"
    ),
    example: Annotated[
        str | None,
        typer.Option(
            "--example",
            metavar="NAME",
            help=f"Write a filled-in worked example instead: {', '.join(EXAMPLES)}.",
        ),
    ] = None,
    force: Annotated[bool, flag("--force", "Overwrite PATH if it exists.")] = False,
) -> None:
    """Create an input workbook to fill in: every sheet and column, instructions and dropdowns.

    Settings is pre-filled with defaults; start_date and periods are left for you. Run planner validate PATH when you have filled it in.

    Exit codes: 0 workbook written; 2 PATH exists (without --force), unknown example or usage; 4 internal error.
    """
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give the name of the workbook to create")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if example is not None:
        _write_example(example, path)
    else:
        from planner.io.template import write_template

        write_template(path)
    out.print(f"wrote {escape(str(path))}")
    out.print(f"next: fill it in, then run  planner validate {escape(str(path))}")


def summary_lines(scenario: Scenario) -> list[tuple[str, str]]:
    """The facts ``planner validate`` prints about a valid scenario, as (label, text) pairs."""
    s = scenario.settings
    parties = ", ".join(scenario.party_ids)
    horizon = (
        f"{s.periods} x {s.period_days} days, {s.start_date.isoformat()} to "
        f"{period_end(s, s.periods).isoformat()}"
    )
    return [
        ("parties", f"{len(scenario.parties)}: {parties}"),
        ("activities", str(len(scenario.activities))),
        ("options", str(len(scenario.options))),
        ("periods", horizon),
        ("windows", str(len(scenario.windows))),
        ("timing rows", str(len(scenario.timing))),
        ("interactions", str(len(scenario.interactions))),
        ("rules", str(len(scenario.rules))),
        ("balances", str(len(scenario.balances))),
        ("capacities", str(len(scenario.capacities))),
        ("sweep rows", str(len(scenario.sweeps))),
        ("objective", s.objective),
    ]


@app.command("validate", cls=Command)
@handle_errors
def validate_command(
    input: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT", help="Input workbook (.xlsx) to check; it is never modified."
        ),
    ],
) -> None:
    """Check an input workbook: list every problem with its Sheet!Cell, or summarise the scenario.

    Exit codes: 0 the workbook is valid; 2 it has problems (listed on stderr) or usage; 4 internal error.
    """
    from planner.io.reader import load_scenario

    scenario = load_scenario(input)
    print_warnings(scenario)
    out.print(f"{escape(str(input))} is valid:")
    for label, text in summary_lines(scenario):
        out.print(f"  {label:<13} {escape(text)}")
