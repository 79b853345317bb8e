"""``planner brief``: one party's workbook, with nothing of the other parties' red lines."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.report.results import write_results
from tests.support.cases_sheets import small_scenario
from tests.support.plans import PLAN_CHOICES, consistent_solution, make_plan

pytestmark = pytest.mark.e2e

runner = CliRunner()
# Distinctive limits so that any copy of them, anywhere in the file, can be found.
LIMITS = {"USA": ("max_cost", 2.3456), "DPRK": ("min_benefit", 1.2345), "ROK": ("min_net", -1.9876)}


def _plan_workbook(tmp_path: Path) -> Path:
    sc = small_scenario()
    parties = tuple(replace(p, **{LIMITS[p.id][0]: LIMITS[p.id][1]}) for p in sc.parties)
    sc = replace(sc, parties=parties)
    return write_results(
        make_plan(sc, consistent_solution(sc, PLAN_CHOICES)), tmp_path / "plan.xlsx"
    )


def _texts(path: Path) -> str:
    """Every XML part of the file: cells, shared strings, charts, defined names, properties."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


@pytest.mark.parametrize("party", ["USA", "DPRK", "ROK"])
def test_brief_leaks_nothing_of_other_parties(tmp_path: Path, party: str) -> None:
    plan = _plan_workbook(tmp_path)
    out = tmp_path / f"brief-{party}.xlsx"
    result = runner.invoke(app, ["brief", str(plan), "--party", party, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _texts(out)
    assert str(LIMITS[party][1]) in text  # its own limit is there
    for other, (limit, value) in LIMITS.items():
        if other == party:
            continue
        assert str(value) not in text and str(value).lstrip("-") not in text
        for name in (f"cost:{other}", f"benefit:{other}", f"net:{other}", f"{limit}[{other}]"):
            assert name not in text, name
        assert not re.search(rf"(max_cost|min_benefit|min_net)\[{other}\]", text)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Brief", "Package", "Risk", "Limits"]
    assert {r[0] for r in wb["Limits"].iter_rows(min_row=2, values_only=True)} == {party}
    assert {r[0] for r in wb["Brief"].iter_rows(min_row=2, values_only=True)} == {party}
    package = [r[0] for r in wb["Package"].iter_rows(min_row=2, values_only=True)]
    assert package == ["drill", "test", "talk", "patrol"]  # the whole package is shared
    assert wb["Summary"]["B2"].value.startswith(f"Brief for {party}: optimal package")
    assert wb.properties.title == f"Brief for {party}"


def test_brief_unknown_party_exits_2(tmp_path: Path) -> None:
    plan = _plan_workbook(tmp_path)
    out = tmp_path / "b.xlsx"
    result = runner.invoke(app, ["brief", str(plan), "--party", "NOBODY", "-o", str(out)])
    assert result.exit_code == 2 and "unknown party 'NOBODY'" in result.stderr
    assert not out.exists()
