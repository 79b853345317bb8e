"""Reads an input workbook with openpyxl (safely, cell by cell, row numbers kept) into a Scenario."""

from __future__ import annotations

import dataclasses
import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from planner.errors import InputError, Problem
from planner.io.cellscan import bad_number_cells
from planner.io.magnitudes import check_magnitudes
from planner.io.preflight import check_file
from planner.io.source import InputFile
from planner.io.validate.table import BAD, Problems, RawSheet
from planner.io.validate.workbook import validate_raw
from planner.scenario import Scenario, SourceInfo
from planner.schema import MAX_ROWS_PER_SHEET, SHEETS_BY_NAME, normalise

if openpyxl.DEFUSEDXML is not True:  # pragma: no cover - defusedxml is a hard dependency
    raise ImportError("planner needs defusedxml so that openpyxl refuses XML entity attacks")


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a workbook.

    Args:
        path: The ``.xlsx`` input workbook (never modified).

    Returns:
        The validated scenario, with ``source`` set to the path and the file's SHA-256.

    Raises:
        InputError: With every problem found, each located as ``Sheet!Cell``.
    """
    path = Path(path)
    file = check_file(path)
    source = SourceInfo(str(path), file.sha256)
    problems = Problems()
    raws, epoch, titles = read_raw_sheets(file, problems)
    source = dataclasses.replace(source, **_layout(raws))
    scenario = validate_raw(raws, epoch, source, problems, titles)
    check_magnitudes(scenario)
    if not problems.warnings:
        return scenario
    warnings = tuple(str(w) for w in sorted(problems.warnings, key=_warning_key))
    return dataclasses.replace(scenario, source=dataclasses.replace(source, warnings=warnings))


def _layout(raws: dict[str, RawSheet]) -> dict[str, Any]:
    """Header columns of every sheet and the row of every Settings key, as read."""
    headers = tuple(
        (name, tuple(sorted((normalise(v), j) for j, v in raw.rows.get(1, {}).items()
                            if isinstance(v, str) and v.strip())))
        for name, raw in raws.items()
    )  # fmt: skip
    settings = raws.get("Settings")
    rows: dict[str, int] = {}
    for r in sorted(settings.rows) if settings else ():
        key = settings.rows[r].get(1) if settings else None
        if r > 1 and isinstance(key, str) and key.strip():
            rows.setdefault(normalise(key), r)
    return {"header_columns": headers, "settings_rows": tuple(rows.items())}


def _warning_key(p: Problem) -> tuple[int, str]:
    return (0 if "!" not in p.location else 1, p.location)


def _as_file(source: Path | InputFile) -> InputFile:
    return source if isinstance(source, InputFile) else check_file(source)


@contextmanager
def _opened(source: InputFile, data_only: bool) -> Iterator[Workbook]:
    """Open a workbook's bytes read-only, mapping every reading failure to one clear InputError."""
    wb = None
    path = source.path
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = _Reader(io.BytesIO(source.data), read_only=True, data_only=data_only)
            reader.read()  # what openpyxl.load_workbook(read_only=True) does
            wb = reader.wb
            yield wb
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside openpyxl is a bad file
        raise InputError(Problem(path.name, _reading_failure(exc))) from None
    finally:
        if wb is not None:
            wb.close()


class _UnsizedSheet(ReadOnlyWorksheet):
    """A schema sheet, read without its ``<dimension>``: openpyxl parses the first 16 KB of
    every sheet at load to find it, and :func:`_read_sheet` discards it (a forged one must
    not be trusted) and reads every row anyway, where any damage is found as before."""

    def _get_size(self) -> None:
        pass


class _Reader(ExcelReader):  # type: ignore[misc]
    """openpyxl's read-only reader, its sheets made as openpyxl makes them but for the
    schema sheets' dimension (:class:`_UnsizedSheet`); other sheets are sized as openpyxl
    does, so a damaged one is still refused at load."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            rels_path = get_rels_path(rel.target)
            if rels_path in self.valid_files:  # parsed (and checked) as openpyxl does
                get_dependents(self.archive, rels_path)
            kind = _UnsizedSheet if _schema_name(sheet.name) else ReadOnlyWorksheet
            ws = kind(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)


def _reading_failure(exc: BaseException) -> str:
    """One sentence for a failure inside openpyxl (XML attack, damaged part, anything else)."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 10:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return (
            "refused: it contains XML entity or DOCTYPE declarations, which Excel never writes "
            "(an 'entity bomb'); save the workbook again from Excel"
        )
    if any(
        isinstance(e, zipfile.BadZipFile | InvalidFileException | ParseError | KeyError)
        for e in chain
    ):
        return f"damaged or not a valid .xlsx workbook ({type(exc).__name__}: {exc})"
    return f"could not be read as an .xlsx workbook ({type(exc).__name__}: {exc})"


def read_raw_sheets(
    source: Path | InputFile, problems: Problems
) -> tuple[dict[str, RawSheet], datetime, list[str]]:
    """The non-blank cells of every schema sheet, by schema sheet name, and the workbook epoch.

    ``source`` is the pre-flighted bytes (a path is read and pre-flighted first).
    """
    source = _as_file(source)
    raws: dict[str, RawSheet] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    with _opened(source, data_only=False) as wb:
        epoch = wb.epoch
        titles = list(wb.sheetnames)
        for ws in wb.worksheets:
            name = _schema_name(ws.title)
            if name is None:
                continue
            if getattr(ws, "sheet_state", "visible") != "visible":
                problems.warnings.append(
                    Problem(
                        ws.title, f"the sheet is {ws.sheet_state} in Excel, but planner reads it"
                    )
                )
            if name in raws:
                problems.add(
                    name,
                    f'two sheets match {name}: "{raws[name].title}" and "{ws.title}"; keep one',
                )
                continue
            raws[name], formulas[name] = _read_located(source, ws, problems, name)
    if any(formulas.values()):
        _fill_formula_values(source, raws, formulas, problems)
    return raws, epoch, titles


def _schema_name(title: str) -> str | None:
    sheet = SHEETS_BY_NAME.get(normalise(title))
    return None if sheet is None else sheet.name


def _read_located(
    source: InputFile, ws: Any, problems: Problems, name: str
) -> tuple[RawSheet, set[tuple[int, int]]]:
    """``_read_sheet``, naming the cells when openpyxl stops at a stored non-number (NaN)."""
    try:
        return _read_sheet(ws, problems, name)
    except ValueError:
        found = bad_number_cells(source.data, getattr(ws, "_worksheet_path", ""), ws.title)
        if found:
            raise InputError(found) from None
        raise


def _read_sheet(ws: Any, problems: Problems, name: str) -> tuple[RawSheet, set[tuple[int, int]]]:
    ws.reset_dimensions()  # never trust a (possibly forged) <dimension>
    raw = RawSheet(ws.title)
    formulas: set[tuple[int, int]] = set()
    header_rows = ws.iter_rows(min_row=1, max_row=1)
    _store_row(raw, formulas, 1, next(header_rows, ()))
    count = 0
    # Every column is read (openpyxl parses each cell of a row anyway): values under an
    # empty or merged header must be seen to be reported (planner.io.headers).
    for r, cells in enumerate(ws.iter_rows(min_row=2), start=2):
        if _store_row(raw, formulas, r, cells):
            count += 1
            if count > MAX_ROWS_PER_SHEET:
                problems.add(
                    name, f"more than {MAX_ROWS_PER_SHEET:,} rows; no scenario is that large"
                )
                break
    return raw, formulas


def _store_row(raw: RawSheet, formulas: set[tuple[int, int]], r: int, cells: Any) -> bool:
    values: dict[int, Any] = {}
    for c, cell in enumerate(cells, start=1):
        value = cell.value
        if value is None:
            continue
        if cell.data_type == "f":
            formulas.add((r, c))
            value = BAD
        elif cell.data_type == "e":
            raw.error_values[(r, c)] = str(value)
            value = BAD
        values[c] = value
    if values:
        raw.rows[r] = values
    return bool(values)


def _fill_formula_values(
    source: InputFile,
    raws: dict[str, RawSheet],
    formulas: dict[str, set[tuple[int, int]]],
    problems: Problems,
) -> None:
    """Replace formula cells by their saved values; report formulas that have none."""
    with _opened(source, data_only=True) as wb:
        for ws in wb.worksheets:
            name = _schema_name(ws.title)
            if name is None or not formulas.get(name) or raws[name].title != ws.title:
                continue
            ws.reset_dimensions()
            wanted = formulas[name]
            last_row = max(r for r, _ in wanted)
            last_col = max(c for _, c in wanted)
            saved: dict[tuple[int, int], Any] = {}
            for r, cells in enumerate(ws.iter_rows(max_row=last_row, max_col=last_col), start=1):
                for c, cell in enumerate(cells, start=1):
                    if (r, c) in wanted:
                        saved[(r, c)] = (cell.value, cell.data_type)
            _apply_saved(raws[name], wanted, saved)


def _apply_saved(
    raw: RawSheet, wanted: set[tuple[int, int]], saved: dict[tuple[int, int], tuple[Any, str]]
) -> None:
    for r, c in wanted:
        value, data_type = saved.get((r, c), (None, "n"))
        if value is None:
            raw.formulas_without_value.add((r, c))
        elif data_type == "e":
            raw.error_values[(r, c)] = str(value)
        else:
            raw.rows[r][c] = value
