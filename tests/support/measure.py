"""Run the installed ``planner`` command as a measured subprocess (exit code, output, CPU, peak RSS)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def planner_command() -> list[str]:
    """The installed console script beside this interpreter (else ``python -c`` on the app)."""
    script = Path(sys.executable).with_name("planner")
    if script.exists():
        return [str(script)]
    found = shutil.which("planner")
    if found:
        return [found]
    return [sys.executable, "-c", "from planner.cli import main; main()"]


@dataclass(frozen=True)
class Run:
    """Outcome of one measured subprocess run."""

    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float


LAUNCHER = """
import json, os, sys, time
out, err, args = sys.argv[1], sys.argv[2], sys.argv[3:]
tick = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
    os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    try:
        os.execv(args[0], args)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({
    "exit_code": os.waitstatus_to_exitcode(status),
    "seconds": time.perf_counter() - tick,
    "cpu_seconds": usage.ru_utime + usage.ru_stime,
    "peak_rss_mb": usage.ru_maxrss / 1024,
}))
"""
"""Forks the measured command from a small Python process, not from pytest: a child forked
from pytest starts with pytest's resident pages, which ``ru_maxrss`` would count."""


def run_measured(args: list[str], cwd: Path) -> Run:
    """Run ``planner ARGS`` in a grandchild; its peak RSS and CPU time from ``os.wait4``."""
    out_file, err_file = cwd / "stdout.txt", cwd / "stderr.txt"
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    command = [sys.executable, "-c", LAUNCHER, str(out_file), str(err_file)]
    done = subprocess.run(
        [*command, *planner_command(), *args], cwd=cwd, env=env, capture_output=True, check=True
    )
    measured = json.loads(done.stdout)
    return Run(
        exit_code=measured["exit_code"],
        stdout=out_file.read_text(errors="replace"),
        stderr=err_file.read_text(errors="replace"),
        seconds=measured["seconds"],
        cpu_seconds=measured["cpu_seconds"],  # of exactly that process: load-independent
        peak_rss_mb=measured["peak_rss_mb"],  # kilobytes on Linux, as MB
    )
