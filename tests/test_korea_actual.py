"""The 2018 actual package (inputs/korea_2018_actual.xlsx): written, valid against the example, scored."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.calendar import allowed_starts, period_of
from planner.examples import korea_2018_data as data
from planner.examples.korea_2018 import build_scenario
from planner.examples.korea_2018_actual import actual_choices, build_package_workbook
from planner.verify import evaluate, status_quo_choices

pytestmark = pytest.mark.e2e

COMMITTED = Path(__file__).resolve().parents[1] / "inputs" / "korea_2018_actual.xlsx"


def _rows(path: Path) -> list[dict[str, object]]:
    values = list(load_workbook(path)["Package"].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_actual_package_is_written_and_committed(tmp_path: Path) -> None:
    fresh = _rows(build_package_workbook(tmp_path / "actual.xlsx"))
    assert fresh == _rows(COMMITTED), "rebuild with `make example`"
    assert all(str(r["source"]).strip() for r in fresh)


def test_every_row_names_a_valid_activity_option_and_allowed_start(tmp_path: Path) -> None:
    s = build_scenario()
    rows = _rows(build_package_workbook(tmp_path / "actual.xlsx"))
    assert sorted(str(r["activity"]) for r in rows) == sorted(s.activity_ids)
    for r in rows:
        option = s.option(str(r["activity"]), str(r["option"]))
        day = r["start_date"]
        if option.is_scheduled:
            assert isinstance(day, datetime), r
            assert period_of(s.settings, day.date()) in allowed_starts(s.settings, option), r
        else:
            assert day is None, r


def test_scoring_the_2018_package() -> None:
    """The actual 2018 package scores between the plan and the status quo.

    By hand for NUKE (frozen from the week of 5 Mar = week 10): the tests ran in weeks 1-9
    at 1.5/yr x 4% per week, times 1.3 in weeks with a national day (1: 1 Jan; 6: 8 Feb;
    7: 16 Feb) and 2 in Olympic weeks (6, 7, 8): multipliers 1.3 + 4 + 2.6 + 2.6 + 2 + 1.
    """
    s = build_scenario()
    ev = evaluate(s, actual_choices(s))
    weekly = data.per_week(1.5, 0.04)
    assert ev.activity_hazard["NUKE"] == pytest.approx(weekly * 13.5, rel=1e-9)
    assert ev.active["NUKE"] == tuple(range(1, 10))
    # DPRK: five test freezes for weeks 10-52 (43 weeks), border measures from week 38
    # (15 weeks), and two once-off concessions (smaller winter training, parade without ICBMs)
    tests = sum(data.per_frozen_week(p) for p in (3, 3, 2, 2, 1.5))  # a year: 11.5
    border = data.per_frozen_week(0.5)
    assert period_of(s.settings, date(2018, 9, 19)) == 38
    assert ev.party_cost["DPRK"] == pytest.approx(43 * tests + 15 * border + 0.5 + 0.5)
    sq = evaluate(s, status_quo_choices(s))
    assert 0 < ev.total_hazard < sq.total_hazard
    assert ev.probability == pytest.approx(-math.expm1(-ev.total_hazard))


def test_evaluate_reads_the_freeze_weeks_of_the_committed_package() -> None:
    """``planner evaluate --package`` reads a stop's start_date as its first frozen week: the
    committed workbook scores exactly as the package built in code (no starts_allowed breach)."""
    from planner.io.package_file import read_package

    s = build_scenario()
    read = read_package(COMMITTED, s)
    assert {c.activity: c.start for c in read}["NUKE"] == 10
    assert set(read) == set(actual_choices(s))
    ev = evaluate(s, read)
    assert ev.total_hazard == pytest.approx(evaluate(s, actual_choices(s)).total_hazard)
    assert "starts_allowed" not in {c.name for c in ev.violations}
