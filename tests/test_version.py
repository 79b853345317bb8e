"""The version is read from the installed dist-info without importlib.metadata (start-up cost)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from planner import _version

pytestmark = pytest.mark.unit


def test_version_is_the_installed_distributions() -> None:
    assert _version.__version__ == version("planner")


def _dist(folder: Path, name: str, text: str) -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / "METADATA").write_text(text)


def test_first_dist_info_on_the_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _dist(
        first,
        "planner-2.5.1.dist-info",
        "Metadata-Version: 2.4\nName: planner\nVersion: 2.5.1\n\nVersion: 9\n",
    )
    _dist(second, "planner-3.0.dist-info", "Metadata-Version: 2.4\nName: planner\nVersion: 3.0\n")
    _dist(first, "planner_extra-1.0.dist-info", "Name: planner-extra\nVersion: 1.0\n")
    monkeypatch.setattr("sys.path", [str(tmp_path / "missing"), str(first), str(second)])
    assert _version._from_dist_info() == "2.5.1"


def test_an_egg_info_first_is_left_to_importlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path / "a", "planner.egg-info", "Name: planner\nVersion: 1.0\n")
    _dist(tmp_path / "b", "planner-3.0.dist-info", "Name: planner\nVersion: 3.0\n")
    monkeypatch.setattr("sys.path", [str(tmp_path / "a"), str(tmp_path / "b")])
    assert _version._from_dist_info() is None


def test_no_dist_info_gives_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.path", [str(tmp_path)])
    assert _version._from_dist_info() is None
