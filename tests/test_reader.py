"""Reading workbooks as analysts write them: names, order, blanks, ids, dates, formulas, row numbers."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import planner
from planner.errors import InputError
from planner.io.reader import load_scenario
from tests.support.workbooks import (
    full_sheets,
    minimal_sheets,
    rewrite_part,
    set_cell,
    sheet_part,
    write_workbook,
)

pytestmark = pytest.mark.unit


def _problems(path: Path) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return {p.location: p.message for p in info.value.problems}


def test_source_and_row_numbers(tmp_path: Path) -> None:
    sheets = full_sheets()
    sheets["Options"].insert(2, [])  # a blank row: skipped, later rows keep their sheet row
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    scenario = planner.load_scenario(path)
    assert scenario.source is not None
    assert scenario.source.path == str(path)
    assert scenario.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [o.row for o in scenario.options] == [2, 4, 5, 6]
    assert [p.row for p in scenario.parties] == [2, 3]
    assert [r.row for r in scenario.rules] == [2, 3, 4]
    assert scenario.windows[1].row == 3 and scenario.sweeps[1].row == 3


def test_names_match_loosely_and_columns_may_be_reordered(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    options = sheets.pop("Options")
    header = options[0]
    order = [header.index(c) for c in ("hazard", "option", "activity", "duration", "baseline")]
    rows = [[row[j] if j < len(row) else None for j in order] for row in options]
    rows[0] = [" HAZARD ", "Option", "activity ", "Duration", "BaseLine"]
    for row in rows:
        row.insert(1, "a note")  # an extra column: ignored
    rows[2][0] = "high"
    sheets[" options "] = rows
    sheets["parties"] = sheets.pop("Parties")
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    assert _problems(path) == {"Options!A3": 'hazard must be a number >= 0, got "high"'}


def test_ids_are_text(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    set_cell(sheets, "Parties", 2, "party", 7)  # a number typed into an id cell
    set_cell(sheets, "Activities", 2, "actor", 7.0)
    set_cell(sheets, "Parties", 3, "party", "007")
    set_cell(sheets, "Activities", 3, "actor", "007")
    set_cell(sheets, "Activities", 2, "name", 2018)
    sheets["Options"][0][9] = "cost:7"
    sheets["Options"][0][10] = "benefit:007"
    set_cell(sheets, "Options", 3, "vetoed_by", "007")
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    scenario = load_scenario(path)
    assert scenario.party_ids == ("7", "007")
    assert [a.actor for a in scenario.activities] == ["7", "007"]
    assert scenario.activities[0].name == "2018"
    assert scenario.option("EX", "freeze").cost == {"7": 3.0}
    assert scenario.option("EX", "freeze").benefit == {"007": 4.0}
    assert scenario.option("EX", "freeze").vetoed_by == ("007",)
    assert scenario.option("EX", "as_planned").cost == {}


def test_value_spellings(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    set_cell(sheets, "Settings", 2, "value", 43101)  # an Excel serial number: 2018-01-01
    set_cell(sheets, "Options", 2, "baseline", True)
    set_cell(sheets, "Options", 3, "baseline", "FALSE")
    set_cell(sheets, "Options", 4, "baseline", 1)
    set_cell(sheets, "Options", 5, "baseline", "No")
    set_cell(sheets, "Options", 4, "duration", "ALL")
    set_cell(sheets, "Options", 2, "duration", 3.0)
    set_cell(sheets, "Options", 2, "hazard", " 0.25 ")
    set_cell(sheets, "Options", 2, "earliest_start", "2018-01-15")
    set_cell(sheets, "Options", 3, "vetoed_by", " DPRK ,, USA")
    sheets["Settings"].append(["Objective ", "MIN_PEAK"])
    sheets["Settings"].append(["risk_cap", "4"])
    scenario = load_scenario(write_workbook(tmp_path / "in.xlsx", sheets))
    assert scenario.settings.start_date == date(2018, 1, 1)
    assert scenario.settings.objective == "min_peak" and scenario.settings.risk_cap == 4.0
    assert [o.baseline for o in scenario.options] == [True, False, True, False]
    ex = scenario.option("EX", "as_planned")
    assert ex.duration == 3 and ex.hazard == 0.25 and ex.earliest_start == date(2018, 1, 15)
    assert scenario.option("TEST", "continue").duration == "all"
    assert scenario.option("EX", "freeze").vetoed_by == ("DPRK", "USA")


def test_serial_dates_follow_the_workbook_epoch(tmp_path: Path) -> None:
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in minimal_sheets().items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb["Settings"]["B2"] = 41639  # 1904 epoch: 2018-01-01 (1900 epoch: 2013-12-31)
    wb["Options"]["F2"] = 41653  # 2018-01-15
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    scenario = load_scenario(path)
    assert scenario.settings.start_date == date(2018, 1, 1)
    assert scenario.options[0].earliest_start == date(2018, 1, 15)


def test_serial_with_time_and_time_of_day_are_not_dates(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    set_cell(sheets, "Settings", 2, "value", 43101.5)
    set_cell(sheets, "Options", 2, "earliest_start", datetime(2018, 1, 15, 8, 0))
    problems = _problems(write_workbook(tmp_path / "in.xlsx", sheets))
    assert set(problems) == {"Settings!B2", "Options!F2"}
    assert "time of day" in problems["Settings!B2"] and "08:00" in problems["Options!F2"]


def test_formula_with_a_saved_value_is_read_and_without_is_reported(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    set_cell(sheets, "Options", 2, "hazard", "=0.2+0.3")
    set_cell(sheets, "Options", 3, "hazard", "=1/0")
    set_cell(sheets, "Options", 4, "hazard", "=B1")
    set_cell(sheets, "Parties", 2, "name", "=UPPER(A2)")
    sheets["Parties"][0].extend([None, "notes"])  # an extra (notes) column: never read ...
    sheets["Parties"][2].extend([None, "=NOW()"])  # ... so its formula is not reported
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    options, parties = sheet_part(path, "Options"), sheet_part(path, "Parties")
    rewrite_part(
        path, options, lambda x: x.replace("<f>0.2+0.3</f><v />", "<f>0.2+0.3</f><v>0.5</v>")
    )
    rewrite_part(
        path,
        options,
        lambda x: x.replace(
            '<c r="H3"><f>1/0</f><v />', '<c r="H3" t="e"><f>1/0</f><v>#DIV/0!</v>'
        ),
    )
    rewrite_part(
        path,
        parties,
        lambda x: x.replace("<f>UPPER(A2)</f><v />", "<f>UPPER(A2)</f><v>USA</v>").replace(
            '<c r="B2">', '<c r="B2" t="str">'
        ),
    )
    before = path.read_bytes()
    problems = _problems(path)
    assert problems == {
        "Options!H3": "the cell holds the Excel error #DIV/0!; type a value",
        "Options!H4": "formula without a saved value; open and save the workbook in Excel, or type the value",
    }
    assert path.read_bytes() == before
    rewrite_part(
        path,
        options,
        lambda x: x.replace('t="e"><f>1/0</f><v>#DIV/0!</v>', "><f>1/0</f><v>0</v>").replace(
            "<f>B1</f><v />", "<f>B1</f><v>0</v>"
        ),
    )
    scenario = load_scenario(path)
    assert scenario.options[0].hazard == 0.5
    assert scenario.parties[0].name == "USA"


def test_forged_dimension_does_not_hide_rows(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    part = sheet_part(path, "Options")
    rewrite_part(
        path, part, lambda x: x.replace('<dimension ref="A1:K5" />', '<dimension ref="A1:B2" />')
    )
    scenario = load_scenario(path)
    assert len(scenario.options) == 4
    assert scenario.option("TEST", "halt").cost == {"USA": 1.0}


def test_two_sheets_with_one_name(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    sheets["options "] = [["activity", "option"]]
    assert _problems(write_workbook(tmp_path / "in.xlsx", sheets)) == {
        "Options": 'two sheets match Options: "Options" and "options "; keep one'
    }


def test_excel_error_in_header_and_text_kept_exactly(tmp_path: Path) -> None:
    sheets = minimal_sheets()
    set_cell(sheets, "Options", 2, "description", "=not a formula, just text")
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    part = sheet_part(path, "Options")
    # the description was written as a formula by the helper; make it literal text as Excel would
    rewrite_part(
        path,
        part,
        lambda x: x.replace(
            "<f>not a formula, just text</f><v />", "<is><t>=not a formula, just text</t></is>"
        ).replace('<c r="C2">', '<c r="C2" t="inlineStr">'),
    )
    scenario = load_scenario(path)
    assert scenario.options[0].description == "=not a formula, just text"
