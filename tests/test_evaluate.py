"""``planner evaluate``: package files read with located problems, figures equal to the verifier's."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from planner.calendar import period_start
from planner.cli import app
from planner.errors import InputError
from planner.io.package_file import read_package
from planner.io.reader import load_scenario
from planner.scenario import Scenario
from planner.solution import Choice
from planner.uncertainty.evaluate import evaluate_package
from planner.verify import evaluate
from tests.support.uncertainty import ROWS, random_package
from tests.support.workbooks import full_sheets, write_workbook

pytestmark = pytest.mark.model

runner = CliRunner()


@pytest.fixture(scope="module")
def input_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sheets = full_sheets()
    sheets["Uncertainty"] = ROWS
    return write_workbook(tmp_path_factory.mktemp("e") / "in.xlsx", sheets)


@pytest.fixture(scope="module")
def scenario(input_path: Path) -> Scenario:
    return load_scenario(input_path)


def package_rows(sc: Scenario, choices: tuple[Choice, ...]) -> list[list[Any]]:
    rows: list[list[Any]] = [["activity", "option", "start_date", "note"]]
    for c in choices:
        start = period_start(sc.settings, c.start) if c.start is not None else None
        rows.append([c.activity, c.option, start, "x"])
    return rows


def test_random_packages_read_back_and_score_like_the_verifier(
    scenario: Scenario, tmp_path: Path
) -> None:
    rng = random.Random(11)
    for i in range(8):
        choices = random_package(scenario, rng)
        path = write_workbook(tmp_path / f"p{i}.xlsx", {"Package": package_rows(scenario, choices)})
        assert read_package(path, scenario) == choices
        report = evaluate_package(scenario, choices, samples=20, test_samples=30)
        ev = evaluate(scenario, choices)
        assert report.summary()["total_hazard"] == ev.total_hazard
        table = report.checks_table()
        assert list(table["check"]) == [c.name for c in ev.checks]
        assert list(table["ok"]) == [c.ok for c in ev.checks]
        assert (report.summary()["status"] == "feasible") == ev.ok
        assert report.comparison_table()["samples_out"].tolist() == [30, 30]


def test_cli_writes_the_workbook_and_reads_a_results_workbook(
    input_path: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["solve", str(input_path), "-o", str(plan)]).exit_code == 0
    out = tmp_path / "eval.xlsx"
    result = runner.invoke(
        app, ["evaluate", str(input_path), "--package", str(plan), "-o", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Package", "Parties", "Rules", "Checks", "Comparison"]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["status"] == "feasible" and summary["violations"] is None
    assert '"out_of_sample_acceptance"' in result.stdout
    assert wb["Summary"]["A2"].value == "headline"  # read first, as in the solve's Summary
    for ws in wb.worksheets:  # every sheet prints landscape, fit to the page width
        assert (
            ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        )


def test_malformed_package_files_name_every_cell(input_path: Path, tmp_path: Path) -> None:
    rows = [
        ["activity", "option", "start_date"],
        ["EX", "as_planned", date(2018, 1, 1)],  # row 2: before earliest_start (period 3)
        ["NOPE", "x", None],  # row 3: unknown activity
        ["EX", "freeze", None],  # row 4: EX twice
    ]
    path = write_workbook(tmp_path / "bad.xlsx", {"Package": rows})
    result = runner.invoke(app, ["evaluate", str(input_path), "--package", str(path)])
    assert result.exit_code == 2
    text = result.stderr
    assert "[bad.xlsx]Package!C2" in text and "cannot start" in text
    assert "[bad.xlsx]Package!A3" in text and "unknown activity" in text
    assert "[bad.xlsx]Package!A4" in text and "twice" in text
    assert "activity TEST has no row" in text
    wrong_option = write_workbook(
        tmp_path / "opt.xlsx",
        {"Package": [["activity", "option"], ["EX", "freez"], ["TEST", "halt"]]},
    )
    with pytest.raises(InputError) as exc:
        read_package(wrong_option, load_scenario(input_path))
    assert [p.location for p in exc.value.problems] == ["[opt.xlsx]Package!B2"]
    missing_start = write_workbook(
        tmp_path / "start.xlsx",
        {"Package": [["activity", "option"], ["EX", "as_planned"], ["TEST", "halt"]]},
    )
    with pytest.raises(InputError, match="give its start_date"):
        read_package(missing_start, load_scenario(input_path))
    no_sheet = write_workbook(tmp_path / "none.xlsx", {"Other": [["a"]]})
    assert (
        runner.invoke(app, ["evaluate", str(input_path), "--package", str(no_sheet)]).exit_code == 2
    )
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_text("activity,option\n")
    assert (
        runner.invoke(app, ["evaluate", str(input_path), "--package", str(not_xlsx)]).exit_code == 2
    )


def test_without_an_uncertainty_sheet_there_is_no_comparison(tmp_path: Path) -> None:
    import planner

    plain = write_workbook(tmp_path / "plain.xlsx", full_sheets())
    sc = load_scenario(plain)
    package = write_workbook(
        tmp_path / "p.xlsx",
        {"Package": [["activity", "option"], ["EX", "freeze"], ["TEST", "continue"]]},
    )
    report = planner.evaluate(sc, package)
    assert report.comparison_table().empty and "in_sample_acceptance" not in report.summary()
    assert report.evaluation.choices == read_package(package, sc)
    out = tmp_path / "eval.xlsx"
    result = runner.invoke(app, ["evaluate", str(plain), "--package", str(package), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Comparison" not in load_workbook(out).sheetnames
