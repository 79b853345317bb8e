"""Non-workbooks and hostile files are refused fast, with one sentence, and never a traceback."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import EXIT_INPUT, InputError
from planner.io.preflight import check_file
from planner.io.reader import load_scenario
from tests.support.workbooks import (
    minimal_sheets,
    replace_sheet,
    rewrite_part,
    sheet_part,
    write_workbook,
)

pytestmark = pytest.mark.e2e

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>party</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>
</sheetData></worksheet>"""


def _valid(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "ok.xlsx", minimal_sheets())


def _padding(megabytes: int) -> Callable[[zipfile.ZipFile, str], None]:
    def write(dst: zipfile.ZipFile, part: str) -> None:
        block = b" " * (1 << 20)
        with dst.open(part, "w", force_zip64=True) as f:
            f.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(megabytes):
                f.write(block)
            f.write(b"<sheetData/></worksheet>")

    return write


def _rows(count: int) -> Callable[[zipfile.ZipFile, str], None]:
    def write(dst: zipfile.ZipFile, part: str) -> None:
        with dst.open(part, "w", force_zip64=True) as f:
            f.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            f.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>party</t></is></c></row>')
            for start in range(2, count + 2, 100_000):
                chunk = "".join(
                    f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>'
                    for i in range(start, min(start + 100_000, count + 2))
                )
                f.write(chunk.encode())
            f.write(b"</sheetData></worksheet>")

    return write


def _refused(path: Path, fragment: str, seconds: float = 3.0) -> str:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        load_scenario(path)
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    [problem] = info.value.problems
    assert problem.location == path.name
    assert fragment in problem.message, problem.message
    assert "\n" not in problem.message
    return problem.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    _refused(tmp_path / "nope.xlsx", "file not found")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    _refused(folder, "this is a folder, not an .xlsx workbook")


def test_empty_text_binary_and_xls(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    _refused(tmp_path / "empty.xlsx", "the file is empty (0 bytes)")
    (tmp_path / "data.xlsx").write_text("party,name\nUSA,United States\n")
    _refused(tmp_path / "data.xlsx", "a CSV renamed to .xlsx")
    (tmp_path / "noise.xlsx").write_bytes(bytes(range(256)) * 4)
    _refused(tmp_path / "noise.xlsx", "not a zip archive")
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    _refused(tmp_path / "old.xlsx", "old binary Excel (.xls)")


def test_truncated_zip_and_zip_without_workbook(tmp_path: Path) -> None:
    data = _valid(tmp_path).read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    _refused(tmp_path / "cut.xlsx", "damaged or truncated")
    with zipfile.ZipFile(tmp_path / "docx.xlsx", "w") as z:
        z.writestr("word/document.xml", "<document/>")
    _refused(tmp_path / "docx.xlsx", "no xl/workbook.xml")


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = replace_sheet(_valid(tmp_path), "Parties", _padding(20))
    assert path.stat().st_size < 1_000_000
    _refused(path, "expands")


@pytest.mark.slow
def test_zip_bomb_by_total_size(tmp_path: Path) -> None:
    path = replace_sheet(_valid(tmp_path), "Parties", _padding(210))
    _refused(path, "more than the 200 MB limit")


def test_million_row_sheet_is_refused_without_loading_it(tmp_path: Path) -> None:
    path = replace_sheet(_valid(tmp_path), "Parties", _rows(1_000_000))
    _refused(path, "more than 100,000 rows")


def test_row_limit_is_exact(tmp_path: Path) -> None:
    valid = _valid(tmp_path)
    check_file(replace_sheet(valid, "Parties", _rows(100_000), "limit.xlsx"))
    too_many = replace_sheet(valid, "Parties", _rows(100_001), "over.xlsx")
    with pytest.raises(InputError, match="more than 100,000 rows"):
        check_file(too_many)


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = _valid(tmp_path)
    rewrite_part(path, sheet_part(path, "Parties"), lambda _: ENTITY_BOMB)
    _refused(path, "entity", seconds=2.0)


def test_cli_refuses_hostile_files_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "data.xlsx").write_text("a,b\n1,2\n")
    path = _valid(tmp_path)
    rewrite_part(path, sheet_part(path, "Parties"), lambda _: ENTITY_BOMB)
    for target in (tmp_path / "data.xlsx", path):
        result = CliRunner().invoke(app, ["validate", str(target)])
        assert result.exit_code == EXIT_INPUT
        assert f"{target.name}:" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_malformed_sheet_xml_is_one_sentence(tmp_path: Path) -> None:
    path = _valid(tmp_path)
    rewrite_part(path, sheet_part(path, "Options"), lambda x: x.replace("</sheetData>", ""))
    _refused(path, "damaged or not a valid .xlsx workbook (ParseError")
