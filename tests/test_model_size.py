"""Bounded work: the model's size is estimated before building, calibrated, and a huge one is refused fast."""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.measure import run_measured
from tests.support.workbooks import full_sheets, minimal_sheets, write_workbook

pytestmark = pytest.mark.model

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import planner  # noqa: E402
from benchmarks.synthetic import SIZES, generate  # noqa: E402
from planner.cli import app  # noqa: E402
from planner.errors import InputError  # noqa: E402
from planner.io.write_input import write_scenario_workbook  # noqa: E402
from planner.model.build import build_model  # noqa: E402
from planner.model.highs import HighsSolver  # noqa: E402
from planner.model.lexicographic import Limits  # noqa: E402
from planner.model.objectives import define_objective_stages  # noqa: E402
from planner.model.solve import within_time_limit  # noqa: E402
from planner.model_size import CALIBRATION_FACTOR, check_model_size, estimate  # noqa: E402
from planner.scenario import Scenario  # noqa: E402

runner = CliRunner()


def _real_size(scenario: Scenario, objective: str) -> tuple[int, int, int]:
    """Columns, rows and nonzeros of the model HiGHS receives."""
    m = build_model(scenario)
    stages = define_objective_stages(m, objective, True)
    solver = HighsSolver(m)
    solver._select(stages[0].objective)
    solver._ensure_instance()
    highs = solver._highs()
    return highs.getNumCol(), highs.getNumRow(), highs.getNumNz()


def _scenarios(tmp_path: Path) -> dict[str, Scenario]:
    return {
        "korea": planner.load_scenario("inputs/korea_2018.xlsx"),
        "full": planner.load_scenario(write_workbook(tmp_path / "full.xlsx", full_sheets())),
        "S20": generate(SIZES[0], 0),
        "M100": generate(SIZES[1], 0),
    }


@pytest.mark.parametrize("objective", ["min_risk", "min_peak"])
def test_estimate_is_within_the_calibration_factor_of_the_built_model(
    tmp_path: Path, objective: str
) -> None:
    for name, scenario in _scenarios(tmp_path).items():
        est = estimate(scenario)
        cols, rows, nonzeros = _real_size(scenario, objective)
        for what, guess, real in (("columns", est.columns, cols), ("rows", est.rows, rows), ("nonzeros", est.nonzeros, nonzeros)):  # fmt: skip
            ratio = guess / real
            assert 1 / CALIBRATION_FACTOR <= ratio <= CALIBRATION_FACTOR, (name, what, guess, real)


def _huge(tmp_path: Path, activities: int) -> Path:
    """The issue's attack: a small workbook with 5,000 daily periods and open start windows."""
    size = dataclasses.replace(SIZES[0], name=f"H{activities}", activities=activities)
    sc = generate(size, 0)
    options = tuple(dataclasses.replace(o, earliest_start=None, latest_start=None) for o in sc.options)  # fmt: skip
    settings = dataclasses.replace(sc.settings, periods=5000, period_days=1, time_limit_s=10)
    rules = tuple(r for r in sc.rules if r.type != "before")
    sc = dataclasses.replace(sc, settings=settings, options=options, windows=(), timing=(), interactions=(), rules=rules)  # fmt: skip
    return write_scenario_workbook(sc, tmp_path / "huge.xlsx")


def test_huge_model_is_refused_fast_in_bounded_memory_naming_the_cells(tmp_path: Path) -> None:
    path = _huge(tmp_path, 300)
    assert path.stat().st_size < 100_000
    run = run_measured(["solve", path.name, "-o", "plan.xlsx"], tmp_path)
    print(f"refused huge model: {run.seconds:.2f} s, peak {run.peak_rss_mb:.0f} MB")
    assert run.exit_code == 2, run.stderr
    assert "Settings!B3: periods 5,000 x 300 activities" in run.stderr
    assert "start variables" in run.stderr and "--max-model-size" in run.stderr
    assert run.peak_rss_mb < 300
    assert not (tmp_path / "plan.xlsx").exists()


def test_estimate_is_fast_even_for_a_huge_horizon(tmp_path: Path) -> None:
    scenario = planner.load_scenario(_huge(tmp_path, 300))
    tick = time.perf_counter()
    size = estimate(scenario)
    assert time.perf_counter() - tick < 1.0
    assert size.starts > 1_000_000
    with pytest.raises(InputError, match="start variables"):
        check_model_size(scenario)


def test_max_model_size_lowers_and_raises_the_limit(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    small = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "a.xlsx"), "--max-model-size", "10"])  # fmt: skip
    assert small.exit_code == 2 and "more than the limit of 10" in small.stderr
    assert not (tmp_path / "a.xlsx").exists()
    big = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "b.xlsx"), "--max-model-size", "100000"])  # fmt: skip
    assert big.exit_code == 0, big.output


def test_time_limit_covers_the_build() -> None:
    limits = Limits(time_limit_s=10, mip_gap=0)
    assert within_time_limit(limits, 3.0) == (dataclasses.replace(limits, time_limit_s=7.0), "")
    late, note = within_time_limit(limits, 12.5)
    assert late.time_limit_s == pytest.approx(1e-3)
    assert note == "time limit reached while building the model (12.5 s of 10 s)"
