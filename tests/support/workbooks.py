"""Test helper: write small workbooks from lists of rows, and a minimal valid scenario to start from."""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.io.xlsx import set_value

Rows = list[list[Any]]


def build_workbook(sheets: dict[str, Rows], *, literal: bool = False) -> Workbook:
    """An openpyxl Workbook holding ``{"Sheet": [[header...], [row...], ...]}``.

    Args:
        sheets: Rows per sheet, in order; None leaves a cell empty.
        literal: Write every string as literal text (planner.io.xlsx.set_value), as Excel
            would save text typed into a cell. Otherwise values go in exactly as given:
            strings starting with ``=`` become formulas without saved values, as when a
            program writes them; dates get a date number format.
    """
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                if literal:
                    set_value(ws.cell(row=r, column=c), value)
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, datetime | date):
                    cell.number_format = "yyyy-mm-dd"
    return wb


def write_workbook(path: Path | str, sheets: dict[str, Rows], *, literal: bool = False) -> Path:
    """Write ``sheets`` (see build_workbook) to ``path``; returns the path."""
    path = Path(path)
    build_workbook(sheets, literal=literal).save(path)
    return path


MINIMAL: dict[str, Rows] = {
    "Settings": [
        ["key", "value"],
        ["start_date", date(2018, 1, 1)],
        ["periods", 10],
    ],
    "Parties": [
        ["party", "name", "max_cost", "min_benefit", "min_net", "weight"],
        ["USA", "United States", 10, None, None, None],
        ["DPRK", "North Korea", None, None, -5, 2],
    ],
    "Activities": [
        ["activity", "name", "actor", "category", "group"],
        ["EX", "Exercise", "USA", "exercise", "drills"],
        ["TEST", "Missile test", "DPRK", "test", None],
    ],
    "Options": [
        ["activity", "option", "description", "baseline", "duration", "earliest_start",
         "latest_start", "hazard", "vetoed_by", "cost:USA", "benefit:DPRK"],
        ["EX", "as_planned", "", "yes", 2, date(2018, 1, 15), None, 0.5, None, None, None],
        ["EX", "freeze", "", "no", 0, None, None, 0, "DPRK", 3, 4],
        ["TEST", "continue", "", "yes", "all", None, None, 0.2, None, None, None],
        ["TEST", "halt", "", "no", 0, None, None, 0, None, 1, None],
    ],
}  # fmt: skip


FULL: dict[str, Rows] = {
    **MINIMAL,
    "Windows": [
        ["window", "kind", "start", "end"],
        ["sun", "national_day", date(2018, 4, 15), date(2018, 4, 15)],
        ["plant", "planting", date(2018, 2, 1), date(2018, 2, 28)],
    ],
    "Timing": [
        ["applies_to", "kind", "multiplier"],
        ["exercise", "national_day", 2],
        ["*", "planting", 1.5],
        ["EX/as_planned", "planting", 3],
    ],
    "Interactions": [
        ["a", "b", "hazard"],
        ["EX", "TEST/continue", 0.1],
    ],
    "Rules": [
        ["rule", "type", "a", "b", "lag"],
        ["r1", "requires", "EX/freeze", "TEST/halt", None],
        ["r2", "before", "EX", "TEST", 1],
        ["r3", "excludes", "EX/as_planned|freeze", "TEST", None],
    ],
    "Balance": [
        ["party_a", "party_b", "max_gap"],
        ["USA", "DPRK", 5],
    ],
    "Capacity": [
        ["group", "max_active"],
        ["drills", 1],
    ],
    "Sweep": [
        ["target", "mode", "values"],
        ["Parties.max_cost[USA]", "set", "0:10:5"],
        ["Options.hazard[*]", "scale", "0.5,1"],
    ],
}
"""Every sheet filled in, all valid: Settings to Options as in MINIMAL, then one row or more each."""


def minimal_sheets() -> dict[str, Rows]:
    """A deep copy of a small valid workbook's rows (required sheets only), for tests to change."""
    return copy.deepcopy(MINIMAL)


def full_sheets() -> dict[str, Rows]:
    """A deep copy of a valid workbook's rows with every sheet filled in, for tests to change."""
    return copy.deepcopy(FULL)


def set_cell(sheets: dict[str, Rows], sheet: str, row: int, column: str, value: Any) -> None:
    """Set the value in sheet row ``row`` (1-based, as in Excel) under header ``column``."""
    rows = sheets[sheet]
    j = rows[0].index(column)
    while len(rows) < row:
        rows.append([])
    target = rows[row - 1]
    target.extend([None] * (j + 1 - len(target)))
    target[j] = value


def rewrite_part(path: Path | str, part: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one XML part of a saved workbook in place (e.g. to add a formula's saved value)."""
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def sheet_part(path: Path | str, title: str) -> str:
    """The zip part name of the worksheet called ``title`` in a workbook written by openpyxl."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    titles = re.findall(r'<sheet name="([^"]*)"', workbook)
    return f"xl/worksheets/sheet{titles.index(title) + 1}.xml"


def replace_sheet(
    path: Path,
    title: str,
    write: Callable[[zipfile.ZipFile, str], None],
    name: str = "hostile.xlsx",
) -> Path:
    """Copy ``path``'s parts to ``name`` but write the worksheet ``title`` with ``write`` (streamed)."""
    part = sheet_part(path, title)
    out = path.with_name(name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == part:
                write(dst, part)
            else:
                dst.writestr(info.filename, src.read(info))
    return out
