"""``plot_plan``: PNGs from a results workbook alone, and clear errors for unusable workbooks."""

from __future__ import annotations

import struct
from pathlib import Path

import openpyxl
import pytest

from planner.errors import InputError
from planner.report.plot import plot_plan, read_results
from planner.report.results import write_results
from tests.support.plans import infeasible_plan, small_plan

pytestmark = pytest.mark.unit


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_results(small_plan(), tmp_path_factory.mktemp("plot") / "small-plan.xlsx")


def test_read_results_by_sheet_and_column_names(results: Path) -> None:
    read = read_results(results)
    assert read.summary["status"] == "optimal"
    assert [r["activity"] for r in read.package] == ["drill", "test", "talk", "patrol"]
    assert [w["window"] for w in read.windows] == ["day_of_sun", "olympics"]


def test_plot_writes_two_readable_pngs(results: Path, tmp_path: Path) -> None:
    paths = plot_plan(results, tmp_path / "png")
    assert [p.name for p in paths] == ["small-plan-schedule.png", "small-plan-risk.png"]
    for path in paths:
        assert path.stat().st_size > 10_000
        assert png_size(path) == (1400, 800)
    assert not [p for p in (tmp_path / "png").iterdir() if p.suffix == ".tmp"]


def test_plot_defaults_to_the_workbook_folder(results: Path) -> None:
    paths = plot_plan(results)
    assert all(p.parent == results.parent and p.is_file() for p in paths)


def test_plain_workbook_is_refused_with_sheet_and_column(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_results(small_plan(), tmp_path / "p.xlsx"))
    wb["Risk"].delete_cols(4)  # plan_hazard
    del wb["Package"]
    wb.save(tmp_path / "broken.xlsx")
    with pytest.raises(InputError) as info:
        plot_plan(tmp_path / "broken.xlsx")
    locations = {p.location for p in info.value.problems}
    assert locations == {"Package", "Risk!plan_hazard"}


def test_no_package_and_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no package to plot"):
        plot_plan(write_results(infeasible_plan(), tmp_path / "inf.xlsx"))
    (tmp_path / "fake.xlsx").write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="not an .xlsx"):
        plot_plan(tmp_path / "fake.xlsx")
    with pytest.raises(InputError, match="no such file"):
        plot_plan(tmp_path / "missing.xlsx")


@pytest.mark.parametrize("figure", ["schedule", "risk"])
def test_window_labels_never_overlap(results: Path, figure: str) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from planner.report.plot import risk_figure, schedule_figure

    read = read_results(results)
    first = min(r["start_date"] for r in read.risk)
    # 12 windows with long names, two days apart: on one row their labels would overlap
    windows = [
        {"window": f"a_rather_long_window_name_{i}", "start": first + timedelta(days=2 * i),
         "end": first + timedelta(days=2 * i + 1)}
        for i in range(12)
    ]  # fmt: skip
    draw = schedule_figure if figure == "schedule" else risk_figure
    fig = draw(replace(read, windows=windows))
    renderer = fig.canvas.get_renderer()
    boxes = [
        t.get_window_extent(renderer)
        for ax in fig.axes
        for t in ax.texts
        if t.get_text().startswith("a_rather_long")
    ]
    assert len(boxes) == 12
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    title = fig.axes[0].title.get_window_extent(renderer)
    assert all(box.y1 <= title.y0 for box in boxes)  # the title sits above every label row
