"""As a new user would: a first workbook with mistakes on several sheets; every one is listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import EXIT_INPUT
from tests.support.workbooks import write_workbook

pytestmark = pytest.mark.e2e

FIRST_ATTEMPT = {
    "settings": [
        ["Key", "Value", "notes"],
        ["start_date", date(2018, 1, 1), "first Monday"],
        ["periods", 52],
        ["objective", "min risk"],  # B4: not one of the three
        ["horizon", "1 year"],  # A5: no such setting
    ],
    " Parties ": [
        ["party", "name", "weight", "max_cost"],
        ["USA", "United States", 1, 10],
        ["ROK", "South Korea", 0, None],  # C3: weight must be > 0
        [],
        ["ROK", "Korea again"],  # A5: duplicate id (after a blank row)
        ["DPRK", "North Korea", 1, "lots"],  # D6: not a number
    ],
    "Activities": [
        ["name", "activity", "actor", "category"],  # columns in the user's own order
        ["Foal Eagle", "FE", "USA", "exercise"],
        ["Missile tests", "MT", "NK", "test"],  # C3: NK is not a party
    ],
    "Options": [
        [
            "activity",
            "option",
            "baseline",
            "duration",
            "hazard",
            "cost:USA",
            "cost:CHINA",
            "source",
        ],  # G1
        ["FE", "as_planned", "yes", 4, 0.3, None, None, "press release"],
        ["FE", "postpone", "yes", 4, 0.3, 1, None],  # C3: a second baseline
        ["FE", "scale_down", "no", 1.5, "high"],  # D4 and E4
        ["MT", "continue", "yes", "all", 0.5],
        ["MT", "freeze", "no", 0, 0],
    ],
    "Windows": [
        ["window", "kind", "start", "end"],
        ["olympics", "olympics", date(2018, 2, 25), date(2018, 2, 9)],  # D2: ends before it starts
    ],
    "Timing": [
        ["applies_to", "kind", "multiplier"],
        ["exercise", "olympic", 3],  # B2: no window of that kind
    ],
    "Rules": [
        ["rule", "type", "a", "b", "lag"],
        ["freeze_for_freeze", "requires", "MT/freeze", "FE/scale_down"],
        ["order", "before", "FE/postpone", "MT"],  # C3: before relates bare activities
    ],
}

EXPECTED = {
    "Settings!B4",
    "Settings!A5",
    "Parties!C3",
    "Parties!A5",
    "Parties!D6",
    "Activities!C3",
    "Options!G1",
    "Options!C3",
    "Options!D4",
    "Options!E4",
    "Windows!D2",
    "Timing!B2",
    "Rules!C3",
}


def test_every_mistake_is_listed_with_its_cell(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "my first scenario.xlsx", FIRST_ATTEMPT)
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == EXIT_INPUT
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{len(EXPECTED)} problems in the input:"
    locations = [line.strip().split(": ", 1)[0] for line in lines[1:]]
    assert set(locations) == EXPECTED and len(locations) == len(EXPECTED)
    assert "Traceback" not in result.stderr
    assert '  Options!E4: hazard must be a number >= 0, got "high"' in lines
    assert '  Activities!C3: actor "NK" is not a party in Parties' in lines
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
