"""OR-Library benchmark: planner's whole run vs a direct highspy solve of the same knapsacks.

Chu & Beasley 5.100 problems 1, 11 and 21 (0-based index in mknapcb1.txt; problem i is row
``5.100-ii`` of mkcbres.txt — index 0 reproduces 5.100-00, so the file order is 0-based).
Each is solved to optimality (mip_gap 0, threads 1, seed 0, no tie-break stage) both ways:
(HiGHS sees two binaries and one equality per item in planner's form, so its search path,
and time, differ from the direct form; ``planner_overhead_seconds`` is everything but HiGHS.)

- planner: scenario mapping + model build + HiGHS + read back (``solve_scenario``);
- direct: numpy arrays -> ``Highs.passModel`` -> ``run`` -> solution (the floor).

Run: ``python -m benchmarks.bench_orlib`` (or ``run()`` from ``benchmarks/run.py``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import highspy
import numpy as np

from planner.model.solve import solve_scenario
from planner.solution import SolveOptions
from tests.support.orlib import (
    Knapsack,
    knapsack_scenario,
    knapsack_value,
    read_best_known,
    read_knapsacks,
)

PROBLEMS = (1, 11, 21)


def shared_dir() -> Path:
    """The shared folder (env var PLANNER_SHARED, else the repository's sibling ``shared``)."""
    env = os.environ.get("PLANNER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def direct_solve(problem: Knapsack) -> tuple[float, float, float]:
    """Solve the knapsack with highspy directly: (optimum, wall seconds, HiGHS seconds)."""
    tick = time.perf_counter()
    weights = np.asarray(problem.weights, dtype=float)
    m, n = weights.shape
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.asarray(problem.profits, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_ = np.full(m, -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(problem.capacities, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.arange(0, m * n + 1, n, dtype=np.int32)
    lp.a_matrix_.index_ = np.tile(np.arange(n, dtype=np.int32), m)
    lp.a_matrix_.value_ = weights.ravel()
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"direct HiGHS solve ended {h.getModelStatus()}")
    x = np.asarray(h.getSolution().col_value)
    value = float(np.dot(problem.profits, np.round(x)))
    return value, time.perf_counter() - tick, h.getRunTime()


def planner_solve(problem: Knapsack) -> tuple[float, float, float]:
    """Solve through planner: (optimum, wall seconds of the whole run, HiGHS seconds)."""
    tick = time.perf_counter()
    scenario = knapsack_scenario(problem)
    solution = solve_scenario(scenario, SolveOptions(mip_gap=0.0, tie_break=False))
    if solution.objective_value is None or solution.status.value != "optimal":
        raise RuntimeError(f"planner ended {solution.status.value}")
    wall = time.perf_counter() - tick
    return knapsack_value(problem, solution.objective_value), wall, solution.highs_seconds


def run() -> list[dict]:
    """One row per problem: optimum both ways, best known, times and the whole-run ratio."""
    folder = shared_dir() / "benchmarks" / "orlib"
    problems = read_knapsacks(folder / "mknapcb1.txt")
    best = read_best_known(folder / "mkcbres.txt")
    rows = []
    for i in PROBLEMS:
        name = f"5.100-{i:02d}"
        planner_value, planner_wall, planner_highs = planner_solve(problems[i])
        direct_value, direct_wall, direct_highs = direct_solve(problems[i])
        rows.append(
            {
                "benchmark": "orlib",
                "problem": name,
                "best_known": best[name],
                "planner_value": round(planner_value, 6),
                "direct_value": round(direct_value, 6),
                "matches": abs(planner_value - best[name]) < 1e-6
                and abs(direct_value - best[name]) < 1e-6,
                "planner_seconds": round(planner_wall, 3),
                "planner_highs_seconds": round(planner_highs, 3),
                "planner_overhead_seconds": round(planner_wall - planner_highs, 3),
                "direct_seconds": round(direct_wall, 3),
                "direct_highs_seconds": round(direct_highs, 3),
                "ratio": round(planner_wall / direct_wall, 2),
            }
        )
    return rows


def main() -> None:
    """Print the rows as a small table."""
    rows = run()
    keys = list(rows[0])
    print("  ".join(keys))
    for row in rows:
        print("  ".join(str(row[k]) for k in keys))


if __name__ == "__main__":
    main()
