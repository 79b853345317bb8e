"""Example benchmark: ``planner solve inputs/korea_2018.xlsx`` end to end in a fresh process, median of 3.

Each run is the installed command in a subprocess (Python start-up, imports, reading,
solving, verification and the results workbook included), so the figure is what an analyst
waits for. Target: median < 3 s. Also reported: the import time alone (``planner
--version``) and the Summary's own ``solve_seconds`` and ``highs_seconds`` of the last run.
Run: ``python -m benchmarks.bench_example``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "korea_2018.xlsx"
TARGET_S = 3.0


def planner_command() -> list[str]:
    """The installed console script beside this interpreter (else ``python -c`` on the app)."""
    script = Path(sys.executable).with_name("planner")
    if script.exists():
        return [str(script)]
    found = shutil.which("planner")
    return [found] if found else [sys.executable, "-c", "from planner.cli import main; main()"]


def _timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    tick = time.perf_counter()
    proc = subprocess.run(
        [*planner_command(), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return time.perf_counter() - tick, proc


def run(repeats: int = 3) -> list[dict[str, Any]]:
    """One row: every run's wall time, the median against the target, and the last Summary."""
    startup = [_timed(["--version"])[0] for _ in range(repeats)]
    walls = []
    summary: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(repeats):
            wall, proc = _timed(["solve", str(EXAMPLE), "-o", f"{tmp}/plan{k}.xlsx", "--json"])
            if proc.returncode != 0:
                return [
                    {
                        "benchmark": "example",
                        "error": f"exit {proc.returncode}: {proc.stderr[-300:]}",
                    }
                ]
            walls.append(wall)
            summary = json.loads(proc.stdout)
    median = statistics.median(walls)
    return [
        {
            "benchmark": "example",
            "input": EXAMPLE.name,
            "runs_s": [round(w, 3) for w in walls],
            "median_s": median,
            "target_s": TARGET_S,
            "meets_target": median < TARGET_S,
            "startup_median_s": statistics.median(startup),
            "solve_seconds": summary.get("solve_seconds"),
            "highs_seconds": summary.get("highs_seconds"),
            "status": summary.get("status"),
            "total_hazard": summary.get("total_hazard"),
        }
    ]


def main() -> None:
    """Print the row."""
    for row in run():
        print(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
