"""Schedule sheet of the results workbook: activities by periods, windows marked, a Gantt chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from planner.calendar import period_end, period_start
from planner.io.xlsx import (
    HEADER_FILL,
    HEADER_FONT,
    autosize,
    fill_cells,
    plain,
    set_value,
    write_table,
)
from planner.report import tables
from planner.report.tables import FROZEN, SCHEDULE_FIXED, windows_by_period

if TYPE_CHECKING:
    import pandas as pd

    from planner.plan import Plan

PALETTE = (
    "4472C4", "ED7D31", "70AD47", "FFC000", "5B9BD5", "A5A5A5", "9E480E", "264478", "997300",
    "7030A0",
)  # fmt: skip
WINDOW_FILL = PatternFill("solid", fgColor="F4B183")
FROZEN_COLOUR = "D9D9D9"
FROZEN_FILL = PatternFill("solid", fgColor=FROZEN_COLOUR)
FROZEN_ACTOR = "*frozen"
"""Colour key of a freeze's Gantt bar (``*`` cannot occur in a party id)."""
WINDOW_FONT = Font(bold=True, color="000000")
PERIOD_WIDTH = 11


def actor_colours(plan: Plan) -> dict[str, str]:
    """A palette colour per actor, parties in sheet order first."""
    actors = [*plan.scenario.party_ids, *(a.actor for a in plan.scenario.activities)]
    unique = list(dict.fromkeys(actors))
    return {actor: PALETTE[i % len(PALETTE)] for i, actor in enumerate(unique)}


def _header(ws: Worksheet, plan: Plan, windows: dict[int, list[str]]) -> None:
    """Row 1: fixed labels then period start dates; row 2: the windows covering each period."""
    n = len(SCHEDULE_FIXED)
    for j, name in enumerate(SCHEDULE_FIXED, start=1):
        set_value(ws.cell(row=1, column=j), name)
    set_value(ws.cell(row=2, column=1), "windows")
    for j in range(1, n + 1):
        ws.cell(row=1, column=j).font, ws.cell(row=1, column=j).fill = HEADER_FONT, HEADER_FILL
    for t, ids in windows.items():
        head, mark = ws.cell(row=1, column=n + t), ws.cell(row=2, column=n + t)
        set_value(head, period_start(plan.scenario.settings, t))
        head.font, head.fill = (WINDOW_FONT, WINDOW_FILL) if ids else (HEADER_FONT, HEADER_FILL)
        set_value(mark, ", ".join(ids))
        mark.alignment = Alignment(textRotation=90, vertical="bottom", horizontal="center")
        if ids:
            mark.fill = WINDOW_FILL
    ws.cell(row=2, column=1).font = Font(bold=True)


def _body(ws: Worksheet, plan: Plan, table: pd.DataFrame) -> None:
    """Rows 3..: one per activity; active cells hold the period hazard, filled by actor colour."""
    n = len(SCHEDULE_FIXED)
    fills = {
        actor: PatternFill("solid", fgColor=colour) for actor, colour in actor_colours(plan).items()
    }
    for r, row in enumerate(table.itertuples(index=False, name=None), start=3):
        values = [plain(v) for v in row]
        for j, value in enumerate(values[:n], start=1):
            set_value(ws.cell(row=r, column=j), value)
        marked: dict[object, list] = {FROZEN: [], None: []}
        for j, value in enumerate(values[n:], start=n + 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=j)
            text = value == FROZEN
            set_value(cell, value, None if text else "0.00")
            marked[value if text else None].append(cell)
        fill_cells(marked[None], fills[str(values[2])])
        fill_cells(marked[FROZEN], FROZEN_FILL)


def gantt_bars(plan: Plan) -> list[tuple[str, date, int, str]]:
    """(label, start date, length in days, actor) of every active activity, in sheet order.

    A freeze (``stop``) gets two bars: its baseline running up to the freeze, then the
    freeze itself (actor ``FROZEN_ACTOR``, drawn grey).
    """
    ev, settings = plan.evaluation, plan.scenario.settings
    assert ev is not None
    choices = {c.activity: c for c in reversed(ev.choices)}
    bars = []
    for a in plan.scenario.activities:
        periods, choice = ev.active[a.id], choices[a.id]
        stop = plan.scenario.option(a.id, choice.option).is_stop and choice.start is not None
        label = (
            f"{a.id}: {plan.scenario.baseline_of(a.id).id}" if stop else f"{a.id}: {choice.option}"
        )
        if periods:
            start, end = period_start(settings, periods[0]), period_end(settings, periods[-1])
            bars.append((label, start, (end - start).days + 1, a.actor))
        if stop:
            assert choice.start is not None
            start, end = (
                period_start(settings, choice.start),
                period_end(settings, settings.periods),
            )
            bars.append(
                (f"{a.id}: {choice.option} (frozen)", start, (end - start).days + 1, FROZEN_ACTOR)
            )
    return bars


def _gantt_data(ws: Worksheet, bars: list[tuple[str, date, int, str]], first_row: int) -> None:
    """The chart's data block: bar label, start date and length in days."""
    set_value(ws.cell(row=first_row - 1, column=1), "Gantt chart data")
    ws.cell(row=first_row - 1, column=1).font = Font(bold=True)
    rows = [bar[:3] for bar in bars]
    write_table(
        ws,
        ["bar", "start", "days"],
        rows,
        start_row=first_row,
        freeze=False,
        autosize_columns=False,
    )


def _gantt_chart(
    ws: Worksheet, plan: Plan, bars: list[tuple[str, date, int, str]], first_row: int
) -> BarChart:
    """A stacked horizontal bar chart whose first (offset) series is invisible."""
    s, n = plan.scenario.settings, len(bars)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 40
    chart.title = "Schedule of the package"
    data = Reference(ws, min_col=2, max_col=3, min_row=first_row, max_row=first_row + n)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row + 1, max_row=first_row + n))
    chart.series[0].graphicalProperties = GraphicalProperties(noFill=True)
    chart.series[0].graphicalProperties.line = LineProperties(noFill=True)
    colours = {**actor_colours(plan), FROZEN_ACTOR: FROZEN_COLOUR}
    for i, (*_, actor) in enumerate(bars):
        point = DataPoint(idx=i)
        point.graphicalProperties = GraphicalProperties(solidFill=colours[str(actor)])
        chart.series[1].dPt.append(point)
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.scaling.min = to_excel(s.start_date)
    chart.y_axis.scaling.max = to_excel(period_end(s, s.periods) + timedelta(days=1))
    chart.y_axis.number_format = "yyyy-mm-dd"
    chart.y_axis.majorUnit = s.period_days * max(1, s.periods // 8)
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.legend = None
    chart.width, chart.height = 24, max(6.0, 0.7 * n + 3)
    return chart


def write_schedule(ws: Worksheet, plan: Plan) -> None:
    """Schedule: header of period dates (window periods filled), a windows row, activity rows,
    then the Gantt chart and its data below the table."""
    table = tables.schedule_table(plan)
    windows = windows_by_period(plan.scenario)
    _header(ws, plan, windows)
    _body(ws, plan, table)
    first_row = len(table) + 6
    bars = gantt_bars(plan)
    _gantt_data(ws, bars, first_row)
    if bars:
        ws.add_chart(_gantt_chart(ws, plan, bars, first_row), f"E{first_row - 1}")
    autosize(ws)
    for t in windows:
        ws.column_dimensions[get_column_letter(len(SCHEDULE_FIXED) + t)].width = PERIOD_WIDTH
    longest = max((len(", ".join(ids)) for ids in windows.values()), default=0)
    ws.row_dimensions[2].height = max(15, min(200, 6 * longest))
    ws.freeze_panes = ws.cell(row=3, column=len(SCHEDULE_FIXED) + 1)
