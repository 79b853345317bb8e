"""The reader skips openpyxl's ``<dimension>`` scan of schema sheets and nothing else changes.

planner.io.reader makes its read-only sheets as ``openpyxl.load_workbook(read_only=True)``
does, except that a schema sheet's ``<dimension>`` is not parsed at load (the reader resets
it and reads every row). Every workbook below, valid or damaged in a schema sheet or in
another sheet, gives the same scenario or the same problems with openpyxl's own loader.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from planner.errors import InputError
from planner.io import reader
from tests.support.workbooks import minimal_sheets, replace_sheet, sheet_part, write_workbook

pytestmark = pytest.mark.unit

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;">]>\n'
    f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol1;'
    "</t></is></c></row></sheetData></worksheet>"
)


def _sheet_xml(path: Path, title: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(sheet_part(path, title)).decode()


def _damaged(path: Path, title: str, change: Callable[[str], str], name: str) -> Path:
    xml = _sheet_xml(path, title)
    return replace_sheet(path, title, lambda z, part: z.writestr(part, change(xml)), name)


def _outcome(path: Path) -> object:
    try:
        return ("scenario", reader.load_scenario(path).parties)
    except InputError as exc:
        return ("problems", [str(p) for p in exc.problems])


class _OpenpyxlsOwn:
    """``reader._opened`` as it was: ``openpyxl.load_workbook(read_only=True)``."""

    def __init__(self, stream: object, read_only: bool, data_only: bool) -> None:
        self.wb = openpyxl.load_workbook(stream, read_only=read_only, data_only=data_only)

    def read(self) -> None:
        pass


CHANGES: dict[str, Callable[[str], str]] = {
    "truncated": lambda xml: xml[: len(xml) // 2],
    "not-xml": lambda xml: "<worksheet><sheetData><row",
    "entity-bomb": lambda xml: BOMB,
    "forged-dimension": lambda xml: xml.replace(
        "<sheetData>", '<dimension ref="A1:B2"/><sheetData>', 1
    ),
}


@pytest.mark.parametrize("title", ["Parties", "Notes"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_same_outcome_as_openpyxls_loader(
    title: str, change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = minimal_sheets()
    sheets["Notes"] = [["a note"], ["more"]]  # not a schema sheet: planner does not read it
    valid = write_workbook(tmp_path / "valid.xlsx", sheets)
    path = _damaged(valid, title, CHANGES[change], f"{change}.xlsx")
    ours = _outcome(path)
    monkeypatch.setattr(reader, "_Reader", _OpenpyxlsOwn)
    assert ours == _outcome(path)


def test_schema_sheets_are_not_sized_at_load(tmp_path: Path) -> None:
    """Not vacuous: the schema sheets are the unsized kind, any other sheet openpyxl's."""
    sheets = minimal_sheets()
    sheets["Notes"] = [["a note"]]
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    with reader._opened(reader.check_file(path), data_only=False) as wb:
        kinds = {ws.title: type(ws).__name__ for ws in wb.worksheets}
    assert kinds["Notes"] == "ReadOnlyWorksheet"
    assert kinds["Parties"] == "_UnsizedSheet"
