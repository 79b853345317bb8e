"""Shared CLI plumbing: the typer app, consoles, and mapping of planner errors to exit codes."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from planner import __version__, interrupt
from planner.errors import EXIT_INPUT, EXIT_INTERNAL, InputError, OutputError, PlannerError
from planner.io.xlsx import check_output_path

app = typer.Typer(
    name="planner",
    help="Plan de-escalation packages: choose options and schedules with the least risk of "
    "escalation that every party can accept.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class _State:
    debug: bool = False


STATE = _State()

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_FOLDER = Path("outputs")
"""Where a command writes when ``-o`` is not given."""

InputArg = Annotated[Path, typer.Argument(metavar="INPUT", help="Input workbook (.xlsx).")]
TimeLimit = Annotated[
    float | None, typer.Option("--time-limit", metavar="S", min=0, help="Seconds per solve.")
]
Gap = Annotated[float | None, typer.Option("--gap", metavar="G", min=0, help="Relative MIP gap.")]
Threads = Annotated[int, typer.Option("--threads", min=1, help="Solver threads.")]
Seed = Annotated[int, typer.Option("--seed", min=0, help="Solver random seed.")]
MaxModelSize = Annotated[
    int | None,
    typer.Option(
        "--max-model-size",
        metavar="N",
        min=1,
        help="Refuse a model estimated above N nonzeros \\[default: 5,000,000; see docs/limits.md].",
    ),
]


def output_path(input_path: Path, output: Path | None, suffix: str) -> Path:
    """``-o`` as given (its folder must exist), else ``outputs/<INPUT stem>-<suffix>.xlsx``."""
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
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
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
