"""Every class of input problem is found, located at the exact Sheet!Cell, without knock-on problems."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from planner.errors import InputError
from planner.io.reader import load_scenario
from tests.support.workbooks import Rows, full_sheets, set_cell, write_workbook

pytestmark = pytest.mark.unit

Sheets = dict[str, Rows]


def put(sheet: str, row: int, column: str, value: Any) -> Callable[[Sheets], None]:
    """An edit that sets one cell."""
    return lambda s: set_cell(s, sheet, row, column, value)


def append(sheet: str, row: list[Any]) -> Callable[[Sheets], None]:
    """An edit that adds a row at the end of a sheet."""
    return lambda s: s[sheet].append(row)


def drop_column(sheet: str, column: str) -> Callable[[Sheets], None]:
    """An edit that removes a column (header and values) from a sheet."""

    def edit(s: Sheets) -> None:
        j = s[sheet][0].index(column)
        for row in s[sheet]:
            if len(row) > j:
                del row[j]

    return edit


def both(*edits: Callable[[Sheets], None]) -> Callable[[Sheets], None]:
    """Several edits in turn."""

    def edit(s: Sheets) -> None:
        for e in edits:
            e(s)

    return edit


def _drop_sheet(name: str) -> Callable[[Sheets], None]:
    return lambda s: s.pop(name)


def _drop_row(sheet: str, row: int) -> Callable[[Sheets], None]:
    return lambda s: s[sheet].pop(row - 1)


NEW_OPTION = ["NOPE", "x", "", "yes", 0, None, None, 0]

CASES: dict[str, tuple[Callable[[Sheets], None], dict[str, str]]] = {
    # structure
    "missing sheet": (_drop_sheet("Options"), {"Options": "required sheet missing"}),
    "missing column": (drop_column("Options", "duration"), {"Options!duration": "required column missing"}),
    "duplicate column": (
        lambda s: s["Parties"][0].append(" Max_Cost "),
        {"Parties!G1": "column Max_Cost appears twice"},
    ),
    "empty required sheet": (lambda s: s.update(Parties=[s["Parties"][0]]), {"Parties": "no parties"}),
    # types
    "text for number": (put("Options", 2, "hazard", "high"), {"Options!H2": 'hazard must be a number >= 0, got "high"'}),
    "fractional duration": (put("Options", 2, "duration", 2.5), {"Options!E2": "whole number of periods >= 0, all or stop, got 2.5"}),
    "negative duration": (put("Options", 2, "duration", -1), {"Options!E2": "got -1"}),
    "fractional lag": (put("Rules", 3, "lag", 1.5), {"Rules!E3": "lag must be a whole number >= 0, got 1.5"}),
    "negative lag": (put("Rules", 3, "lag", -1), {"Rules!E3": "lag must be a whole number >= 0, got -1"}),
    "fractional int": (put("Capacity", 2, "max_active", 1.5), {"Capacity!B2": "whole number >= 0, got 1.5"}),
    "text for date": (put("Windows", 2, "start", "soon"), {"Windows!C2": 'start must be a date (an Excel date or YYYY-MM-DD text), got "soon"'}),
    "impossible ISO date": (put("Settings", 2, "value", "2018-13-01"), {"Settings!B2": "not a calendar date"}),
    "datetime with time": (put("Settings", 2, "value", datetime(2018, 1, 1, 12, 30)), {"Settings!B2": "has a time of day"}),
    "bad boolean": (put("Options", 2, "baseline", "maybe"), {"Options!D2": 'baseline must be yes or no (or true/false, 1/0), got "maybe"'}),
    "bad enum": (put("Rules", 2, "type", "implies"), {"Rules!B2": "type must be one of requires, excludes, before"}),
    "blank required": (put("Options", 3, "hazard", None), {"Options!H3": "hazard is required"}),
    # bounds
    "negative number": (put("Parties", 2, "max_cost", -1), {"Parties!C2": "max_cost must be a number >= 0, got -1"}),
    "zero weight": (put("Parties", 2, "weight", 0), {"Parties!F2": "weight must be a number > 0, got 0"}),
    "negative cost": (put("Options", 3, "cost:USA", -3), {"Options!J3": "cost:USA must be a number >= 0, got -3"}),
    "negative multiplier": (put("Timing", 2, "multiplier", -2), {"Timing!C2": "multiplier must be a number >= 0"}),
    # identifiers
    "duplicate party": (append("Parties", ["USA"]), {"Parties!A4": 'duplicate party id "USA" (first in row 2)'}),
    "duplicate option": (append("Options", ["EX", "freeze", "", "no", 0, None, None, 0]), {"Options!B6": 'duplicate option id "EX/freeze" (first in row 3)'}),
    "duplicate rule": (append("Rules", ["r1", "excludes", "EX", "TEST"]), {"Rules!A5": 'duplicate rule id "r1"'}),
    "duplicate window": (append("Windows", ["sun", "x", date(2018, 1, 1), date(2018, 1, 2)]), {"Windows!A4": 'duplicate window id "sun"'}),
    "duplicate timing": (append("Timing", ["exercise", "national_day", 1]), {"Timing!A5": "duplicate Timing row"}),
    "forbidden character": (append("Parties", ["U,S"]), {"Parties!A4": 'party must not contain any of / | , [ ] @ *, got "U,S" (contains ,)'}),
    "surrounding spaces": (append("Parties", ["JPN "]), {"Parties!A4": 'party must not start or end with spaces, got "JPN "'}),
    # references
    "unknown actor": (put("Activities", 2, "actor", "XX"), {"Activities!C2": 'actor "XX" is not a party in Parties'}),
    "unknown activity": (append("Options", NEW_OPTION), {"Options!A6": 'activity "NOPE" is not in Activities'}),
    "unknown cost party": (
        lambda s: s["Options"][0].append("Cost: XX"),
        {"Options!L1": 'column cost:XX names party "XX", which is not in Parties'},
    ),
    "unknown veto party": (put("Options", 3, "vetoed_by", "DPRK, XX"), {"Options!I3": 'vetoed_by lists "XX"'}),
    "unknown applies_to": (put("Timing", 2, "applies_to", "drill"), {"Timing!A2": 'applies_to "drill" is not an option'}),
    "unknown timing option": (put("Timing", 4, "applies_to", "EX/nope"), {"Timing!A4": 'applies_to "EX/nope"'}),
    "unknown kind": (put("Timing", 2, "kind", "olympics"), {"Timing!B2": 'kind "olympics" is not the kind of any window'}),
    "unknown interaction activity": (put("Interactions", 2, "a", "ZZ"), {"Interactions!A2": 'a refers to activity "ZZ"'}),
    "unknown interaction option": (put("Interactions", 2, "b", "TEST/nope"), {"Interactions!B2": 'b refers to option "TEST/nope"'}),
    "alternatives in interaction": (put("Interactions", 2, "b", "TEST/continue|halt"), {"Interactions!B2": "b must be ACT or ACT/OPT"}),
    "unknown rule option": (put("Rules", 4, "a", "EX/freeze|nope"), {"Rules!C4": 'a refers to option "EX/nope"'}),
    "bad rule syntax": (put("Rules", 2, "b", "TEST/halt/x"), {"Rules!D2": "b must be ACT, ACT/OPT or ACT/OPT1|OPT2"}),
    "before with option": (put("Rules", 3, "b", "TEST/halt"), {"Rules!D3": "b must be a bare activity id"}),
    "unknown balance party": (put("Balance", 2, "party_b", "XX"), {"Balance!B2": 'party_b "XX" is not a party'}),
    "unknown group": (put("Capacity", 2, "group", "navy"), {"Capacity!A2": 'group "navy" is not the group of any activity'}),
    # sweep
    "sweep unknown key": (put("Sweep", 2, "target", "Parties.max_cost[XX]"), {"Sweep!A2": "matches no cell"}),
    "sweep not sweepable": (put("Sweep", 2, "target", "Parties.name[USA]"), {"Sweep!A2": "cannot be swept"}),
    "sweep unknown sheet": (put("Sweep", 2, "target", "Nope.x[1]"), {"Sweep!A2": "Nope"}),
    "sweep bad syntax": (put("Sweep", 2, "target", "max_cost of USA"), {"Sweep!A2": "not an address"}),
    "sweep needs key": (put("Sweep", 2, "target", "Parties.max_cost"), {"Sweep!A2": "needs a row key"}),
    "sweep bad values": (put("Sweep", 2, "values", "a:b"), {"Sweep!C2": '"a" is not a number'}),
    "sweep bad mode": (put("Sweep", 2, "mode", "multiply"), {"Sweep!B2": "mode must be one of set, scale"}),
    "sweep scale date": (
        both(put("Sweep", 2, "target", "Windows.start[sun]"), put("Sweep", 2, "mode", "scale")),
        {"Sweep!B2": "cannot be scaled"},
    ),
    # structure of the scenario
    "two baselines": (put("Options", 3, "baseline", "yes"), {"Options!D3": "activity EX has more than one baseline option (first: as_planned in row 2)"}),
    "no baseline": (put("Options", 2, "baseline", "no"), {"Options!baseline": "activity EX has no baseline option"}),
    "activity without options": (append("Activities", ["NEW", "", "USA"]), {"Activities!A4": "activity NEW has no options"}),
    "every option vetoed": (put("Options", 2, "vetoed_by", "DPRK"), {"Options!vetoed_by": "every option of activity EX is vetoed"}),
    "latest before earliest": (put("Options", 2, "latest_start", date(2018, 1, 1)), {"Options!G2": "is before the earliest allowed start (period 3)"}),
    "block longer than horizon": (put("Options", 2, "duration", 11), {"Options!E2": "a block of 11 periods does not fit in the horizon of 10 periods"}),
    "earliest too late": (put("Options", 2, "earliest_start", date(2018, 3, 5)), {"Options!F2": "is in period 10, after the last start"}),
    "latest before horizon": (put("Options", 2, "latest_start", date(2017, 12, 1)), {"Options!G2": "before the horizon starts"}),
    "window ends before start": (put("Windows", 3, "end", date(2018, 1, 1)), {"Windows!D3": "end 2018-01-01 is before start 2018-02-01"}),
    # settings
    "unknown setting": (append("Settings", ["colour", "red"]), {"Settings!A4": 'unknown setting "colour"'}),
    "duplicate setting": (append("Settings", ["periods", 12]), {"Settings!A4": "setting periods appears twice"}),
    "bad objective": (append("Settings", ["objective", "fast"]), {"Settings!B4": "objective must be one of min_risk, min_peak, max_min_net"}),
    "max_min_net without risk_cap": (append("Settings", ["objective", "max_min_net"]), {"Settings!B4": "objective max_min_net needs a risk_cap"}),
    "max_min_net with a bad risk_cap": (
        both(append("Settings", ["objective", "max_min_net"]), append("Settings", ["risk_cap", "x"])),
        {"Settings!B5": 'risk_cap must be a number >= 0, got "x"'},
    ),
    "formula as setting key": (append("Settings", ["=A1", 5]), {"Settings!A4": "formula without a saved value"}),
    "periods below one": (put("Settings", 3, "value", 0), {"Settings!B3": "periods must be a whole number >= 1, got 0"}),
    "periods missing": (_drop_row("Settings", 3), {"Settings!periods": "setting periods is required"}),
    # formulas
    "formula without saved value": (put("Options", 2, "hazard", "=1+1"), {"Options!H2": "formula without a saved value; open and save the workbook in Excel, or type the value"}),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_problem_is_found_at_its_cell(case: str, tmp_path: Path) -> None:
    edit, expected = CASES[case]
    sheets = full_sheets()
    edit(sheets)
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    with pytest.raises(InputError) as info:
        load_scenario(path)
    found = {p.location: p.message for p in info.value.problems}
    assert set(found) == set(expected), found
    for location, fragment in expected.items():
        assert fragment in found[location], found[location]


def test_full_workbook_is_valid(tmp_path: Path) -> None:
    scenario = load_scenario(write_workbook(tmp_path / "in.xlsx", full_sheets()))
    assert [r.id for r in scenario.rules] == ["r1", "r2", "r3"]
    assert scenario.rules[2].a.options == ("as_planned", "freeze")
    assert scenario.rules[1].b.options is None and scenario.rules[1].lag == 1
    assert scenario.timing[2].key == "EX/as_planned@planting"
    assert scenario.sweeps[1].mode == "scale" and scenario.sweeps[1].values == "0.5,1"


@pytest.mark.parametrize(
    "edit",
    [
        put("Options", 4, "vetoed_by", "USA"),  # a vetoed baseline: the status quo is still defined
        put("Parties", 3, "min_net", -50),  # min_net may be negative
        append(
            "Options", ["TEST", "freeze", "", "no", 0, None, None, 0]
        ),  # same id, other activity
        put("Sweep", 2, "target", "Options.hazard[EX/as_planned]"),
        put("Sweep", 2, "target", "Settings.risk_cap"),
        put("Timing", 2, "applies_to", "EX"),
    ],
)
def test_allowed_variations_are_valid(edit: Callable[[Sheets], None], tmp_path: Path) -> None:
    sheets = full_sheets()
    edit(sheets)
    load_scenario(write_workbook(tmp_path / "in.xlsx", sheets))


def test_problems_are_listed_in_sheet_then_row_then_column_order(tmp_path: Path) -> None:
    sheets = full_sheets()
    for edit in (
        put("Capacity", 2, "max_active", -1),
        put("Options", 12, "hazard", "x"),
        put("Options", 12, "activity", "EX"),
        put("Options", 12, "option", "late"),
        put("Options", 12, "duration", 0),
        put("Options", 2, "hazard", "y"),
        put("Options", 2, "baseline", "maybe"),
        put("Parties", 2, "weight", -1),
    ):
        edit(sheets)
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    with pytest.raises(InputError) as info:
        load_scenario(path)
    locations = [p.location for p in info.value.problems]
    assert locations == ["Parties!F2", "Options!D2", "Options!H2", "Options!H12", "Capacity!B2"]
