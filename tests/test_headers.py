"""No silent column drops: near-miss headers and values under empty headers are errors, other extras warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.io.headers import likely_column, squash
from planner.io.reader import load_scenario
from planner.schema import SHEETS_BY_NAME
from tests.support.workbooks import full_sheets, minimal_sheets, write_workbook

pytestmark = pytest.mark.unit

runner = CliRunner()


def _with_header(tmp_path: Path, sheet: str, old: str, new: Any) -> Path:
    sheets = minimal_sheets()
    header = sheets[sheet][0]
    header[header.index(old)] = new
    return write_workbook(tmp_path / "in.xlsx", sheets)


def _validate(path: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("old", "new", "cell", "intended"),
    [
        ("vetoed_by", "vetoed by", "I1", "vetoed_by"),
        ("vetoed_by", "Vetoed-By", "I1", "vetoed_by"),
        ("cost:USA", "cost USA", "J1", "cost:USA"),
        ("benefit:DPRK", "benefit_DPRK", "K1", "benefit:DPRK"),
        ("cost:USA", "costUSA", "J1", "cost:USA"),
        ("hazard", "hazzard", "H1", "hazard"),
        ("earliest_start", "earliest start", "F1", "earliest_start"),
        ("latest_start", "latest_strat", "G1", "latest_start"),
    ],
)
def test_near_miss_header_is_an_error_naming_the_cell_and_the_intended_column(
    tmp_path: Path, old: str, new: str, cell: str, intended: str
) -> None:
    code, _, stderr = _validate(_with_header(tmp_path, "Options", old, new))
    assert code == 2, stderr
    assert (
        f'Options!{cell}: column "{new}" is not a column planner knows; did you mean {intended}?'
        in stderr
    )


def test_vetoed_option_is_not_chosen_silently(tmp_path: Path) -> None:
    """The issue's case: with ``vetoed by`` dropped, the vetoed option was chosen."""
    path = _with_header(tmp_path, "Options", "vetoed_by", "vetoed by")
    result = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 2
    assert not (tmp_path / "plan.xlsx").exists()


def test_case_and_surrounding_spaces_still_match(tmp_path: Path) -> None:
    code, _, stderr = _validate(_with_header(tmp_path, "Options", "hazard", " Hazard "))
    assert code == 0, stderr
    assert "warning" not in stderr


def test_value_under_a_merged_header_is_an_error(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    header = sheets["Options"][0]
    header[header.index("benefit:DPRK")] = None
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["Options"].merge_cells("J1:K1")  # cost:USA spans the benefit column
    wb.save(path)
    code, _, stderr = _validate(path)
    assert code == 2, stderr
    assert "Options!K1: the header is empty but K3 holds a value" in stderr
    assert 'if J1 ("cost:USA") is merged across it' in stderr


def test_value_under_an_empty_header_after_the_last_column_is_an_error(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["Parties"][1].extend([None, 99])  # H2, two columns right of the last header
    code, _, stderr = _validate(write_workbook(tmp_path / "in.xlsx", sheets))
    assert code == 2, stderr
    assert "Parties!H1: the header is empty but H2 holds a value" in stderr


def test_unknown_columns_are_warnings_and_notes_are_silent(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    for row, extra in zip(
        sheets["Parties"], [["notes", "Sources", "analyst"], ["x", "y", "z"]], strict=False
    ):
        row.extend(extra)
    code, stdout, stderr = _validate(write_workbook(tmp_path / "in.xlsx", sheets))
    assert code == 0, stderr
    assert "is valid" in stdout
    assert stderr.strip().splitlines() == [
        'warning: Parties!I1: column "analyst" is not read by planner'
    ]


def test_hidden_sheet_that_is_read_is_named_in_a_warning(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "in.xlsx", full_sheets())
    wb = openpyxl.load_workbook(path)
    wb["Timing"].sheet_state = "hidden"
    wb.save(path)
    assert load_scenario(path).source.warnings == (  # type: ignore[union-attr]
        "Timing: the sheet is hidden in Excel, but planner reads it",
    )
    result = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 0, result.output
    assert "warning: Timing: the sheet is hidden in Excel" in result.stderr


def test_likely_column_rules() -> None:
    options = SHEETS_BY_NAME["options"]
    rules = SHEETS_BY_NAME["rules"]
    assert squash(" Vetoed-By ") == "vetoedby"
    assert likely_column(options, "costs") is None  # no party id: a note, not cost:PARTY
    assert likely_column(options, "notes") is None
    assert likely_column(options, "hazard note") is None
    assert likely_column(rules, "c") is None  # too short to guess
    assert likely_column(rules, "lagg") == "lag"
    assert likely_column(SHEETS_BY_NAME["parties"], "cost USA") is None  # no cost: columns
