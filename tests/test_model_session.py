"""ModelSession: in-place updates of mutable data give the same results as a fresh build; structure rebuilds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from planner.model.session import ModelSession
from planner.scenario import (
    ALL,
    Balance,
    Capacity,
    Interaction,
    Party,
    Rule,
    Scenario,
)
from planner.solution import Solution, SolveOptions
from tests.support.builders import day, opt, ref, scenario, solve, timing, window

pytestmark = pytest.mark.model

OPTIONS = SolveOptions(mip_gap=0.0)


def base() -> Scenario:
    """Four activities, T=6, windows, an interaction, a rule, a balance, a capacity, party limits."""
    return scenario(
        [
            opt("X", "keep", 3, 1.3, benefit={"B": 0.5}),
            opt("X", "short", 1, 2.1, cost={"A": 1.7}, benefit={"B": 1.1}),
            opt("X", "freeze", 0, 0, cost={"A": 3.1}, benefit={"B": 2.3}),
            opt("Y", "keep", ALL, 0.7),
            opt("Y", "late", 2, 1.1, earliest=3, cost={"B": 0.9}),
            opt("Y", "freeze", 0, 0, cost={"B": 2.9}, benefit={"A": 1.9}),
            opt("Z", "keep", 2, 2.3, latest=4),
            opt("Z", "cut", 2, 1.2, cost={"A": 1.3, "B": 0.4}),
            opt("W", "keep", ALL, 0.4),
            opt("W", "pause", 3, 0.5, cost={"B": 0.6}),
        ],
        periods=6,
        parties=(
            Party("A", max_cost=4.0, min_net=-3.5, weight=1.5),
            Party("B", max_cost=3.0, min_benefit=0.5),
        ),
        categories={"X": "exercise", "Z": "exercise", "Y": "test", "W": "talks"},
        groups={"X": "g", "Z": "g", "W": "g"},
        windows=(window("nd", "national_day", 2, 3), window("harvest", "harvest", 5, 6)),
        timing=(timing("exercise", "national_day", 2.5), timing("*", "harvest", 1.7)),
        interactions=(Interaction(ref("X"), ref("Y/keep"), 1.9),),
        rules=(Rule("r1", "requires", ref("Y/freeze"), ref("X/short|freeze")),),
        balances=(Balance("A", "B", 4.0),),
        capacities=(Capacity("g", 2),),
        risk_cap=40.0,
    )


def _party(s: Scenario, pid: str, **changes: Any) -> Scenario:
    parties = tuple(replace(p, **changes) if p.id == pid else p for p in s.parties)
    return replace(s, parties=parties)


def _option(s: Scenario, key: str, **changes: Any) -> Scenario:
    options = tuple(replace(o, **changes) if o.key == key else o for o in s.options)
    return replace(s, options=options)


def _settings(s: Scenario, **changes: Any) -> Scenario:
    return replace(s, settings=replace(s.settings, **changes))


DATA_CHANGES: dict[str, Callable[[Scenario], Scenario]] = {
    "max_cost": lambda s: _party(s, "A", max_cost=1.5),
    "min_benefit": lambda s: _party(s, "B", min_benefit=2.0),
    "min_net": lambda s: _party(s, "A", min_net=-1.0),
    "weight": lambda s: _party(s, "B", weight=4.0),
    "risk_cap_binds": lambda s: _settings(s, risk_cap=9.0),
    "risk_cap": lambda s: _settings(s, risk_cap=9.05),
    "hazard": lambda s: _option(s, "X/short", hazard=4.0),
    "cost": lambda s: _option(s, "X/freeze", cost={"A": 0.2}),
    "benefit": lambda s: _option(s, "X/short", benefit={"B": 0.1}),
    "multiplier": lambda s: replace(
        s, timing=(timing("exercise", "national_day", 0.3), s.timing[1])
    ),
    "window_moves": lambda s: replace(
        s, windows=(window("nd", "national_day", 4, 5), s.windows[1])
    ),
    "interaction": lambda s: replace(s, interactions=(replace(s.interactions[0], hazard=0.01),)),
    "balance": lambda s: replace(s, balances=(Balance("A", "B", 0.5),)),
    "capacity": lambda s: replace(s, capacities=(Capacity("g", 1),)),
    "time_limit": lambda s: _settings(s, time_limit_s=20.0),
}

STRUCTURE_CHANGES: dict[str, Callable[[Scenario], Scenario]] = {
    "duration": lambda s: _option(s, "X/keep", duration=2),
    "earliest_start": lambda s: _option(s, "Y/late", earliest_start=day(2)),
    "rule_added": lambda s: replace(s, rules=(*s.rules, Rule("r2", "before", ref("Z"), ref("X")))),
    "limit_appears": lambda s: _party(s, "B", min_net=-2.0),
    "veto": lambda s: _option(s, "Z/cut", vetoed_by=("A",)),
    "coefficient_to_zero": lambda s: _option(s, "X/short", cost={}),
    "objective": lambda s: _settings(s, objective="min_peak"),
    "periods": lambda s: _settings(s, periods=7),
}


def _same(fast: Solution, fresh: Solution) -> None:
    assert fast.status is fresh.status
    assert fast.choices == fresh.choices
    if fresh.objective_value is None:
        assert fast.objective_value is None
    else:
        assert fast.objective_value == pytest.approx(fresh.objective_value, abs=1e-9)
        assert fast.model_total_hazard == pytest.approx(fresh.model_total_hazard, abs=1e-9)


@pytest.fixture(scope="module")
def session() -> ModelSession:
    """One session re-used across the grid (each test first goes back to the base scenario)."""
    return ModelSession(base(), OPTIONS)


@pytest.mark.parametrize("change", list(DATA_CHANGES))
def test_data_change_updates_in_place(session: ModelSession, change: str) -> None:
    """Update -> True, no rebuild, and the same result as solving the changed scenario afresh."""
    assert session.update(base()) is True
    model, rebuilds = session.model, session.rebuilds
    changed = DATA_CHANGES[change](base())
    assert session.update(changed) is True
    assert session.model is model and session.rebuilds == rebuilds
    _same(session.solve(), solve(changed))


@pytest.mark.parametrize("change", list(STRUCTURE_CHANGES))
def test_structure_change_rebuilds(change: str) -> None:
    """Update -> False (rebuilt), and the result still equals a fresh solve."""
    s = ModelSession(base(), OPTIONS)
    s.solve()
    changed = STRUCTURE_CHANGES[change](base())
    assert s.update(changed) is False
    assert s.rebuilds == 1
    _same(s.solve(), solve(changed))


def test_changes_chain_and_return() -> None:
    """Several in-place updates in a row, then back to the base: same as a fresh base solve."""
    s = ModelSession(base(), OPTIONS)
    first = s.solve()
    scenario_ = base()
    for change in ("max_cost", "hazard", "capacity", "risk_cap"):
        scenario_ = DATA_CHANGES[change](scenario_)
        assert s.update(scenario_) is True
        _same(s.solve(), solve(scenario_))
    assert s.update(base()) is True
    _same(s.solve(), first)


def test_grid_changes_the_answer() -> None:
    """The grid is meaningful: most data changes move the optimum away from the base."""
    reference = solve(base())
    moved = [
        name
        for name, change in DATA_CHANGES.items()
        if solve(change(base())).objective_value != pytest.approx(reference.objective_value)
        or solve(change(base())).choices != reference.choices
    ]
    assert len(moved) >= len(DATA_CHANGES) // 2, moved


@pytest.mark.parametrize("objective", ["min_peak", "max_min_net"])
def test_other_objectives_update_in_place(objective: str) -> None:
    """Stage rows and auxiliaries survive in-place updates under every objective."""
    start = _settings(base(), objective=objective)
    s = ModelSession(start, OPTIONS)
    _same(s.solve(), solve(start))
    for change in ("max_cost", "hazard", "multiplier", "min_benefit"):
        changed = DATA_CHANGES[change](start)
        assert s.update(changed) is True
        _same(s.solve(), solve(changed))
