"""planner/io/xlsx_fast.py: workbooks saved through it are byte for byte openpyxl's own.

Every workbook is saved twice, through :func:`planner.io.xlsx.save_atomic` with the fast
path and with openpyxl's own cell writer and temporary files, and every part of the two
``.xlsx`` files (the zip entries, less the save times; the zip's own timestamps differ) must
be identical.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl.worksheet._writer as sheet_writer
import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from planner.examples import korea_2018
from planner.io import xlsx_fast
from planner.io.template import write_template
from planner.io.xlsx import save_atomic, set_value
from planner.report.results import write_results
from tests.support.plans import infeasible_plan, small_plan

pytestmark = pytest.mark.unit

TEXTS = [
    "", " ", "a", " lead", "trail ", " both ", "a&b<c>d\"e'f", "x\ny", "\tx", "=1+1", "é ü 漢",
    "  ", "1.5", "]]>", "&amp;",
]  # fmt: skip
NUMBERS = [
    0, -0.0, 1, -7, 10**15, 10**18 + 1, -(10**20), 0.1, 1 / 3, 1e-300, 5e-324, 1.7e308, -2.5e-7,
    123456789.123456789, float("nan"), float("inf"), float("-inf"),
]  # fmt: skip


STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>")
"""The save's own time in docProps/core.xml (openpyxl stamps a workbook when it saves it)."""


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: STAMPS.sub(b"", z.read(name)) for name in z.namelist()}


def _save_both(write: Callable[[Path], object], folder: Path, monkeypatch: pytest.MonkeyPatch):
    """The parts written by ``write(path)`` with the fast path, then with openpyxl's own."""
    write(folder / "fast.xlsx")
    assert sheet_writer.write_cell is xlsx_fast.write_cell  # save_atomic installed it
    with monkeypatch.context() as m:
        m.setattr(xlsx_fast, "install", lambda: None)
        m.setattr(sheet_writer, "write_cell", xlsx_fast.OPENPYXL_WRITE_CELL)
        m.setattr(sheet_writer, "create_temporary_file", xlsx_fast.OPENPYXL_TEMPORARY_FILE)
        write(folder / "openpyxl.xlsx")
    return _parts(folder / "fast.xlsx"), _parts(folder / "openpyxl.xlsx")


def _random_workbook(seed: int, write_only: bool = False) -> Workbook:
    """Two sheets of every kind of cell value and style openpyxl writes."""
    r = random.Random(seed)
    wb = Workbook(write_only=write_only)
    if not write_only:
        assert wb.active is not None
        wb.remove(wb.active)
    for title in ("One", "Two & more"):
        ws = wb.create_sheet(title)
        rows = []
        for i in range(1, 120):
            row = []
            for j in range(1, 9):
                cell = WriteOnlyCell(ws) if write_only else ws.cell(i, j)
                kind = r.randrange(10)
                if kind == 0:
                    set_value(cell, r.choice(TEXTS))
                elif kind == 1:
                    cell.value = r.choice(NUMBERS)
                elif kind == 2:
                    cell.value = r.uniform(-1e6, 1e6) * 10 ** r.randint(-12, 12)
                elif kind == 3:
                    cell.value = r.random() < 0.5
                elif kind == 4:
                    cell.value = dt.date(2018, 1, 1) + dt.timedelta(days=r.randint(0, 999))
                elif kind == 5:
                    cell.font = Font(bold=r.random() < 0.5, italic=True)
                elif kind == 6:
                    cell.value = "=SUM(A1:A2)"
                elif kind == 7:
                    cell.value = r.choice(TEXTS)
                    cell.fill = PatternFill("solid", fgColor="FFF2CC")
                elif kind == 8:
                    cell.value = r.randint(-1000, 1000)
                    cell.number_format = r.choice(["0.00", "0.0%", "#,##0.00"])
                row.append(cell)
            rows.append(row)
        if write_only:
            for row in rows:
                ws.append(row)
        else:
            ws.cell(1, 10).hyperlink = "https://example.org/?a=1&b=2"
            ws.cell(2, 10).value = "with a comment"
            ws.cell(2, 10).comment = Comment("note", "planner")
            ws.cell(3, 10).value = dt.datetime(2018, 4, 27, 9, 30)
    return wb


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("write_only", [False, True])
def test_random_cells_save_the_same_bytes(
    seed: int, write_only: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, plain = _save_both(
        lambda p: save_atomic(_random_workbook(seed, write_only), p), tmp_path, monkeypatch
    )
    assert fast.keys() == plain.keys()
    assert [n for n in fast if fast[n] != plain[n]] == []


@pytest.mark.parametrize(
    "write",
    [
        lambda p: write_results(small_plan(), p),
        lambda p: write_results(infeasible_plan(), p),
        write_template,
        korea_2018.build_workbook,
    ],
    ids=["results", "results-infeasible", "template", "korea-input"],
)
def test_planner_workbooks_save_the_same_bytes(
    write: Callable[[Path], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, plain = _save_both(write, tmp_path, monkeypatch)
    assert fast.keys() == plain.keys()
    assert [n for n in fast if fast[n] != plain[n]] == []


def test_most_cells_take_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vacuous: the results workbook's cells are written by xlsx_fast, few by openpyxl."""
    calls = {"openpyxl": 0, "all": 0}
    own = xlsx_fast.OPENPYXL_WRITE_CELL
    fast = xlsx_fast.write_cell

    def counted_own(*args: object) -> None:
        calls["openpyxl"] += 1
        own(*args)

    def counted(*args: object) -> None:
        calls["all"] += 1
        fast(*args)

    monkeypatch.setattr(xlsx_fast, "OPENPYXL_WRITE_CELL", counted_own)
    xlsx_fast.install()
    monkeypatch.setattr(sheet_writer, "write_cell", counted)
    monkeypatch.setattr(xlsx_fast, "install", lambda: None)
    write_results(small_plan(), tmp_path / "plan.xlsx")
    assert calls["all"] > 100
    assert calls["openpyxl"] < calls["all"] / 10  # dates only


def test_temporary_sheets_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each sheet's temporary file is written in a private folder that is gone after the
    save, also when the save fails."""
    folders: list[Path] = []
    fresh = xlsx_fast.fresh_temporary_file

    def recorded(suffix: str = "") -> str:
        path = fresh(suffix)
        folders.append(Path(path).parent)
        assert Path(path).parent.stat().st_mode & 0o777 == 0o700
        return path

    def failing(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sheet_writer, "create_temporary_file", sheet_writer.create_temporary_file)
    monkeypatch.setattr(xlsx_fast, "fresh_temporary_file", recorded)
    write_results(small_plan(), tmp_path / "plan.xlsx")
    assert len(folders) >= 9 and len(set(folders)) == 1  # every sheet, one folder per save
    assert not folders[0].exists()
    monkeypatch.setattr(xlsx_fast, "OPENPYXL_WRITE_CELL", failing)  # dates are openpyxl's
    wb = Workbook()
    wb.active.cell(1, 1).value = dt.date(2018, 1, 1)  # type: ignore[union-attr]
    with pytest.raises(RuntimeError):
        save_atomic(wb, tmp_path / "bad.xlsx")
    assert folders[-1] != folders[0] and not folders[-1].exists()
    assert getattr(xlsx_fast._LOCAL, "folder", None) is None
    assert not (tmp_path / "bad.xlsx").exists()
