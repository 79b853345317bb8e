"""Where an input value lives in the workbook (``Sheet!Cell``), for messages and Diagnosis rows."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from planner.scenario import Scenario
from planner.schema import normalise
from planner.schema_records import column_positions

_SHEETS_READ = ("Parties", "Options", "Rules", "Balance", "Capacity")


@dataclass
class CellLocator:
    """Maps (sheet, column, row) to ``Sheet!A1`` text.

    Column positions are read from the source workbook's header rows when the scenario
    came from a file that can still be read; otherwise the schema's column order (the
    layout of ``planner init``'s template) is assumed.
    """

    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    settings_rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> CellLocator:
        """A locator for ``scenario`` (reads only header rows and the Settings keys)."""
        loc = cls({name: column_positions(name) for name in _SHEETS_READ})
        if scenario.source is not None:
            with contextlib.suppress(Exception):  # a missing/moved file: keep the schema layout
                loc._read(Path(scenario.source.path))
        return loc

    def _read(self, path: Path) -> None:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = {normalise(name): wb[name] for name in wb.sheetnames}
            for name in _SHEETS_READ:
                ws = sheets.get(normalise(name))
                if ws is None:
                    continue
                header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
                found = {normalise(v): j for j, v in enumerate(header, start=1) if v is not None}
                if found:
                    self.columns[name] = found
            ws = sheets.get("settings")
            if ws is not None:
                for r, row in enumerate(ws.iter_rows(min_row=2, max_col=1, values_only=True), 2):
                    if row and row[0] is not None:
                        self.settings_rows.setdefault(normalise(row[0]), r)
        finally:
            wb.close()

    def cell(self, sheet: str, column: str, row: int) -> str:
        """``Sheet!C5``; ``Sheet!column`` when the column or row is unknown."""
        j = self.columns.get(sheet, {}).get(normalise(column))
        if j is None or row < 1:
            return f"{sheet}!{column}"
        return f"{sheet}!{get_column_letter(j)}{row}"

    def setting(self, key: str) -> str:
        """``Settings!B4`` for a Settings key (the value column), ``Settings!key`` if unknown."""
        r = self.settings_rows.get(key)
        return f"Settings!B{r}" if r else f"Settings!{key}"
