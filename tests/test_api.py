"""The notebook API: ``planner.solve`` returns a result with ``.write``, ``.tables`` and a short repr."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import planner
from tests.support.sweep_cases import tipping_scenario as _scenario

pytestmark = pytest.mark.e2e


def test_result_repr_tables_and_write(tmp_path: Path) -> None:
    result = planner.solve(_scenario(), mip_gap=0.0)
    assert result.status.value == "optimal" and result.solution.choices  # the Plan's fields
    text = repr(result)
    assert text.startswith("<planner plan: Optimal package") and len(text) < 400
    package = result.tables.package
    assert list(package["activity"]) == ["FE", "NT"]
    assert pd.api.types.is_datetime64_any_dtype(package["start_date"])
    assert pd.api.types.is_datetime64_any_dtype(result.tables.risk["start_date"])
    assert result.tables.summary.set_index("key").loc["headline", "value"] == result.headline
    out = result.write(tmp_path / "plan.xlsx")
    assert openpyxl.load_workbook(out)["Summary"]["B2"].value == result.headline
