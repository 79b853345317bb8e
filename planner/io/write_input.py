"""Writes a Scenario back as a valid input workbook (for tests, round trips and generated examples)."""

from __future__ import annotations

from pathlib import Path

from planner.io.xlsx import empty_workbook, save_atomic, write_table
from planner.scenario import Scenario
from planner.schema import SETTINGS, SHEETS
from planner.schema_records import dynamic_header, records_of, row_cells


def write_scenario_workbook(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` as an input workbook that reads back equal to it.

    Args:
        scenario: The scenario to write.
        path: The ``.xlsx`` file to create (written whole, via a temporary file).

    Returns:
        The path written.
    """
    wb = empty_workbook()
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        header = [c.name for c in sheet.columns]
        if sheet.record is None:  # Settings: one key/value row per setting
            rows = [[c.name, getattr(scenario.settings, c.name)] for c in SETTINGS]
        else:
            header += dynamic_header(sheet, scenario.party_ids)
            rows = [row_cells(sheet, r, header) for r in records_of(scenario, sheet)]
        write_table(ws, header, rows)
    return save_atomic(wb, Path(path))
