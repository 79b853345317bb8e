"""Numbers valid alone but overflowing together (hazard x multipliers x periods) are input errors, not exit 4."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.support.workbooks import full_sheets, set_cell, write_workbook

pytestmark = pytest.mark.unit

runner = CliRunner()


def _sheets(periods: int, multiplier: float, hazard: float) -> dict:
    sheets = full_sheets()
    for row in sheets["Settings"]:
        if row[0] == "periods":
            row[1] = periods
    far = date(2018 + periods // 52 + 2, 1, 1)
    sheets["Windows"] = [
        ["window", "kind", "start", "end"],
        ["w1", "k1", date(2018, 1, 1), far],
        ["w2", "k2", date(2018, 1, 1), far],
    ]
    sheets["Timing"] = [["applies_to", "kind", "multiplier"], ["*", "k1", multiplier], ["*", "k2", multiplier]]  # fmt: skip
    set_cell(sheets, "Options", 4, "hazard", hazard)  # TEST/continue runs all year
    return sheets


def test_hazard_times_multipliers_times_periods_is_refused_naming_the_cells(tmp_path: Path) -> None:
    # was: "error: model chose no option for EX, TEST" (exit 4)
    path = write_workbook(tmp_path / "in.xlsx", _sheets(2000, 1e9, 1e9))
    result = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 2, result.output
    assert (
        "Options!H4: hazard 1e+09 of TEST/continue x multipliers (Timing!C2, Timing!C3) over "
        "2,000 periods adds up to 2e+30, beyond the solver's safe range" in result.stderr
    )
    assert not (tmp_path / "plan.xlsx").exists()


def test_interaction_hazard_times_periods_is_refused(tmp_path: Path) -> None:
    sheets = _sheets(2000, 1, 0.2)
    set_cell(sheets, "Interactions", 2, "hazard", 1e9)
    result = runner.invoke(app, ["validate", str(write_workbook(tmp_path / "in.xlsx", sheets))])
    assert result.exit_code == 2, result.output
    assert "Interactions!C2: interaction hazard 1e+09 x 2,000 periods" in result.stderr


def test_large_values_that_stay_in_range_are_accepted(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "in.xlsx", _sheets(52, 10, 1e9))  # 1e9 x 100 x 52 periods
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2  # 5.2e12 > 1e12: just beyond
    path = write_workbook(tmp_path / "ok.xlsx", _sheets(52, 10, 1e8))  # 5.2e11
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
