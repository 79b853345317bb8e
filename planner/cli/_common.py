"""Shared CLI plumbing: the typer app, consoles, and mapping of planner errors to exit codes."""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer._click.exceptions import (  # typer vendors Click
    MissingParameter,
    NoArgsIsHelpError,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from planner import interrupt
from planner._version import __version__
from planner.errors import EXIT_INPUT, EXIT_INTERNAL, InputError, OutputError, PlannerError
from planner.solution import SolveOptions


def usage_line(exc: UsageError) -> str:
    """A usage error as one line: the option or argument, then what is wrong with its value."""
    param = getattr(exc, "param", None)
    if not isinstance(exc, typer.BadParameter) or isinstance(exc, MissingParameter) or not param:
        return exc.format_message().rstrip(".")
    name = max(param.opts, key=len) if param.param_type_name == "option" else param.metavar
    message = exc.message.removeprefix("Value error, ").rstrip(".")
    low = getattr(param, "min", None)
    if message.startswith("Input should be"):  # the parser's own wording of a bad number
        kind = "a whole number" if param.bare_type() == "int" else "a number"
        message = f"must be {kind}" + (f" >= {low}" if low is not None else "")
    return f"{name}: {message}"


def _bare_help(option: Any) -> Any:
    if option is not None:
        option.metavar = ""  # a flag: no "<bool>" placeholder in the help
    return option


class Command(TyperCommand):
    """A ``planner`` command: ``--help`` shown as a flag, like every other flag."""

    def get_help_option(self, ctx: Any) -> Any:
        return _bare_help(super().get_help_option(ctx))


class _Group(TyperGroup):
    """The ``planner`` group: a usage error is one line on stderr and exit 2, not a panel."""

    def get_help_option(self, ctx: Any) -> Any:
        return _bare_help(super().get_help_option(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with _one_line_usage_errors(ctx):
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        with _one_line_usage_errors(ctx):
            return super().invoke(ctx)


@contextlib.contextmanager
def _one_line_usage_errors(ctx: Any) -> Iterator[None]:
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except UsageError as exc:
        where = (exc.ctx or ctx).command_path
        err.print(f"[bold red]error:[/] {escape(usage_line(exc))} (see {escape(where)} --help)")
        raise typer.Exit(EXIT_INPUT) from None


app = typer.Typer(
    cls=_Group,
    name="planner",
    help="Plan de-escalation packages: choose options and schedules with the least risk of "
    "escalation that every party can accept.\n\n"
    "Exit codes: 0 written; 2 invalid input or usage; 3 no feasible package; 4 internal error "
    "(each command's --help gives its own).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class _State:
    debug: bool = False
    gc_paused: bool = False  # set by main() while typer parses the command line
    one_shot: bool = False
    """Set by main(): the process ends with the command (the console script, not a test's
    CliRunner), so what its imports create may be frozen (planner.gc_pause)."""


STATE = _State()

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_FOLDER = Path("outputs")
"""Where a command writes when ``-o`` is not given."""

PANEL_SOLVER = "Solver options"
"""Help panel of the options every solving command shares (one place: the aliases below)."""

InputArg = Annotated[Path, typer.Argument(metavar="INPUT", help="Input workbook (.xlsx).")]


class ObjectiveName(StrEnum):
    """Objectives of SPEC 2.4."""

    min_risk = "min_risk"
    min_peak = "min_peak"
    max_min_net = "max_min_net"


def choices(enum: type[StrEnum]) -> str:
    """The metavar listing an option's choices, e.g. ``[grid|zip|morris]``."""
    return "[" + "|".join(m.value for m in enum) + "]"


def output_option(what: str, default: str) -> Any:
    """The ``-o/--output`` option of a command that writes ``what`` (``default`` when not given)."""
    return typer.Option("-o", "--output", metavar="FILE", help=f"{what} \\[default: {default}].")


def flag(name: str, help: str) -> Any:
    """An on/off option: ``--name`` alone, no ``<bool>`` placeholder in the help."""
    return typer.Option(name, metavar="", help=help)


def party_option(help: str) -> Any:
    """The ``--party PARTY`` option (what the party does for the command is in ``help``)."""
    return typer.Option("--party", metavar="PARTY", help=help)


def package_option(help: str) -> Any:
    """The ``--package FILE`` option: a workbook with a Package sheet."""
    return typer.Option("--package", metavar="FILE", help=help)


# The options several commands declare, each declared once here (the help is the same wherever
# an alias is used; a command whose option means something else has its own alias below).
PlanArg = Annotated[
    Path, typer.Argument(metavar="PLAN", help="Results workbook of planner solve (.xlsx).")
]
Json = Annotated[bool, flag("--json", "Print the Summary as JSON on stdout (only that).")]
Parties = Annotated[list[str] | None, party_option("Only this party (repeat for more).")]
DefectionParties = Annotated[
    list[str] | None,
    party_option("With --self-enforcing or --stability: only this party (repeat for more)."),
]
BriefParty = Annotated[str, party_option("The party the brief is for.")]
PackageToCheck = Annotated[
    Path | None,
    package_option("Package to check (sheet Package) \\[default: the planner solve package]."),
]
PackageToScore = Annotated[
    Path,
    package_option(
        "Workbook with a Package sheet (activity, option, start_date); a results workbook works."
    ),
]

# -o/--output: each command names what it writes and where by default.
PlanOutput = Annotated[Path | None, output_option("Results workbook", "outputs/INPUT-plan.xlsx")]
BriefOutput = Annotated[
    Path | None, output_option("Briefing workbook", "outputs/PLAN-brief-PARTY.xlsx")
]
PlotOutput = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", metavar="DIR", help="Folder for the PNGs \\[default: beside PLAN]."
    ),
]
DiagnosisOutput = Annotated[
    Path | None, output_option("Diagnosis workbook", "outputs/INPUT-diagnosis.xlsx")
]
FrontierOutput = Annotated[
    Path | None, output_option("Frontier workbook", "outputs/INPUT-frontier.xlsx")
]
CompareOutput = Annotated[
    Path | None, output_option("Compare workbook", "outputs/INPUT-compare.xlsx")
]
StabilityOutput = Annotated[
    Path | None, output_option("Stability workbook", "outputs/INPUT-stability.xlsx")
]
CalibrationOutput = Annotated[
    Path | None, output_option("Calibration workbook", "outputs/INPUT-calibration.xlsx")
]
SweepOutput = Annotated[Path | None, output_option("Sweep workbook", "outputs/INPUT-sweep.xlsx")]
EvaluateOutput = Annotated[
    Path | None, output_option("Evaluation workbook", "outputs/INPUT-evaluate.xlsx")
]
RobustOutput = Annotated[Path | None, output_option("Robust workbook", "outputs/INPUT-robust.xlsx")]


Objective = Annotated[
    ObjectiveName | None,
    typer.Option(
        "--objective",
        metavar=choices(ObjectiveName),
        help="Objective \\[default: the workbook's Settings].",
        rich_help_panel=PANEL_SOLVER,
    ),
]
TimeLimit = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        min=0,
        help="HiGHS time limit per solve \\[default: the workbook's Settings].",
        rich_help_panel=PANEL_SOLVER,
    ),
]
Gap = Annotated[
    float | None,
    typer.Option(
        "--gap",
        metavar="GAP",
        min=0,
        help="Relative MIP gap \\[default: the workbook's Settings].",
        rich_help_panel=PANEL_SOLVER,
    ),
]
Threads = Annotated[
    int,
    typer.Option(
        "--threads",
        metavar="N",
        min=1,
        help="HiGHS threads per solve.",
        rich_help_panel=PANEL_SOLVER,
    ),
]
Seed = Annotated[
    int,
    typer.Option(
        "--seed", metavar="N", min=0, help="HiGHS random seed.", rich_help_panel=PANEL_SOLVER
    ),
]

MaxModelSize = Annotated[
    int | None,
    typer.Option(
        "--max-model-size",
        metavar="N",
        min=1,
        help="Refuse a model estimated above N nonzeros \\[default: 5,000,000; see docs/limits.md].",
        rich_help_panel=PANEL_SOLVER,
    ),
]


def solve_options(
    objective: ObjectiveName | None,
    time_limit: float | None,
    gap: float | None,
    threads: int,
    seed: int,
    max_model_size: int | None = None,
) -> SolveOptions:
    """The ``SolveOptions`` of the shared solver options (``None`` = the workbook's Settings)."""
    return SolveOptions(
        objective=objective.value if objective else None,
        time_limit_s=time_limit,
        mip_gap=gap,
        threads=threads,
        random_seed=seed,
        max_model_size=max_model_size,
    )


def output_path(input_path: Path, output: Path | None, suffix: str) -> Path:
    """``-o`` as given (its folder must exist), else ``outputs/<INPUT stem>-<suffix>.xlsx``."""
    from planner.io.xlsx import check_output_path  # openpyxl: not for --help or --version

    if output is None:
        try:
            DEFAULT_FOLDER.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {DEFAULT_FOLDER}: {exc.strerror or exc}") from exc
        output = DEFAULT_FOLDER / f"{input_path.stem}-{suffix}.xlsx"
    return check_output_path(output, input_path)


def _version_callback(value: bool) -> None:
    if value:
        out.print(f"planner {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            metavar="",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    debug: Annotated[bool, flag("--debug", "Show a traceback on internal errors.")] = False,
) -> None:
    """planner: de-escalation package planning with a mixed-integer model."""
    STATE.debug = debug


def print_warnings(scenario: Any) -> None:
    """Print the scenario's reading warnings (columns not read, hidden sheets) on stderr."""
    source = getattr(scenario, "source", None)
    for line in getattr(source, "warnings", ()):
        err.print(f"[yellow]warning:[/] {escape(line)}")


def report_problems(exc: InputError) -> None:
    """Print every input problem, one per line, on stderr."""
    n = len(exc.problems)
    err.print(f"[bold red]{n} problem{'s' if n != 1 else ''} in the input:[/]")
    for p in exc.problems:
        err.print(f"  {escape(str(p))}")


def handle_errors(fn: F) -> F:
    """Run a command, mapping planner errors to exit codes and never showing a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if STATE.gc_paused:  # the command line is parsed: the collector resumes
            STATE.gc_paused = False
            if STATE.one_shot:  # the parser's imports and objects stay until the end
                gc.freeze()
            gc.enable()
        interrupt.install()
        try:
            interrupt.resume()
            interrupt.check()
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - never a traceback
            raise _exit_for(exc) from None

    return wrapper  # type: ignore[return-value]


def _exit_for(exc: BaseException) -> typer.Exit:
    """Report ``exc`` on stderr in one line (or one per input problem); the exit to raise.

    After a signal, whatever error it caused on its way (a library may turn the interrupt
    into another exception) is reported as the interruption: exit 128 + the signal number.
    """
    signum = interrupt.requested()
    if isinstance(exc, KeyboardInterrupt) or signum is not None:
        name = signal.Signals(signum or signal.SIGINT).name
        err.print(f"[yellow]interrupted ({name})[/]")
        return typer.Exit(interrupt.exit_code(130))
    if isinstance(exc, InputError):
        report_problems(exc)
        return typer.Exit(exc.exit_code)
    if isinstance(exc, PlannerError):
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        return typer.Exit(exc.exit_code)
    if isinstance(exc, OSError) and exc.errno in STREAM_ERRNOS:
        err.print(f"[bold red]error:[/] cannot write: {escape(exc.strerror or str(exc))}")
        return typer.Exit(EXIT_INPUT)
    return _internal(exc)


STREAM_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EPIPE, errno.EIO, errno.EFBIG})
"""Write failures of the environment (a full disk, a closed pipe), not bugs in planner: exit 2."""


def _internal(exc: BaseException) -> typer.Exit:
    if STATE.debug:
        traceback.print_exception(exc, file=sys.stderr)
    err.print(
        f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))} "
        "(a bug in planner; run with --debug for details)"
    )
    return typer.Exit(EXIT_INTERNAL)


def quiet_stdout() -> None:
    """Flush stdout; when it cannot be written (a full disk, a closed pipe) drop what is left.

    Without this, Python's own flush at exit would print an ``Exception ignored`` report.
    """
    try:
        sys.stdout.flush()
    except OSError:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
