"""Number formats of key cells and the print setup, in every kind of workbook planner writes."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from planner.cli import app
from planner.io.layout import column_format, sig_format
from planner.io.write_input import write_scenario_workbook
from planner.report.results import write_results
from planner.sweep.workbook import TIPPING_PAGES_WIDE
from tests.support.cases_analysis import bargaining, conflicting_limits, ranked_packages
from tests.support.plans import small_plan
from tests.support.sweep_cases import tipping_scenario as sweep_scenario

pytestmark = pytest.mark.e2e

runner = CliRunner()
EXACT = ["--gap", "0", "--time-limit", "30"]


def column(ws: Worksheet, name: str, header_row: int = 1) -> list[openpyxl.cell.Cell]:
    """The numeric cells below ``name`` in the header row."""
    header = [c.value for c in ws[header_row]]
    j = header.index(name) + 1
    cells = [ws.cell(row=r, column=j) for r in range(header_row + 1, ws.max_row + 1)]
    return [c for c in cells if isinstance(c.value, int | float) and not isinstance(c.value, bool)]


def summary_cell(ws: Worksheet, key: str) -> openpyxl.cell.Cell:
    return next(r[1] for r in ws.iter_rows() if r[0].value == key)


PAGES_WIDE = {"Tipping": TIPPING_PAGES_WIDE}
"""Sheets of these small cases that print more than one page across."""


def assert_printable(wb: openpyxl.Workbook) -> None:
    """Landscape, one page wide (or as many as PAGES_WIDE says), header rows repeated; no
    sheet left empty."""
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth == PAGES_WIDE.get(ws.title, 1), ws.title
        assert ws.print_title_rows, ws.title
        assert ws.max_row > 1 or ws["A1"].value is not None, ws.title


def assert_hazard_cells(cells: list[openpyxl.cell.Cell]) -> None:
    assert cells
    for c in cells:
        assert c.number_format == sig_format(float(c.value)), (c.coordinate, c.number_format)


def test_column_format_rules() -> None:
    assert column_format("escalation_probability", 0.104) == "0.0%"
    assert column_format("total_hazard", 0.0369688809380061) == "0.0000"
    assert column_format("cost:USA", 8.0) == "0"
    assert column_format("cost:USA", 8.25) == "#,##0.00"
    assert column_format("status", "optimal") is None


def test_plan_workbook_formats(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_results(small_plan(), tmp_path / "p.xlsx"))
    assert summary_cell(wb["Summary"], "escalation_probability").number_format == "0.00%"
    assert summary_cell(wb["Summary"], "mip_gap").number_format == "0.00%"
    assert_hazard_cells([summary_cell(wb["Summary"], "total_hazard")])
    assert_hazard_cells(column(wb["Package"], "hazard"))
    assert_hazard_cells(column(wb["Risk"], "plan_hazard"))
    assert {c.number_format for c in column(wb["Risk"], "plan_cumulative_probability")} == {"0.0%"}
    assert {c.number_format for c in column(wb["Parties"], "cost")} == {"#,##0.00"}
    assert wb["Schedule"].print_title_rows == "$1:$2"
    assert_printable(wb)


def test_sweep_workbook_formats(tmp_path: Path) -> None:
    src = write_scenario_workbook(sweep_scenario(), tmp_path / "tiny.xlsx")
    out = tmp_path / "sweep.xlsx"
    args = ["sweep", str(src), "--vary", "Parties.max_cost[USA]=0:28:7", "--tipping"]
    result = runner.invoke(app, [*args, "--workers", "1", "-o", str(out), *EXACT])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    points = wb["Points"]
    assert {c.number_format for c in column(points, "escalation_probability")} == {"0.00%"}
    assert_hazard_cells([c for c in column(points, "total_hazard") if c.value])
    assert summary_cell(wb["Summary"], "sweep_seconds").number_format == "0.0"
    charts = wb["Charts"]
    assert [c.value for c in charts[1]][:5] == [
        "Parties.max_cost[USA]", "total_hazard", "escalation_probability", "no_package",
        "package_changes",
    ]  # fmt: skip
    changes = [c.value for c in charts["E"][1:] if c.value is not None]
    assert len(changes) == 2  # the two tipping points are marked
    with zipfile.ZipFile(out) as z:
        xml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("Parties.max_cost[USA]" in x and "'Charts'!$D$2" in x for x in xml)  # no_package
    assert_printable(wb)


def test_compare_frontier_and_diagnosis_formats(tmp_path: Path) -> None:
    exact = dataclasses.replace(
        bargaining(), settings=dataclasses.replace(bargaining().settings, mip_gap=0.0)
    )
    out = tmp_path / "compare.xlsx"
    src = write_scenario_workbook(exact, tmp_path / "b.xlsx")
    assert runner.invoke(app, ["compare", str(src), "-o", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    compare = wb["Compare"]
    assert all(c.number_format.endswith("%") for c in column(compare, "escalation_probability"))
    assert_hazard_cells([c for c in column(compare, "total_hazard") if c.value])
    assert_printable(wb)

    s = ranked_packages()
    s = dataclasses.replace(
        s, parties=tuple(dataclasses.replace(p, max_cost=None) for p in s.parties)
    )
    src = write_scenario_workbook(s, tmp_path / "r.xlsx")
    out = tmp_path / "frontier.xlsx"
    args = ["frontier", str(src), "--against", "cost:USA", "--points", "6", "-o", str(out)]
    assert runner.invoke(app, [*args, *EXACT]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert {c.number_format for c in column(wb["Frontier"], "measure")} == {"0"}
    with zipfile.ZipFile(out) as z:
        xml = next(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
    assert "cost:USA" in xml and ">measure<" not in xml  # the axis names the measure
    assert_printable(wb)

    src = write_scenario_workbook(conflicting_limits(), tmp_path / "l.xlsx")
    out = tmp_path / "diag.xlsx"
    assert runner.invoke(app, ["diagnose", str(src), "-o", str(out), *EXACT]).exit_code == 0
    assert_printable(openpyxl.load_workbook(out))


@pytest.mark.parametrize("value", [0.00012, 0.5, 3.0, 123.456])
def test_sig_format_shows_three_significant_digits(value: float) -> None:
    decimals = len(sig_format(value).partition(".")[2])
    assert len(f"{value:.{decimals}f}".replace(".", "").lstrip("0")) in (3, 4)
