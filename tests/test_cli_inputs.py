"""``planner init`` and ``planner validate`` through the command line (CliRunner and one real run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import EXIT_INPUT
from tests.support.workbooks import full_sheets, set_cell, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()


def test_init_writes_template_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "scenario.xlsx").is_file() and "scenario.xlsx" in result.stdout
    before = (tmp_path / "scenario.xlsx").read_bytes()
    again = runner.invoke(app, ["init"])
    assert again.exit_code == EXIT_INPUT
    assert "already exists; use --force" in again.stderr
    assert (tmp_path / "scenario.xlsx").read_bytes() == before
    forced = runner.invoke(app, ["init", "scenario.xlsx", "--force"])
    assert forced.exit_code == 0
    validated = runner.invoke(app, ["validate", "scenario.xlsx"])
    assert validated.exit_code == EXIT_INPUT
    assert "Settings!B2: start_date is required" in validated.stderr


def test_init_example_and_unknown_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = runner.invoke(app, ["init", str(tmp_path / "a.xlsx"), "--example", "atlantis"])
    assert unknown.exit_code == EXIT_INPUT
    assert 'unknown example "atlantis"; available: korea-2018' in unknown.stderr
    monkeypatch.setitem(sys.modules, "planner.examples.korea_2018", None)  # as if not installed
    missing = runner.invoke(app, ["init", str(tmp_path / "b.xlsx"), "--example", "korea-2018"])
    assert missing.exit_code == EXIT_INPUT
    assert "the example korea-2018 is not available" in missing.stderr
    assert not (tmp_path / "b.xlsx").exists()


def test_init_korea_example_validates(tmp_path: Path) -> None:
    pytest.importorskip("planner.examples.korea_2018")
    path = tmp_path / "korea.xlsx"
    assert runner.invoke(app, ["init", str(path), "--example", "korea-2018"]).exit_code == 0
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "parties       6: USA, DPRK, ROK, PRC, JPN, RUS" in result.stdout


def test_validate_summary(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "in.xlsx", full_sheets())
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path} is valid:"
    assert lines[1:] == [
        "  parties       2: USA, DPRK",
        "  activities    2",
        "  options       4",
        "  periods       10 x 7 days, 2018-01-01 to 2018-03-11",
        "  windows       2",
        "  timing rows   3",
        "  interactions  1",
        "  rules         3",
        "  balances      1",
        "  capacities    1",
        "  sweep rows    2",
        "  objective     min_risk",
    ]


def test_validate_lists_problems_on_stderr(tmp_path: Path) -> None:
    sheets = full_sheets()
    set_cell(sheets, "Options", 2, "hazard", "high")
    set_cell(sheets, "Rules", 3, "lag", 1.5)
    result = runner.invoke(app, ["validate", str(write_workbook(tmp_path / "in.xlsx", sheets))])
    assert result.exit_code == EXIT_INPUT and result.stdout == ""
    assert result.stderr.splitlines() == [
        "2 problems in the input:",
        '  Options!H2: hazard must be a number >= 0, got "high"',
        "  Rules!E3: lag must be a whole number >= 0, got 1.5",
    ]


def test_help_of_each_command() -> None:
    for command in ("init", "validate"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage: planner" in result.stdout


def test_installed_command_on_a_bad_workbook(tmp_path: Path) -> None:
    sheets = full_sheets()
    set_cell(sheets, "Parties", 2, "max_cost", -1)
    path = write_workbook(tmp_path / "bad.xlsx", sheets)
    exe = Path(sys.executable).with_name("planner")
    done = subprocess.run(
        [str(exe), "validate", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == EXIT_INPUT
    assert "Parties!C2: max_cost must be a number >= 0, got -1" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
