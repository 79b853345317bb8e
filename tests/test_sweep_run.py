"""Sweeps that solve: fast path against rebuild, interruption, Dask, tipping points, Morris, workbook.

The scenario is the library case exercise_budget (tests/support/cases_sheets.py), small
enough to solve by hand. Three periods of a week; a national day in
period 1 doubles exercise hazard, so a two-period block starts best in period 2.
- FE (USA exercise): as_planned (hazard 1/period, baseline), scaled_back (0.4, costs USA 10,
  gives DPRK 4), frozen (never active, costs USA 20, gives DPRK 10).
- NT (DPRK test): as_planned (0.5 in every period, baseline), paused (costs DPRK 5).
With DPRK free to pay, NT is paused. FE is the cheapest-hazard option USA can afford: below a
USA max_cost of 10 as_planned (H = 2), from 10 scaled_back (H = 0.8), from 20 frozen (H = 0).
"""

from __future__ import annotations

import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from planner.errors import InputError
from planner.scenario import Scenario, TimingRow
from planner.solution import SolveOptions
from planner.sweep import plan_points, run, run_sweep, write_sweep_workbook
from planner.sweep.runner import Runner
from planner.sweep.sheet_writer import new_sheet, table, wrapped_lines
from planner.sweep.worker import PointResult
from tests.support.cases import exercise_budget

pytestmark = pytest.mark.model

OPTIONS = SolveOptions(time_limit_s=30, mip_gap=0.0)


@pytest.fixture
def scenario() -> Scenario:
    return exercise_budget()


def _packages(rows: list[PointResult]) -> list[tuple[str, tuple[tuple[str, str, int | None], ...]]]:
    return [(r.status, r.choices) for r in rows]


def test_fast_path_equals_rebuild_on_every_point(scenario: Scenario) -> None:
    points = plan_points(
        scenario,
        [
            "Parties.max_cost[USA]=0,12,25",
            "Options.hazard[FE/scaled_back]=0.2,1.2",
            "Parties.min_benefit[DPRK]=0,5,12",
        ],
    )
    fast = run_sweep(scenario, points, OPTIONS, workers=2, adaptive=False)
    slow = run_sweep(scenario, points, OPTIONS, workers=1, fast=False, adaptive=False)
    assert [r.index for r in fast.rows] == list(range(1, 19)) and not fast.partial
    assert _packages(fast.rows) == _packages(slow.rows)
    for f, s in zip(fast.rows, slow.rows, strict=True):
        assert (f.total_hazard is None) == (s.total_hazard is None)
        if f.total_hazard is not None and s.total_hazard is not None:
            assert abs(f.total_hazard - s.total_hazard) <= 1e-9
    by_values = {r.values: r for r in fast.rows}
    assert dict(by_values[(12.0, 0.2, 0.0)].package)["FE"] == "scaled_back"
    assert by_values[(25.0, 1.2, 5.0)].choices[0] == ("FE", "frozen", None)
    assert by_values[(12.0, 1.2, 0.0)].choices[0] == ("FE", "as_planned", 2)
    assert by_values[(12.0, 0.2, 5.0)].status == "infeasible"
    assert all(r.status == "infeasible" for r in fast.rows if r.values[2] == 12.0)
    assert sum(r.rebuilt for r in fast.rows) < len(fast.rows) / 2, (
        "the fast path updates sessions in place"
    )
    assert all(r.rebuilt for r in slow.rows)


def test_interrupted_sweep_keeps_finished_points(scenario: Scenario, tmp_path: Path) -> None:
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:30:2"])

    def stop_after_three(done: int, total: int, row: PointResult | None) -> None:
        if done == 3:
            raise KeyboardInterrupt

    result = run(scenario, points, OPTIONS, workers=1, progress=stop_after_three, adaptive=False)
    assert result.interrupted and result.partial and [r.index for r in result.rows] == [1, 2, 3]
    out = write_sweep_workbook(result, tmp_path / "partial.xlsx")
    wb = openpyxl.load_workbook(out)
    summary = {k: v for k, v in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert (
        summary["partial"] == "yes"
        and summary["points_finished"] == 3
        and summary["points_planned"] == 16
    )
    assert summary["stop_reason"] == "interrupted (Ctrl-C)"
    assert wb["Points"].max_row == 4


def test_interrupting_a_process_pool_stops_its_workers(scenario: Scenario) -> None:
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:40:1"])

    def stop(done: int, total: int, row: PointResult | None) -> None:
        raise KeyboardInterrupt

    result = run_sweep(scenario, points, OPTIONS, workers=2, progress=stop)
    assert result.interrupted and 1 <= len(result.rows) < len(points)
    assert all(r.status == "optimal" for r in result.rows)


def test_a_killed_worker_keeps_what_is_done(scenario: Scenario) -> None:
    psutil = pytest.importorskip("psutil")
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:40:1"])
    killed: list[int] = []

    def kill_a_worker(done: int, total: int, row: PointResult | None) -> None:
        if not killed:
            workers = [
                p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())
            ]
            workers[0].kill()
            killed.append(workers[0].pid)

    result = run_sweep(scenario, points, OPTIONS, workers=2, progress=kill_a_worker)
    assert killed and result.partial and not result.interrupted
    assert 1 <= len(result.rows) < len(points) and "worker process died" in result.stop_reason
    assert all(r.status == "optimal" for r in result.rows)


def test_a_broken_pool_keeps_the_finished_tasks() -> None:
    def task(i: int) -> list[int]:
        if i == 2:
            raise BrokenProcessPool("worker killed")
        return [i]

    done: list[int] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        runner = Runner(None, pool, 1, None)  # type: ignore[arg-type]
        runner.map_tasks(task, [0, 1, 2, 3], lambda _t, res: done.extend(res))
    assert done == [0, 1] and "worker process died" in runner.broken


def test_a_verifier_disagreement_marks_the_point(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.verify

    real = planner.verify.verify

    def doubting(sc: Scenario, solution: object) -> object:
        check = real(sc, solution)  # type: ignore[arg-type]
        return replace(
            check, comparisons=(*check.comparisons, replace(check.comparisons[0], ok=False))
        )

    monkeypatch.setattr(planner.verify, "verify", doubting)
    result = run_sweep(
        scenario, plan_points(scenario, ["Parties.max_cost[USA]=5,15"]), OPTIONS, workers=1
    )
    assert [r.status for r in result.rows] == ["verify_failed", "verify_failed"]
    assert all(r.has_package and "objective_value" in r.message for r in result.rows)


def test_tipping_points_where_derived_by_hand(scenario: Scenario) -> None:
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:28:7"], tipping=True)
    result = run(scenario, points, OPTIONS, workers=1, tipping=True)
    assert [t.threshold for t in result.tipping] == [10.0, 20.0]
    low, high = result.tipping
    assert low.sentence().startswith(
        "at Parties.max_cost[USA] >= 10, FE switches from as_planned to scaled_back"
    )
    assert high.sentence().startswith(
        "at Parties.max_cost[USA] >= 20, FE switches from scaled_back to frozen"
    )
    assert "(objective 0.8 -> 0)" in high.sentence()
    for t, exact in ((low, 10.0), (high, 20.0)):
        below, above = t.before.values[0], t.after.values[0]
        assert isinstance(below, float) and isinstance(above, float)
        assert below < exact <= above and above - below <= 0.028 + 1e-12
    assert result.tipping_tolerance.startswith("0.028")
    assert result.tipping_seconds > 0  # the search's own time, apart from the grid's
    assert run(scenario, points, OPTIONS, workers=1).tipping_seconds == 0.0


def test_tipping_sheet_shows_brackets_to_the_tolerance(scenario: Scenario, tmp_path: Path) -> None:
    """Bracket ends get one decimal more than the tolerance (0.028: three), not 15 digits."""
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:28:7"], tipping=True)
    result = run(scenario, points, OPTIONS, workers=1, tipping=True)
    ws = openpyxl.load_workbook(write_sweep_workbook(result, tmp_path / "t.xlsx"))["Tipping"]
    assert [c.value for c in ws[1][:4]] == ["target", "below", "at_or_above", "threshold"]
    for row in ws.iter_rows(min_row=2, max_row=3):
        assert row[1].number_format == row[2].number_format == "0.000"
        assert row[3].number_format == "General"  # the threshold is a short number already


def test_tipping_sheet_wraps_its_sentences_and_prints_two_pages_across(
    scenario: Scenario, tmp_path: Path
) -> None:
    """The long texts wrap inside their columns, each row as tall as its longest text.

    Unwrapped, a sentence ran on across the empty columns to its right and, fitted to one
    page wide, the whole sheet printed too small to read.
    """
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:28:7"], tipping=True)
    result = run(scenario, points, OPTIONS, workers=1, tipping=True)
    ws = openpyxl.load_workbook(write_sweep_workbook(result, tmp_path / "t.xlsx"))["Tipping"]
    names = [c.value for c in ws[1]]
    sentence, changes = names.index("sentence") + 1, names.index("changes") + 1
    assert ws.page_setup.fitToWidth == 2
    width = ws.column_dimensions[get_column_letter(sentence)].width
    for r in (2, 3):
        text = ws.cell(r, sentence).value
        assert len(text) > width  # long enough to need a second line
        assert ws.cell(r, sentence).alignment.wrap_text
        assert ws.cell(r, changes).alignment.wrap_text
        assert ws.cell(r, 1).alignment.vertical == "top"  # the row's short cells line up
        assert ws.row_dimensions[r].height == 15 * wrapped_lines(text, width)


def test_a_second_table_sizes_its_own_rows(tmp_path: Path) -> None:
    """A wrapped table below another (the Stability sheet's changes) sets its rows' heights."""
    wb = Workbook(write_only=True)
    long = "KR: as_planned -> rescheduled; " * 6
    ws = new_sheet(wb, "S", [["a", "b"], ["x", 1], ["y", 2], ["point", long]])
    table(ws, ["a", "b"], [["x", 1], ["y", 2]])
    ws.append([])
    table(ws, ["point", "change"], [[1, "short"], [2, long]], wrap=("change",), start_row=5)
    wb.save(tmp_path / "s.xlsx")
    back = openpyxl.load_workbook(tmp_path / "s.xlsx")["S"]
    assert back["B7"].value == long and back["B7"].alignment.wrap_text
    assert back["A7"].alignment.vertical == "top"
    assert back.row_dimensions[7].height == 15 * wrapped_lines(long, 60) > 15
    assert [back.row_dimensions[r].height for r in range(1, 7)] == [None] * 6


def test_wrapped_lines_breaks_at_words_and_inside_long_words() -> None:
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("two words", 20) == 1
    # 10 wide holds 10 characters a line (1.1 per width unit, one kept free)
    assert wrapped_lines("aaaa bbbb cccc", 10) == 2
    assert wrapped_lines("a" * 25, 10) == 3
    assert wrapped_lines("first\nsecond", 40) == 2


def test_tipping_on_a_date_is_exact_to_the_day(scenario: Scenario) -> None:
    # A scaled-back exercise on the national day is ten times as provocative. While the day
    # covers period 1 only, scaled_back starting in period 2 gives H = 0.8 (as_planned: 2);
    # once the window reaches period 2 (end >= 2018-01-08), as_planned wins: 3 against 4.4.
    sc = replace(
        scenario, timing=(*scenario.timing, TimingRow("FE/scaled_back", "national_day", 10.0))
    )
    points = plan_points(sc, ["Windows.end[founding_day]=2018-01-03:2018-01-17:7"], tipping=True)
    result = run(sc, points, OPTIONS, workers=1, tipping=True)
    (tip,) = result.tipping
    assert tip.threshold == date(2018, 1, 8) and tip.before.values == (date(2018, 1, 7),)
    assert tip.sentence().startswith(
        "at Windows.end[founding_day] >= 2018-01-08, FE switches from scaled_back to as_planned"
    )
    assert result.tipping_tolerance == "exact (whole steps)"


def test_morris_ranks_the_dominant_parameter_first() -> None:
    sc = exercise_budget(usa_max_cost=15.0, dprk_max_cost=0.0)
    points = plan_points(
        sc,
        [
            "Options.hazard[NT/as_planned]=0.5:5",
            "Options.hazard[FE/scaled_back]=0.1:0.2",
            "Parties.weight[USA]=0.5:2",
        ],
        method="morris",
        trajectories=4,
        seed=3,
    )
    assert len(points) == 16
    result = run(sc, points, OPTIONS, workers=1, seed=3)
    ranking = result.screening.ranking()
    assert ranking[0][0] == "Options.hazard[NT/as_planned]"
    assert ranking[0][1] == pytest.approx(3 * 4.5, rel=1e-6)  # H = 3 h over the whole range
    assert ranking[1][1] == pytest.approx(2 * 0.1, rel=1e-6)
    assert ranking[-1][1] == pytest.approx(0.0, abs=1e-9)
    assert result.screening.used_trajectories == 4 and result.screening.infeasible_share == 0.0


def test_a_missing_distributed_extra_is_a_clear_input_error(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    points = plan_points(scenario, ["Parties.max_cost[USA]=5"])
    with pytest.raises(InputError) as info:
        run_sweep(scenario, points, OPTIONS, scheduler="tcp://127.0.0.1:8786")
    (problem,) = info.value.problems
    assert (
        problem.location == "--scheduler"
        and "pip install 'planner[distributed]'" in problem.message
    )


def test_dask_cluster_runs_the_points(scenario: Scenario) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="the distributed extra is not installed"
    )
    points = plan_points(scenario, ["Parties.max_cost[USA]=0:25:5"])
    local = run_sweep(scenario, points, OPTIONS, workers=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = run_sweep(scenario, points, OPTIONS, scheduler=cluster.scheduler_address)
    assert remote.scheduler == cluster.scheduler_address and remote.workers == 2
    assert _packages(remote.rows) == _packages(local.rows) and not remote.partial


def test_workbook_sheets_charts_and_literal_text(scenario: Scenario, tmp_path: Path) -> None:
    tricky = replace(
        scenario,
        options=tuple(
            replace(o, id="=HYPERLINK(1)") if o.id == "frozen" else o for o in scenario.options
        ),
    )
    result = run_sweep(
        tricky, plan_points(tricky, ["Parties.max_cost[USA]=5,15,25"]), OPTIONS, workers=1
    )
    out = write_sweep_workbook(result, tmp_path / "sweep.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Points", "Stability", "Charts"]
    header = [c.value for c in wb["Points"][1]]
    assert header[:8] == [
        "point",
        "Parties.max_cost[USA]",
        "status",
        "objective_value",
        "total_hazard",
        "escalation_probability",
        "FE",
        "NT",
    ]
    frozen = wb["Points"]["G4"]
    assert frozen.value == "=HYPERLINK(1)" and frozen.data_type == "s"
    shares = {
        (a, o): s
        for a, o, _n, s in wb["Stability"].iter_rows(min_row=2, max_row=6, values_only=True)
    }
    assert shares[("FE", "scaled_back")] == pytest.approx(1 / 3)
    with zipfile.ZipFile(out) as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) == 2


def test_two_target_grid_gets_a_colour_scaled_table(scenario: Scenario, tmp_path: Path) -> None:
    points = plan_points(
        scenario, ["Parties.max_cost[USA]=5,15", "Options.hazard[FE/scaled_back]=0.2,0.6"]
    )
    out = write_sweep_workbook(
        run_sweep(scenario, points, OPTIONS, workers=1), tmp_path / "grid.xlsx"
    )
    ws = openpyxl.load_workbook(out)["Grid"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        [5, 2.0, 2.0],
        [15, pytest.approx(0.4), pytest.approx(1.2)],
    ]
    assert len(ws.conditional_formatting) == 1
