"""The schema's column-to-field mapping: every column fills one record field, and back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from planner.addresses import cells, parse_ref, resolve
from planner.examples.korea_2018 import build_scenario
from planner.io.reader import load_scenario
from planner.io.write_input import write_scenario_workbook
from planner.scenario import Option, Ref, Scenario
from planner.schema import SETTINGS, SHEETS, Sheet
from planner.schema_records import (
    column_positions,
    duplicate_column,
    key_columns,
    make_record,
    record_sheets,
    records_of,
    row_cells,
    row_key,
)

pytestmark = pytest.mark.unit

RECORD_SHEETS = record_sheets()
NOT_COLUMNS = {"row"}  # record fields that no column fills (cost/benefit: the prefix columns)


def _fields(sheet: Sheet) -> set[str]:
    assert sheet.record is not None
    return {f.name for f in dataclasses.fields(sheet.record)} - NOT_COLUMNS


def test_every_sheet_but_settings_has_a_record_type_and_scenario_attribute() -> None:
    assert [s.name for s in SHEETS if s.record is None] == ["Settings"]
    scenario_fields = {f.name for f in dataclasses.fields(Scenario)}
    for sheet in RECORD_SHEETS:
        assert sheet.records in scenario_fields, sheet.name


@pytest.mark.parametrize("sheet", RECORD_SHEETS, ids=lambda s: s.name)
def test_every_column_fills_one_field_and_every_field_has_its_column(sheet: Sheet) -> None:
    filled = [c.record_field for c in sheet.columns]
    dynamic = {p.rstrip(":") for p in sheet.dynamic_prefixes}
    assert len(filled) == len(set(filled)), f"two columns fill one field in {sheet.name}"
    assert set(filled) | dynamic == _fields(sheet)


def test_settings_keys_are_the_settings_fields() -> None:
    from planner.scenario import Settings

    assert [c.name for c in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]


def test_key_columns_and_duplicate_columns_are_pinned() -> None:
    got = {s.name: (key_columns(s), duplicate_column(s)) for s in RECORD_SHEETS if s.key}
    assert got == {
        "Parties": (("party",), "party"),
        "Activities": (("activity",), "activity"),
        "Options": (("activity", "option"), "option"),
        "Windows": (("window",), "window"),
        "Timing": (("applies_to", "kind"), "applies_to"),
        "Interactions": (("a", "b"), "a"),
        "Rules": (("rule",), "rule"),
        "Balance": (("party_a", "party_b"), "party_a"),
        "Capacity": (("group",), "group"),
    }


@pytest.fixture(scope="module")
def example() -> Scenario:
    return build_scenario()


def test_row_keys_are_the_records_own_keys(example: Scenario) -> None:
    by_sheet = {s.name: s for s in RECORD_SHEETS}
    assert [row_key(by_sheet["Options"], o) for o in example.options] == [
        o.key for o in example.options
    ]
    assert [row_key(by_sheet["Timing"], t) for t in example.timing] == [
        t.key for t in example.timing
    ]
    assert [row_key(by_sheet["Balance"], b) for b in example.balances] == [
        b.key for b in example.balances
    ]
    assert [row_key(by_sheet["Parties"], p) for p in example.parties] == list(example.party_ids)


@pytest.mark.parametrize("sheet", RECORD_SHEETS, ids=lambda s: s.name)
def test_record_to_cells_to_record_is_the_identity(sheet: Sheet, example: Scenario) -> None:
    records = records_of(example, sheet)
    assert records, f"the example has no {sheet.name} rows: this test would check nothing"
    header = [c.name for c in sheet.columns]
    for record in records:
        values = dict(zip(header, row_cells(sheet, record, header), strict=True))
        for column in sheet.columns:  # cells hold text; the reader parses it back
            if column.ref_form and values[column.name]:
                values[column.name] = parse_ref(values[column.name])
            elif column.type == "id_list":
                values[column.name] = tuple(filter(None, (values[column.name] or "").split(",")))
        extra = {p.rstrip(":"): getattr(record, p.rstrip(":")) for p in sheet.dynamic_prefixes}
        assert make_record(sheet, values, record.row, extra) == record


@pytest.fixture(scope="module")
def read_back(example: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    path: Path = tmp_path_factory.mktemp("mapping") / "example.xlsx"
    return load_scenario(write_scenario_workbook(example, path))


@pytest.mark.parametrize("sheet", RECORD_SHEETS, ids=lambda s: s.name)
def test_write_then_read_round_trips_every_sheet(
    sheet: Sheet, example: Scenario, read_back: Scenario
) -> None:
    assert records_of(read_back, sheet) == records_of(example, sheet)
    rows = [r.row for r in records_of(read_back, sheet)]
    assert rows == list(range(2, 2 + len(rows)))  # the row each record was read from


def test_write_then_read_round_trips_settings(example: Scenario, read_back: Scenario) -> None:
    assert read_back.settings == example.settings


def test_blank_values_take_the_record_defaults() -> None:
    options = next(s for s in RECORD_SHEETS if s.name == "Options")
    record = make_record(options, {"activity": "A", "option": "o", "description": ""}, 7)
    assert record == Option("A", "o")
    assert record.row == 7
    assert record.vetoed_by == () and record.hazard == 0.0 and record.description == ""


def test_cells_of_an_address_list_values_keys_and_locations(example: Scenario) -> None:
    target = resolve(example, "Options.hazard[*]", "--vary")
    found = cells(example, target)
    assert [c.key for c in found] == [o.key for o in example.options]
    assert [c.value for c in found] == [o.hazard for o in example.options]
    assert found[0].location() == "Options!hazard"  # built in code: no sheet row to point at
    party = example.party_ids[0]
    first = example.options[0]
    cost = cells(example, resolve(example, f"Options.cost:{party}[{first.key}]", "x"))
    assert [(c.key, c.value) for c in cost] == [(first.key, first.cost.get(party))]


def test_cell_locations_follow_the_rows_read(read_back: Scenario) -> None:
    found = cells(read_back, resolve(read_back, "Parties.max_cost[*]", "x"))
    letter = get_column_letter(column_positions("Parties")["max_cost"])  # the writer's layout
    assert [c.location() for c in found] == [f"Parties!{letter}{2 + i}" for i in range(len(found))]
    moved = found[0].location({"max_cost": 5})
    assert moved == "Parties!E2"
    setting = cells(read_back, resolve(read_back, "Settings.risk_cap", "x"))
    assert [(c.sheet, c.column, c.value) for c in setting] == [
        ("Settings", "risk_cap", read_back.settings.risk_cap)
    ]


def test_parse_ref_grammar() -> None:
    assert parse_ref("A") == Ref("A")
    assert parse_ref("A/x|y") == Ref("A", ("x", "y"))
    assert parse_ref("A/x|y", alternatives=False) is None
    for bad in ("", "/x", "A/", "A/x/y", "A/x|", "A@B", " A"):
        assert parse_ref(bad) is None, bad
