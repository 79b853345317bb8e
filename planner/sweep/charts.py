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
from openpyxl.chart.legend import Legend
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from planner.axes import Axis
from planner.sweep.result import SweepResult
from planner.sweep.sheet_writer import SIG, SIG4, cell, header, new_sheet

MAX_LINES = 12


def add_charts(wb: Any, result: SweepResult) -> None:
    """Add the Charts or Grid sheet that fits the design (nothing for morris or 3+ targets)."""
    axes = result.points.axes
    if result.points.method == "zip" or (result.points.method == "grid" and len(axes) == 1):
        _charts_sheet(wb, result)
    elif result.points.method == "grid" and len(axes) == 2:
        _grid_sheet(wb, result)


BLOCK_COLUMNS = ("total_hazard", "escalation_probability", "no_package", "package_changes")


def _series_rows(result: SweepResult, j: int) -> list[tuple[Any, ...]]:
    """Rows of target ``j``'s chart block, sorted by the target: every point (and the points
    the tipping-point search solved), H and P blank where there is no package, ``no_package``
    0 there, ``package_changes`` the H just past each tipping point."""
    axis = result.points.axes[j]
    tips = [t for t in result.tipping if t.axis.label == axis.label]
    points = {axis.number(r.values[j]): r for r in result.rows}
    for t in tips:
        for r in (t.before, t.after):
            points.setdefault(axis.number(r.values[min(j, len(r.values) - 1)]), r)
    after = {id(t.after) for t in tips}
    rows = []
    for x in sorted(points):
        r = points[x]
        h, p = (r.total_hazard, r.escalation_probability) if r.has_package else (None, None)
        change = h if id(r) in after and h is not None else (0.0 if id(r) in after else None)
        rows.append(
            (r.values[min(j, len(r.values) - 1)], h, p, None if r.has_package else 0.0, change)
        )
    return rows


def _charts_sheet(wb: Any, result: SweepResult) -> None:
    axes = result.points.axes
    blocks = [_series_rows(result, j) for j in range(len(axes))]
    height = max((len(b) for b in blocks), default=0)
    grid: list[list[Any]] = [[] for _ in range(height + 1)]
    width = len(BLOCK_COLUMNS) + 1
    for axis, block in zip(axes, blocks, strict=True):
        grid[0] += [axis.label, *BLOCK_COLUMNS, None]
        for i in range(height):
            grid[i + 1] += [*(block[i] if i < len(block) else (None,) * width), None]
    ws = new_sheet(wb, "Charts", grid)
    header(ws, grid[0])
    formats = [SIG4, SIG, "0.00%", "0", SIG, None]  # per column of a block (x, ..., gap)
    for row in grid[1:]:
        ws.append([cell(ws, v, formats[k % (width + 1)]) for k, v in enumerate(row)])
    anchor_col = get_column_letter(len(axes) * (width + 1) + 1)
    for j, axis in enumerate(axes):
        if not blocks[j]:
            continue
        col = j * (width + 1) + 1
        for k, (what, y) in enumerate((("Total hazard H", 1), ("Escalation probability P", 2))):
            chart = _scatter(ws, axis, col, col + y, height, what)
            _markers(chart, ws, col, height, y)
            ws.add_chart(chart, f"{anchor_col}{1 + 16 * k + 32 * j}")


def _markers(chart: ScatterChart, ws: Any, x_col: int, rows: int, y: int) -> None:
    """Marker-only series: points without a package (at 0) and, on the H chart, the first
    point past each tipping point (the package changes there)."""
    xs = Reference(ws, min_col=x_col, min_row=2, max_row=rows + 1)
    extra = [(x_col + 3, "x", "C00000")] + ([(x_col + 4, "diamond", "000000")] if y == 1 else [])
    for col, symbol, colour in extra:
        series = Series(Reference(ws, min_col=col, min_row=1, max_row=rows + 1), xs,
                        title_from_data=True)  # fmt: skip
        series.marker.symbol, series.marker.size = symbol, 9
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.marker.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.noFill = True
        chart.series.append(series)
    chart.legend = Legend()
    chart.legend.position = "b"


def _scatter(ws: Any, axis: Axis, x_col: int, y_col: int, rows: int, what: str) -> ScatterChart:
    chart = ScatterChart()
    chart.title = f"{what} against {axis.title}"
    chart.style = 13
    chart.x_axis.title = axis.title
    chart.y_axis.title = what
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.display_blanks = "gap"  # no line drawn across a point without a package
    if axis.target.is_date and axis.mode == "set":
        chart.x_axis.number_format = "yyyy-mm-dd"
    else:
        chart.x_axis.number_format = "General"  # not the first cell's fixed decimals
    if y_col - x_col == 2:
        chart.y_axis.number_format = "0%"
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
