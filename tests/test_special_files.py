"""Special files and odd workbooks: only regular files are read or replaced, every refusal is one line."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planner.io.source as source_module
import planner.io.xlsx as xlsx
from planner.cli import app
from planner.errors import InputError
from planner.io.preflight import check_file
from planner.io.reader import load_scenario
from tests.support.measure import planner_command
from tests.support.workbooks import minimal_sheets, rewrite_part, sheet_part, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()


def _valid(folder: Path, name: str = "input.xlsx") -> Path:
    return write_workbook(folder / name, minimal_sheets())


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr + result.stdout


def _subprocess(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [*planner_command(), *args], cwd=folder, env=env, capture_output=True, text=True, timeout=30
    )


def _char_device(path: Path) -> Path:
    """A null character device (1, 3) at ``path`` (root only; skip otherwise)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    return path


# --- input ----------------------------------------------------------------------------------


def test_fifo_as_input_is_refused_at_once_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.xlsx")
    run = _subprocess(tmp_path, "validate", "pipe.xlsx")  # a blocking open would time out
    assert run.returncode == 2, run.stderr
    assert "pipe.xlsx: this is a named pipe (FIFO), not an .xlsx workbook" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("kind", ["device", "folder", "loop"])
def test_other_non_regular_inputs_are_one_line_input_errors(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "in.xlsx"
    if kind == "device":
        _char_device(path)
        expected = "this is a character device"
    elif kind == "folder":
        path.mkdir()
        expected = "this is a folder"
    else:
        path.symlink_to(path.name)
        expected = "a symbolic link that loops"
    code, text = _cli("validate", str(path))
    assert code == 2, text
    assert f"in.xlsx: {expected}" in text
    assert "Traceback" not in text and "internal error" not in text


def test_input_is_opened_once_and_its_hash_is_of_the_parsed_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _valid(tmp_path)
    data = path.read_bytes()
    opened: list[str] = []
    real_open = os.open

    def spy(name: str | os.PathLike[str], *args: object, **kwargs: object) -> int:
        opened.append(os.fspath(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(source_module.os, "open", spy)
    scenario = load_scenario(path)
    assert opened.count(str(path)) == 1
    assert scenario.source is not None
    assert scenario.source.sha256 == hashlib.sha256(data).hexdigest()


def test_input_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = _valid(tmp_path)
    with pytest.raises(InputError, match="MB limit for an input workbook"):
        source_module.read_input(path, limit=1000)


def test_workbook_without_xlsx_extension_is_read_by_content(tmp_path: Path) -> None:
    path = _valid(tmp_path, "scenario.data")
    code, text = _cli("validate", str(path))
    assert code == 0, text
    assert "is valid" in text


def test_strict_open_xml_gets_a_true_reason(tmp_path: Path) -> None:
    path = _valid(tmp_path)
    rewrite_part(
        path,
        "xl/workbook.xml",
        lambda x: x.replace(
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
    )
    code, text = _cli("validate", str(path))
    assert code == 2, text
    assert "Strict Open XML Spreadsheet" in text
    assert len([line for line in text.splitlines() if "input.xlsx:" in line]) == 1


def _damage_deflate(path: Path, part: str) -> None:
    """Overwrite the middle of ``part``'s compressed data, keeping sizes and CRC in the directory."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    name_len, extra_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little"), int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")  # fmt: skip
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 3
    data[middle : middle + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def test_damaged_deflate_stream_is_caught_by_the_preflight(tmp_path: Path) -> None:
    path = _valid(tmp_path)
    _damage_deflate(path, sheet_part(path, "Options"))
    with pytest.raises(InputError, match="damaged"):
        check_file(path)
    code, text = _cli("solve", str(path), "-o", str(tmp_path / "plan.xlsx"))
    assert code == 2, text
    assert re.search(r"input\.xlsx: damaged", text), text
    assert not (tmp_path / "plan.xlsx").exists()


def test_nan_stored_in_a_cell_names_the_cell(tmp_path: Path) -> None:
    path = _valid(tmp_path)
    part = sheet_part(path, "Options")
    rewrite_part(path, part, lambda x: re.sub(r'(<c r="H2"[^>]*>)<v>[^<]*</v>', r"\1<v>NaN</v>", x))
    code, text = _cli("validate", str(path))
    assert code == 2, text
    assert 'Options!H2: the cell holds "NaN", which is not a number' in text


# --- output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device", "loop"])
def test_special_output_is_refused_and_left_alone(tmp_path: Path, kind: str) -> None:
    source = _valid(tmp_path)
    out = tmp_path / "plan.xlsx"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "device":
        _char_device(out)
    else:
        out.symlink_to(out.name)
    before = os.lstat(out)
    code, text = _cli("solve", str(source), "-o", str(out))
    assert code == 2, text
    assert "not a regular file" in text or "loops" in text, text
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_output_name_at_the_file_system_limit_is_written(tmp_path: Path) -> None:
    source = _valid(tmp_path)
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    out = tmp_path / ("p" * (limit - len(".xlsx")) + ".xlsx")
    assert len(out.name) == limit
    code, text = _cli("solve", str(source), "-o", str(out))
    assert code == 0, text
    assert out.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_temp_prefix_fits_the_name_limit(tmp_path: Path) -> None:
    long = tmp_path / ("é" * 120 + ".xlsx")  # 245 bytes
    prefix = xlsx.temp_prefix(long, tmp_path)
    assert len(os.fsencode(prefix)) + len("XXXXXXXX.tmp") <= 255
    assert xlsx.temp_prefix(tmp_path / "plan.xlsx", tmp_path) == ".plan.xlsx."


def test_full_disk_while_writing_is_one_line_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _valid(tmp_path)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx.tempfile, "mkstemp", full)
    code, text = _cli("solve", str(source), "-o", str(tmp_path / "plan.xlsx"))
    assert code == 2, text
    assert "No space left on device" in text and "Traceback" not in text
    assert not (tmp_path / "plan.xlsx").exists()


def test_full_standard_output_is_one_line_without_traceback(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    source = _valid(tmp_path)
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [*planner_command(), "validate", str(source)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
            env={**os.environ, "NO_COLOR": "1"},
        )
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip() == "error: cannot write: No space left on device"
