"""Sheets as located tables: header matching, cell locations, and typed reading of row fields."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl.utils import get_column_letter

from planner.errors import Problem
from planner.io.headers import report_header
from planner.io.validate import cells as vc
from planner.schema import SHEETS, Column, Sheet, normalise

_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}
_CELL_RE = re.compile(r"^([A-Z]+)(\d+)$")


class Problems:
    """Collects every problem found; nothing stops at the first one."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Problem] = {}
        self.warnings: list[Problem] = []  # not errors: e.g. columns planner does not read

    def add(self, location: str, message: str) -> None:
        """Record one problem (exact duplicates are kept once)."""
        self._items.setdefault((location, message), Problem(location, message))

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Problem]:
        """Problems in sheet order (schema order), then row, then column."""
        return sorted(self._items.values(), key=_problem_key)


def _problem_key(p: Problem) -> tuple[int, int, int, str, str]:
    sheet, _, where = p.location.partition("!")
    order = _SHEET_ORDER.get(sheet, -1 if not where and sheet != "" else len(_SHEET_ORDER))
    match = _CELL_RE.match(where)
    if match:
        letters, digits = match.groups()
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        return (order, int(digits), col, p.location, p.message)
    return (order, 0 if not where else 10**9, 0, p.location, p.message)


class Bad:
    """Marks a cell already reported (formula without value, Excel error): read as blank, silently."""

    def __repr__(self) -> str:
        return "BAD"


BAD = Bad()


@dataclass
class RawSheet:
    """The non-blank cells of one worksheet as read: ``rows[row][column] = value`` (1-based)."""

    title: str
    rows: dict[int, dict[int, Any]] = field(default_factory=dict)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    error_values: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class DynamicColumn:
    """A ``prefix:NAME`` column such as ``cost:USA``."""

    prefix: str
    name: str
    index: int


@dataclass
class Row:
    """One non-blank record row: its sheet row number and values by column index."""

    number: int
    values: dict[int, Any]


@dataclass
class Table:
    """A schema sheet read from the workbook, with the position of each known column."""

    sheet: Sheet
    columns: dict[str, int]
    dynamic: list[DynamicColumn]
    rows: list[Row]

    def loc(self, row: int, column: str | int) -> str:
        """``Sheet!Cell`` of a row's cell in a named column (or a column index)."""
        index = column if isinstance(column, int) else self.columns[column]
        return f"{self.sheet.name}!{get_column_letter(index)}{row}"

    def col_loc(self, column: str) -> str:
        """``Sheet!column`` for problems no single cell is at fault for."""
        return f"{self.sheet.name}!{column}"

    def column(self, name: str) -> Column:
        """The schema column called ``name``."""
        return _schema_columns(self.sheet)[name]

    def raw(self, row: Row, column: str) -> Any:
        """The raw value of a row's cell in a named column (None when absent or blank)."""
        index = self.columns.get(column)
        return None if index is None else row.values.get(index)


@functools.cache
def _schema_columns(sheet: Sheet) -> dict[str, Column]:
    return {c.name: c for c in sheet.columns}


def empty_table(sheet: Sheet) -> Table:
    """A table for an absent optional sheet."""
    return Table(sheet, {}, [], [])


def build_table(sheet: Sheet, raw: RawSheet, problems: Problems) -> Table:
    """Match the header row to the schema and collect the non-blank record rows."""
    header = raw.rows.get(1, {})
    columns, dynamic = _match_header(sheet, header, problems)
    for column in sheet.columns:
        if column.required and column.name not in columns:
            problems.add(f"{sheet.name}!{column.name}", "required column missing")
    used = set(columns.values()) | {d.index for d in dynamic}
    report_header(sheet, raw.rows, used, problems)
    table = Table(sheet, columns, dynamic, [])
    _report_bad_cells(table, raw, used, problems)
    for number in sorted(raw.rows):
        if number == 1:
            continue
        values = {c: v for c, v in raw.rows[number].items() if c in used and not vc.is_blank(v)}
        if values:
            table.rows.append(Row(number, values))
    return table


def _match_header(
    sheet: Sheet, header: dict[int, Any], problems: Problems
) -> tuple[dict[str, int], list[DynamicColumn]]:
    known = {normalise(c.name): c.name for c in sheet.columns}
    columns: dict[str, int] = {}
    dynamic: list[DynamicColumn] = []
    seen: dict[str, int] = {}
    for index in sorted(header):
        value = header[index]
        if value is BAD or vc.is_blank(value):
            continue
        name = normalise(vc.to_text(value))
        where = f"{sheet.name}!{get_column_letter(index)}1"
        if name in seen:
            first = get_column_letter(seen[name])
            problems.add(
                where, f"column {vc.to_text(value)} appears twice (also in column {first})"
            )
            continue
        seen[name] = index
        if name in known:
            columns[known[name]] = index
            continue
        for prefix in sheet.dynamic_prefixes:
            if name.startswith(prefix):
                rest = vc.to_text(value).strip()[len(prefix) :].strip()
                if not rest:
                    problems.add(
                        where, f"column {vc.to_text(value)} needs a party id after the colon"
                    )
                else:
                    dynamic.append(DynamicColumn(prefix, rest, index))
    return columns, dynamic


def _report_bad_cells(table: Table, raw: RawSheet, used: set[int], problems: Problems) -> None:
    for r, c in sorted(raw.formulas_without_value):
        if c in used or r == 1:
            problems.add(
                table.loc(r, c),
                "formula without a saved value; open and save the workbook in Excel, or type the value",
            )
    for (r, c), text in sorted(raw.error_values.items()):
        if c in used or r == 1:
            problems.add(table.loc(r, c), f"the cell holds the Excel error {text}; type a value")


class RowReader:
    """Reads typed fields of one row by the schema, recording problems at exact cells."""

    def __init__(self, table: Table, row: Row, problems: Problems, epoch: datetime) -> None:
        self.table = table
        self.row = row
        self.problems = problems
        self.epoch = epoch
        self.failed: set[str] = set()

    @property
    def ok(self) -> bool:
        """True while no cell of this row had a problem."""
        return not self.failed

    def loc(self, name: str) -> str:
        """Location of this row's cell in column ``name`` (the column must be present)."""
        return self.table.loc(self.row.number, name)

    def fail(self, name: str, message: str) -> None:
        """Record a problem at this row's cell in column ``name``."""
        self.failed.add(name)
        self.problems.add(self.loc(name), message)

    def get(self, name: str) -> Any:
        """The typed value of column ``name``; the default when blank or invalid (problem noted)."""
        column = self.table.column(name)
        value = self.table.raw(self.row, name)
        if value is BAD:
            self.failed.add(name)
            return column.default
        if vc.is_blank(value):
            if column.required and name in self.table.columns:
                self.fail(name, f"{name} is required; the cell is blank")
            return column.default
        try:
            return convert(value, column, self.epoch)
        except vc.CellError as exc:
            self.fail(name, str(exc))
            # An id that is only misspelt still names its record, so references to it resolve.
            return (vc.to_text(value) or None) if column.type == "id" else column.default

    def dynamic(self, col: DynamicColumn, column: Column) -> float | None:
        """A number from a ``prefix:NAME`` column; None when blank or invalid."""
        value = self.row.values.get(col.index)
        if value is BAD or vc.is_blank(value):
            return None
        try:
            return vc.to_number(value, column)
        except vc.CellError as exc:
            self.failed.add(column.name)
            self.problems.add(self.table.loc(self.row.number, col.index), str(exc))
            return None


def convert(value: Any, column: Column, epoch: datetime) -> Any:
    """Convert a non-blank cell value to the column's type (raises ``CellError``)."""
    kind = column.type
    if kind == "id":
        return vc.to_id(value, column.name)
    if kind in ("text", "ref", "sweep_values"):
        return vc.to_text(value)
    if kind == "number":
        return vc.to_number(value, column)
    if kind == "int":
        return vc.to_int(value, column)
    if kind == "date":
        return vc.to_date(value, column, epoch)
    if kind == "bool":
        return vc.to_bool(value, column)
    if kind == "duration":
        return vc.to_duration(value, column)
    if kind == "enum":
        return vc.to_enum(value, column)
    if kind == "id_list":
        return vc.to_id_list(value, column.name)
    raise AssertionError(f"unknown column type {kind}")


@dataclass
class Context:
    """Everything the per-sheet readers share: the tables, the problems, the workbook epoch."""

    tables: dict[str, Table]
    problems: Problems
    epoch: datetime
    failed_cells: set[tuple[str, int, str]] = field(default_factory=set)

    def rows(self, sheet: str) -> list[tuple[RowReader, Row]]:
        """A reader for every record row of a sheet."""
        table = self.tables[sheet]
        return [(RowReader(table, row, self.problems, self.epoch), row) for row in table.rows]

    def done(self, sheet: str, reader: RowReader) -> None:
        """Remember the cells of a row that had a problem, so later checks do not pile on."""
        for name in reader.failed:
            self.failed_cells.add((sheet, reader.row.number, name))

    def failed(self, sheet: str, row: int, *columns: str) -> bool:
        """True when one of these cells of a row already had a problem."""
        return any((sheet, row, c) in self.failed_cells for c in columns)

    def has(self, sheet: str, column: str) -> bool:
        """True when the sheet has this column and rows (else references to it are not checked)."""
        table = self.tables[sheet]
        return column in table.columns and bool(table.rows)
