"""Formulation benchmark: alternative interaction and capacity rows on the 300-activity size, by HiGHS time and LP bound.

Every variant starts from the model engineer's builder (``planner.model.build.build_model``)
and replaces or adds one family of rows here (``planner/model`` is not edited):

- ``current``: the builder as it is: ``both_active[i,t] >= act_a(t) + act_b(t) - 1`` with
  ``act`` of a bare ACT summed over its options, plus ``both_active <= act_a``,
  ``both_active <= act_b`` (exactness rows for reporting), capacity rows over start variables.
- ``no_upper``: without the two exactness rows (redundant when H is minimised).
- ``disaggregated``: the lower row once per option pair,
  ``both_active[i,t] >= act_{a,o}(t) + act_{b,o'}(t) - 1`` (weaker LP, sparser rows).
- ``active_vars``: explicit ``active[a,t] = sum_o act(a,o,t)`` (continuous in [0, 1]) for the
  activities that interactions and capacities use; their rows use ``active[a,t]`` instead
  of every covering start variable (same LP, far fewer nonzeros).
- ``active_vars_no_upper``: both changes at once.

Measured per variant and scenario seed: columns, rows, nonzeros, transfer (the model
into HiGHS), HiGHS's own time to the min_risk optimum (primary stage only, gap 1e-4,
threads 1, seed 0), the optimum, and the root LP bound (the same model with integrality
relaxed, solved by HiGHS) as a share of the optimum. Run: ``python -m benchmarks.formulations``;
writes ``benchmarks/results/formulations.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyomo.environ as pyo

from benchmarks.synthetic import SIZES, generate
from planner.model.build import build_model
from planner.model.data import model_data
from planner.model.derived import Derived
from planner.model.expressions import act_vars, linear
from planner.model.highs import HighsSolver
from planner.model.objectives import define_objective_stages

RESULTS = Path(__file__).resolve().parent / "results"
TIME_LIMIT = 600.0


def _side(m: pyo.ConcreteModel, options: tuple[tuple[str, str], ...], t: int) -> list:
    """Variables of one reference in period t, using ``active[a,t]`` where an activity is whole."""
    whole = m.bench_whole
    by_activity: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, o in options:
        by_activity[a].append((a, o))
    out = []
    for a, opts in by_activity.items():
        if (a, t) in m.bench_active_index and set(opts) >= whole[a]:
            out.append(m.bench_active[a, t])
        else:
            out += act_vars(m, tuple(opts), t)
    return out


def no_upper(m: pyo.ConcreteModel) -> None:
    """Drop both_active <= act_a and both_active <= act_b."""
    for name in ("interaction_only_if_a_active", "interaction_only_if_b_active"):
        if hasattr(m, name):
            m.del_component(name)


def disaggregated(m: pyo.ConcreteModel) -> None:
    """both_active[i,t] >= act_{a,o}(t) + act_{b,o'}(t) - 1 for every option pair."""
    if not hasattr(m, "interaction_when_both_active"):
        return
    m.del_component("interaction_when_both_active")
    rows = {r.index: r for r in m.planner_data.structure.interactions}
    keys = []
    for i, t in m.INTERACTION_PERIODS:
        for oa in rows[i].a_options:
            for ob in rows[i].b_options:
                if act_vars(m, (oa,), t) and act_vars(m, (ob,), t):
                    keys.append((i, t, oa, ob))
    m.BENCH_PAIRS = pyo.Set(initialize=range(len(keys)))

    def row(m: pyo.ConcreteModel, k: int) -> object:
        i, t, oa, ob = keys[k]
        a, b = act_vars(m, (oa,), t), act_vars(m, (ob,), t)
        return linear([1] + [-1] * (len(a) + len(b)), [m.both_active[i, t], *a, *b]) >= -1

    m.bench_pair_when_both_active = pyo.Constraint(m.BENCH_PAIRS, rule=row)


def active_vars(m: pyo.ConcreteModel) -> None:
    """active[a,t] = sum_o act(a,o,t); interaction and capacity rows use it."""
    s = m.planner_data.structure
    vetoed = set(s.vetoed)
    m.bench_whole = defaultdict(set)
    for a, o in s.choices:
        if (a, o) not in vetoed:
            m.bench_whole[a].add((a, o))
    used: set[tuple[str, int]] = set()
    for r in s.interactions:
        for t in r.periods:
            used |= {(a, t) for a, _ in r.a_options + r.b_options}
    for c in s.capacities:
        for t, options in c.rows:
            used |= {(a, t) for a, _ in options}
    index = sorted(k for k in used if act_vars(m, tuple(m.bench_whole[k[0]]), k[1]))
    m.bench_active_index = set(index)
    m.BENCH_ACTIVE = pyo.Set(initialize=index, dimen=2)
    m.bench_active = pyo.Var(m.BENCH_ACTIVE, bounds=(0, 1))

    def define(m: pyo.ConcreteModel, a: str, t: int) -> object:
        vs = act_vars(m, tuple(m.bench_whole[a]), t)
        return linear([1] + [-1] * len(vs), [m.bench_active[a, t], *vs]) == 0

    m.bench_active_defined = pyo.Constraint(m.BENCH_ACTIVE, rule=define)
    _replace_interactions(m)
    _replace_capacity(m)


def _replace_interactions(m: pyo.ConcreteModel) -> None:
    rows = {r.index: r for r in m.planner_data.structure.interactions}
    for name in (
        "interaction_when_both_active",
        "interaction_only_if_a_active",
        "interaction_only_if_b_active",
    ):
        if hasattr(m, name):
            m.del_component(name)
    if not len(m.INTERACTION_PERIODS):
        return

    def lower(m: pyo.ConcreteModel, i: int, t: int) -> object:
        a, b = _side(m, rows[i].a_options, t), _side(m, rows[i].b_options, t)
        return linear([1] + [-1] * (len(a) + len(b)), [m.both_active[i, t], *a, *b]) >= -1

    def upper(side: str) -> Callable[..., object]:
        def rule(m: pyo.ConcreteModel, i: int, t: int) -> object:
            vs = _side(m, getattr(rows[i], f"{side}_options"), t)
            return linear([1] + [-1] * len(vs), [m.both_active[i, t], *vs]) <= 0

        return rule

    m.bench_when_both_active = pyo.Constraint(m.INTERACTION_PERIODS, rule=lower)
    m.bench_only_if_a = pyo.Constraint(m.INTERACTION_PERIODS, rule=upper("a"))
    m.bench_only_if_b = pyo.Constraint(m.INTERACTION_PERIODS, rule=upper("b"))


def _replace_capacity(m: pyo.ConcreteModel) -> None:
    if not hasattr(m, "capacity_within_limit"):
        return
    m.del_component("capacity_within_limit")
    rows = {
        (c.index, t): options for c in m.planner_data.structure.capacities for t, options in c.rows
    }

    def row(m: pyo.ConcreteModel, k: int, t: int) -> object:
        terms = _side(m, rows[k, t], t)
        return linear([1] * len(terms), terms) <= m.max_active[k]

    m.bench_capacity = pyo.Constraint(list(rows), rule=row)


def active_vars_no_upper(m: pyo.ConcreteModel) -> None:
    """``active_vars`` without the two exactness rows."""
    active_vars(m)
    for name in ("bench_only_if_a", "bench_only_if_b"):
        if hasattr(m, name):
            m.del_component(name)


VARIANTS: dict[str, Callable[[pyo.ConcreteModel], None] | None] = {
    "current": None,
    "no_upper": no_upper,
    "disaggregated": disaggregated,
    "active_vars": active_vars,
    "active_vars_no_upper": active_vars_no_upper,
}


def measure(variant: str, size_name: str, seed: int, time_limit: float) -> dict[str, Any]:
    """Build one variant, solve the MIP's primary stage, then its LP relaxation."""
    size = {s.name: s for s in SIZES}[size_name]
    scenario = generate(size, seed)
    tick = time.perf_counter()
    m = build_model(scenario, data=model_data(scenario, Derived(scenario)))
    change = VARIANTS[variant]
    if change is not None:
        change(m)
    [stage] = define_objective_stages(m, "min_risk", tie_break=False)
    build = time.perf_counter() - tick
    solver = HighsSolver(m, threads=1, random_seed=0)
    tick = time.perf_counter()
    solver._select(stage.objective)
    solver._ensure_instance()  # the transfer, timed apart from the run
    transfer = time.perf_counter() - tick
    run = solver.run(stage.objective, time_limit=time_limit, mip_gap=1e-4)
    highs = solver._highs()
    row = {
        "variant": variant, "size": size_name, "seed": seed,
        "columns": highs.getNumCol(), "rows": highs.getNumRow(), "nonzeros": highs.getNumNz(),
        "build_s": build, "transfer_s": transfer,
        "highs_s": run.highs_seconds, "status": run.status.value,
        "optimum": run.incumbent, "bound": run.bound, "gap": run.gap,
    }  # fmt: skip
    pyo.TransformationFactory("core.relax_integer_vars").apply_to(m)
    lp_solver = HighsSolver(m, threads=1, random_seed=0)
    lp = lp_solver.run(stage.objective, time_limit=time_limit, mip_gap=1e-4)
    row["lp_bound"] = lp.incumbent
    row["lp_s"] = lp.highs_seconds
    row["lp_share_of_optimum"] = (
        lp.incumbent / run.incumbent if lp.incumbent is not None and run.incumbent else None
    )
    return row


def run_child(variant: str, size: str, seed: int, time_limit: float) -> dict[str, Any]:
    """``measure`` in a fresh subprocess (one HiGHS thread pool, no state shared)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "row.json"
        cmd = [sys.executable, "-m", "benchmarks.formulations", "--child", variant, "--size", size,
               "--seed", str(seed), "--time-limit", str(time_limit), "--out", str(out)]  # fmt: skip
        proc = subprocess.run(cmd, cwd=Path(__file__).resolve().parents[1], check=False)
        if proc.returncode != 0:
            return {
                "variant": variant,
                "size": size,
                "seed": seed,
                "error": f"exit {proc.returncode}",
            }
        return json.loads(out.read_text())


def findings(rows: list[dict[str, Any]], seeds: list[int]) -> list[str]:
    """The conclusion, computed from the rows: fastest variant, per-seed speed-ups, LP bounds."""
    by = {(r["variant"], r["seed"]): r for r in rows}
    totals = {
        v: sum(by[v, s]["highs_s"] for s in seeds if (v, s) in by)
        for v in VARIANTS
        if all((v, s) in by for s in seeds)
    }
    if "current" not in totals:
        return []
    best = min(totals, key=totals.__getitem__)
    faster_on = [s for s in seeds if by[best, s]["highs_s"] < by["current", s]["highs_s"]]
    same_optimum = all(
        abs(by[v, s]["optimum"] - by["current", s]["optimum"])
        <= 1e-6 * max(1.0, abs(by["current", s]["optimum"]))
        for v in totals
        for s in seeds
    )
    lp_notes = []
    for v in totals:
        if v == "current":
            continue
        same = all(
            abs(by[v, s]["lp_bound"] - by["current", s]["lp_bound"])
            <= 1e-7 * max(1.0, abs(by["current", s]["lp_bound"]))
            for s in seeds
        )
        lp_notes.append(f"`{v}`: {'the same' if same else 'a weaker'} LP bound")
    return [
        "## Finding",
        "",
        f"Fastest: `{best}`, {totals[best]:.2f} s of HiGHS time over seeds {', '.join(map(str, seeds))} "
        f"against {totals['current']:.2f} s for `current` ({totals['current'] / totals[best]:.1f}x faster; "
        f"faster on {len(faster_on)} of {len(seeds)} seeds). Every variant reached "
        f"{'the same' if same_optimum else 'a DIFFERENT'} optimum. Against `current`, "
        f"{'; '.join(lp_notes)}.",
        "",
        "Caveat for `no_upper`: the exactness rows keep `both_active` equal to the product of "
        "two binaries under every objective. Without them it is exact only while H is "
        "minimised (stage 1 of min_risk); in tie-break stages it may float up within the stage "
        "tolerance, and under min_peak or max_min_net it is free to exceed the product, so the "
        "model's H and H_t would disagree with the verifier. Adopting it means adding the rows "
        "only for those objectives, or recomputing `both_active` from the loaded package in "
        "read-back.",
        "",
    ]


def markdown(rows: list[dict[str, Any]], size: str, seeds: list[int]) -> str:
    """The comparison as Markdown: one row per variant and seed, then medians against current."""
    head = "| variant | seed | cols | rows | nnz | transfer s | HiGHS s | status | optimum | LP bound | LP/opt | LP s |"
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['variant']} | {r['seed']} | {r['error']} |" + " |" * 10)
            continue
        lines.append(
            f"| {r['variant']} | {r['seed']} | {r['columns']} | {r['rows']} | {r['nonzeros']} | "
            f"{r['transfer_s']:.2f} | {r['highs_s']:.2f} | {r['status']} | {r['optimum']:.6f} | "
            f"{r['lp_bound']:.6f} | {r['lp_share_of_optimum']:.4f} | {r['lp_s']:.2f} |"
        )
    summary = [
        "| variant | HiGHS s (sum over seeds) | vs current | transfer s (sum) | nnz (seed 0) |",
        "|---|---|---|---|---|",
    ]
    ok = [r for r in rows if "error" not in r]
    base = sum(r["highs_s"] for r in ok if r["variant"] == "current")
    for v in VARIANTS:
        mine = [r for r in ok if r["variant"] == v]
        if not mine:
            continue
        total = sum(r["highs_s"] for r in mine)
        nnz = next((r["nonzeros"] for r in mine if r["seed"] == seeds[0]), "?")
        summary.append(
            f"| {v} | {total:.2f} | {total / base:.2f}x | {sum(r['transfer_s'] for r in mine):.2f} | {nnz} |"
        )
    return "\n".join(
        [
            "# Formulations of the interaction and capacity rows",
            "",
            *findings(ok, seeds),
            "## Variants",
            "",
            (__doc__ or "").split("\n\n", 1)[1].strip(),
            "",
            f"Size {size}, scenario seeds {', '.join(map(str, seeds))}; each variant in its own "
            "process, one after another on a shared 2-core machine (timings carry noise; compare "
            "the sums and the LP bounds, which are exact).",
            "",
            "## Per run",
            "",
            *lines,
            "",
            "## Summary",
            "",
            *summary,
            "",
        ]
    )


def main() -> None:
    """Child mode (``--child VARIANT``), or every variant on every seed, then the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child")
    parser.add_argument("--out")
    parser.add_argument("--size", default="L300")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    parser.add_argument("--from-json", action="store_true", help="Rewrite the .md from the .json.")
    args = parser.parse_args()
    if args.child:
        row = measure(args.child, args.size, args.seed, args.time_limit)
        Path(args.out).write_text(json.dumps(row))
        return
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.from_json:
        rows = json.loads((RESULTS / "formulations.json").read_text())
        seeds = sorted({r["seed"] for r in rows})
        (RESULTS / "formulations.md").write_text(markdown(rows, args.size, seeds))
        return
    rows = []
    for seed in seeds:
        for variant in VARIANTS:
            print(f"  {variant} seed {seed} ...", file=sys.stderr, flush=True)
            rows.append(run_child(variant, args.size, seed, args.time_limit))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    RESULTS.mkdir(exist_ok=True)
    text = markdown(rows, args.size, seeds)
    (RESULTS / "formulations.md").write_text(text)
    (RESULTS / "formulations.json").write_text(json.dumps(rows, indent=1) + "\n")
    print(text)
    medians = {
        v: statistics.median(r["highs_s"] for r in rows if r["variant"] == v and "error" not in r)
        for v in VARIANTS
    }
    print(json.dumps(medians))


if __name__ == "__main__":
    main()
