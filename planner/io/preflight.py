"""Cheap checks of an input file before openpyxl opens it: refuse non-workbooks and hostile files fast."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from planner.errors import InputError, Problem
from planner.io.source import InputFile, read_input
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
_STRICT_NS = b"purl.oclc.org/ooxml/spreadsheetml/main"
_CHUNK = 1 << 20
_OVERLAP = 64


def _refuse(path: Path, sentence: str) -> InputError:
    return InputError(Problem(path.name or str(path), sentence))


def check_file(path: str | Path) -> InputFile:
    """Read a regular file once and refuse, with one clear sentence, what is not a sane workbook.

    The file is opened once (never blocking: a FIFO or device is refused before any read),
    its bytes are read into memory within ``MAX_FILE_BYTES`` and hashed, and the checks of
    :func:`check_bytes` run on exactly those bytes, which are the bytes the reader parses.

    Args:
        path: The file to check.

    Returns:
        The file's bytes and SHA-256.

    Raises:
        InputError: Located at the file's name.
    """
    source = read_input(path)
    check_bytes(source.path, source.data)
    return source


def check_bytes(path: Path, data: bytes) -> None:
    """Refuse bytes that are not a safe, sane .xlsx workbook (``path`` names them in messages).

    Checks, in order: not empty; not an old binary .xls (or encrypted) file; a zip archive
    that is not truncated; it holds ``xl/workbook.xml`` in the Transitional (not Strict)
    format; it does not expand to more than 200 MB or hold a part compressed more than 200
    times; every part decompresses (deflate stream and CRC intact); no part has more than
    ``MAX_ROWS_PER_SHEET`` rows. Parts are streamed, never expanded whole.

    Raises:
        InputError: Located at the file's name.
    """
    head = data[:512]
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
    _check_archive(path, data)


def _looks_like(head: bytes) -> str:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if not text or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return "it is not a zip archive, as .xlsx files are"
    return "it looks like a text file, e.g. a CSV renamed to .xlsx; open it in Excel and save it as .xlsx"


def _check_archive(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_parts(path, infos)
            _check_transitional(path, archive)
            for info in infos:
                _check_part(path, archive, info)
    except zipfile.BadZipFile as exc:
        raise _refuse(
            path,
            f"damaged or truncated: not a readable .xlsx zip archive ({exc})",
        ) from None
    except zlib.error as exc:
        raise _refuse(
            path, f"damaged: a compressed part cannot be expanded (zlib: {exc})"
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


def _check_transitional(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a Strict Open XML workbook, which openpyxl cannot read (it sees no sheets)."""
    with archive.open("xl/workbook.xml") as stream:
        head = stream.read(4096)
    if _STRICT_NS in head:
        raise _refuse(
            path,
            "saved as 'Strict Open XML Spreadsheet', which planner cannot read; open it in "
            "Excel and save it as 'Excel Workbook (.xlsx)'",
        )


def _check_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one part whole (a damaged deflate stream or CRC fails here, not in openpyxl).

    XML parts also have their ``<row`` elements counted, stopping above the limit.
    """
    count = 0
    tail = b""
    xml = info.filename.lower().endswith(".xml")
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            if not xml:
                continue
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
