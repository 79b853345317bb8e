"""Native Excel charts of a sweep: H and P against each target, and a colour-scaled H grid.

A one-target grid or a zipped sweep gets a Charts sheet: per target a small table sorted by
the target (points without a package left out) and scatter charts of H and P against it. A
two-target grid gets a Grid sheet: H with target 1 down and target 2 across, a three-colour
scale (green = low hazard), and a line chart of H against target 1, one line per value of
target 2 (the first twelve). Morris designs and grids of three or more targets get neither.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import LineChart, Reference, ScatterChart, Series
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from planner.axes import Axis
from planner.sweep.result import SweepResult
from planner.sweep.sheet_writer import cell, header, new_sheet

MAX_LINES = 12
BLOCK = 4  # columns per target block on the Charts sheet (3 used + 1 gap)


def add_charts(wb: Any, result: SweepResult) -> None:
    """Add the Charts or Grid sheet that fits the design (nothing for morris or 3+ targets)."""
    axes = result.points.axes
    if result.points.method == "zip" or (result.points.method == "grid" and len(axes) == 1):
        _charts_sheet(wb, result)
    elif result.points.method == "grid" and len(axes) == 2:
        _grid_sheet(wb, result)


def _series_rows(result: SweepResult, j: int) -> list[tuple[Any, float, float]]:
    axis = result.points.axes[j]
    rows = [
        r
        for r in result.rows
        if r.total_hazard is not None and r.escalation_probability is not None
    ]
    rows.sort(key=lambda r: axis.number(r.values[j]))
    return [(r.values[j], r.total_hazard, r.escalation_probability) for r in rows]  # type: ignore[misc]


def _charts_sheet(wb: Any, result: SweepResult) -> None:
    axes = result.points.axes
    blocks = [_series_rows(result, j) for j in range(len(axes))]
    height = max((len(b) for b in blocks), default=0)
    grid: list[list[Any]] = [[] for _ in range(height + 1)]
    for axis, block in zip(axes, blocks, strict=True):
        grid[0] += [axis.label, "total_hazard", "escalation_probability", None]
        for i in range(height):
            grid[i + 1] += [*(block[i] if i < len(block) else (None, None, None)), None]
    ws = new_sheet(wb, "Charts", grid)
    header(ws, grid[0])
    for row in grid[1:]:
        ws.append([cell(ws, v) for v in row])
    for j, axis in enumerate(axes):
        if not blocks[j]:
            continue
        col = j * BLOCK + 1
        anchor_col = get_column_letter(len(axes) * BLOCK + 1)
        ws.add_chart(
            _scatter(ws, axis, col, col + 1, height, "Total hazard H"), f"{anchor_col}{1 + 32 * j}"
        )
        ws.add_chart(
            _scatter(ws, axis, col, col + 2, height, "Escalation probability P"),
            f"{anchor_col}{17 + 32 * j}",
        )


def _scatter(ws: Any, axis: Axis, x_col: int, y_col: int, rows: int, what: str) -> ScatterChart:
    chart = ScatterChart()
    chart.title = f"{what} against {axis.title}"
    chart.style = 13
    chart.x_axis.title = axis.title
    chart.y_axis.title = what
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if axis.target.is_date and axis.mode == "set":
        chart.x_axis.number_format = "yyyy-mm-dd"
    xs = Reference(ws, min_col=x_col, min_row=2, max_row=rows + 1)
    ys = Reference(ws, min_col=y_col, min_row=1, max_row=rows + 1)
    series = Series(ys, xs, title_from_data=True)
    series.marker.symbol = "circle"
    series.smooth = False  # straight segments between solved points
    chart.series.append(series)
    chart.legend = None
    chart.width, chart.height = 18, 7.5
    return chart


def _grid_sheet(wb: Any, result: SweepResult) -> None:
    a1, a2 = result.points.axes
    v1 = sorted(dict.fromkeys(v[0] for v in result.points.values), key=a1.number)
    v2 = sorted(dict.fromkeys(v[1] for v in result.points.values), key=a2.number)
    h = {(r.values[0], r.values[1]): r.total_hazard for r in result.rows}
    corner = f"H: {a1.title} (down) x {a2.title} (across)"
    rows: list[list[Any]] = [[corner, *v2]]
    rows += [[x, *(h.get((x, y)) for y in v2)] for x in v1]
    ws = new_sheet(wb, "Grid", rows, freeze="B2")
    header(ws, [str(v) if not isinstance(v, str) else v for v in rows[0]])
    for row in rows[1:]:
        ws.append([cell(ws, v) for v in row])
    last = f"{get_column_letter(len(v2) + 1)}{len(v1) + 1}"
    ws.conditional_formatting.add(
        f"B2:{last}",
        ColorScaleRule(
            start_type="min",
            start_color="63BE7B",
            mid_type="percentile",
            mid_value=50,
            mid_color="FFEB84",
            end_type="max",
            end_color="F8696B",
        ),
    )
    ws.add_chart(
        _lines(ws, a1, a2, len(v1), min(len(v2), MAX_LINES)), f"{get_column_letter(len(v2) + 3)}2"
    )


def _lines(ws: Any, a1: Axis, a2: Axis, n1: int, n2: int) -> LineChart:
    chart = LineChart()
    chart.title = f"Total hazard H against {a1.title}, one line per {a2.title}"
    chart.x_axis.title = a1.title
    chart.y_axis.title = "Total hazard H"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(ws, min_col=2, max_col=1 + n2, min_row=1, max_row=1 + n1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + n1))
    for series in chart.series:
        series.smooth = False
    chart.width, chart.height = 20, 9
    return chart
