"""The ``planner`` command line: thin commands over the Python API, errors mapped to exit codes."""

from __future__ import annotations

import importlib
import os
import sys

from planner import interrupt

interrupt.install()  # before the heavy imports: a signal during start-up is not lost either
interrupt.defer()  # ... and is raised once the command runs (handle_errors), not mid-import

from planner.cli._common import app, err, quiet_stdout  # noqa: E402

# Each command module registers its commands on ``app`` when imported.
_COMMAND_MODULES = ("inputs", "solve", "sweep", "analysis", "uncertainty", "stability")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"planner.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command module not written yet
        if _exc.name != f"planner.cli.{_name}":
            raise


def main() -> None:
    """Console-script entry point.

    After a signal the process ends at once (``os._exit``, once the output is flushed): the
    run's work is already cleaned up, and tearing down a large model would add seconds.
    """
    code: object = 0
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
    if interrupt.requested() is not None and isinstance(code, int):
        sys.stderr.flush()
        interrupt.stop_resource_tracker()
        os._exit(code)
    raise SystemExit(code)


__all__ = ["app", "main"]
