"""The robust MIP (SPEC 6): a hand-derived case, brute force over every package, infeasible targets."""

from __future__ import annotations

import math
from dataclasses import replace
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from planner.draws.cells import with_values
from planner.draws.sampling import Draws, draw, uncertain_cells
from planner.model import robust_data as robust_data_module
from planner.model.lexicographic import Limits
from planner.model.robust import solve_robust
from planner.model.robust_data import (
    RobustData,
    accepted_needed,
    money_terms,
    needed_with_margin,
    robust_data,
    term_coefficients,
    tightened_big_m,
)
from planner.scenario import Party, Rule, Scenario, UncertaintyRow
from planner.solution import Status
from planner.verify_draws.scoring import cvar
from tests.support import bruteforce
from tests.support.builders import opt, ref, scenario
from tests.support.strategies import scenarios

pytestmark = pytest.mark.model

LIMITS = Limits(time_limit_s=30, mip_gap=0.0)


def hand_case(target: float, objective: str = "mean") -> tuple[Scenario, Draws]:
    """A (keep: hazard 1..5 by draw, cut: cost 2) and B (keep: hazard 2.2, cut: cost 1), 4 draws.

    USA's max_cost is 0, 1, 2, 3 in the four draws; A's keep hazard is 1, 1, 1, 5.
    """
    sc = scenario(
        [
            opt("A", "keep", "all", 1.0),
            opt("A", "cut", 0, 0.0, cost={"USA": 2}),
            opt("B", "keep", "all", 2.2),
            opt("B", "cut", 0, 0.0, cost={"USA": 1}),
        ],
        parties=(Party("USA", max_cost=10),),
        uncertainty=(
            UncertaintyRow("Parties.max_cost[USA]", "set", 0, 3),
            UncertaintyRow("Options.hazard[A/keep]", "set", 1, 5),
        ),
    )
    sc = replace(
        sc,
        settings=replace(
            sc.settings, acceptance_target=target, robust_objective=objective, cvar_level=0.75
        ),
    )
    values = np.array([[0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 5.0]])
    return sc, Draws(uncertain_cells(sc), values)


def picked(outcome) -> dict[str, str]:
    return {c.activity: c.option for c in outcome.choices}


@pytest.mark.parametrize(
    ("target", "expected", "mean_h"),
    [
        (1.0, {"A": "keep", "B": "keep"}, 2.0 + 2.2),  # only keep-keep costs 0
        (0.75, {"A": "keep", "B": "cut"}, 2.0),  # cost 1: accepted in 3 of 4
        (0.5, {"A": "keep", "B": "cut"}, 2.0),  # cut-keep (2 of 4) has the higher H 2.2
        (0.25, {"A": "cut", "B": "cut"}, 0.0),  # cost 3: 1 of 4
    ],
)
def test_hand_case_mean(target: float, expected: dict[str, str], mean_h: float) -> None:
    sc, draws = hand_case(target)
    outcome = solve_robust(sc, robust_data(sc, draws), LIMITS)
    assert outcome.status is Status.OPTIMAL
    assert picked(outcome) == expected
    assert outcome.objective_value == pytest.approx(mean_h)


def test_hand_case_cvar_prefers_the_steady_hazard() -> None:
    sc, draws = hand_case(0.0, "cvar")
    sc = replace(sc, rules=(Rule("one_kept", "excludes", ref("A/cut"), ref("B/cut")),))
    data = robust_data(sc, draws)
    mean = solve_robust(sc, replace(data, objective="mean"), LIMITS)
    assert picked(mean) == {"A": "keep", "B": "cut"}  # mean H 2.0 against 2.2
    outcome = solve_robust(sc, data, LIMITS)
    assert picked(outcome) == {"A": "cut", "B": "keep"}  # CVaR(0.75) 2.2 against 5
    assert outcome.objective_value == pytest.approx(2.2)


def test_big_m_is_derived_from_bounds() -> None:
    sc, draws = hand_case(0.5)
    data = robust_data(sc, draws)
    (row,) = data.rows
    assert row.name == "max_cost[USA]"
    # the costliest package costs 3: M = 3 - max_cost in each draw (0 in the last: always holds)
    assert list(row.big_m) == [3.0, 2.0, 1.0, 0.0]
    assert data.need == 2 and accepted_needed(0.9, 200) == 180 and accepted_needed(0.0, 5) == 0


def test_unreachable_target_reports_the_highest_acceptance() -> None:
    sc, draws = hand_case(1.0)
    sc = replace(sc, rules=(Rule("must_cut", "requires", ref("A/keep"), ref("B/cut")),))
    # keep-keep is now forbidden; keep-cut reaches 3 of 4
    outcome = solve_robust(sc, robust_data(sc, draws), LIMITS)
    assert outcome.status is Status.INFEASIBLE
    assert outcome.best_acceptance == pytest.approx(0.75)


def test_margin_raises_the_draws_needed() -> None:
    sc, draws = hand_case(0.25)
    sc = replace(sc, settings=replace(sc.settings, acceptance_margin=1.0))
    data = robust_data(sc, draws)
    # ceil(4 * 0.25 + sqrt(4 * 0.25 * 0.75)) = ceil(1.87) = 2 of 4 (without the margin: 1)
    assert (data.need, data.need_with_margin) == (1, 2)
    outcome = solve_robust(sc, data, LIMITS)
    # cut-cut (H 0) is accepted in 1 draw only; keep-cut (3 of 4, H 2.0) beats cut-keep (2.2)
    assert picked(outcome) == {"A": "keep", "B": "cut"} and outcome.need == 2
    assert needed_with_margin(0.9, 1.5, 200) == 187 and needed_with_margin(0.9, 0.0, 200) == 180
    assert needed_with_margin(1.0, 3.0, 10) == 10 and needed_with_margin(0.5, 5.0, 4) == 4


def test_margin_is_cut_to_what_a_package_reaches() -> None:
    sc, draws = hand_case(0.75)
    sc = replace(
        sc,
        rules=(Rule("must_cut", "requires", ref("A/keep"), ref("B/cut")),),
        settings=replace(sc.settings, acceptance_margin=1.0),
    )
    # the margin asks for 4 of 4; keep-keep is forbidden, keep-cut reaches 3 = the plain target
    outcome = solve_robust(sc, robust_data(sc, draws), LIMITS)
    assert outcome.status is Status.OPTIMAL and outcome.need == 3
    assert picked(outcome) == {"A": "keep", "B": "cut"}


def test_tightened_big_m_on_the_hand_case() -> None:
    sc, draws = hand_case(0.75)
    data = robust_data(sc, draws)
    (row,) = data.rows
    # need 3 of 4: a package meets max_cost in 3 draws, so its cost is at most the 3rd largest
    # of (0, 1, 2, 3) = 1 in every draw: M = 1 - max_cost (the rows' own M: 3 - max_cost)
    (tight,) = tightened_big_m(data, 3)
    assert np.allclose(tight, [1.0, 0.0, -1.0, -2.0], atol=1e-5)
    assert np.allclose(tightened_big_m(data, 0)[0], row.big_m)


# --- brute force over every package on the recorded draws ----------------------------------

N_DRAWS = 6


def _uncertain(s: Scenario, data: st.DataObject) -> Scenario:
    rows = [UncertaintyRow("Options.hazard[*]", "scale", 0.5, 2.0, each=True)]
    p0 = s.parties[0].id
    rows.append(UncertaintyRow(f"Options.cost:{p0}[*]", "scale", 0.5, 1.5, each=True))
    rows.append(UncertaintyRow(f"Parties.max_cost[{p0}]", "set", 1.0, 6.0))
    rows.append(UncertaintyRow(f"Parties.min_net[{s.parties[1].id}]", "set", -6.0, 0.0))
    if s.timing:
        rows.append(UncertaintyRow("Timing.multiplier[*]", "scale", 0.5, 1.5, each=True))
    if s.interactions:
        rows.append(UncertaintyRow("Interactions.hazard[*]", "scale", 0.0, 2.0))
    if s.balances:
        rows.append(UncertaintyRow("Balance.max_gap[*]", "scale", 0.5, 1.5))
    target = data.draw(st.sampled_from([2 / 6, 0.5, 4 / 6, 5 / 6, 1.0]))
    objective = data.draw(st.sampled_from(["mean", "cvar"]))
    level = data.draw(st.sampled_from([0.5, 0.8]))
    new = replace(
        s.settings, acceptance_target=target, robust_objective=objective, cvar_level=level,
        sample_seed=data.draw(st.integers(0, 9)),
        acceptance_margin=data.draw(st.sampled_from([0.0, 0.0, 1.0, 2.5])),
    )  # fmt: skip
    free = tuple(replace(p, max_cost=None, min_benefit=None, min_net=None) for p in s.parties)
    return replace(s, parties=free, uncertainty=tuple(rows), settings=new)


def brute_force(s: Scenario, draws: Draws) -> tuple[list, int]:
    """Per fixed-feasible package: (objective, mean weighted cost, accepted draws, package); and
    the draws needed."""
    free = tuple(replace(p, max_cost=None, min_benefit=None, min_net=None) for p in s.parties)
    fixed_scenario = replace(s, parties=free, balances=())
    drawn = [
        replace(with_values(s, draws.cells, row), rules=(), capacities=(),
                settings=replace(s.settings, risk_cap=None))
        for row in draws.values
    ]  # fmt: skip
    out = []
    for package in bruteforce.packages(s):
        if not bruteforce.evaluate(fixed_scenario, package).feasible:
            continue
        evs = [bruteforce.evaluate(d, package) for d in drawn]
        h = np.array([e.total_hazard for e in evs])
        value = (
            cvar(h, s.settings.cvar_level) if s.settings.robust_objective == "cvar" else h.mean()
        )
        cost = np.mean([sum(p.weight * e.cost[p.id] for p in s.parties) for e in evs])
        out.append((value, cost, sum(e.feasible for e in evs), package))
    return out, accepted_needed(s.settings.acceptance_target, draws.count)


def money_vector(data: RobustData, s: Scenario, package: tuple) -> np.ndarray:
    """x over ``data.money_columns`` of a package ((option, start) per activity)."""
    chosen = {a.id: choice for a, choice in zip(s.activities, package, strict=True)}
    return np.array(
        [
            float(chosen[a][0] == o and (start is None or chosen[a][1] == start))
            for a, o, start in data.money_columns
        ]
    )


def assert_big_m_valid(s: Scenario, data: RobustData, candidates: list, need: int) -> None:
    """Every package accepted in at least ``need`` draws meets each draw's row within its
    tightened big-M, and the rows folded per option give the same values as per start."""
    terms = money_terms(data)
    for row, big_m in zip(data.rows, tightened_big_m(data, need), strict=True):
        assert np.all(big_m <= row.big_m + 1e-12)
        folded = term_coefficients(row, terms)
        for *_, accepted, package in candidates:
            x = money_vector(data, s, package)
            value = row.coef @ x
            in_force = np.array([np.dot(t.times, x[list(t.columns)]) for t in terms])
            assert np.allclose(folded @ in_force, value, atol=1e-9)
            if accepted >= need:
                defined = ~np.isnan(row.rhs)
                slack = row.rhs[defined] + big_m[defined] - value[defined]
                assert np.all(slack >= -1e-9), (row.name, need, slack.min())


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(scenarios(), st.data())
def test_robust_matches_brute_force(case: tuple[Scenario, str], data: st.DataObject) -> None:
    s = _uncertain(case[0], data)
    assume(bruteforce.count_packages(s) <= 600)
    draws = draw(s, N_DRAWS)
    candidates, need = brute_force(s, draws)
    rd = robust_data(s, draws)
    wanted = needed_with_margin(
        s.settings.acceptance_target, s.settings.acceptance_margin, draws.count
    )
    assert rd.need == need and rd.need_with_margin == wanted >= need
    most = max((c[2] for c in candidates), default=0)
    if need <= most < wanted:
        need = most  # the margin is cut to what some package reaches
        event("margin cut")
    elif most >= wanted:
        need = wanted
    # with fewer partner draws than draws the bound takes a lower rank (rank 1..need)
    partners = data.draw(st.sampled_from([robust_data_module.MAX_PARTNERS, N_DRAWS - 1, 4]))
    with mock.patch.object(robust_data_module, "MAX_PARTNERS", partners):
        assert_big_m_valid(s, rd, candidates, need)
        outcome = solve_robust(s, rd, LIMITS)
    feasible = [c for c in candidates if c[2] >= need]
    unconstrained = min((c[0] for c in candidates), default=None)
    binds = bool(feasible) and min(c[0] for c in feasible) > (unconstrained or 0) + 1e-9
    event("infeasible" if not feasible else "target binds" if binds else "target slack")
    if not feasible:
        assert outcome.status is Status.INFEASIBLE
        best = max((c[2] for c in candidates), default=None)
        expected = None if best is None else best / N_DRAWS
        assert outcome.best_acceptance == (None if expected is None else pytest.approx(expected))
        return
    assert outcome.status is Status.OPTIMAL, outcome.stages
    assert outcome.need == need
    best = min(c[0] for c in feasible)
    tied = [c for c in feasible if abs(c[0] - best) <= 1e-6 * max(1.0, abs(best))]
    assert outcome.objective_value is not None and _close(outcome.objective_value, best)
    assert outcome.weighted_cost is not None
    assert _close(outcome.weighted_cost, min(c[1] for c in tied)), (outcome.stages, tied)
    package = tuple((c.option, c.start) for c in outcome.choices)
    assert package in bruteforce.packages(s)
    assert not math.isnan(outcome.objective_value)


def test_an_interaction_zero_as_written_but_drawn_counts_in_every_draw() -> None:
    from planner.scenario import Interaction
    from planner.verify_draws.robust import check_robust

    sc = scenario(
        [opt("A", "on", "all", 1.0), opt("A", "loud", "all", 2.5), opt("B", "on", "all", 1.0)],
        periods=2,
        interactions=(Interaction(ref("A/on"), ref("B/on"), 0.0),),
        uncertainty=(UncertaintyRow("Interactions.hazard[A/on@B/on]", "set", 3, 3),),
    )
    draws = draw(sc, 4)
    outcome = solve_robust(sc, robust_data(sc, draws), LIMITS)
    # A on: 2 + 2 + 2 * 3 = 10 in every draw (4 as written); A loud: 5 + 2 = 7
    assert picked(outcome) == {"A": "loud", "B": "on"}
    assert outcome.objective_value == pytest.approx(7.0)
    check_robust(sc, draws, outcome)
