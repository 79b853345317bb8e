"""``planner robust`` end to end: the results workbook of SPEC 6, exit codes, the independent check."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import planner
from planner.cli import app
from planner.draws.sampling import draw
from planner.errors import InputError, VerificationError
from planner.io.reader import load_scenario
from planner.model.robust_data import robust_data
from planner.model.solve import resolve_limits
from planner.solution import SolveOptions
from planner.verify_draws.robust import check_robust
from tests.support.workbooks import full_sheets, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()
ROWS = [
    ["target", "mode", "low", "high", "shape", "each"],
    ["Options.hazard[*]", "scale", 0.5, 2, "loguniform", "yes"],
    ["Parties.max_cost[USA]", "set", 0.5, 4, None, None],
    ["Timing.multiplier[*]", "scale", 0.8, 1.25, None, None],
]


@pytest.fixture(scope="module")
def input_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sheets = full_sheets()
    sheets["Uncertainty"] = ROWS
    sheets["Settings"] += [["samples", 16], ["test_samples", 80], ["acceptance_target", 0.5]]
    return write_workbook(tmp_path_factory.mktemp("r") / "in.xlsx", sheets)


def test_robust_workbook(input_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "robust.xlsx"
    args = ["robust", str(input_path), "-o", str(out), "--stability-runs", "2", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Package", "Comparison", "Samples", "Stability"]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    for key in ("status", "objective_value", "samples", "test_samples", "sample_seed",
                "acceptance_target", "in_sample_acceptance", "out_of_sample_acceptance", "headline"):  # fmt: skip
        assert key in summary
    assert summary["status"] == "optimal" and summary["samples"] == 16
    assert summary["in_sample_acceptance"] >= 0.5
    row = next(
        r for r in wb["Summary"].iter_rows(min_row=2) if r[0].value == "in_sample_acceptance"
    )
    assert row[1].number_format.endswith("%")
    comparison = [r for r in wb["Comparison"].iter_rows(values_only=True)]
    assert [r[0] for r in comparison[1:]] == ["robust", "nominal", "status_quo"]
    assert "acceptance:USA_out" in comparison[0] and "cvar_hazard_in" in comparison[0]
    samples = [r for r in wb["Samples"].iter_rows(values_only=True)]
    assert samples[0][0] == "sample" and samples[0][-2:] == ("accepted", "total_hazard")
    assert "Parties.max_cost[USA]" in samples[0] and "Options.hazard[EX/as_planned]" in samples[0]
    assert len(samples) == 17 and wb["Samples"].freeze_panes == "A2"
    accepted = [r[-2] for r in samples[1:]]
    assert accepted.count("yes") / 16 == pytest.approx(summary["in_sample_acceptance"])
    assert '"out_of_sample_acceptance"' in result.stdout
    assert wb["Summary"]["A2"].value == "headline"
    for ws in wb.worksheets:
        assert (
            ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        )
    assert wb["Samples"].page_setup.fitToWidth == -(-wb["Samples"].max_column // 12)


def test_unreachable_target_exits_3_with_the_highest_acceptance(
    input_path: Path, tmp_path: Path
) -> None:
    sheets = full_sheets()
    sheets["Uncertainty"] = [*ROWS, ["Parties.min_benefit[DPRK]", "set", 5, 6, None, None]]
    sheets["Settings"] += [["samples", 8], ["test_samples", 20]]
    path = write_workbook(tmp_path / "hard.xlsx", sheets)
    out = tmp_path / "hard-robust.xlsx"
    result = runner.invoke(app, ["robust", str(path), "-o", str(out)])
    assert result.exit_code == 3, result.output
    summary = {
        r[0]: r[1] for r in load_workbook(out)["Summary"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["status"] == "infeasible" and summary["highest_reachable_acceptance"] == 0


def test_no_uncertainty_sheet_is_an_input_error(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "plain.xlsx", full_sheets())
    result = runner.invoke(app, ["robust", str(path)])
    assert result.exit_code == 2 and "Uncertainty" in result.stderr


def test_the_check_catches_a_model_that_disagrees(input_path: Path) -> None:
    from planner.model.robust import solve_robust

    sc = load_scenario(input_path)
    draws = draw(sc, 10)
    outcome = solve_robust(sc, robust_data(sc, draws), resolve_limits(sc.settings, SolveOptions()))
    check_robust(sc, draws, outcome)  # the honest outcome passes
    wrong = replace(outcome, model_hazard=np.asarray(outcome.model_hazard) * 1.01)
    with pytest.raises(VerificationError, match="H in draw 1"):
        check_robust(sc, draws, wrong)
    # a max_cost of -1 in every draw: H unchanged, but no draw is accepted any more
    column = [c.address for c in draws.cells].index("Parties.max_cost[USA]")
    values = draws.values.copy()
    values[:, column] = -1.0
    with pytest.raises(VerificationError, match="counts it accepted"):
        check_robust(sc, replace(draws, values=values), outcome)


def test_python_api_returns_dataframes(input_path: Path) -> None:
    sc = planner.load_scenario(input_path)
    run = planner.robust(sc, samples=10, test_samples=30, stability_runs=0)
    assert run.summary()["samples"] == 10
    assert list(run.comparison_table()["package"]) == ["robust", "nominal", "status_quo"]
    assert len(run.samples_table()) == 10 and run.stability_table().empty
    report = planner.evaluate(sc, run.robust.choices if run.robust else (), samples=10)
    assert report.summary()["in_sample_acceptance"] == pytest.approx(
        run.robust.in_sample.acceptance
    )  # type: ignore[union-attr]


def test_margin_through_the_api_asks_for_more_draws(input_path: Path) -> None:
    sc = planner.load_scenario(input_path)
    runs = {
        margin: planner.robust(
            sc, samples=16, test_samples=40, stability_runs=0, acceptance_margin=margin
        )
        for margin in (0.0, 0.5, 4.0)
    }
    # target 0.5 of 16 draws: 8; half a standard error more: ceil(8 + 0.5 sqrt(16 / 4)) = 9
    assert runs[0.0].summary()["in_sample_draws_needed"] == 8
    assert runs[0.5].summary()["in_sample_draws_needed"] == 9
    assert runs[0.5].summary()["acceptance_margin"] == 0.5
    assert runs[0.5].robust is not None and runs[0.5].robust.in_sample.acceptance >= 9 / 16
    # four standard errors ask for every draw: ceil(8 + 4 * 2) = 16 (a package reaches it)
    every = runs[4.0].summary()
    assert every["status"] == "optimal" and every["in_sample_draws_needed"] == 16
    assert every["in_sample_acceptance"] == 1.0
    assert "the most any package reaches" not in every["headline"]


def test_margin_option_on_the_command_line(input_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "robust.xlsx"
    args = ["robust", str(input_path), "-o", str(out), "--stability-runs", "0", "--margin", "0.5"]
    result = runner.invoke(app, [*args, "--samples", "16", "--json"])
    assert result.exit_code == 0, result.output
    summary = {
        r[0]: r[1] for r in load_workbook(out)["Summary"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["acceptance_margin"] == 0.5 and summary["in_sample_draws_needed"] == 9
    bad = runner.invoke(app, ["robust", str(input_path), "--margin", "-1"])
    assert bad.exit_code == 2


def test_too_many_draws_are_refused_at_the_samples_cell(input_path: Path, tmp_path: Path) -> None:
    from planner.model_size import check_draws_size, check_robust_size

    out = tmp_path / "robust.xlsx"
    args = ["robust", str(input_path), "-o", str(out), "--max-model-size", "100"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Settings!B" in result.stderr and "samples 16" in result.stderr
    assert "at most about" in result.stderr and not out.exists()
    sc = planner.load_scenario(input_path)
    assert check_robust_size(sc, 16) < 5_000_000  # the default limit takes it
    with pytest.raises(InputError, match="test_samples 80 x"):
        check_draws_size(sc, "test_samples", 80, max_nonzeros=10)
    check_draws_size(sc, "test_samples", 80)
