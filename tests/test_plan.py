"""Plan tables (SPEC 4) from the small scenario and its hand-made solution (tests/support/plans.py)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from planner.plan import Plan
from planner.report import tables
from tests.support.plans import PLAN_H, SQ_H, infeasible_plan, small_plan

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def plan() -> Plan:
    return small_plan()


def test_summary_keys_in_spec_order(plan: Plan) -> None:
    summary = tables.summary(plan)
    spec = [
        "headline", "input_file", "input_sha256", "objective", "status", "objective_value", "total_hazard",
        "escalation_probability", "status_quo_hazard", "status_quo_probability",
        "risk_reduction", "peak_period_hazard", "mip_gap", "solve_seconds", "solver",
        "planner_version", "run_at",
    ]  # fmt: skip
    assert list(summary)[: len(spec)] == spec
    assert summary["input_file"] == "inputs/small.xlsx"
    assert summary["status"] == "optimal"
    assert summary["total_hazard"] == pytest.approx(PLAN_H)
    assert summary["objective_value"] == pytest.approx(PLAN_H)
    assert summary["escalation_probability"] == pytest.approx(1 - math.exp(-PLAN_H))
    assert summary["status_quo_hazard"] == pytest.approx(SQ_H)
    assert summary["risk_reduction"] == pytest.approx(1 - PLAN_H / SQ_H)
    assert summary["peak_period_hazard"] == pytest.approx(0.5)  # week 1: drill 0.4 + talk 0.1
    assert summary["run_at"] == "2026-11-03T09:30:00+00:00"
    assert summary["verified"] is True
    assert (summary["changed_activities"], summary["moved_activities"]) == (2, 1)


def test_package_table(plan: Plan) -> None:
    table = tables.package_table(plan).set_index("activity")
    assert list(tables.package_table(plan).columns[:12]) == [
        "activity", "name", "actor", "option", "description", "baseline_option", "changed",
        "start_period", "start_date", "end_date", "duration", "hazard",
    ]  # fmt: skip
    drill = table.loc["drill"]
    assert (drill["option"], drill["changed"], drill["start_period"]) == ("scaled", True, 1)
    assert (drill["start_date"], drill["end_date"]) == (date(2018, 1, 1), date(2018, 1, 14))
    assert drill["hazard"] == pytest.approx(0.8)
    assert (drill["cost:USA"], drill["benefit:DPRK"]) == (2.0, 1.5)
    assert pd_isna(table.loc["test", "start_date"]) and table.loc["test", "hazard"] == 0.0
    talk = table.loc["talk"]
    assert (talk["duration"], talk["start_date"], talk["end_date"]) == (
        "all", date(2018, 1, 1), date(2018, 2, 25))  # fmt: skip
    assert talk["hazard"] == pytest.approx(1.1)
    patrol = table.loc["patrol"]
    assert (patrol["changed"], patrol["moved"], patrol["status_quo_start_period"]) == (
        False,
        True,
        1,
    )


def pd_isna(value: object) -> bool:
    """True for a missing table value (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_schedule_table(plan: Plan) -> None:
    table = tables.schedule_table(plan).set_index("activity")
    assert list(table.columns[:4]) == ["name", "actor", "option", "changed"]
    assert table.columns[4] == "2018-01-01" and table.columns[-1] == "2018-02-19"
    assert table.loc["drill", "2018-01-08"] == pytest.approx(0.4)
    assert pd_isna(table.loc["drill", "2018-01-15"])
    assert table.loc["talk", "2018-02-19"] == pytest.approx(0.2)


def test_risk_table(plan: Plan) -> None:
    risk = tables.risk_table(plan)
    assert list(risk.columns[:7]) == [
        "period", "start_date", "windows", "plan_hazard", "status_quo_hazard",
        "plan_cumulative_probability", "status_quo_cumulative_probability",
    ]  # fmt: skip
    assert list(risk["windows"]) == [
        "",
        "",
        "day_of_sun",
        "",
        "",
        "olympics",
        "olympics",
        "olympics",
    ]
    assert list(risk["plan_hazard"]) == pytest.approx([0.5, 0.5, 0.1, 0.3, 0.1, 0.2, 0.2, 0.2])
    assert list(risk["status_quo_hazard"]) == pytest.approx(
        [3.3, 0.1, 3.1, 1.1, 1.1, 0.2, 0.2, 0.2]
    )
    assert risk["plan_cumulative_probability"].iloc[-1] == pytest.approx(1 - math.exp(-PLAN_H))
    assert risk["status_quo_cumulative_probability"].iloc[0] == pytest.approx(1 - math.exp(-3.3))


def test_parties_table(plan: Plan) -> None:
    parties = tables.parties_table(plan).set_index("party")
    usa = parties.loc["USA"]
    assert (usa["cost"], usa["max_cost"], usa["cost_slack"], usa["binding"]) == (
        2.0,
        2.0,
        0.0,
        "max_cost",
    )
    dprk = parties.loc["DPRK"]
    assert (dprk["benefit"], dprk["net"], dprk["binding"]) == (1.5, 0.5, "")
    assert parties.loc["ROK", "weighted_net"] == pytest.approx(0.5)


def test_rules_table(plan: Plan) -> None:
    rules = tables.rules_table(plan).set_index("rule")
    assert list(rules.index) == ["freeze_for_freeze", "drill_first", "USA~DPRK", "mil"]
    assert rules.loc["freeze_for_freeze", ["satisfied", "binding"]].tolist() == [True, True]
    assert rules.loc["drill_first", ["satisfied", "binding"]].tolist() == [True, False]
    assert rules.loc["USA~DPRK", "slack"] == pytest.approx(4.5)
    assert rules.loc["mil", ["type", "value", "slack"]].tolist() == ["capacity", 1, 1]


def test_check_table(plan: Plan) -> None:
    check = tables.check_table(plan)
    assert check["ok"].all()
    agreement = check[check["kind"] == "agreement"].set_index("check")
    assert agreement.loc["total_hazard", "model_value"] == pytest.approx(PLAN_H)
    assert len(agreement) == 1 + 1 + 8 + 3 + 3  # objective, H, H_t, cost and benefit per party


def test_windows_table(plan: Plan) -> None:
    windows = tables.windows_table(plan).set_index("window")
    assert windows.loc["olympics", ["first_period", "last_period"]].tolist() == [6, 8]


def test_infeasible_plan_has_summary_and_diagnosis_only() -> None:
    plan = infeasible_plan()
    summary = tables.summary(plan)
    assert summary["status"] == "infeasible"
    assert summary["total_hazard"] is None and summary["verified"] is None
    assert summary["status_quo_hazard"] == pytest.approx(SQ_H)
    assert tables.package_table(plan).empty and tables.parties_table(plan).empty
    diagnosis = tables.diagnosis_table(plan).set_index("constraint")
    assert diagnosis.loc["max_cost[USA]", "limit"] == 2.0
    assert "rule[freeze_for_freeze]" in diagnosis.index


def test_diagnosis_rows_from_decision_analysis_are_kept() -> None:
    rows = ({"constraint": "max_cost[USA]", "move_by": 1.5},)
    plan = replace(infeasible_plan(), diagnosis=rows)
    assert tables.diagnosis_table(plan).to_dict("records") == [dict(rows[0])]
