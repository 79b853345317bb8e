"""The blank input workbook of ``planner init``: every schema sheet, instructions and dropdowns."""

from __future__ import annotations

from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planner.io.xlsx import DATE_FORMAT, empty_workbook, save_atomic, set_value, write_table
from planner.schema import SETTINGS, SHEETS, Column, Sheet
from planner.schema_text import GENERAL_RULES, column_facts, default_label, dynamic_facts

TEMPLATE_ROWS = 1000
"""Dropdowns cover rows 2 to this row."""
DURATION_CHOICES = "all,stop," + ",".join(str(k) for k in range(13))
_WIDTHS = {"date": 12, "text": 24, "id": 14, "ref": 16, "sweep_values": 16, "id_list": 16}
_WIDE = {"description": 40, "name": 24, "target": 32}


def write_template(path: str | Path) -> Path:
    """Write a blank input workbook: Instructions, then every sheet of the schema.

    Headers are bold and frozen, date columns carry a date format, enumerated fields have
    dropdowns, and Settings is pre-filled with every key and its default (required ones blank).

    Args:
        path: The ``.xlsx`` file to create (written whole, via a temporary file).

    Returns:
        The path written.
    """
    wb = empty_workbook()
    _instructions(wb.create_sheet("Instructions"))
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        if sheet.name == "Settings":
            _settings(ws, sheet)
        else:
            _records_sheet(ws, sheet)
    return save_atomic(wb, Path(path))


def _header(ws: Worksheet, sheet: Sheet) -> None:
    write_table(ws, [c.name for c in sheet.columns], [])
    for j, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        note = column.description + ("" if not column.required else " Required.")
        if column.default is not None:
            note += f" Default: {default_label(column)}."
        ws.cell(row=1, column=j).comment = Comment(note, "planner")
        width = _WIDE.get(column.name, _WIDTHS.get(column.type, 12))
        ws.column_dimensions[letter].width = max(width, len(column.name) + 4)
        if column.type == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT


def _records_sheet(ws: Worksheet, sheet: Sheet) -> None:
    _header(ws, sheet)
    for j, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
        if column.choices:
            _dropdown(ws, cells, ",".join(column.choices), column)
        elif column.type == "bool":
            _dropdown(ws, cells, "yes,no", column)
        elif column.type == "duration":
            _dropdown(ws, cells, DURATION_CHOICES, column, strict=False)


def _dropdown(ws: Worksheet, cells: str, choices: str, column: Column, strict: bool = True) -> None:
    """A list validation; ``strict=False`` suggests values but lets any value be typed."""
    dv = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=strict,
        showInputMessage=True,
        promptTitle=column.name[:32],
        prompt=column.description[:255],
    )
    if strict:
        dv.errorTitle = "Not allowed"
        dv.error = f"{column.name} must be one of: {choices.replace(',', ', ')}"
    ws.add_data_validation(dv)
    dv.add(cells)


def _settings(ws: Worksheet, sheet: Sheet) -> None:
    _header(ws, sheet)
    key_column = sheet.columns[0]
    _dropdown(ws, f"A2:A{len(SETTINGS) + 20}", ",".join(c.name for c in SETTINGS), key_column)
    for r, column in enumerate(SETTINGS, start=2):
        set_value(ws.cell(row=r, column=1), column.name)
        value = ws.cell(row=r, column=2)
        if column.default is not None and not column.required:
            set_value(value, column.default)
        if column.type == "date":
            value.number_format = DATE_FORMAT
        if column.choices:
            _dropdown(ws, value.coordinate, ",".join(column.choices), column)
        set_value(ws.cell(row=r, column=3), column.description)
        ws.cell(row=r, column=3).font = Font(italic=True, color="808080")
    set_value(ws["C1"], "about (ignored)")
    ws["C1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 90


def _instructions(ws: Worksheet) -> None:
    ws["A1"] = "How to fill in this workbook"
    ws["A1"].font = Font(bold=True, size=14)
    r = 2
    for rule in GENERAL_RULES:
        r += 1
        set_value(ws.cell(row=r, column=1), rule.replace("`", ""))
    r += 2
    for sheet in SHEETS:
        r = _instructions_sheet(ws, sheet, r) + 1
    ws.column_dimensions["A"].width = 18
    for letter, width in zip("BCDEF", (34, 10, 10, 10, 90), strict=True):
        ws.column_dimensions[letter].width = width


def _instructions_sheet(ws: Worksheet, sheet: Sheet, r: int) -> int:
    status = "required sheet" if sheet.required else "optional sheet"
    title = ws.cell(row=r, column=1)
    set_value(title, f"{sheet.name} ({status})")
    title.font = Font(bold=True, size=12)
    set_value(ws.cell(row=r + 1, column=1), sheet.description.replace("`", ""))
    header = ("column", "type", "required", "default", "sweepable", "description")
    columns = SETTINGS if sheet.name == "Settings" else sheet.columns
    if sheet.name == "Settings":
        header = ("key", *header[1:])
    rows: list[tuple[str, ...]] = [column_facts(c) for c in columns]
    rows += [dynamic_facts(prefix) for prefix in sheet.dynamic_prefixes]
    r += 2
    for j, name in enumerate(header, start=1):
        ws.cell(row=r, column=j).value = name
        ws.cell(row=r, column=j).font = Font(bold=True)
    for row in rows:
        r += 1
        for j, value in enumerate(row, start=1):
            set_value(ws.cell(row=r, column=j), value)
            ws.cell(row=r, column=j).alignment = Alignment(wrap_text=j == 6, vertical="top")
    return r + 1
