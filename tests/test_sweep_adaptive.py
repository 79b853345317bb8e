"""Adaptive sweeps along a monotone target equal the full grid point by point (status, objective, package)."""

from __future__ import annotations

import random

import pytest

from planner.scenario import Balance, Party, Scenario
from planner.solution import SolveOptions
from planner.sweep import plan_points, run, run_sweep
from planner.sweep.adaptive import direction, monotone_axis
from planner.sweep.worker import PointResult
from tests.support.builders import opt, scenario

pytestmark = pytest.mark.model

OPTIONS = SolveOptions(mip_gap=0.0, time_limit_s=30.0)


def _random_scenario(seed: int, objective: str = "min_risk") -> Scenario:
    """Four activities of 2-3 options with generic (tie-free) hazards, costs and benefits."""
    rng = random.Random(seed)
    options = []
    for a in range(4):
        for k in range(rng.randint(2, 3)):
            options.append(
                opt(
                    f"X{a}",
                    f"o{k}",
                    rng.choice([0, "all", "all"]),
                    hazard=rng.uniform(0.01, 0.5),
                    cost={"A": rng.uniform(0.1, 3.0), "B": rng.uniform(0.1, 3.0)},
                    benefit={"A": rng.uniform(0.1, 3.0), "B": rng.uniform(0.1, 3.0)},
                )
            )
    parties = (Party("A", max_cost=20.0), Party("B"))
    return scenario(
        options,
        periods=3,
        parties=parties,
        balances=(Balance("A", "B", 50.0),),
        objective=objective,
        risk_cap=50.0 if objective == "max_min_net" else None,
    )


def _compare(
    s: Scenario, vary: list[str] = (), scale: list[str] = (), workers: int = 1
) -> tuple[int, int]:
    points = plan_points(s, list(vary), list(scale))
    assert monotone_axis(s, points) is not None
    grid = run_sweep(s, points, OPTIONS, workers=1, adaptive=False)
    fast = run_sweep(s, points, OPTIONS, workers=workers, adaptive=True)
    assert len(fast.rows) == len(grid.rows) == len(points)
    for g, f in zip(grid.rows, fast.rows, strict=True):
        assert (f.index, f.values, f.status) == (g.index, g.values, g.status), f
        assert f.package == g.package, (f.values, f.package, g.package)
        if g.objective_value is None:
            assert f.objective_value is None
        else:
            assert f.objective_value == pytest.approx(g.objective_value, rel=1e-9, abs=1e-9)
    assert all(g.solved for g in grid.rows)
    assert len({(g.status, g.package) for g in grid.rows}) >= 2, "a line without any change"
    return sum(r.solved for r in fast.rows), len(points)


# Ranges run from infeasible (or binding) to slack, so every line has infeasible stretches
# and several package changes; descending value lists check the ordering both ways.
CASES = [
    ("min_risk", ["Parties.max_cost[A]=0:8:0.25"]),
    ("min_risk", ["Parties.max_cost[A]=8:0:-0.25"]),
    ("min_risk", ["Parties.min_benefit[A]=0:12:0.25"]),
    ("min_risk", ["Parties.min_net[B]=-4:6:0.25"]),
    ("min_risk", ["Parties.min_net[B]=6:-4:-0.25"]),
    ("max_min_net", ["Balance.max_gap[A~B]=0:6:0.2"]),
    ("max_min_net", ["Settings.risk_cap=0:1.6:0.05"]),
    ("min_peak", ["Parties.min_benefit[A]=12:0:-0.25"]),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("objective", "vary"), CASES)
def test_adaptive_equals_full_grid(seed: int, objective: str, vary: list[str]) -> None:
    solved, total = _compare(_random_scenario(seed, objective), vary=vary)
    assert solved < total


@pytest.mark.parametrize("seed", [4, 5])
def test_adaptive_scale_mode_and_two_axes(seed: int) -> None:
    s = _random_scenario(seed)
    _compare(s, scale=["Parties.max_cost[A]=0:1:0.04"])
    _compare(s, vary=["Parties.min_benefit[B]=0:8:0.25", "Options.hazard[X1/o1]=0.1,0.6"])


def test_adaptive_solves_once_per_run_of_equal_answers() -> None:
    """On one worker every solve starts a new run of (status, package) along the line."""
    s = _random_scenario(7)
    solved, total = _compare(s, vary=["Parties.max_cost[A]=0:10:0.05"])
    points = plan_points(s, ["Parties.max_cost[A]=0:10:0.05"])
    rows = run_sweep(s, points, OPTIONS, workers=1).rows
    answers = [(r.status, r.package) for r in rows]
    runs = 1 + sum(a != b for a, b in zip(answers, answers[1:], strict=False))
    assert total == 201 and runs >= 5 and solved == runs


def test_adaptive_on_two_workers_equals_full_grid() -> None:
    """Two workers solve a line's gaps from the top and from their middles: same rows."""
    _compare(_random_scenario(8), vary=["Parties.min_benefit[A]=0:12:0.1"], workers=2)


def test_direction_of_targets() -> None:
    s = _random_scenario(1)

    def axis(text: str, mode: str = "vary") -> int:
        arg = {"vary": [text]} if mode == "vary" else {"scale": [text]}
        return direction(s, plan_points(s, **arg).axes[0])

    assert axis("Parties.max_cost[A]=1,2") == 1
    assert axis("Parties.min_benefit[A]=1,2") == -1
    assert axis("Parties.min_net[A]=1,2") == -1
    assert axis("Balance.max_gap[A~B]=1,2") == 1
    assert axis("Settings.risk_cap=1,2") == 1
    assert axis("Parties.max_cost[A]=0.5,2", "scale") == 1
    assert axis("Options.hazard[X1/o1]=1,2") == 0
    neg = plan_points(s, vary=["Parties.min_net[A]=-3"]).axes[0]
    from planner.sweep.apply import apply_value

    negative = apply_value(s, neg, -3.0)
    scaled = plan_points(negative, scale=["Parties.min_net[A]=0.5,2"]).axes[0]
    assert direction(negative, scaled) == 1


def test_interrupting_an_adaptive_sweep_keeps_what_is_found() -> None:
    s = _random_scenario(7)
    points = plan_points(s, ["Parties.max_cost[A]=0:10:0.05"])
    seen: list[PointResult] = []

    def stop(done: int, total: int, row: PointResult | None) -> None:
        assert row is not None
        seen.append(row)
        if not row.solved:
            raise KeyboardInterrupt

    result = run(s, points, OPTIONS, workers=1, progress=stop)
    assert result.interrupted and result.partial and 2 <= len(result.rows) < len(points)
    assert sorted(r.index for r in seen) == [r.index for r in result.rows]


TIPPING_CASES = [
    ("min_risk", "Parties.max_cost[A]=0:8:2"),
    ("min_risk", "Parties.min_benefit[A]=0:12:3"),
    ("max_min_net", "Settings.risk_cap=0:1.6:0.4"),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("objective", "vary"), TIPPING_CASES)
def test_tipping_by_carrying_equals_bisection(
    seed: int, objective: str, vary: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Carrying proven packages finds the bisection's tipping points with fewer solves."""
    import planner.sweep.tipping as tipping

    s = _random_scenario(seed, objective)
    points = plan_points(s, [vary], tipping=True)
    real = tipping.solve_point
    calls: list[int] = []

    def counted(*args: object) -> PointResult:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tipping, "solve_point", counted)
    carry = run(s, points, OPTIONS, workers=1, tipping=True)
    carry_solves = len(calls)
    monkeypatch.setattr(tipping, "direction", lambda *_: 0)
    calls.clear()
    bisect = run(s, points, OPTIONS, workers=1, tipping=True)
    assert carry.tipping and len(carry.tipping) == len(bisect.tipping)
    width = float(carry.tipping_tolerance.split()[0])
    for c, b in zip(carry.tipping, bisect.tipping, strict=True):
        assert not c.undecided and not b.undecided
        assert tipping.signature(c.before) == tipping.signature(b.before)
        assert tipping.signature(c.after) == tipping.signature(b.after)
        # both brackets hold the true edge and are narrower than the tolerance
        assert abs(float(c.threshold) - float(b.threshold)) < 2 * width  # type: ignore[arg-type]
    assert carry_solves <= len(carry.tipping) < len(calls)
