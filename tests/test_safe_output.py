"""Outputs are written whole or not at all, beside the target via a temp file, and never over the input."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from typer.testing import CliRunner

import planner.io.xlsx as xlsx
from planner.cli import app
from planner.errors import OutputError
from tests.support.workbooks import minimal_sheets, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Path]:
    """A small valid input workbook whose bytes and mtime must never change."""
    path = write_workbook(tmp_path / "input.xlsx", minimal_sheets())
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    data, stat = path.read_bytes(), path.stat()
    yield path
    assert path.read_bytes() == data, "the input workbook was modified"
    assert path.stat().st_mtime_ns == stat.st_mtime_ns, "the input workbook was touched"
    assert path.stat().st_ino == stat.st_ino, "the input workbook was replaced"


def temp_files(folder: Path) -> list[str]:
    """Leftover temporary files of save_atomic (``.NAME.*.tmp``) in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def solve(source: Path, out: Path | str) -> tuple[int, str]:
    result = runner.invoke(app, ["solve", str(source), "-o", str(out)])
    return result.exit_code, result.stderr + result.stdout


def test_results_go_to_a_temp_file_beside_the_target_then_are_renamed(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "results"
    out_dir.mkdir()
    out = out_dir / "plan.xlsx"
    renames: list[tuple[Path, Path, bool]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((Path(src), Path(dst), Path(src).is_file() and not Path(dst).exists()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    code, text = solve(source, out)
    assert code == 0, text
    [(src, dst, complete_before_rename)] = renames
    assert dst.resolve() == out.resolve()
    assert src.parent.resolve() == out_dir.resolve()  # same folder: the rename is atomic
    assert src.name.startswith(".plan.xlsx.") and src.name.endswith(".tmp")
    assert complete_before_rename
    assert openpyxl.load_workbook(out)["Check"]["A1"].value is not None
    assert temp_files(out_dir) == []


def _failing_save(exc: BaseException):  # noqa: ANN202 - a monkeypatch replacement
    real_save = Workbook.save

    def save(self: Workbook, filename: str | os.PathLike[str]) -> None:
        real_save(self, filename)  # a whole file exists on disk ...
        with open(filename, "r+b") as f:  # ... then writing fails half-way
            f.truncate(os.path.getsize(filename) // 2)
        raise exc

    return save


@pytest.mark.parametrize(
    ("exc", "code", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "No space left on device"),
        (RuntimeError("disk controller on fire"), 4, "internal error"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
    ids=["disk-full", "unexpected-error", "ctrl-c"],
)
def test_failure_while_writing_leaves_old_output_and_no_temp_files(
    source: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exc: BaseException,
    code: int,
    message: str,
) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"previous results")
    monkeypatch.setattr(Workbook, "save", _failing_save(exc))
    got, text = solve(source, out)
    assert got == code, text
    assert message in text
    assert "Traceback" not in text
    assert out.read_bytes() == b"previous results"
    assert temp_files(tmp_path) == []


def test_failure_while_writing_a_new_output_leaves_no_file(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Workbook, "save", _failing_save(OSError(errno.EIO, "I/O error")))
    got, text = solve(source, tmp_path / "new.xlsx")
    assert got == 2, text
    assert "cannot write" in text and "I/O error" in text
    assert not (tmp_path / "new.xlsx").exists()
    assert temp_files(tmp_path) == []


def test_a_failed_sweep_write_leaves_no_file(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Workbook, "save", _failing_save(OSError(errno.ENOSPC, "No space left")))
    out = tmp_path / "sweep.xlsx"
    result = runner.invoke(
        app,
        [
            "sweep",
            str(source),
            "--vary",
            "Parties.max_cost[USA]=0,10",
            "-o",
            str(out),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr and "No space left" in result.stderr
    assert not out.exists()
    assert temp_files(tmp_path) == []


def test_output_naming_the_input_is_refused(source: Path, tmp_path: Path) -> None:
    for spelling in (source, tmp_path / "." / "input.xlsx", tmp_path / "sub" / ".." / "input.xlsx"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        code, text = solve(source, spelling)
        assert code == 2, (spelling, text)
        assert "refusing to overwrite the input workbook" in text


def test_symlink_and_hard_link_to_the_input_are_refused(source: Path, tmp_path: Path) -> None:
    symlink = tmp_path / "link.xlsx"
    symlink.symlink_to(source)
    hard = tmp_path / "hard.xlsx"
    os.link(source, hard)
    for target in (symlink, hard):
        code, text = solve(source, target)
        assert code == 2, (target, text)
        assert "refusing to overwrite the input workbook" in text
    # and the other way round: the input given through a link, the output the real file
    code, text = solve(symlink, source)
    assert code == 2 and "refusing to overwrite" in text


@pytest.mark.parametrize("command", ["sweep", "diagnose", "compare"])
def test_other_commands_refuse_to_overwrite_the_input(source: Path, command: str) -> None:
    extra = ["--vary", "Parties.max_cost[USA]=0,10"] if command == "sweep" else []
    result = runner.invoke(app, [command, str(source), *extra, "-o", str(source)])
    assert result.exit_code == 2, result.output
    assert "refusing to overwrite the input workbook" in result.stderr


def test_missing_output_folder_is_a_clear_error(source: Path, tmp_path: Path) -> None:
    code, text = solve(source, tmp_path / "no" / "such" / "plan.xlsx")
    assert code == 2, text
    assert "output folder" in text and "does not exist" in text
    assert not (tmp_path / "no").exists()


def test_parent_that_is_a_file_is_a_clear_error(source: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    code, text = solve(source, tmp_path / "notes.txt" / "plan.xlsx")
    assert code == 2, text
    assert "does not exist" in text
    assert (tmp_path / "notes.txt").read_text() == "a file, not a folder"


def test_output_that_is_a_folder_is_a_clear_error(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plan.xlsx"
    folder.mkdir()
    code, text = solve(source, folder)
    assert code == 2, text
    assert "Traceback" not in text
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert temp_files(tmp_path) == []


def _deny_write(paths: set[Path]):  # noqa: ANN202 - a monkeypatch replacement
    """os.access that reports no write permission on ``paths`` (tests run as root, which ignores chmod)."""
    real_access = os.access

    def access(path: str | os.PathLike[str], mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(path).resolve() in paths:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    return access


def test_read_only_folder_is_a_clear_error(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    monkeypatch.setattr(xlsx.os, "access", _deny_write({folder.resolve()}))
    code, text = solve(source, folder / "plan.xlsx")
    assert code == 2, text
    assert "not writable" in text
    assert list(folder.iterdir()) == []


def test_read_only_target_is_a_clear_error_and_kept(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"keep me")
    out.chmod(0o444)
    if os.access(out, os.W_OK):  # root: simulate what a normal user would see
        monkeypatch.setattr(xlsx.os, "access", _deny_write({out.resolve()}))
    code, text = solve(source, out)
    assert code == 2, text
    assert "read-only" in text
    assert out.read_bytes() == b"keep me"


def test_check_output_path_refuses_unwritable_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx.os, "access", _deny_write({tmp_path.resolve()}))
    with pytest.raises(OutputError, match="not writable"):
        xlsx.check_output_path(tmp_path / "x.xlsx")
    monkeypatch.undo()
    assert xlsx.check_output_path(tmp_path / "x.xlsx") == tmp_path / "x.xlsx"
