"""K best packages: right order, pairwise different options (a schedule alone does not count), verified."""

from __future__ import annotations

import pytest

from planner.analysis.alternatives import (
    alternatives,
    alternatives_table,
    option_changes,
    veto_ladder,
)
from planner.solution import Choice
from planner.verify import verify
from tests.support.cases import EXACT, ranked_packages

pytestmark = pytest.mark.model


def test_k_best_in_order_and_distinct() -> None:
    s = ranked_packages()
    found = alternatives(s, EXACT, 5)
    assert [sol.objective_value for sol in found] == pytest.approx([3.0, 5.0, 7.0])
    packages = [tuple((c.activity, c.option) for c in sol.choices) for sol in found]
    assert packages == [
        (("A", "freeze"), ("B", "keep"), ("C", "meet")),
        (("A", "keep"), ("B", "freeze"), ("C", "meet")),
        (("A", "keep"), ("B", "keep"), ("C", "meet")),
    ]
    assert len(set(packages)) == len(packages)
    assert [sol.choice("C").start for sol in found] == [1, 1, 1]
    assert all(verify(s, sol).ok for sol in found)


def test_k_limits_the_count() -> None:
    found = alternatives(ranked_packages(), EXACT, 2)
    assert [sol.objective_value for sol in found] == pytest.approx([3.0, 5.0])
    assert alternatives(ranked_packages(), EXACT, 0) == []


def test_table_says_how_each_differs_from_the_best() -> None:
    s = ranked_packages()
    table = alternatives_table(s, alternatives(s, EXACT, 3))
    assert list(table["rank"]) == [1, 2, 3]
    assert list(table["objective_vs_best"]) == pytest.approx([0.0, 2.0, 4.0])
    assert list(table["differs_from_best"]) == [
        "(the best package)",
        "A: freeze -> keep; B: keep -> freeze",
        "A: freeze -> keep",
    ]
    assert list(table["cost:USA"]) == pytest.approx([3.0, 2.0, 0.0])
    assert list(table["escalation_probability"]) == pytest.approx(
        [0.950213, 0.993262, 0.999088], abs=1e-6
    )


def test_veto_ladder_vetoes_each_changed_option_by_its_actor() -> None:
    s = ranked_packages()
    best = alternatives(s, EXACT, 1)[0]
    ladder = veto_ladder(s, EXACT, best)
    assert list(ladder["activity"]) == ["A"]
    row = ladder.iloc[0]
    assert (row["vetoed_option"], row["vetoed_by"], row["status"]) == ("freeze", "USA", "optimal")
    assert row["total_hazard"] == pytest.approx(5.0)
    assert row["differs_from_best"] == "A: freeze -> keep; B: keep -> freeze"


def test_option_changes_ignore_schedules() -> None:
    best = (Choice("A", "x"), Choice("C", "meet", 1))
    other = (Choice("A", "y"), Choice("C", "meet", 2))
    assert option_changes(best, other) == ["A: x -> y"]
