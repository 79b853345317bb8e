"""Hostile and broken input files are refused end to end by ``planner solve``, fast and in bounded memory.

Each case runs the installed ``planner`` command in its own subprocess; the child's peak
resident memory comes from ``os.wait4`` (the kernel's ``ru_maxrss`` of exactly that child)
and its CPU time (user + system) from the same ``rusage``: CPU, not wall time, so that a
loaded machine does not fail the bound. Limits: exit code 2, under ``MAX_SECONDS`` of CPU
including Python start-up, under ``MAX_RSS_MB`` peak memory (a refused file costs about as much as
``planner --version``), one problem line naming the file, no traceback, no output file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.measure import run_measured
from tests.support.workbooks import minimal_sheets, replace_sheet, write_workbook

pytestmark = pytest.mark.e2e

MAX_SECONDS = 5.0
MAX_RSS_MB = 300.0
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- hostile files ---------------------------------------------------------------------------


def _valid(folder: Path) -> Path:
    return write_workbook(folder / "valid.xlsx", minimal_sheets())


def _inflated(path: Path) -> int:
    """Total uncompressed size the zip directory declares."""
    with zipfile.ZipFile(path) as archive:
        return sum(i.file_size for i in archive.infolist())


def _with_sheet(folder: Path, name: str, write: Callable[[zipfile.ZipFile, str], None]) -> Path:
    """A copy of a valid workbook whose Parties sheet part is written by ``write`` (streamed)."""
    valid = _valid(folder)
    out = replace_sheet(valid, "Parties", write, name)
    valid.unlink()
    return out


def entity_bomb(folder: Path) -> Path:
    """A billion-laughs DOCTYPE in a worksheet: 10^9 'lol's if expanded."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">'
        for k in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(entities) + "\n]>\n"
        f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>party</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _with_sheet(folder, "entity_bomb.xlsx", lambda z, part: z.writestr(part, xml))


def zip_bomb(folder: Path) -> Path:
    """A sheet part of 150 MB of whitespace inside valid XML that compresses to ~150 KB."""

    def write(z: zipfile.ZipFile, part: str) -> None:
        block = b" " * (1 << 20)
        with z.open(part, "w", force_zip64=True) as f:
            f.write(f'<worksheet xmlns="{NS}">'.encode())
            for _ in range(150):
                f.write(block)
            f.write(b"<sheetData/></worksheet>")

    path = _with_sheet(folder, "zip_bomb.xlsx", write)
    assert _inflated(path) > 150 * 2**20 and path.stat().st_size < 2**20
    return path


def forged_size_bomb(folder: Path) -> Path:
    """A zip bomb whose directory claims the inflating part is tiny (sizes forged to 1 KB)."""
    path = zip_bomb(folder).rename(folder / "forged_bomb.xlsx")  # asserts it inflates 150 MB
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.file_size > 100 * 2**20)
    data = path.read_bytes()
    # The local header holds the size in a zip64 extra field (8 bytes, force_zip64); the
    # central directory in the classic 4-byte field. Both now claim 1,024 bytes.
    for width in (8, 4):
        real = info.file_size.to_bytes(width, "little")
        assert real in data
        data = data.replace(real, (1024).to_bytes(width, "little"))
    assert b" " * 4096 not in data[:4096]  # still compressed: the bomb is intact
    path.write_bytes(data)
    return path


def million_rows(folder: Path) -> Path:
    """A sheet of 1,000,000 varied rows written as XML straight into the zip (~45 MB inflated)."""

    def write(z: zipfile.ZipFile, part: str) -> None:
        with z.open(part, "w", force_zip64=True) as f:
            f.write(f'<worksheet xmlns="{NS}"><sheetData>'.encode())
            f.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>party</t></is></c></row>')
            for first in range(2, 1_000_002, 100_000):
                rows = range(first, first + 100_000)
                f.write(
                    "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in rows).encode()
                )
            f.write(b"</sheetData></worksheet>")

    path = _with_sheet(folder, "million_rows.xlsx", write)
    assert _inflated(path) > 1_000_000 * len(b'<row r="1"><c r="A1"><v>1</v></c></row>')
    return path


def csv_named_xlsx(folder: Path) -> Path:
    """A CSV file with an .xlsx name."""
    path = folder / "table.xlsx"
    path.write_text("party,name\nUSA,United States\nDPRK,North Korea\n")
    return path


def empty_file(folder: Path) -> Path:
    """Zero bytes."""
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def truncated_zip(folder: Path) -> Path:
    """The first half of a valid workbook."""
    data = _valid(folder).read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def xls_binary(folder: Path) -> Path:
    """An OLE2 compound file header (old .xls), then filler."""
    path = folder / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 64)
    return path


def zip_without_workbook(folder: Path) -> Path:
    """A valid zip archive (a .docx) that is not a workbook."""
    path = folder / "document.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "entity_bomb": (entity_bomb, ("entity",)),
    "zip_bomb": (zip_bomb, ("zip bomb",)),
    "forged_size_bomb": (forged_size_bomb, ("damaged", "not a valid", "could not be read")),
    "million_rows": (million_rows, ("more than 100,000 rows",)),
    "csv_named_xlsx": (csv_named_xlsx, ("CSV",)),
    "empty_file": (empty_file, ("empty",)),
    "truncated_zip": (truncated_zip, ("truncated",)),
    "xls_binary": (xls_binary, (".xls",)),
    "zip_without_workbook": (zip_without_workbook, ("not an Excel workbook",)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_is_refused_fast_in_bounded_memory(tmp_path: Path, case: str) -> None:
    make, fragments = CASES[case]
    hostile = make(tmp_path)
    size_before, sha_before = hostile.stat().st_size, hostile.read_bytes()[:4096]
    out = tmp_path / "plan.xlsx"
    run = run_measured(["solve", hostile.name, "-o", out.name], tmp_path)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.exit_code == 2, (run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    assert lines[0].strip() == "1 problem in the input:", run.stderr
    assert len(lines) == 2, run.stderr
    problem = lines[1].strip()
    assert problem.startswith(f"{hostile.name}: "), problem
    assert any(f in problem for f in fragments), problem
    assert run.cpu_seconds < MAX_SECONDS, f"{case}: {run.cpu_seconds:.2f} s of CPU"
    assert run.peak_rss_mb < MAX_RSS_MB, f"{case}: {run.peak_rss_mb:.0f} MB"
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".plan.xlsx")]
    assert hostile.stat().st_size == size_before and hostile.read_bytes()[:4096] == sha_before


def test_measurement_sees_a_real_solve(tmp_path: Path) -> None:
    """The harness is not blind: a valid workbook solves (exit 0) and its RSS is measured."""
    valid = _valid(tmp_path)
    run = run_measured(["solve", valid.name, "-o", "plan.xlsx"], tmp_path)
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / "plan.xlsx").exists()
    assert 20 < run.peak_rss_mb < MAX_RSS_MB
