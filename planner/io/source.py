"""Reads an input file once, safely: regular files only, never blocking, bounded, hashed in memory."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from planner.errors import InputError, Problem

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Refuse input files larger than this (100 MB); a scenario workbook is a few kilobytes."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class InputFile:
    """The bytes of an input file as read once, and their SHA-256: exactly what is parsed."""

    path: Path
    data: bytes
    sha256: str


def _refuse(path: Path, sentence: str) -> InputError:
    return InputError(Problem(path.name or str(path), sentence))


def _open_error(path: Path, exc: OSError) -> InputError:
    if exc.errno == errno.ENOENT:
        return _refuse(path, f"file not found ({path})")
    if exc.errno == errno.ELOOP:
        return _refuse(path, "a symbolic link that loops (or too many links): no file to read")
    if exc.errno == errno.ENXIO:
        return _refuse(path, "a socket or device, not a regular file: not an .xlsx workbook")
    return _refuse(path, f"the file cannot be read: {exc.strerror or exc}")


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ('' for a regular file)."""
    return next(
        (name for test, name in _KINDS if test(mode)),
        "" if stat.S_ISREG(mode) else "a special file",
    )


def read_input(path: str | Path, limit: int = MAX_FILE_BYTES) -> InputFile:
    """Open ``path`` once without blocking, refuse anything but a regular file, read and hash it.

    ``O_NONBLOCK`` makes opening a FIFO return at once; ``fstat`` on the opened descriptor
    (not the name, which could be swapped) decides. The bytes are read up to ``limit`` + 1
    so a file that grows while being read is refused too.

    Raises:
        InputError: Located at the file's name, one sentence.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(path, exc) from None
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind:
            raise _refuse(
                path, f"this is {kind}, not an .xlsx workbook (only regular files are read)"
            )
        if info.st_size > limit:
            raise _refuse(path, _too_large(info.st_size, limit))
        data = _read_all(fd, path, limit)
    finally:
        os.close(fd)
    return InputFile(path, data, hashlib.sha256(data).hexdigest())


def _too_large(size: int, limit: int) -> str:
    return (
        f"refused: {size / 2**20:,.1f} MB, more than the {limit / 2**20:,.0f} MB limit "
        "for an input workbook"
    )


def _read_all(fd: int, path: Path, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:
                raise _refuse(path, _too_large(total, limit))
            chunks.append(chunk)
    except OSError as exc:
        raise _refuse(path, f"the file cannot be read: {exc.strerror or exc}") from None
    return b"".join(chunks)
