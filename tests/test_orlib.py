"""OR-Library: the parser, the mapping to a scenario, and Petersen's seven published optima reproduced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.model.solve import solve_scenario
from planner.solution import SolveOptions, Status
from tests.support.orlib import (
    knapsack_scenario,
    knapsack_value,
    parse_knapsacks,
    read_best_known,
    read_knapsacks,
)

pytestmark = pytest.mark.model


def _shared() -> Path:
    env = os.environ.get("PLANNER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


ORLIB = _shared() / "benchmarks" / "orlib"
VENDORED = Path(__file__).resolve().parent / "data" / "orlib"  # a copy of mknap1.txt
needs_orlib = pytest.mark.skipif(
    not (ORLIB / "mknap1.txt").exists(),
    reason=f"OR-Library files not found in {ORLIB} (set PLANNER_SHARED to the shared folder)",
)
PETERSEN = (3800, 8706.1, 4015, 6120, 12400, 10618, 16537)

TINY = """2
 3 2 7
 4 3
 2
 1 1 1
 2 1 3
 2 3
 1 1 0
 5
 2
 1
"""


def test_parse_stream_with_arbitrary_line_breaks() -> None:
    """Numbers are a stream: profits, weight rows and capacities may wrap anywhere."""
    first, second = parse_knapsacks(TINY)
    assert first.profits == (4, 3, 2) and first.weights == ((1, 1, 1), (2, 1, 3))
    assert first.capacities == (2, 3) and first.optimum == 7
    assert second.n == 1 and second.m == 1 and second.capacities == (1,)


@pytest.mark.parametrize("text", [TINY.rsplit("1", 1)[0], TINY + " 9"])
def test_parse_rejects_wrong_counts(text: str) -> None:
    """A truncated file or trailing numbers are errors, not silently different problems."""
    with pytest.raises(ValueError):
        parse_knapsacks(text)


def test_mapping_solves_the_tiny_problem() -> None:
    """Items 1+2 weigh (2, 3) and are worth 7, the stated optimum; H = 9 - 7 = 2."""
    problem = parse_knapsacks(TINY)[0]
    s = knapsack_scenario(problem)
    assert [p.max_cost for p in s.parties] == [2, 3] and len(s.activities) == 3
    sol = solve_scenario(s, SolveOptions())
    assert sol.objective_value is not None and sol.objective_value == pytest.approx(2)
    assert [c.option for c in sol.choices] == ["freeze", "freeze", "keep"]
    assert knapsack_value(problem, sol.objective_value) == pytest.approx(7)


def test_petersen_optima() -> None:
    """All seven mknap1 problems reproduce their published optima (mip_gap 0)."""
    problems = read_knapsacks(VENDORED / "mknap1.txt")
    assert [p.optimum for p in problems] == pytest.approx(PETERSEN)
    for problem in problems:
        sol = solve_scenario(knapsack_scenario(problem), SolveOptions(mip_gap=0.0))
        assert sol.status is Status.OPTIMAL
        assert sol.objective_value is not None
        assert knapsack_value(problem, sol.objective_value) == pytest.approx(problem.optimum)


@needs_orlib
def test_chu_beasley_files_line_up() -> None:
    """mknapcb1 holds 30 problems of 100 items x 5 constraints; mkcbres has their best values."""
    problems = read_knapsacks(ORLIB / "mknapcb1.txt")
    best = read_best_known(ORLIB / "mkcbres.txt")
    assert len(problems) == 30 and {(p.n, p.m) for p in problems} == {(100, 5)}
    assert best["5.100-00"] == 24381 and best["5.100-21"] == 62081
