"""The template of ``planner init``: every schema sheet and column, dropdowns, and only what is left to fill."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.errors import InputError
from planner.io.reader import load_scenario
from planner.io.template import write_template
from planner.schema import SETTINGS, SHEETS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "scenario.xlsx")


def test_fresh_template_reports_only_what_is_left_to_fill(template: Path) -> None:
    with pytest.raises(InputError) as info:
        load_scenario(template)
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("Settings!B2", "start_date is required; the cell is blank"),
        ("Settings!B3", "periods is required; the cell is blank"),
        ("Parties", "no parties: add at least one row below the header"),
        ("Activities", "no activities: add at least one row below the header"),
        ("Options", "no options: add at least one row below the header"),
    ]


def test_every_sheet_and_column_with_bold_frozen_headers(template: Path) -> None:
    wb = load_workbook(template)
    assert wb.sheetnames == ["Instructions", *(s.name for s in SHEETS)]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        header = [c.value for c in ws[1]]
        assert header[: len(sheet.columns)] == [c.name for c in sheet.columns]
        assert all(c.font.bold for c in ws[1] if c.value)
        assert ws.freeze_panes == "A2"
        assert all(ws.cell(1, j + 1).comment for j in range(len(sheet.columns)))
        for j, column in enumerate(sheet.columns, start=1):
            letter = ws.cell(1, j).column_letter
            width = ws.column_dimensions[letter].width
            assert width >= len(column.name) + 2
            if column.type == "date":
                assert ws.column_dimensions[letter].number_format == "yyyy-mm-dd"


def test_settings_prefilled_with_defaults(template: Path) -> None:
    ws = load_workbook(template)["Settings"]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 2 + len(SETTINGS))}
    assert list(rows) == [c.name for c in SETTINGS]
    assert rows == {
        "start_date": None,
        "periods": None,
        "period_days": 7,
        "objective": "min_risk",
        "risk_cap": None,
        "time_limit_s": 60,
        "mip_gap": 0.0001,
        "samples": 200,
        "test_samples": 1000,
        "sample_seed": 0,
        "acceptance_target": 0.9,
        "acceptance_margin": 0,
        "robust_objective": "mean",
        "cvar_level": 0.9,
    }


def _validations(template: Path, sheet: str) -> dict[str, tuple[str, bool]]:
    ws = load_workbook(template)[sheet]
    return {
        str(dv.sqref): (dv.formula1, bool(dv.showErrorMessage))
        for dv in ws.data_validations.dataValidation
    }


def test_dropdowns_for_enumerated_fields(template: Path) -> None:
    keys = ",".join(c.name for c in SETTINGS)
    assert _validations(template, "Settings") == {
        "A2:A34": (f'"{keys}"', True),
        "B5": ('"min_risk,min_peak,max_min_net"', True),
        "B14": ('"mean,cvar"', True),
    }
    options = _validations(template, "Options")
    assert options["D2:D1000"] == ('"yes,no"', True)
    formula, strict = options["E2:E1000"]
    assert (
        formula.startswith('"all,stop,0,1,2') and not strict
    )  # numbers beyond the list may be typed
    assert _validations(template, "Rules") == {"B2:B1000": ('"requires,excludes,before"', True)}
    assert _validations(template, "Sweep") == {"B2:B1000": ('"set,scale"', True)}


def test_instructions_cover_every_column(template: Path) -> None:
    ws = load_workbook(template)["Instructions"]
    text = [[c.value for c in row] for row in ws.iter_rows()]
    listed = {(row[0], row[5]) for row in text if len(row) > 5 and row[5]}
    for sheet in SHEETS:
        columns = SETTINGS if sheet.name == "Settings" else sheet.columns
        for column in columns:
            assert (column.name, column.description) in listed
    assert ("cost:PARTY", "number >= 0") in {(row[0], row[1]) for row in text if row[0]}
