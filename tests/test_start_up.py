"""What a start of ``planner`` loads: the solve path without pandas or pyomo.environ (issue 16).

No timing here (the machine is shared): the guard is which libraries a run imports. Each
case is a fresh interpreter whose ``atexit`` handler writes ``sys.modules`` to a file, so it
also checks that the CLI's quick exit still runs the ``atexit`` handlers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.workbooks import minimal_sheets, write_workbook

pytestmark = pytest.mark.e2e

DRIVER = """
import atexit, gc, json, sys
listing, args = sys.argv[1], sys.argv[2:]
atexit.register(lambda: open(listing, "w").write(json.dumps(sorted(sys.modules))))
atexit.register(lambda: open(listing + ".frozen", "w").write(str(gc.get_freeze_count())))
from planner.cli import main
sys.argv = ["planner", *args]
main()
"""


def _modules(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    listing = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(listing), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert listing.exists(), f"no atexit listing; stderr: {proc.stderr[-500:]}"
    return proc, set(json.loads(listing.read_text()))


def test_solve_imports_neither_pandas_nor_pyomo_environ(tmp_path: Path) -> None:
    """``planner solve`` writes the results workbook from plain rows and builds the model
    from ``pyomo.core``: pandas and ``pyomo.environ`` (with its plugins) stay unloaded; its
    option values are coerced without typer's pydantic adapters (planner/cli/_coerce.py);
    what the imports create is frozen out of the collector's way."""
    source = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    out = tmp_path / "plan.xlsx"
    proc, modules = _modules(tmp_path, "solve", str(source), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-500:]
    assert out.exists()
    assert {"pyomo.core", "highspy", "openpyxl"} <= modules  # the run did solve and write
    assert "pandas" not in modules
    assert "pyomo.environ" not in modules
    assert "pydantic" not in modules
    frozen = int((tmp_path / "modules.json.frozen").read_text())
    assert frozen > 10_000  # the console script froze its imports (planner.gc_pause)


def test_version_loads_no_workbook_or_solver_library(tmp_path: Path) -> None:
    """``planner --version`` (like ``--help``) imports neither openpyxl nor numpy nor Pyomo."""
    proc, modules = _modules(tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr[-500:]
    assert proc.stdout.startswith("planner ")
    assert "typer" in modules
    assert not {"openpyxl", "numpy", "pyomo", "pandas"} & modules


def test_python_dash_m_planner_is_the_command_line() -> None:
    """``python -m planner`` runs the console script's entry point (same output, same exit)."""
    proc = subprocess.run(
        [sys.executable, "-m", "planner", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    assert proc.stdout.startswith("planner ")
    bad = subprocess.run(
        [sys.executable, "-m", "planner", "solve", "no-such-file.xlsx"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
