"""The ``planner`` command line: thin commands over the Python API, errors mapped to exit codes."""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import os
import sys
import threading

from planner import interrupt

# typer converts every option through a pydantic TypeAdapter, and pydantic's first adapter
# scans the entry points of every installed distribution for pydantic plugins (about 40 ms
# at each start); planner uses none. A value the user set is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
interrupt.install()  # before the heavy imports: a signal during start-up is not lost either
interrupt.defer()  # ... and is raised once the command runs (handle_errors), not mid-import

from planner.cli import _coerce  # noqa: E402
from planner.cli._common import STATE, app, err, quiet_stdout  # noqa: E402
from planner.gc_pause import gc_paused  # noqa: E402

_coerce.install()  # plain option values without pydantic (issue 16)

# Each command module registers its commands on ``app`` when imported.
_COMMAND_MODULES = ("inputs", "solve", "sweep", "analysis", "uncertainty", "stability")

with gc_paused():
    for _name in _COMMAND_MODULES:
        try:
            importlib.import_module(f"planner.cli.{_name}")
        except ModuleNotFoundError as _exc:  # a command module not written yet
            if _exc.name != f"planner.cli.{_name}":
                raise


def main() -> None:
    """Console-script entry point.

    Once the command has finished (its files written and closed) the process ends at once
    (``os._exit``, once the output is flushed): tearing down the interpreter, which frees
    the model and every imported module object by object, took 0.2 s after a
    ``planner solve`` of the example and seconds after a large model, for nothing. The
    ``atexit`` handlers still run first (normal end only: after a signal the run's work is
    already cleaned up). A process with other threads still running ends the normal way.
    """
    code: object = 0
    STATE.one_shot = True
    if gc.isenabled():  # parsing imports typer's pydantic: no collections until the command
        gc.disable()
        STATE.gc_paused = True
    try:
        interrupt.resume()
        interrupt.check()
        app()
    except SystemExit as exc:
        code = exc.code
    except interrupt.Interrupted as exc:
        err.print(f"[yellow]interrupted ({exc.args[0]})[/]")
        code = exc.exit_code
    finally:
        quiet_stdout()
    if code is None:
        code = 0
    interrupted = interrupt.requested() is not None
    if isinstance(code, int) and (interrupted or threading.active_count() == 1):
        if not interrupted:
            atexit._run_exitfuncs()  # what the interpreter would run on its way out
            quiet_stdout()
        with contextlib.suppress(OSError):  # stderr closed or full: nothing left to tell
            sys.stderr.flush()
        interrupt.stop_resource_tracker()
        os._exit(code)
    raise SystemExit(code)


__all__ = ["app", "main"]
