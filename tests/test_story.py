"""The story of a plan: headline (optimal, feasible, infeasible), Summary layout, Brief, terminal."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

from planner.cli.solve import print_plan
from planner.pipeline import solve_plan
from planner.report import story, tables
from planner.report.brief import brief_table
from planner.report.plot import gantt_rows, read_results
from planner.report.results import write_results
from planner.report.results_schedule import gantt_bars
from planner.solution import SolveOptions, Status
from tests.support.cases_sheets import small_scenario
from tests.support.orlib import Knapsack, knapsack_scenario
from tests.support.plans import (
    PLAN_CHOICES,
    consistent_solution,
    infeasible_plan,
    make_plan,
    small_plan,
)

pytestmark = pytest.mark.model


def test_changes_are_frozen_changed_and_moved() -> None:
    plan = small_plan()
    kinds = {c.activity: c.kind for c in story.changes(plan)}
    assert kinds == {"drill": "changed", "test": "frozen", "patrol": "moved"}


def test_headline_optimal_names_p_changes_and_binding_limits() -> None:
    plan = small_plan()
    line = story.headline(plan)
    ev, sq = plan.evaluation, plan.status_quo
    assert ev is not None
    assert line.startswith("Optimal package (min_risk): escalation probability ")
    assert f"{ev.probability:.1%}" in line and f"{sq.probability:.1%}" in line
    assert "3 of 4 activities change (1 frozen, 1 changed, 1 moved)" in line
    assert "max_cost[USA]" in line and "binding:" in line
    assert tables.summary(plan)["headline"] == line


def test_headline_feasible_gives_the_gap() -> None:
    sc = small_scenario()
    solution = replace(consistent_solution(sc, PLAN_CHOICES), status=Status.FEASIBLE, gap=0.125)
    line = story.headline(make_plan(sc, solution))
    assert line.startswith("Feasible package (stopped at the time limit, gap 12.5%)")
    assert "3 of 4 activities change" in line


def _hard_knapsack(seed: int, n: int = 60, m: int = 5) -> Knapsack:
    rng = random.Random(seed)
    w = tuple(tuple(float(rng.randint(100, 1000)) for _ in range(n)) for _ in range(m))
    p = tuple(float(round(sum(row[j] for row in w) / m) + rng.randint(0, 500)) for j in range(n))
    return Knapsack(p, w, tuple(float(sum(row) // 2) for row in w), 0.0)


def test_headline_of_a_time_limited_hard_case_is_honest() -> None:
    """A real solve stopped at 0.05 s: feasible with its gap, or no package within the limit."""
    scenario = knapsack_scenario(_hard_knapsack(0), time_limit_s=0.05)
    plan = solve_plan(scenario, SolveOptions())
    line = story.headline(plan)
    if plan.status is Status.FEASIBLE:
        assert line.startswith("Feasible package (stopped at the time limit, gap ")
        assert f"{plan.solution.gap:.1%}" in line
    else:
        assert plan.status is Status.NO_SOLUTION
        assert line.startswith("No package found within the time limit")


def test_headline_infeasible_says_what_must_move() -> None:
    plan = infeasible_plan()
    message = "no package satisfies min_benefit[DPRK]; the smallest change is min_benefit[DPRK] -1"
    plan = replace(plan, solution=replace(plan.solution, message=message))
    line = story.headline(plan)
    assert line.startswith("Infeasible: no package satisfies every constraint (status quo P = ")
    assert message in line


def test_summary_reads_first_then_machine_keys(tmp_path: Path) -> None:
    plan = small_plan()
    ws = openpyxl.load_workbook(write_results(plan, tmp_path / "p.xlsx"))["Summary"]
    keys = [r[0] for r in ws.iter_rows(values_only=True)]
    assert keys[:6] == ["key", "headline", "changes", "binding_limits", "verification", "details"]
    assert ws["B2"].value == story.headline(plan)
    assert "test: as_planned -> freeze (frozen)" in ws["B3"].value
    assert keys.index("input_sha256") > keys.index("details")
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"


def test_terminal_prints_the_same_headline(tmp_path: Path) -> None:
    plan = small_plan()
    console = Console(record=True, width=400)
    print_plan(console, plan, tmp_path / "p.xlsx")
    text = console.export_text()
    assert text.splitlines()[0] == story.headline(plan)
    assert (
        "patrol: routine moved: was 2018-01-01 to 2018-01-07, now 2018-01-22 to 2018-01-28" in text
    )


def test_brief_gives_gets_and_limits() -> None:
    plan = small_plan()
    brief = brief_table(plan)
    usa = brief[brief["party"] == "USA"].set_index(["section", "item"])
    assert usa.loc[("gives", "drill"), "amount"] == pytest.approx(2.0)  # scaled drill costs 2
    assert usa.loc[("gets", "test"), "amount"] == pytest.approx(2.0)  # DPRK's freeze
    assert usa.loc[("limit", "cost"), "slack"] == pytest.approx(0.0)
    assert usa.loc[("limit", "cost"), "note"] == "binds"
    dprk = brief[brief["party"] == "DPRK"].set_index(["section", "item"])
    assert ("gives", "test") in dprk.index and ("gets", "drill") in dprk.index
    assert dprk.loc[("gets", "drill"), "amount"] == pytest.approx(1.5)
    assert not any(brief["item"].eq("talk"))  # unchanged activities are neither given nor got


def test_every_activity_on_schedule_gantt_and_plot(tmp_path: Path) -> None:
    plan = small_plan()
    path = write_results(plan, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["Schedule"]
    ids = list(plan.scenario.activity_ids)
    assert [ws.cell(row=3 + i, column=1).value for i in range(len(ids))] == ids
    bars = gantt_bars(plan)
    assert {b.label.split(":")[0] for b in bars} == set(ids)
    ghosts = {b.label: b for b in bars if b.ghost}
    assert set(ghosts) == {
        "drill: status quo",
        "test: frozen (was as_planned)",
        "patrol: status quo",
    }
    rows = {r.activity: r for r in gantt_rows(read_results(path))}
    assert list(rows) == ids
    assert rows["test"].change == "frozen" and rows["test"].bar is None
    assert rows["test"].ghost is not None  # the status-quo test in week 1, drawn hatched
    assert rows["patrol"].change == "moved" and rows["patrol"].ghost != rows["patrol"].bar
    assert rows["talk"].ghost is None and rows["talk"].bar is not None


def test_schedule_hazard_cells_never_read_zero(tmp_path: Path) -> None:
    """Weekly hazards are shown to 3 significant digits, not as 0.00."""
    from planner.io.layout import sig_format

    def shown(v: float) -> str:
        fmt = sig_format(v)
        return f"{v:.{len(fmt.partition('.')[2])}f}"

    assert shown(0.00012) == "0.000120" and shown(0.0369688809380061) == "0.0370"
    assert shown(2.0) == "2.00" and shown(1234.5) == "1234" and sig_format(0.0) == "0"
    ws = openpyxl.load_workbook(write_results(small_plan(), tmp_path / "p.xlsx"))["Schedule"]
    talk = [c for c in ws[5] if isinstance(c.value, float)]
    assert talk and all(c.number_format == sig_format(c.value) for c in talk)


def test_brief_counts_a_timed_freeze_per_frozen_week() -> None:
    """Sequenced deal: the freeze costs the DPRK 1 a week and, with max_cost 8, begins in week 5
    (2018-04-02): the Brief says so and charges 8 (12 - 5 + 1 weeks), the USA gets 0.5 x 8."""
    from planner.examples import sequenced_deal
    from planner.pipeline import solve_plan
    from planner.report.brief import brief_table

    plan = solve_plan(sequenced_deal.scenario(), SolveOptions(mip_gap=0.0))
    dprk = brief_table(plan, "DPRK").set_index(["section", "item"])
    assert dprk.loc[("gives", "NUKE"), "dates"] == "frozen from 2018-04-02"
    assert dprk.loc[("gives", "NUKE"), "amount"] == pytest.approx(8.0)
    usa = brief_table(plan, "USA").set_index(["section", "item"])
    assert usa.loc[("gets", "NUKE"), "amount"] == pytest.approx(4.0)
