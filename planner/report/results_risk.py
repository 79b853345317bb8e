"""Risk sheet of the results workbook: hazard per period, plan vs status quo, with a line chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.chart import LineChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.io.layout import format_columns
from planner.io.xlsx import fill_row, write_rows
from planner.report import tables

if TYPE_CHECKING:
    from planner.plan import Plan

WINDOW_FILL = PatternFill("solid", fgColor="FCE4D6")
RISK_FORMATS = {
    "plan_cumulative_probability": "0.0%",
    "status_quo_cumulative_probability": "0.0%",
}


def _line_chart(ws: Worksheet, columns: list[str], rows: int) -> LineChart:
    """Plan vs status-quo hazard per period, categories = period start dates."""
    chart = LineChart()
    chart.title = "Escalation hazard per period: plan vs status quo"
    chart.y_axis.title = "hazard H_t"
    chart.x_axis.title = "period start"
    chart.x_axis.number_format = "yyyy-mm-dd"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for name in ("plan_hazard", "status_quo_hazard"):
        col = columns.index(name) + 1
        chart.add_data(
            Reference(ws, min_col=col, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    start = columns.index("start_date") + 1
    chart.set_categories(Reference(ws, min_col=start, min_row=2, max_row=rows + 1))
    chart.series[1].graphicalProperties.line.dashStyle = "dash"
    for series in chart.series:
        series.smooth = False  # per-period values: a smoothed curve would invent dips
    chart.width, chart.height = 24, 10
    return chart


def write_risk(ws: Worksheet, plan: Plan) -> None:
    """Risk: the risk table, window periods filled, and a line chart beside it."""
    table = tables.risk_rows(plan)
    write_rows(ws, table, number_formats=RISK_FORMATS)
    format_columns(ws)  # hazards to 3 significant digits, never a bare 0.0000
    columns = list(table.columns)
    for row, windows in enumerate(table.column("windows"), start=2):
        if windows:
            fill_row(ws, row, 1, len(columns), WINDOW_FILL)
    if len(table):
        anchor = ws.cell(row=len(table) + 3, column=1).coordinate  # below: prints page-wide
        ws.add_chart(_line_chart(ws, columns, len(table)), anchor)
