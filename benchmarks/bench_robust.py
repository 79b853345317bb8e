"""Robust packages on the bundled example (SPEC 6): solve time and model size, scoring speed, acceptance.

Measured: the robust MIP with N in-sample draws (200; ``--quick``: 50) split into sampling,
coefficients and big-M (``robust_data``), Pyomo build, HiGHS per stage, and the draw-by-draw
verification; scoring one package on 10,000 fresh draws (sampling and scoring timed
apart, median of 3); and the out-of-sample acceptance of the robust and the nominal
packages on those 10,000 draws. Targets: robust solve < 60 s, scoring < 1 s, robust
acceptance >= target - 2 standard errors and >= the nominal package's.

Usage: ``python -m benchmarks.bench_robust [--quick]`` (prints JSON rows).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGETS = {"solve_s": 60.0, "score_s": 1.0}
TEST_DRAWS = 10_000


def _timed(fn: Any) -> tuple[Any, float]:
    tick = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - tick


def _scenario() -> Any:
    from planner.examples.korea_2018 import build_workbook
    from planner.io.reader import load_scenario

    with tempfile.TemporaryDirectory() as tmp:
        return load_scenario(build_workbook(Path(tmp) / "korea_2018.xlsx"))


def solve_row(sc: Any, samples: int) -> tuple[dict[str, Any], Any]:
    """The robust solve of the example with ``samples`` draws, where the time goes."""
    from dataclasses import replace

    from planner.draws.sampling import draw
    from planner.model.lexicographic import Limits
    from planner.model.robust import solve_robust
    from planner.model.robust_data import robust_data
    from planner.verify_draws.robust import check_robust

    sc = replace(sc, settings=replace(sc.settings, samples=samples))
    draws, sample_s = _timed(lambda: draw(sc, samples))
    data, data_s = _timed(lambda: robust_data(sc, draws))
    limits = Limits(time_limit_s=600.0, mip_gap=sc.settings.mip_gap)
    outcome, solve_s = _timed(lambda: solve_robust(sc, data, limits))
    verify_s = None
    if outcome.status.has_package:
        _, verify_s = _timed(lambda: check_robust(sc, draws, outcome))
    row = {
        "benchmark": "robust_solve",
        "samples": samples,
        "status": outcome.status.value,
        "objective_value": outcome.objective_value,
        "sample_s": sample_s,
        "robust_data_s": data_s,
        "build_s": outcome.build_seconds,
        "highs_s": outcome.highs_seconds,
        "solve_s": solve_s,
        "verify_s": verify_s,
        "total_s": sample_s + data_s + solve_s + (verify_s or 0.0),
        "stages": list(outcome.stages),
        **{f"model_{k}": v for k, v in outcome.size.items()},
        "acceptance_rows_nonzeros": data.nonzeros,
        "choices": {c.activity: c.option for c in outcome.choices},
    }
    return row, outcome


def score_rows(sc: Any) -> list[dict[str, Any]]:
    """Score the nominal package on 10,000 fresh draws (timed), and its acceptance."""
    from planner.draws.sampling import TEST, draw
    from planner.pipeline import solve_plan
    from planner.verify_draws.compare import sampling_error
    from planner.verify_draws.scoring import score

    nominal = solve_plan(sc).solution.choices
    draws, draw_s = _timed(lambda: draw(sc, TEST_DRAWS, TEST))
    times = [_timed(lambda: score(sc, nominal, draws))[1] for _ in range(3)]
    timing = {
        "benchmark": "robust_score",
        "draws": TEST_DRAWS,
        "sample_s": draw_s,
        "score_median_s": statistics.median(times),
        "score_runs_s": times,
    }
    return [timing, _acceptance("nominal", score(sc, nominal, draws), sc, sampling_error)]


def _acceptance(name: str, s: Any, sc: Any, error: Any) -> dict[str, Any]:
    return {
        "benchmark": "robust_acceptance",
        "package": name,
        "draws": len(s.hazard),
        "acceptance_out": s.acceptance,
        "target": sc.settings.acceptance_target,
        "standard_error": error(s.acceptance, len(s.hazard)),
        "mean_hazard_out": s.mean_hazard,
        "cvar_hazard_out": s.cvar(sc.settings.cvar_level),
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Every row of this benchmark."""
    from planner.draws.sampling import TEST, draw
    from planner.verify_draws.compare import sampling_error
    from planner.verify_draws.scoring import score

    sc = _scenario()
    solve, outcome = solve_row(sc, 50 if quick else 200)
    rows = [solve, *score_rows(sc)]
    if outcome.status.has_package:
        test = draw(sc, TEST_DRAWS, TEST)
        rows.append(_acceptance("robust", score(sc, outcome.choices, test), sc, sampling_error))
    return rows


def checks(rows: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(what, target, measured, verdict) rows for ``benchmarks.run``."""
    out = []
    solve = next((r for r in rows if r.get("benchmark") == "robust_solve"), None)
    if solve is not None:
        ok = solve["status"] == "optimal" and solve["total_s"] < TARGETS["solve_s"]
        out.append((
            f"robust solve of the example, {solve['samples']} draws",
            f"< {TARGETS['solve_s']:.0f} s",
            f"{solve['total_s']:.1f} s ({solve['status']}; HiGHS {solve['highs_s']:.1f} s, "
            f"build {solve['build_s']:.2f} s, verify {solve['verify_s'] or 0:.2f} s; "
            f"{solve['model_rows']} rows, {solve['model_columns']} cols, "
            f"{solve['model_nonzeros']} nnz)",
            "PASS" if ok else "MISS",
        ))  # fmt: skip
    score = next((r for r in rows if r.get("benchmark") == "robust_score"), None)
    if score is not None:
        out.append((
            f"score one package on {score['draws']:,} draws, median of 3",
            f"< {TARGETS['score_s']:.0f} s",
            f"{score['score_median_s']:.3f} s (+ sampling {score['sample_s']:.2f} s)",
            "PASS" if score["score_median_s"] < TARGETS["score_s"] else "MISS",
        ))  # fmt: skip
    acc = {r["package"]: r for r in rows if r.get("benchmark") == "robust_acceptance"}
    if "robust" in acc and "nominal" in acc:
        r, n = acc["robust"], acc["nominal"]
        target = r["target"]
        ok = r["acceptance_out"] >= max(target - r["standard_error"], n["acceptance_out"])
        out.append((
            "out-of-sample acceptance, robust vs nominal",
            f">= target {target:.0%} - 1 s.e. and >= nominal",
            f"robust {r['acceptance_out']:.1%} (s.e. {r['standard_error']:.1%}), "
            f"nominal {n['acceptance_out']:.1%}",
            "PASS" if ok else "MISS",
        ))  # fmt: skip
    errors = [r for r in rows if "error" in r]
    out += [("robust", "runs", r["error"], "ERROR") for r in errors]
    return out


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=1, default=str))
