"""SIGINT, SIGTERM and SIGHUP stop a run promptly: exit 128 + signal, no stray files, no child left.

Each case runs the installed ``planner`` in its own session, waits until HiGHS is running
(a test hook, ``tests/support/highs_marker/sitecustomize.py``, creates a marker file in each
process of the run when it first calls HiGHS's ``run``), sends the signal, and measures the seconds until the process exits. Afterwards no process of the
run may be alive: the children seen before the signal (sweep workers, multiprocessing's
resource tracker) are all gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import psutil
import pytest

from tests.support.measure import planner_command

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.synthetic import SIZES, generate  # noqa: E402
from planner.io.write_input import write_scenario_workbook  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

STOP_SECONDS = 5.0
"""A solve must end this soon after the signal (typically 0.1 s; generous for loaded machines)."""
SWEEP_STOP_SECONDS = 15.0
"""A sweep must end this soon after the signal, its partial workbook written."""
SECONDS: dict[str, float] = {}
"""Measured seconds from signal to exit, by case (printed at the end of the module)."""


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-activity, 104-week scenario: HiGHS needs many seconds on it."""
    size = next(s for s in SIZES if s.name == "L300")
    folder = tmp_path_factory.mktemp("signals")
    return write_scenario_workbook(generate(size, 0), folder / "hard.xlsx")


MARKER_HOOK = Path(__file__).resolve().parent / "support" / "highs_marker"


def _start(folder: Path, args: list[str]) -> subprocess.Popen[bytes]:
    path = os.pathsep.join(x for x in (str(MARKER_HOOK), os.environ.get("PYTHONPATH")) if x)
    env = {
        **os.environ,
        "COLUMNS": "200",
        "NO_COLOR": "1",
        "PYTHONPATH": path,
        "PLANNER_TEST_HIGHS_MARKER": str(folder / "highs-running"),
    }
    out = (folder / "stdout.txt").open("wb")
    err = (folder / "stderr.txt").open("wb")
    return subprocess.Popen(
        [*planner_command(), *args],
        cwd=folder,
        env=env,
        stdout=out,
        stderr=err,
        start_new_session=True,
    )


def _wait_for_highs(proc: subprocess.Popen[bytes], folder: Path, timeout: float = 120) -> None:
    """Until some process of the run has called HiGHS's ``run`` (its marker file exists)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, (folder / "stderr.txt").read_text()
        if any(folder.glob("highs-running.*")):
            time.sleep(0.2)  # well inside the run
            return
        time.sleep(0.05)
    pytest.fail("HiGHS never started")


def _signal_and_wait(
    proc: subprocess.Popen[bytes], sig: int, case: str
) -> tuple[int, float, list[psutil.Process]]:
    children = psutil.Process(proc.pid).children(recursive=True)
    tick = time.monotonic()
    os.kill(proc.pid, sig)
    try:
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    seconds = time.monotonic() - tick
    SECONDS[case] = seconds
    return code, seconds, children


def _assert_all_gone(children: list[psutil.Process]) -> None:
    time.sleep(0.2)
    alive = []
    for c in children:
        try:
            alive.append(f"{c.pid} {c.status()} {' '.join(c.cmdline())[:80]}")
        except psutil.NoSuchProcess:
            continue
    assert not alive, alive


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_a_solve_at_once_and_writes_nothing(
    hard: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    proc = _start(tmp_path, ["solve", str(hard), "-o", "plan.xlsx", "--time-limit", "600"])
    _wait_for_highs(proc, tmp_path)
    code, seconds, children = _signal_and_wait(proc, sig, f"solve {sig.name}")
    stderr = (tmp_path / "stderr.txt").read_text()
    assert code == 128 + sig, stderr
    assert seconds < STOP_SECONDS, f"{seconds:.2f} s from {sig.name} to exit"
    assert f"interrupted ({sig.name})" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "plan.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    _assert_all_gone(children)


@pytest.mark.parametrize(
    ("workers", "sig"),
    [(1, signal.SIGINT), (1, signal.SIGTERM), (2, signal.SIGINT), (2, signal.SIGTERM)],
)
def test_signal_stops_a_sweep_with_a_partial_workbook_and_no_child_left(
    hard: Path, tmp_path: Path, workers: int, sig: signal.Signals
) -> None:
    args = ["sweep", str(hard), "--scale", "Options.hazard[*]=0.5:1.5:0.1"]
    proc = _start(tmp_path, [*args, "--workers", str(workers), "-o", "sweep.xlsx"])
    _wait_for_highs(proc, tmp_path)
    code, seconds, children = _signal_and_wait(proc, sig, f"sweep w{workers} {sig.name}")
    stderr = (tmp_path / "stderr.txt").read_text()
    assert code == 128 + sig, stderr
    assert seconds < SWEEP_STOP_SECONDS, f"{seconds:.2f} s from {sig.name} to exit"
    assert "partial sweep: interrupted" in stderr and "Traceback" not in stderr
    summary = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(tmp_path / "sweep.xlsx")["Summary"].iter_rows(
            values_only=True
        )
    }
    assert summary["partial"] == "yes"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    if workers > 1:
        assert children, "a pool sweep has worker processes"
    _assert_all_gone(children)


DRIVER = """
import os, signal, sys
real_chmod = os.chmod
def chmod_after_signal(path, mode, *args, **kwargs):
    os.kill(os.getpid(), signal.{sig})  # arrives while the temporary file exists
    return real_chmod(path, mode, *args, **kwargs)
os.chmod = chmod_after_signal
from planner.cli import main
sys.argv = ["planner", "solve", {input!r}, "-o", "plan.xlsx"]
main()
"""


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_signal_during_the_write_leaves_no_temp_file(tmp_path: Path, sig: str) -> None:
    from tests.support.workbooks import minimal_sheets, write_workbook

    source = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    run = subprocess.run(
        [sys.executable, "-c", DRIVER.format(sig=sig, input=str(source))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 128 + getattr(signal, sig), run.stderr
    assert not (tmp_path / "plan.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]


def test_report_seconds_from_signal_to_exit() -> None:
    """Prints the measured figures (run with -s to see them)."""
    for case, seconds in SECONDS.items():
        print(f"{case}: {seconds:.2f} s from signal to exit")
