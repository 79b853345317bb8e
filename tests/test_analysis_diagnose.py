"""Diagnosis: elastic relaxation of limits (exact, hand-derived) and minimal conflicting rule/veto sets."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from planner.analysis.diagnose import DIAGNOSIS_COLUMNS, diagnose, with_diagnosis
from planner.analysis.filter import deletion_filter
from planner.analysis.items import Item
from planner.model.solve import solve_scenario
from planner.pipeline import solve_plan
from planner.report.results import build_results
from planner.scenario import Balance, Party, Scenario
from planner.solution import Status
from planner.verify import verify
from tests.support.cases import (
    EXACT,
    bargaining,
    conflicting_limits,
    conflicting_rules,
    priced_limit,
)

pytestmark = pytest.mark.model


def _with_party(scenario: Scenario, party: str, **changes: Any) -> Scenario:
    parties = tuple(
        dataclasses.replace(p, **changes) if p.id == party else p for p in scenario.parties
    )
    return dataclasses.replace(scenario, parties=parties)


def _solves(scenario: Scenario) -> bool:
    """True when the scenario has a package that the independent verifier accepts."""
    sol = solve_scenario(scenario, EXACT)
    if sol.status is Status.INFEASIBLE:
        return False
    assert sol.status is Status.OPTIMAL and verify(scenario, sol).ok
    return True


def test_limits_smallest_relaxation_is_exact() -> None:
    found = diagnose(conflicting_limits(), EXACT)
    assert found.status == "limits"
    assert found.weighted_change == pytest.approx(0.3)
    assert found.changes == pytest.approx({"USA max_cost": 3.0})
    assert {i.label for i in found.conflict} == {"USA max_cost", "DPRK min_benefit"}
    assert found.minimal
    assert found.message == (
        "no package satisfies both USA max_cost 10 and DPRK min_benefit 8; "
        "the smallest change is USA max_cost +3 (to 13)"
    )
    usa = next(r for r in found.rows if r["item"] == "USA max_cost")
    assert usa == pytest.approx(
        {"kind": "max_cost", "item": "USA max_cost", "sheet_cell": "Parties!C2", "current": 10.0,
         "required": 13.0, "change": 3.0, "message": "move USA max_cost from 10 to 13"}
    )  # fmt: skip
    dprk = next(r for r in found.rows if r["item"] == "DPRK min_benefit")
    assert (dprk["sheet_cell"], dprk["change"]) == ("Parties!D3", 0.0)
    assert all(set(r) == set(DIAGNOSIS_COLUMNS) for r in found.rows)


def test_limits_relaxation_is_sufficient_and_necessary() -> None:
    """Independently: the required value makes a package possible, a little less does not."""
    s = conflicting_limits()
    assert not _solves(s)
    assert _solves(_with_party(s, "USA", max_cost=13.0))
    assert not _solves(_with_party(s, "USA", max_cost=12.99))


def test_weights_trade_a_risk_cap_against_a_cost_limit() -> None:
    """risk_cap 1 with USA max_cost 10: the best H is 3. Raising the cap by 2 costs 2/1 = 2;
    raising max_cost by 1 (to 11, both frozen, H 0) costs 1/10 = 0.1: that is the answer."""
    s = priced_limit()
    s = dataclasses.replace(s, settings=dataclasses.replace(s.settings, risk_cap=1.0))
    found = diagnose(s, EXACT)
    assert found.changes == pytest.approx({"USA max_cost": 1.0})
    assert found.weighted_change == pytest.approx(0.1)
    assert {i.label for i in found.conflict} == {"USA max_cost", "risk_cap"}
    assert _solves(_with_party(s, "USA", max_cost=11.0))


def test_balance_is_elastic() -> None:
    """A min_net 5 leaves p3 (gap 3) and p4 (gap 8); |gap| <= 0.5 fails. Relax the balance
    to 3 costs 2.5 / 1; lowering A's min_net to 4 (p2, gap 0) costs 1 / 5 = 0.2."""
    s = bargaining()
    s = dataclasses.replace(
        s,
        parties=(Party("A", min_net=5.0, row=2), Party("B", row=3)),
        balances=(Balance("A", "B", 0.5, row=2),),
    )
    found = diagnose(s, EXACT)
    assert found.changes == pytest.approx({"A min_net": -1.0})
    assert {i.label for i in found.conflict} == {"A min_net", "balance A~B max_gap"}
    assert next(r for r in found.rows if r["kind"] == "balance")["sheet_cell"] == "Balance!C2"


def test_conflicting_rules_found_and_irrelevant_rule_left_out() -> None:
    s = conflicting_rules()
    found = diagnose(s, EXACT)
    assert found.status == "hard"
    assert [(i.label, i.sheet_cell) for i in found.conflict] == [
        ("rule r1", "Rules!A2"),
        ("rule r2", "Rules!A3"),
    ]
    assert found.minimal
    assert "rule r1 (Rules!A2) and rule r2 (Rules!A3) cannot hold together" in found.message
    assert [r["current"] for r in found.rows] == [
        "A/keep|freeze requires B/freeze",
        "A/keep|freeze excludes B/freeze",
    ]
    free = dataclasses.replace(s, parties=tuple(Party(p.id) for p in s.parties))
    assert not _solves(free)
    for rule in ("r1", "r2"):
        assert _solves(dataclasses.replace(free, rules=tuple(r for r in s.rules if r.id != rule)))


def test_a_veto_in_the_conflict_is_named_by_its_cell() -> None:
    """Without r2, r1 forces B/freeze; a DPRK veto of B/freeze then conflicts with r1."""
    s = conflicting_rules()
    options = tuple(
        dataclasses.replace(o, vetoed_by=("DPRK",)) if o.key == "B/freeze" else o for o in s.options
    )
    s = dataclasses.replace(s, options=options, rules=tuple(r for r in s.rules if r.id != "r2"))
    found = diagnose(s, EXACT)
    assert [(i.label, i.sheet_cell) for i in found.conflict] == [
        ("rule r1", "Rules!A2"),
        ("veto of B/freeze by DPRK", "Options!I5"),
    ]


def test_feasible_scenario_says_so() -> None:
    found = diagnose(priced_limit(), EXACT)
    assert found.status == "feasible" and not found.rows
    assert "feasible" in found.message


def test_deletion_filter_keeps_a_minimal_set_and_honours_undecided() -> None:
    items = [Item("rule", k, f"rule {k}", f"Rules!A{n}") for n, k in enumerate("abcd", start=2)]
    conflict = {"b", "d"}

    def infeasible(keep: object) -> bool:
        return conflict <= {i.key for i in keep}  # type: ignore[attr-defined]

    found = deletion_filter(items, infeasible)
    assert [i.key for i in found.items] == ["b", "d"] and found.minimal and found.solves == 4

    undecided = deletion_filter(items, lambda keep: None)
    assert len(undecided.items) == 4 and not undecided.minimal


def test_infeasible_solve_gets_diagnosis_rows_in_the_results_workbook() -> None:
    plan = with_diagnosis(solve_plan(conflicting_limits(), EXACT))
    assert plan.status is Status.INFEASIBLE
    assert plan.solution.message.startswith("no package satisfies both USA max_cost 10")
    assert {r["item"] for r in plan.diagnosis} == {"USA max_cost", "DPRK min_benefit"}
    wb = build_results(plan)
    cells = [c for row in wb["Diagnosis"].iter_rows(values_only=True) for c in row]
    assert "Parties!C2" in cells and 13 in cells


def test_plan_with_a_package_is_left_alone() -> None:
    plan = solve_plan(priced_limit(), EXACT)
    assert with_diagnosis(plan) is plan


def test_a_capacity_in_the_conflict_is_named_by_its_cell() -> None:
    """Capacity 0 for group g forces A, B and C to freeze; DPRK vetoes C/freeze."""
    s = conflicting_rules()
    s = dataclasses.replace(
        s,
        rules=tuple(r for r in s.rules if r.id == "r3"),
        capacities=(dataclasses.replace(s.capacities[0], max_active=0),),
    )
    found = diagnose(s, EXACT)
    assert [(i.label, i.sheet_cell) for i in found.conflict] == [
        ("veto of C/freeze by DPRK", "Options!I7"),
        ("capacity of group g", "Capacity!B2"),
    ]
    assert [r["current"] for r in found.rows] == ["C/freeze vetoed by DPRK", "max_active 0"]
