"""The ``planner`` command line: thin commands over the Python API, errors mapped to exit codes."""

from __future__ import annotations

import importlib

from planner.cli._common import app

# Each command module registers its commands on ``app`` when imported.
_COMMAND_MODULES = ("inputs", "solve", "sweep", "analysis", "stability")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"planner.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command module not written yet
        if _exc.name != f"planner.cli.{_name}":
            raise


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
