"""Size benchmark: where the time goes (read, build, transfer, HiGHS, read-back, write) at 20 to 1,000 activities.

Each size runs in its own subprocess (HiGHS fixes its threads per process, and the kernel's
``ru_maxrss`` of that child, read with ``os.wait4``, is its exact peak memory). In the child:

1. generate the seeded synthetic scenario (``benchmarks.synthetic``) and write it as an input
   workbook; ``read_s`` times ``load_scenario`` on it (pre-flight, openpyxl, validation);
2. ``build_s``: ``model_data`` + ``build_model`` + objective stages (Pyomo);
3. the lexicographic stages exactly as ``solve_scenario`` runs them, with the HiGHS adapter
   instrumented: ``transfer_s`` (the model into HiGHS, with the maps of the lean updates),
   ``highs_s`` (HiGHS's own run time, ``getRunTime`` differences), ``load_s`` (values
   loaded back); the rest of the stage loop (Param and objective updates, warm starts,
   rounding, stage values) is ``stages_other_s``;
4. ``readback_s``: ``make_solution`` (choices, hazards and party totals read from the model);
5. ``verify_s`` (independent verifier) and ``write_s`` (results workbook, atomic save).

``whole_s`` = build + stages + read-back (what ``solve_scenario`` does), and
``ratio = whole_s / highs_s`` (target <= 1.15 at L300), ``overhead_s = whole_s - highs_s``
(target < 1.5 s at XL1000). ``end_to_end_s`` adds read, verification and writing. Run:
``python -m benchmarks.bench_sizes [--quick]``.

Before/after in one run: ``python -m benchmarks.bench_sizes --compare REV [--sizes L300
XL1000] [--repeat 2]`` alternates children that import REV's ``planner`` (unpacked with
``git archive``) and this checkout's, so the machine's load weighs on both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.synthetic import SIZES, Size, generate

TIME_LIMITS = {"S20": 60.0, "M100": 120.0, "L300": 300.0, "XL1000": 120.0}
"""Solver time limit per size (shared by the lexicographic stages)."""
QUICK = ("S20", "M100")
RATIO_TARGET = {"L300": 1.15}
OVERHEAD_TARGET = {"XL1000": 1.5}
"""Seconds of the whole run outside HiGHS (issue 16: build, transfer, updates, read-back)."""


def _instrumented_solver(cls: type) -> type:
    """A HighsSolver subclass that times the transfer and the loads and counts the runs.

    It wraps only ``_ensure_instance`` (the transfer into HiGHS), ``load`` and ``run``, which
    the adapter has had since before the one-call transfer, so ``--compare`` can measure an
    older planner the same way.
    """

    class Instrumented(cls):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.timings: dict[str, float] = {"transfer_s": 0.0, "load_s": 0.0}
            self.runs = 0

        def _ensure_instance(self) -> None:
            tick = time.perf_counter()
            super()._ensure_instance()
            self.timings["transfer_s"] += time.perf_counter() - tick

        def run(self, objective: Any, **kwargs: Any) -> Any:
            self.runs += 1
            return super().run(objective, **kwargs)

        def load(self, variables: list, **kwargs: Any) -> None:
            tick = time.perf_counter()
            super().load(variables, **kwargs)
            self.timings["load_s"] += time.perf_counter() - tick

    return Instrumented


def measure(size: Size, seed: int, time_limit: float) -> dict[str, Any]:
    """Run one size in this process and return its measurements (see the module docstring)."""
    from planner.io.reader import load_scenario
    from planner.io.write_input import write_scenario_workbook
    from planner.model.build import build_model
    from planner.model.data import model_data
    from planner.model.derived import Derived
    from planner.model.highs import HighsSolver
    from planner.model.lexicographic import solve_stages
    from planner.model.objectives import define_objective_stages
    from planner.model.solve import make_solution, resolve_limits
    from planner.plan import Plan
    from planner.report.results import write_results
    from planner.solution import SolveOptions
    from planner.verify import evaluate, status_quo_choices, verify

    row: dict[str, Any] = {"benchmark": "sizes", "size": size.name, "seed": seed}
    scenario = generate(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{size.name}.xlsx"
        tick = time.perf_counter()
        write_scenario_workbook(scenario, source)
        row["write_input_s"] = time.perf_counter() - tick
        tick = time.perf_counter()
        scenario = load_scenario(source)
        row["read_s"] = time.perf_counter() - tick

        options = SolveOptions(time_limit_s=time_limit, threads=1, random_seed=0)
        limits = resolve_limits(scenario.settings, options)
        tick = time.perf_counter()
        data = model_data(scenario, Derived(scenario))
        m = build_model(scenario, data=data)
        stages = define_objective_stages(m, scenario.settings.objective)
        row["build_s"] = time.perf_counter() - tick

        solver = _instrumented_solver(HighsSolver)(m, threads=1, random_seed=0)
        tick = time.perf_counter()
        outcome = solve_stages(solver, m, stages, limits)
        stages_s = time.perf_counter() - tick
        tick = time.perf_counter()
        solution = make_solution(m, scenario.settings.objective, outcome, solver.version, 0.0)
        row["readback_s"] = time.perf_counter() - tick

        highs = solver._highs()  # the highspy.Highs object, for the model's size
        row.update(
            activities=len(scenario.activities),
            options=len(scenario.options),
            periods=scenario.settings.periods,
            parties=len(scenario.parties),
            columns=highs.getNumCol(),
            rows=highs.getNumRow(),
            nonzeros=highs.getNumNz(),
            highs_runs=solver.runs,
        )
        row.update(solver.timings)
        row["highs_s"] = outcome.highs_seconds
        row["stages_s"] = stages_s
        row["stages_other_s"] = stages_s - outcome.highs_seconds - sum(solver.timings.values())

        if solution.status.has_package:
            tick = time.perf_counter()
            verification = verify(scenario, solution)
            row["verify_s"] = time.perf_counter() - tick
            row["verified"] = verification.ok
            plan = Plan(
                scenario, options, solution, verification.evaluation,
                evaluate(scenario, status_quo_choices(scenario)), verification,
            )  # fmt: skip
            tick = time.perf_counter()
            write_results(plan, Path(tmp) / "plan.xlsx", input_path=source)
            row["write_s"] = time.perf_counter() - tick
        else:
            row.update(verify_s=0.0, verified=None, write_s=0.0)

    row["status"] = solution.status.value
    row["objective_value"] = solution.objective_value
    row["gap"] = solution.gap
    row["stages"] = "; ".join(solution.stages)
    row["time_limit_s"] = time_limit
    row["whole_s"] = row["build_s"] + stages_s + row["readback_s"]
    row["ratio"] = row["whole_s"] / row["highs_s"] if row["highs_s"] > 0 else None
    row["overhead_s"] = row["whole_s"] - row["highs_s"]
    row["end_to_end_s"] = row["read_s"] + row["whole_s"] + row["verify_s"] + row["write_s"]
    return row


LAUNCHER = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from benchmarks.bench_sizes import main; main()"
)
"""Child entry for ``--compare``: a folder holding another ``planner`` goes first on the path
(``benchmarks`` still comes from this checkout)."""


def run_child(
    size_name: str, seed: int, time_limit: float, planner_root: Path | None = None
) -> dict[str, Any]:
    """Measure one size in a fresh subprocess; adds its wall time, peak memory (MB) and load.

    ``planner_root``: a folder whose ``planner`` package the child imports instead of this
    checkout's (``--compare``).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "row.json"
        args = ["--child", size_name, "--seed", str(seed), "--time-limit", str(time_limit),
                "--out", str(out)]  # fmt: skip
        if planner_root is None:
            cmd = [sys.executable, "-m", "benchmarks.bench_sizes", *args]
        else:
            cmd = [sys.executable, "-c", LAUNCHER, str(planner_root), *args]
        root = Path(__file__).resolve().parents[1]
        load_before = os.getloadavg()[0]
        tick = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - tick
        if proc.returncode != 0:
            return {"benchmark": "sizes", "size": size_name, "error": f"exit {proc.returncode}"}
        row = json.loads(out.read_text())
    row["process_wall_s"] = wall
    row["peak_rss_mb"] = usage.ru_maxrss / 1024
    row["load_1min"] = (load_before, os.getloadavg()[0])
    return row


def compare(
    revision: str, sizes: list[str], repeat: int, seed: int = 0
) -> Iterator[dict[str, Any]]:
    """Alternate children of ``revision``'s planner and this checkout's, ``repeat`` times per size.

    The older planner is unpacked with ``git archive`` into a temporary folder; both run
    the same benchmark code, so the figures differ only by the planner under test.
    """
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "archive", revision, "planner"], cwd=root, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        for name in sizes:
            for k in range(repeat):
                for code, planner_root in (("before", Path(tmp)), ("after", None)):
                    print(
                        f"  sizes: {name} {code} {k + 1}/{repeat} ...", file=sys.stderr, flush=True
                    )
                    row = run_child(name, seed, TIME_LIMITS[name], planner_root)
                    row.update(code=code, revision=revision if code == "before" else "HEAD+")
                    yield row


def run(quick: bool = False, seed: int = 0) -> list[dict[str, Any]]:
    """One row per size (only S20 and M100 when ``quick``)."""
    rows = []
    for size in SIZES:
        if quick and size.name not in QUICK:
            continue
        print(f"  sizes: {size.name} ...", file=sys.stderr, flush=True)
        rows.append(run_child(size.name, seed, TIME_LIMITS[size.name]))
    return rows


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pyomo": version("pyomo"),
        "highspy": version("highspy"),
        "load_average": os.getloadavg(),
    }


def main() -> None:
    """Child mode (``--child SIZE --out FILE``) or print every size's row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child")
    parser.add_argument("--out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--compare", metavar="REV", help="alternate REV's planner and this one")
    parser.add_argument("--sizes", nargs="*", default=["L300", "XL1000"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.compare:
        print(json.dumps({"machine": machine()}))
        for row in compare(args.compare, args.sizes, args.repeat, args.seed):
            print(json.dumps(row), flush=True)
        print(json.dumps({"machine_at_end": machine()}))
        return
    if args.child:
        size = {s.name: s for s in SIZES}[args.child]
        limit = args.time_limit or TIME_LIMITS[size.name]
        Path(args.out).write_text(json.dumps(measure(size, args.seed, limit)))
        return
    for row in run(args.quick, args.seed):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
