"""Writes a Scenario back as a valid input workbook (for tests, round trips and generated examples)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.io.xlsx import save_atomic, write_table
from planner.scenario import Option, Ref, Scenario
from planner.schema import SETTINGS, SHEETS

_ID_ATTRIBUTE = {"party": "id", "option": "id", "window": "id", "rule": "id"}


def _cell(value: Any) -> Any:
    """A record value as written to a cell (references as text, lists comma-joined, '' blank)."""
    if isinstance(value, Ref):
        return value.text
    if isinstance(value, tuple):
        return ",".join(value) or None
    if value == "":
        return None
    return value


def _record_row(columns: list[str], record: Any) -> list[Any]:
    row = []
    for name in columns:
        attribute = _ID_ATTRIBUTE.get(name, name)
        if name == "activity" and not isinstance(record, Option):
            attribute = "id"
        row.append(_cell(getattr(record, attribute)))
    return row


def _records(scenario: Scenario, sheet: str) -> tuple[Any, ...]:
    return {
        "Parties": scenario.parties,
        "Activities": scenario.activities,
        "Options": scenario.options,
        "Windows": scenario.windows,
        "Timing": scenario.timing,
        "Interactions": scenario.interactions,
        "Rules": scenario.rules,
        "Balance": scenario.balances,
        "Capacity": scenario.capacities,
        "Sweep": scenario.sweeps,
        "Uncertainty": scenario.uncertainty,
    }[sheet]


def _options_rows(scenario: Scenario, columns: list[str]) -> tuple[list[str], list[list[Any]]]:
    parties = scenario.party_ids
    header = columns + [f"cost:{p}" for p in parties] + [f"benefit:{p}" for p in parties]
    rows = [
        _record_row(columns, o)
        + [o.cost.get(p) for p in parties]
        + [o.benefit.get(p) for p in parties]
        for o in scenario.options
    ]
    return header, rows


def write_scenario_workbook(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` as an input workbook that reads back equal to it.

    Args:
        scenario: The scenario to write.
        path: The ``.xlsx`` file to create (written whole, via a temporary file).

    Returns:
        The path written.
    """
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        columns = [c.name for c in sheet.columns]
        if sheet.name == "Settings":
            header, rows = columns, [[c.name, getattr(scenario.settings, c.name)] for c in SETTINGS]
        elif sheet.name == "Options":
            header, rows = _options_rows(scenario, columns)
        else:
            header = columns
            rows = [_record_row(columns, r) for r in _records(scenario, sheet.name)]
        write_table(ws, header, rows)
    return save_atomic(wb, Path(path))
