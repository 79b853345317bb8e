"""Cheap checks of an input file before openpyxl opens it: refuse non-workbooks and hostile files fast."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from planner.errors import InputError, Problem
from planner.schema import MAX_ROWS_PER_SHEET

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
"""Refuse workbooks that expand to more than this many bytes (200 MB)."""
MAX_RATIO = 200
"""Refuse a part compressed more than this many times ..."""
RATIO_MIN_SIZE = 10 * 1024 * 1024
"""... when it expands to more than this many bytes (10 MB); small parts compress well legitimately."""
MAX_PARTS = 10_000
"""Refuse archives with more members than this."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ROW_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CHUNK = 1 << 20
_OVERLAP = 64


def _refuse(path: Path, sentence: str) -> InputError:
    return InputError(Problem(path.name, sentence))


def check_file(path: str | Path) -> None:
    """Refuse, with one clear sentence, a file that is not a safe, sane .xlsx workbook.

    Checks, in order: the file exists and is a file; it is not empty; it is not an old
    binary .xls (or encrypted) file; it is a zip archive that is not truncated; it holds
    ``xl/workbook.xml``; it does not expand to more than 200 MB or hold a part compressed
    more than 200 times; no part has more than ``MAX_ROWS_PER_SHEET`` rows. Only the zip
    directory is read, plus a bounded stream over the XML parts.

    Args:
        path: The file to check.

    Raises:
        InputError: Located at the file's name.
    """
    path = Path(path)
    if not path.exists():
        raise _refuse(path, f"file not found ({path})")
    if path.is_dir():
        raise _refuse(path, "this is a folder, not an .xlsx workbook")
    try:
        with path.open("rb") as f:
            head = f.read(512)
    except OSError as exc:
        raise _refuse(path, f"the file cannot be read: {exc.strerror or exc}") from None
    if not head:
        raise _refuse(path, "the file is empty (0 bytes), not an .xlsx workbook")
    if head.startswith(_OLE_MAGIC):
        raise _refuse(
            path,
            "an old binary Excel (.xls) or password-protected file; open it in "
            "Excel and save it as an unprotected .xlsx workbook",
        )
    if not head.startswith(_ZIP_MAGIC):
        raise _refuse(path, f"not an .xlsx workbook: {_looks_like(head)}")
    _check_archive(path)


def _looks_like(head: bytes) -> str:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if not text or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return "it is not a zip archive, as .xlsx files are"
    return "it looks like a text file, e.g. a CSV renamed to .xlsx; open it in Excel and save it as .xlsx"


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_parts(path, infos)
            for info in infos:
                if info.filename.lower().endswith(".xml"):
                    _check_rows(path, archive, info)
    except zipfile.BadZipFile as exc:
        raise _refuse(
            path,
            f"damaged or truncated: not a readable .xlsx zip archive ({exc})",
        ) from None
    except (OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise _refuse(path, f"damaged: cannot be read as an .xlsx workbook ({exc})") from None


def _check_parts(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise _refuse(path, f"refused: {len(infos):,} parts, far more than any workbook holds")
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise _refuse(path, "a zip archive but not an Excel workbook (no xl/workbook.xml)")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _refuse(
            path,
            f"refused: it would expand to {total / 2**20:,.0f} MB, more than the "
            f"{MAX_TOTAL_UNCOMPRESSED // 2**20} MB limit (a 'zip bomb' or not a scenario workbook)",
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise _refuse(
                path,
                f"refused: its part {i.filename} expands {ratio:,.0f} times to "
                f"{i.file_size / 2**20:,.0f} MB (a 'zip bomb')",
            )


def _check_rows(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one XML part and count its ``<row`` elements, stopping above the limit."""
    count = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            # A match ending inside the tail was counted with the previous chunk.
            count += sum(1 for m in _ROW_RE.finditer(data) if m.end() > len(tail))
            if count > MAX_ROWS_PER_SHEET + 1:
                raise _refuse(
                    path,
                    f"refused: {info.filename} has more than "
                    f"{MAX_ROWS_PER_SHEET:,} rows, far more than any scenario",
                )
            tail = data[-_OVERLAP:]
