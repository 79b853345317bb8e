"""End to end, as a new user would: the three-activity sequenced deal of docs/sequenced-deal.md.

Twelve weeks from 2018-03-05. A freeze costs the DPRK 1 per frozen week and the DPRK
accepts a cost of at most 8, so the earliest affordable freeze begins in week 5
(2018-04-02: 12 - 5 + 1 = 8 weeks). The summit needs the freeze and comes at least two
weeks after it begins (week 7, 2018-04-16); the scaled-back exercise only once it has
begun (week 5). H = 4 weeks x 0.03 (tests before the freeze) + 3 x 0.02 (scaled-back
exercise) = 0.18; the status quo: 12 x 0.03 + 3 x 0.05 + 3 x 0.05 (exercise during tests,
weeks 3-5) = 0.66.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from matplotlib.colors import to_hex
from typer.testing import CliRunner

import planner
from planner.cli import app
from planner.examples import sequenced_deal
from planner.io.write_input import write_scenario_workbook
from planner.report import tables
from planner.report.plot import FROZEN_COLOUR, read_results, schedule_figure
from planner.scenario import Option

pytestmark = pytest.mark.e2e

runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("deal")
    assert sequenced_deal.main([str(folder / "deal.xlsx")]) == 0
    out = folder / "deal-plan.xlsx"
    result = runner.invoke(app, ["solve", str(folder / "deal.xlsx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_the_plan_freezes_as_early_as_the_cost_limit_allows(solved: tuple[Path, str]) -> None:
    out, stdout = solved
    assert "NUKE: frozen from 2018-04-02" in stdout
    wb = openpyxl.load_workbook(out)
    summary = {k: v for k, v in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["total_hazard"] == pytest.approx(0.18)
    assert summary["status_quo_hazard"] == pytest.approx(0.66)
    rows = list(wb["Package"].iter_rows(values_only=True))
    package = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    nuke = package["NUKE"]
    assert (nuke["option"], nuke["start_period"], nuke["duration"]) == ("freeze", 5, "stop")
    assert nuke["start_date"] == datetime(2018, 4, 2) and nuke["end_date"] == datetime(2018, 5, 27)
    assert nuke["cost:DPRK"] == pytest.approx(8)  # 1 per frozen week, 8 weeks
    assert (package["EX"]["start_period"], package["TALKS"]["start_period"]) == (5, 7)


def test_the_schedule_shows_the_tests_until_the_freeze(solved: tuple[Path, str]) -> None:
    ws = openpyxl.load_workbook(solved[0])["Schedule"]
    (nuke,) = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "NUKE"]
    assert list(nuke[5:17]) == [0.03] * 4 + ["frozen"] * 8
    bars = [r[:3] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("NUKE:")]
    assert bars == [
        ("NUKE: continue", datetime(2018, 3, 5), 28),
        ("NUKE: freeze (frozen)", datetime(2018, 4, 2), 56),
    ]


def test_a_looser_limit_freezes_at_once(tmp_path: Path) -> None:
    """DPRK max_cost 12 pays for all twelve weeks: the freeze begins in week 1."""
    path = write_scenario_workbook(sequenced_deal.scenario(dprk_max_cost=12), tmp_path / "d.xlsx")
    result = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 0 and "NUKE: frozen from 2018-03-05" in result.stdout


def test_plot_draws_the_freeze(solved: tuple[Path, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["plot", str(solved[0]), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deal-plan-schedule.png").stat().st_size > 10_000
    ax = schedule_figure(read_results(solved[0])).axes[0]
    nuke = [p for p in ax.patches if abs(p.get_y() + 0.3) < 1e-9]  # row 0 of barh(height=0.6)
    assert [to_hex(p.get_facecolor()) for p in nuke] == ["#4472c4", FROZEN_COLOUR.lower()]


def test_schedule_marks_a_cancelled_activity_where_the_status_quo_ran() -> None:
    """EX cancelled (duration 0) instead of its 3-week block at week 3: weeks 3-5 read frozen."""
    s = sequenced_deal.scenario()
    options = (
        *s.options,
        Option("EX", "cancelled", duration=0, cost={"USA": 1.0}, benefit={"DPRK": 1.0}),
    )
    plan = planner.solve(replace(s, options=options))
    row = tables.schedule_table(plan).set_index("activity").loc["EX"]
    assert row["option"] == "cancelled"
    cells = [row[c] if isinstance(row[c], str) else None for c in row.index[4:]]
    assert cells == [None, None, *["frozen"] * 3, *[None] * 7]
