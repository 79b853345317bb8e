"""Analysis sheets and workbooks: Diagnosis, limit prices on Parties, Alternatives, Veto ladder, Frontier, Compare."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.series import SeriesLabel
from openpyxl.worksheet.worksheet import Worksheet

from planner._version import __version__
from planner.analysis.diagnose import DIAGNOSIS_COLUMNS, Diagnosis
from planner.io.layout import column_format, finish_workbook, format_columns
from planner.io.xlsx import autosize, plain, save_atomic, set_value, write_frame, write_table
from planner.scenario import Scenario

if TYPE_CHECKING:
    from planner.analysis.compare import Regime
    from planner.analysis.frontier import Frontier


def add_frame_sheet(wb: Workbook, title: str, df: pd.DataFrame) -> Worksheet:
    """Add a sheet holding ``df`` as a table, numbers formatted by column (layout.column_format)."""
    ws = wb.create_sheet(title)
    write_frame(ws, df)
    format_columns(ws)
    return ws


def new_workbook(scenario: Scenario, pairs: Iterable[tuple[str, Any]]) -> Workbook:
    """A workbook whose first sheet is a ``key``/``value`` Summary (input identity first)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    src = scenario.source
    head = [("input_file", src.path if src else ""), ("input_sha256", src.sha256 if src else "")]
    tail = [("planner_version", __version__), ("run_at", datetime.now().replace(microsecond=0))]
    write_table(ws, ["key", "value"], [[k, plain(v)] for k, v in [*head, *pairs, *tail]])
    return wb


def write_diagnosis_sheet(ws: Worksheet, rows: Sequence[Mapping[str, Any]]) -> None:
    """The Diagnosis sheet: one row per limit to move or conflicting rule/veto/capacity."""
    body = [[plain(r.get(c)) for c in DIAGNOSIS_COLUMNS] for r in rows]
    write_table(
        ws, list(DIAGNOSIS_COLUMNS), body, number_formats={"change": "+0.######;-0.######;0"}
    )


def diagnosis_workbook(scenario: Scenario, diagnosis: Diagnosis) -> Workbook:
    """The workbook of ``planner diagnose``: Summary and Diagnosis."""
    status = {"feasible": "feasible", "unknown": "no_solution"}.get(diagnosis.status, "infeasible")
    wb = new_workbook(
        scenario,
        [
            ("status", status),
            ("diagnosis", diagnosis.status),
            ("message", diagnosis.message),
            ("conflict_minimal", diagnosis.minimal),
            ("weighted_change", diagnosis.weighted_change),
            (
                "relaxation_weights",
                "1 / max(|limit|, 1) per limit: change relative to the limit's size",
            ),
        ],
    )
    write_diagnosis_sheet(wb.create_sheet("Diagnosis"), diagnosis.rows)
    return wb


def add_party_columns(ws: Worksheet, table: pd.DataFrame, key: str = "party") -> None:
    """Append the columns of ``table`` (indexed by party id) to an existing Parties sheet.

    Row 1 is the header and its ``key`` column names each row's party; parties missing
    from ``table`` get empty cells.
    """
    header = [c.value for c in ws[1]]
    col = header.index(key) + 1
    first = len(header) + 1
    style = ws.cell(row=1, column=1)
    for j, name in enumerate(table.columns):
        target = ws.cell(row=1, column=first + j)
        set_value(target, str(name))
        target.font, target.fill = copy(style.font), copy(style.fill)
    for r in range(2, ws.max_row + 1):
        party = ws.cell(row=r, column=col).value
        if party not in table.index:
            continue
        for j, name in enumerate(table.columns):
            value = plain(table.at[party, name])
            set_value(ws.cell(row=r, column=first + j), value, column_format(str(name), value))
    autosize(ws)


def add_scatter(
    ws: Worksheet,
    x_col: str,
    y_col: str,
    title: str,
    anchor: str,
    axis_titles: tuple[str, str] | None = None,
) -> None:
    """A native scatter chart (markers joined by lines) of two columns of a table sheet."""
    header = [c.value for c in ws[1]]
    xj, yj = header.index(x_col) + 1, header.index(y_col) + 1
    n = max(ws.max_row, 2)
    chart = ScatterChart()
    chart.title, chart.style, chart.height, chart.width = title, 13, 9, 16
    chart.x_axis.title, chart.y_axis.title = axis_titles or (x_col, y_col)
    chart.x_axis.delete = chart.y_axis.delete = False
    series = Series(
        Reference(ws, min_col=yj, min_row=1, max_row=n),
        Reference(ws, min_col=xj, min_row=2, max_row=n),
        title_from_data=True,
    )
    series.marker.symbol = "circle"
    series.smooth = False  # straight segments between the computed points
    chart.series.append(series)
    ws.add_chart(chart, anchor)


def add_bar(
    ws: Worksheet, label_col: str, value_col: str, title: str, anchor: str, first_row: int = 2
) -> None:
    """A native column chart of one column of a table sheet, one bar per row from ``first_row``."""
    header = [c.value for c in ws[1]]
    lj, vj = header.index(label_col) + 1, header.index(value_col) + 1
    n = max(ws.max_row, first_row)
    chart = BarChart()
    chart.type, chart.title, chart.height, chart.width = "col", title, 9, 16
    chart.y_axis.title = value_col
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.add_data(Reference(ws, min_col=vj, min_row=first_row, max_row=n))
    chart.series[0].tx = SeriesLabel(v=value_col)
    chart.set_categories(Reference(ws, min_col=lj, min_row=first_row, max_row=n))
    chart.y_axis.scaling.min = 0
    chart.legend = None
    ws.add_chart(chart, anchor)


def frontier_workbook(
    scenario: Scenario, traced: Frontier, against: str, requested: int | None
) -> Workbook:
    """The workbook of ``planner frontier``: Summary and Frontier (table + scatter chart of H against the measure)."""
    from planner.analysis.frontier import frontier_table

    points = traced.points
    wb = new_workbook(
        scenario,
        [
            ("against", against),
            ("exact", traced.exact),
            ("points_requested", requested if requested is not None else "all (exact)"),
            ("points_non_dominated", len(points)),
            ("method", traced.method),
            ("each_point", "min H s.t. measure <= eps, then the least measure at that H"),
        ],
    )
    table = frontier_table(scenario, list(points), against)
    ws = add_frame_sheet(wb, "Frontier", table)
    if len(table):
        add_scatter(
            ws,
            "measure",
            "total_hazard",
            f"Total hazard H against {against}" + ("" if traced.exact else " (a sample)"),
            f"A{len(table) + 4}",
            (against, "total hazard H"),
        )
    return wb


def compare_workbook(scenario: Scenario, regimes: Sequence[Regime]) -> Workbook:
    """The workbook of ``planner compare``: Summary and Compare (table + bar chart of H per regime)."""
    from planner.analysis.compare import compare_table

    notes = [(f"note:{r.name}", r.note) for r in regimes if r.note]
    wb = new_workbook(scenario, [("regimes", ", ".join(r.name for r in regimes)), *notes])
    table = compare_table(scenario, list(regimes))
    ws = add_frame_sheet(wb, "Compare", table)
    sq = float(table["total_hazard"].iloc[0]) if len(table) else float("nan")
    title = f"Total hazard H per regime (status quo H = {sq:.3g}, not drawn)"
    add_bar(ws, "regime", "total_hazard", title, f"A{len(table) + 4}", first_row=3)
    return wb


def save(wb: Workbook, out: Path, scenario: Scenario) -> Path:
    """Save atomically, refusing to overwrite the input workbook."""
    src = Path(scenario.source.path) if scenario.source else None
    finish_workbook(wb)
    return save_atomic(wb, out, src)
