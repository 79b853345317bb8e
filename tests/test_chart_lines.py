"""Per-period line charts are drawn with straight segments: a smoothed curve would invent dips."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import planner
from planner.report.results import write_results

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "korea_2018.xlsx"


def test_risk_line_chart_is_not_smoothed(tmp_path: Path) -> None:
    plan = planner.solve(planner.load_scenario(EXAMPLE))
    out = write_results(plan, tmp_path / "plan.xlsx")
    with zipfile.ZipFile(out) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    lines = [c for c in charts if "lineChart>" in c]
    assert lines, "the Risk sheet has a line chart"
    for xml in lines:
        series = re.findall(r"<(?:c:)?ser>.*?</(?:c:)?ser>", xml, flags=re.S)
        assert series and all(re.search(r'<(?:c:)?smooth val="0"\s*/>', s) for s in series)
