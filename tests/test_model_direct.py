"""The lean update path (planner.model.direct) equals a rebuild on random changes of the data."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from planner.model.session import ModelSession
from planner.model.solve import solve_scenario
from planner.scenario import Balance, Party, Scenario, TimingRow
from planner.solution import Solution, SolveOptions
from tests.support.builders import opt, scenario, window

pytestmark = pytest.mark.model

OPTIONS = SolveOptions(mip_gap=0.0, time_limit_s=30.0)


def _base(rng: random.Random, objective: str) -> Scenario:
    options = []
    for a in range(4):
        for k in range(3):
            options.append(
                opt(
                    f"X{a}",
                    f"o{k}",
                    rng.choice([1, 2, "all"]),
                    hazard=rng.uniform(0.01, 0.5),
                    earliest=1,
                    cost={"A": rng.uniform(0.1, 3.0), "B": rng.uniform(0.1, 3.0)},
                    benefit={"A": rng.uniform(0.1, 3.0), "B": rng.uniform(0.1, 3.0)},
                )
            )
    return scenario(
        options,
        periods=4,
        parties=(Party("A", max_cost=6.0, min_net=-5.0), Party("B", min_benefit=1.0)),
        balances=(Balance("A", "B", 4.0),),
        windows=(window("w", "holiday", 2, 3),),
        timing=(TimingRow("X1", "holiday", 1.5),),
        objective=objective,
        risk_cap=3.0,
    )


def _changed(rng: random.Random, s: Scenario) -> Scenario:
    """Random changes of numbers the session holds as Params (no coefficient becomes zero)."""
    f = lambda: rng.uniform(0.5, 1.5)  # noqa: E731
    parties = tuple(
        replace(
            p,
            max_cost=None if p.max_cost is None else p.max_cost * f(),
            min_benefit=None if p.min_benefit is None else p.min_benefit * f(),
            min_net=None if p.min_net is None else p.min_net * f(),
            weight=p.weight * f(),
        )
        for p in s.parties
    )
    options = tuple(
        replace(
            o,
            hazard=o.hazard * f() if rng.random() < 0.5 else o.hazard,
            cost={k: v * f() for k, v in o.cost.items()},
            benefit={k: v * f() for k, v in o.benefit.items()},
        )
        for o in s.options
    )
    settings = replace(s.settings, risk_cap=(s.settings.risk_cap or 1.0) * f())
    balances = tuple(replace(b, max_gap=b.max_gap * f()) for b in s.balances)
    timing = tuple(replace(t, multiplier=t.multiplier * f()) for t in s.timing)
    return replace(
        s, parties=parties, options=options, settings=settings, balances=balances, timing=timing
    )


def _same(fast: Solution, slow: Solution) -> None:
    assert fast.status == slow.status
    if slow.objective_value is None:
        assert fast.objective_value is None
        return
    assert fast.objective_value == pytest.approx(slow.objective_value, rel=1e-7, abs=1e-9)
    assert {(c.activity, c.option) for c in fast.choices} == {
        (c.activity, c.option) for c in slow.choices
    }


@pytest.mark.parametrize("objective", ["min_risk", "min_peak", "max_min_net"])
@pytest.mark.parametrize("seed", [1, 2])
def test_direct_updates_equal_a_rebuild(objective: str, seed: int) -> None:
    rng = random.Random(seed)
    s = _base(rng, objective)
    session = ModelSession(s, OPTIONS)
    _same(session.solve(), solve_scenario(s, OPTIONS))
    statuses = set()
    for _ in range(6):
        s = _changed(rng, s)
        assert session.update(s), "these changes are Param updates"
        fast = session.solve()
        _same(fast, solve_scenario(s, OPTIONS))
        statuses.add(fast.status)
    assert session.rebuilds == 0


def test_direct_column_bounds_equal_a_rebuild() -> None:
    import pyomo.environ as pyo

    from planner.model.lexicographic import Limits
    from planner.model.solve import build_model, solve_expression

    s = _base(random.Random(3), "min_risk")
    limits = Limits(30.0, 0.0)
    m = build_model(s)
    first, solver = solve_expression(m, m.total_hazard, limits=limits)
    assert first.package is not None
    chosen = next(iter(first.package.choices))
    var = m.choose[chosen.activity, chosen.option]
    var.fix(0)  # forbid the optimal choice: the optimum must change
    solver.update_variables([var])
    fast, _ = solve_expression(m, m.total_hazard, limits=limits, solver=solver)
    fresh = build_model(s)
    fresh.choose[chosen.activity, chosen.option].fix(0)
    slow, _ = solve_expression(fresh, fresh.total_hazard, limits=limits)
    assert fast.status == slow.status and fast.package is not None and slow.package is not None
    assert fast.value == pytest.approx(slow.value, rel=1e-9)
    assert fast.value > first.value
    assert chosen not in fast.package.choices
    assert pyo.value(var) == 0
