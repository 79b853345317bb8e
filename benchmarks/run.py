"""Run every benchmark, print one table of targets against measured figures, and save the results.

Modules: ``bench_sizes`` (where the time goes, 20 to 1,000 activities), ``bench_example``
(the bundled example end to end; its time outside HiGHS against issue 16's start-up target;
a 3-activity workbook end to end), ``bench_orlib`` (OR-Library knapsacks against direct
highspy), ``bench_sweep`` (sweep throughput), ``bench_robust`` (robust packages, SPEC 6) and
``bench_adaptive`` (issue 16's ratios in one run: 801-point sweep / one solve, non-solver
share). A module that fails is reported as an error row; the others still run.

Usage: ``python -m benchmarks.run [--quick]`` (``make bench``). The full run writes
``benchmarks/results/latest.json`` and ``latest.md``; ``--quick`` (S20 and M100 sizes, one
OR-Library problem, a 100-point sweep, 50 robust draws) writes ``latest-quick.json`` and ``latest-quick.md``
so that a quick look never overwrites the committed full results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Check:
    """One target and what was measured against it."""

    benchmark: str
    what: str
    target: str
    measured: str
    verdict: str  # PASS, MISS, INFO or ERROR


def _fmt(x: Any, digits: int = 3) -> str:
    if isinstance(x, float):
        return (
            "n/a"
            if math.isnan(x)
            else f"{x:.{digits}g}"
            if abs(x) < 1e-2
            else f"{x:.{digits}f}".rstrip("0").rstrip(".")
        )
    return str(x)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def size_checks(rows: list[dict[str, Any]]) -> list[Check]:
    """The L300 overhead ratio against its target; every other size as information."""
    from benchmarks.bench_sizes import OVERHEAD_TARGET, RATIO_TARGET

    checks = []
    for r in rows:
        if "error" in r:
            checks.append(Check("sizes", r["size"], "runs", r["error"], "ERROR"))
            continue
        gap = "n/a" if r["gap"] is None else f"{r['gap']:.2e}"
        status = f"{r['status']} (gap {gap}) in {r['highs_s']:.1f} s HiGHS, limit {r['time_limit_s']:.0f} s"
        ratio = r["ratio"]
        what = f"{r['size']} whole run / HiGHS time"
        measured = f"{ratio:.2f} ({r['whole_s']:.2f} s / {r['highs_s']:.2f} s)"
        if r["size"] in RATIO_TARGET:
            target = RATIO_TARGET[r["size"]]
            checks.append(Check("sizes", what, f"<= {target}", measured, _verdict(ratio <= target)))
        else:
            checks.append(Check("sizes", what, "-", measured, "INFO"))
        if r["size"] in OVERHEAD_TARGET:
            limit = OVERHEAD_TARGET[r["size"]]
            overhead = r["whole_s"] - r["highs_s"]
            checks.append(
                Check(
                    "sizes",
                    f"{r['size']} whole run outside HiGHS (build, transfer, updates, read-back)",
                    f"< {limit} s",
                    f"{overhead:.2f} s",
                    _verdict(overhead < limit),
                )
            )
        checks.append(
            Check(
                "sizes",
                f"{r['size']} status",
                "a verified package",
                status,
                _verdict(r["status"] in ("optimal", "feasible") and bool(r.get("verified"))),
            )
        )
    return checks


def example_checks(rows: list[dict[str, Any]]) -> list[Check]:
    """The bundled example's median wall time against 3 s; its time outside HiGHS against 0.55 s."""
    r = rows[0]
    if "error" in r:
        return [Check("example", "korea_2018 end to end", "< 3 s", r["error"], "ERROR")]
    runs = ", ".join(f"{x:.2f}" for x in r["runs_s"])
    outside = ", ".join(f"{x:.2f}" for x in r["non_highs_runs_s"])
    load = f"load {r['load_before']}"
    return [
        Check(
            "example",
            "planner solve korea_2018.xlsx, median of 3 (incl. start-up)",
            f"< {r['target_s']:.0f} s",
            f"{r['median_s']:.2f} s (runs {runs}; start-up alone {r['startup_median_s']:.2f} s)",
            _verdict(r["meets_target"]),
        ),
        Check(
            "example",
            "planner solve korea_2018.xlsx outside HiGHS (end to end - HiGHS's own time), median of 3",
            f"<= {r['non_highs_target_s']} s",
            f"{r['non_highs_median_s']:.2f} s (runs {outside}; HiGHS {r['highs_median_s']:.2f} s; {load})",
            _verdict(r["meets_non_highs_target"]),
        ),
        Check(
            "example",
            "planner solve of a 3-activity workbook end to end (the start-up cost), median of 3",
            "-",
            f"{r['small_median_s']:.2f} s (HiGHS {r['small_highs_median_s'] * 1000:.0f} ms; {load})",
            "INFO",
        ),
    ]  # fmt: skip


def orlib_checks(rows: list[dict[str, Any]]) -> list[Check]:
    """Each OR-Library problem: optimum matches and planner/direct wall-time ratio <= 1.2."""
    checks = []
    for r in rows:
        if "error" in r:
            checks.append(Check("orlib", "OR-Library", "<= 1.2x", r["error"], "ERROR"))
            continue
        measured = (
            f"{r['ratio']:.2f}x ({r['planner_seconds']:.2f} s vs {r['direct_seconds']:.2f} s; "
            f"HiGHS {r['planner_highs_seconds']:.2f} vs {r['direct_highs_seconds']:.2f} s)"
        )
        checks.append(
            Check(
                "orlib",
                f"{r['problem']} planner / direct highspy",
                "<= 1.2x",
                measured,
                _verdict(r["ratio"] <= 1.2),
            )
        )
        checks.append(
            Check(
                "orlib",
                f"{r['problem']} optimum",
                f"= {r['best_known']}",
                _fmt(r["planner_value"]),
                _verdict(r["matches"]),
            )
        )
    return checks


def sweep_checks(rows: list[dict[str, Any]]) -> list[Check]:
    """The sweep ratios against the sweep benchmark's own targets."""
    from benchmarks.bench_sweep import TARGETS

    ratios = next((r for r in rows if "fast_vs_rebuild" in r), None)
    if ratios is None:
        err = next((r.get("error") for r in rows if "error" in r), "no ratios row")
        return [Check("sweep", "sweep", "-", str(err), "ERROR")]
    runs = {(r.get("path"), r.get("workers")): r for r in rows if "points_per_second" in r}
    fast1 = runs.get(("fast", 1), {})
    points = fast1.get("points", "?")
    return [
        Check("sweep", f"time per point outside HiGHS, rebuild / fast path ({points} points, 1 worker)", f">= {TARGETS['fast_vs_rebuild']}x", f"{ratios['outside_highs_rebuild_vs_fast']:.2f}x ({1000 * ratios['outside_highs_per_point_s']['rebuild']:.0f} ms / {1000 * ratios['outside_highs_per_point_s']['fast']:.0f} ms)", _verdict(ratios["outside_highs_rebuild_vs_fast"] >= TARGETS["fast_vs_rebuild"])),
        Check("sweep", "points per second, fast path / rebuild (HiGHS included)", "-", f"{ratios['fast_vs_rebuild']:.2f}x", "INFO"),
        Check("sweep", "2 workers / 1 worker, points per second", f">= {TARGETS['two_vs_one_worker']}x", f"{ratios['two_vs_one_worker']:.2f}x", _verdict(ratios["two_vs_one_worker"] >= TARGETS["two_vs_one_worker"])),
        Check("sweep", "non-solver share of worker time (fast, 1 worker)", f"< {TARGETS['non_solver_share']:.0%}", f"{ratios['non_solver_share']:.1%}", _verdict(ratios["non_solver_share"] < TARGETS["non_solver_share"])),
    ]  # fmt: skip


def robust_checks(rows: list[dict[str, Any]]) -> list[Check]:
    """The robust benchmark's own checks (solve time, scoring time, acceptance)."""
    from benchmarks.bench_robust import checks

    return [Check("robust", *c) for c in checks(rows)]


def adaptive_checks(rows: list[dict[str, Any]]) -> list[Check]:
    """Issue 16's ratios, all measured in one run (benchmarks/bench_adaptive.py)."""
    from benchmarks.bench_adaptive import TARGETS

    r = next((r for r in rows if "adaptive_vs_solve" in r), None)
    if r is None:
        err = next((r.get("error") for r in rows if "error" in r), "no row")
        return [Check("adaptive", "sweep", "-", str(err), "ERROR")]
    a, g, e2e = r["adaptive"], r["grid"], r["solve_end_to_end_s"]
    est = " (estimated from a subsample)" if g["estimated"] else ""
    share = g["non_solver_share"]
    return [
        Check("adaptive", f"801-point sweep (adaptive) / one planner solve ({a['solved']} solved)", f"<= {TARGETS['sweep_vs_solve']:.0f}x", f"{r['adaptive_vs_solve']:.1f}x ({a['seconds']:.1f} s / {e2e:.2f} s; load {r['load_before']})", _verdict(r["adaptive_vs_solve"] <= TARGETS["sweep_vs_solve"])),
        Check("adaptive", f"801-point sweep (full grid{est}) / one planner solve", "-", f"{r['grid_vs_solve']:.1f}x ({g['seconds']:.1f} s)", "INFO"),
        Check("adaptive", "sweep worker non-solver share (full grid, 1 worker)", f"< {TARGETS['non_solver_share']:.0%}", f"{share:.1%} (model layer {g['model_layer_share']:.1%})", _verdict(share < TARGETS["non_solver_share"])),
        Check("adaptive", "planner solve of the example end to end (the sweep ratios' unit; start-up target: see example)", "-", f"{e2e:.2f} s (load {r['load_before']})", "INFO"),
    ]  # fmt: skip


def _guarded(
    name: str, fn: Callable[[], list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], float]:
    print(f"[{name}] running ...", file=sys.stderr, flush=True)
    tick = time.perf_counter()
    try:
        rows = fn()
    except Exception as exc:  # noqa: BLE001 - one failing benchmark must not stop the others
        traceback.print_exc()
        rows = [{"benchmark": name, "error": f"{type(exc).__name__}: {exc}"}]
    seconds = time.perf_counter() - tick
    print(f"[{name}] done in {seconds:.0f} s", file=sys.stderr, flush=True)
    return rows, seconds


def run_all(quick: bool) -> dict[str, Any]:
    """Run the benchmark modules and gather rows and checks."""
    from benchmarks import (
        bench_adaptive,
        bench_example,
        bench_orlib,
        bench_robust,
        bench_sizes,
        bench_sweep,
    )

    if quick:
        bench_orlib.PROBLEMS = bench_orlib.PROBLEMS[:1]
        os.environ.setdefault("BENCH_SWEEP_POINTS", "100")
    started = bench_sizes.machine()
    results: dict[str, list[dict[str, Any]]] = {}
    seconds: dict[str, float] = {}
    results["sizes"], seconds["sizes"] = _guarded("sizes", lambda: bench_sizes.run(quick))
    results["example"], seconds["example"] = _guarded("example", bench_example.run)
    results["orlib"], seconds["orlib"] = _guarded("orlib", bench_orlib.run)
    results["sweep"], seconds["sweep"] = _guarded("sweep", bench_sweep.run)
    results["robust"], seconds["robust"] = _guarded("robust", lambda: bench_robust.run(quick))
    if quick:
        os.environ.setdefault("BENCH_GRID_STRIDE", "8")
    results["adaptive"], seconds["adaptive"] = _guarded("adaptive", bench_adaptive.run)
    checks = [
        *size_checks(results["sizes"]),
        *example_checks(results["example"]),
        *(orlib_checks(results["orlib"])),
        *sweep_checks(results["sweep"]),
        *robust_checks(results["robust"]),
        *adaptive_checks(results["adaptive"]),
    ]
    return {
        "run_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": quick,
        "machine": started,
        "load_average_at_end": bench_sizes.machine()["load_average"],
        "seconds": seconds,
        "checks": [asdict(c) for c in checks],
        "results": results,
    }


def table(checks: list[dict[str, Any]]) -> str:
    """The checks as a Markdown table."""
    lines = ["| benchmark | what | target | measured | verdict |", "|---|---|---|---|---|"]
    lines += [
        f"| {c['benchmark']} | {c['what']} | {c['target']} | {c['measured']} | {c['verdict']} |"
        for c in checks
    ]
    return "\n".join(lines)


SIZE_COLUMNS = (
    ("size", "size"), ("activities", "acts"), ("periods", "T"), ("columns", "cols"),
    ("rows", "rows"), ("nonzeros", "nnz"), ("read_s", "read s"), ("build_s", "build s"),
    ("transfer_s", "transfer s"), ("highs_s", "HiGHS s"), ("load_s", "load s"),
    ("readback_s", "read-back s"), ("stages_other_s", "other s"), ("verify_s", "verify s"),
    ("write_s", "write s"), ("whole_s", "whole s"), ("overhead_s", "outside HiGHS s"),
    ("ratio", "whole/HiGHS"),
    ("end_to_end_s", "end-to-end s"), ("peak_rss_mb", "peak MB"), ("status", "status"),
    ("gap", "gap"),
)  # fmt: skip


def size_table(rows: list[dict[str, Any]]) -> str:
    """The size breakdown as a Markdown table."""
    ok = [r for r in rows if "error" not in r]
    head = "| " + " | ".join(label for _, label in SIZE_COLUMNS) + " |"
    lines = [head, "|" + "---|" * len(SIZE_COLUMNS)]
    for r in ok:
        cells = []
        for key, _ in SIZE_COLUMNS:
            v = r.get(key)
            if key == "gap":
                cells.append("n/a" if v is None else f"{v:.1e}")
            elif isinstance(v, float):
                cells.append(
                    f"{v:.0f}" if key == "peak_rss_mb" else f"{v:.3f}" if v < 10 else f"{v:.1f}"
                )
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    m = report["machine"]
    parts = [
        f"# Benchmark results{' (quick)' if report['quick'] else ''}",
        "",
        f"Run at {report['run_at']} on {m['platform']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"Pyomo {m['pyomo']}, highspy {m['highspy']}; load average (1, 5, 15 min) "
        f"{', '.join(f'{x:.1f}' for x in m['load_average'])} at the start and "
        f"{', '.join(f'{x:.1f}' for x in report['load_average_at_end'])} at the end (the "
        "machine is shared: timings are noisy). Wall time per module: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in report["seconds"].items())
        + ". Produced by `python -m benchmarks.run`.",
        "",
        "## Targets",
        "",
        table(report["checks"]),
        "",
        "## Where the time goes (benchmarks/bench_sizes.py)",
        "",
        "Synthetic scenarios from `benchmarks/synthetic.py` (seed 0), min_risk with its cost "
        "tie-break stage, threads 1; one subprocess per size; whole = build + stages (transfer, "
        "HiGHS, updates, loading values) + read-back; peak MB = the child's ru_maxrss.",
        "",
        size_table(report["results"]["sizes"]),
        "",
        "## Raw rows",
        "",
    ]
    for name, rows in report["results"].items():
        parts += [f"### {name}", "", "```json", json.dumps(rows, indent=1, default=str), "```", ""]
    return "\n".join(parts)


def main() -> None:
    """Parse ``--quick``, run, print the table, write the results files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="A reduced set (a few minutes).")
    args = parser.parse_args()
    report = run_all(args.quick)
    print(table(report["checks"]))
    print()
    print(size_table(report["results"]["sizes"]))
    RESULTS.mkdir(exist_ok=True)
    stem = "latest-quick" if args.quick else "latest"
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=1, default=str) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(report) + "\n")
    print(f"\nwrote {RESULTS / (stem + '.json')} and {RESULTS / (stem + '.md')}")


if __name__ == "__main__":
    main()
