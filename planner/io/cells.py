"""Where an input value lives in the workbook (``Sheet!Cell``), for messages and Diagnosis rows."""

from __future__ import annotations

from dataclasses import dataclass, field

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
        """A locator for ``scenario``: the layout recorded when its workbook was read (the file
        is never opened again), else the schema's."""
        loc = cls({name: column_positions(name) for name in _SHEETS_READ})
        source = scenario.source
        if source is not None:
            for name, found in source.header_columns:
                if name in loc.columns and found:
                    loc.columns[name] = dict(found)
            loc.settings_rows = dict(source.settings_rows)
        return loc

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
