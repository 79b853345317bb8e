"""Schedule sheet of the results workbook: activities by periods, windows marked, a Gantt chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from planner.calendar import period_end, period_start
from planner.io.layout import sig_format
from planner.io.xlsx import (
    HEADER_FILL,
    HEADER_FONT,
    autosize,
    fill_cells,
    set_style,
    set_value,
    write_table,
)
from planner.report import story, tables
from planner.report.tables import FROZEN, SCHEDULE_FIXED, windows_by_period

if TYPE_CHECKING:
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
GHOST_FONT = Font(italic=True, color="595959", size=8)
WINDOW_MARK = Alignment(textRotation=90, vertical="bottom", horizontal="center")
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
        set_style(ws.cell(row=1, column=j), font=HEADER_FONT, fill=HEADER_FILL)
    for t, ids in windows.items():
        head, mark = ws.cell(row=1, column=n + t), ws.cell(row=2, column=n + t)
        set_value(head, period_start(plan.scenario.settings, t))
        if ids:
            set_style(head, font=WINDOW_FONT, fill=WINDOW_FILL)
        else:
            set_style(head, font=HEADER_FONT, fill=HEADER_FILL)
        set_value(mark, ", ".join(ids))
        set_style(mark, alignment=WINDOW_MARK)
        if ids:
            set_style(mark, fill=WINDOW_FILL)
    ws.cell(row=2, column=1).font = Font(bold=True)


def _body(ws: Worksheet, plan: Plan, table: tables.Rows) -> None:
    """Rows 3..: one per activity; active cells hold the period hazard, filled by actor colour."""
    n = len(SCHEDULE_FIXED)
    fills = {
        actor: PatternFill("solid", fgColor=colour) for actor, colour in actor_colours(plan).items()
    }
    for r, values in enumerate(table.values(), start=3):
        for j, value in enumerate(values[:n], start=1):
            set_value(ws.cell(row=r, column=j), value)
        marked: dict[object, list] = {FROZEN: [], None: []}
        for j, value in enumerate(values[n:], start=n + 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=j)
            text = value == FROZEN
            set_value(cell, value, None if text else sig_format(float(value)))
            marked[value if text else None].append(cell)
        fill_cells(marked[None], fills[str(values[2])])
        fill_cells(marked[FROZEN], FROZEN_FILL)


class Bar(NamedTuple):
    """One bar of the Gantt chart: the package's option, or a ghost of the status quo."""

    label: str
    start: date
    days: int
    actor: str
    ghost: bool = False


def _span(plan: Plan, periods: tuple[int, ...]) -> tuple[date, int]:
    settings = plan.scenario.settings
    start, end = period_start(settings, periods[0]), period_end(settings, periods[-1])
    return start, (end - start).days + 1


def _freeze_bars(
    plan: Plan, activity: str, actor: str, periods: tuple[int, ...], change: story.Change
) -> list[Bar]:
    """A timed freeze: its baseline running up to the freeze, then the freeze itself (grey)."""
    settings = plan.scenario.settings
    assert change.frozen_from is not None
    bars = []
    if periods:
        bars.append(Bar(f"{activity}: {change.baseline}", *_span(plan, periods), actor))
    frozen = tuple(range(change.frozen_from, settings.periods + 1))
    bars.append(Bar(f"{activity}: {change.option} (frozen)", *_span(plan, frozen), FROZEN_ACTOR))
    return bars


def gantt_bars(plan: Plan) -> list[Bar]:
    """Every activity, in sheet order: its bar under the package, then (when the package
    changes or moves it) a ghost bar where its status-quo option would have been.

    A frozen activity has only its ghost, labelled ``frozen``; an activity inactive under
    both has a zero-length bar so that it still has a row.
    """
    ev, settings = plan.evaluation, plan.scenario.settings
    assert ev is not None
    options = {c.activity: c.option for c in reversed(ev.choices)}
    changed = {c.activity: c for c in story.changes(plan)}
    bars = []
    for a in plan.scenario.activities:
        periods, change = ev.active[a.id], changed.get(a.id)
        if change is not None and change.frozen_from is not None:  # a timed freeze
            bars += _freeze_bars(plan, a.id, a.actor, periods, change)
            continue
        if periods:
            bars.append(Bar(f"{a.id}: {options[a.id]}", *_span(plan, periods), a.actor))
        elif change is None:
            bars.append(Bar(f"{a.id}: {options[a.id]} (inactive)", settings.start_date, 0, a.actor))
        if change is not None and change.status_quo_periods:
            frozen = change.kind == story.FROZEN
            label = f"{a.id}: frozen (was {change.baseline})" if frozen else f"{a.id}: status quo"
            bars.append(Bar(label, *_span(plan, change.status_quo_periods), a.actor, True))
    return bars


def _ghost_cells(ws: Worksheet, plan: Plan, first_row: int) -> None:
    """Hatch the status-quo periods a changed or moved activity no longer occupies;
    the first such cell says ``frozen`` or ``status quo``."""
    row_of = {a: first_row + i for i, a in enumerate(plan.scenario.activity_ids)}
    colours, n = actor_colours(plan), len(SCHEDULE_FIXED)
    for change in story.changes(plan):
        gone = [t for t in change.status_quo_periods if t not in change.periods]
        fill = PatternFill("lightUp", fgColor=colours[change.actor], bgColor="FFFFFF")
        cells = [ws.cell(row=row_of[change.activity], column=n + t) for t in gone]
        fill_cells(cells, fill)
        if cells:
            set_value(cells[0], "frozen" if change.kind == story.FROZEN else "status quo")
            cells[0].font = GHOST_FONT


def _gantt_data(ws: Worksheet, bars: list[Bar], first_row: int) -> None:
    """The chart's data block: bar label, start date, length in days and what the bar is."""
    set_value(ws.cell(row=first_row - 1, column=1), "Gantt chart data")
    ws.cell(row=first_row - 1, column=1).font = Font(bold=True)
    rows = [(*bar[:3], "status quo" if bar.ghost else "package") for bar in bars]
    write_table(
        ws,
        ["bar", "start", "days", "shows"],
        rows,
        start_row=first_row,
        freeze=False,
        autosize_columns=False,
    )


def _bar_fill(colour: str, ghost: bool) -> GraphicalProperties:
    """Solid actor colour for the package; a light hatch of it for a status-quo ghost."""
    if not ghost:
        return GraphicalProperties(solidFill=colour)
    hatch = PatternFillProperties(
        prst="wdUpDiag", fgClr=ColorChoice(srgbClr=colour), bgClr=ColorChoice(srgbClr="FFFFFF")
    )
    props = GraphicalProperties(pattFill=hatch)
    props.line = LineProperties(solidFill=colour, prstDash="dash")
    return props


def _gantt_chart(ws: Worksheet, plan: Plan, bars: list[Bar], first_row: int) -> BarChart:
    """A stacked horizontal bar chart whose first (offset) series is invisible."""
    s, n = plan.scenario.settings, len(bars)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "stacked", 100, 40
    chart.title = "Schedule of the package (hatched: the status quo it replaces)"
    data = Reference(ws, min_col=2, max_col=3, min_row=first_row, max_row=first_row + n)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row + 1, max_row=first_row + n))
    chart.series[0].graphicalProperties = GraphicalProperties(noFill=True)
    chart.series[0].graphicalProperties.line = LineProperties(noFill=True)
    colours = {**actor_colours(plan), FROZEN_ACTOR: FROZEN_COLOUR}
    for i, bar in enumerate(bars):
        point = DataPoint(idx=i)
        point.graphicalProperties = _bar_fill(colours[bar.actor], bar.ghost)
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
    table = tables.schedule_rows(plan)
    windows = windows_by_period(plan.scenario)
    _header(ws, plan, windows)
    _body(ws, plan, table)
    _ghost_cells(ws, plan, first_row=3)
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
