"""The Uncertainty sheet: validation with Sheet!Cell problems, and reproducible draws."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from planner.draws.sampling import IN_SAMPLE, TEST, draw
from planner.errors import InputError
from planner.io.reader import load_scenario
from tests.support.workbooks import full_sheets, write_workbook

pytestmark = pytest.mark.unit

HEADER = ["target", "mode", "low", "high", "most_likely", "shape", "each", "group"]


def _load(tmp_path: Path, rows: list[list[Any]], settings: list[list[Any]] | None = None):
    sheets = full_sheets()
    sheets["Uncertainty"] = [HEADER, *rows]
    sheets["Settings"] += settings or []
    return load_scenario(write_workbook(tmp_path / "u.xlsx", sheets))


def _problems(tmp_path: Path, rows: list[list[Any]], settings: list[list[Any]] | None = None):
    with pytest.raises(InputError) as exc:
        _load(tmp_path, rows, settings)
    return {p.location: p.message for p in exc.value.problems}


def test_valid_sheet_is_read(tmp_path: Path) -> None:
    sc = _load(
        tmp_path,
        [
            ["Options.hazard[*]", "scale", 0.5, 2, None, "loguniform", "yes", None],
            ["Parties.max_cost[USA]", "set", 8, 12, 10, "triangular", None, "g"],
        ],
        [["samples", 50], ["robust_objective", "cvar"], ["cvar_level", 0.8]],
    )
    assert [r.target for r in sc.uncertainty] == ["Options.hazard[*]", "Parties.max_cost[USA]"]
    assert sc.uncertainty[0].each and sc.uncertainty[1].group == "g"
    assert sc.settings.samples == 50 and sc.settings.robust_objective == "cvar"
    assert sc.settings.test_samples == 1000 and sc.settings.acceptance_target == 0.9


def test_each_problem_is_named_by_its_cell(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        [
            ["Options.hazrd[EX/freeze]", None, 1, 2],  # row 2: unknown column
            ["Windows.start[sun]", "set", 1, 2],  # row 3: a date
            ["Options.hazard[EX/as_planned]", None, 2, 1],  # row 4: low > high
            ["Options.hazard[TEST/halt]", None, 0, 1, None, "loguniform"],  # row 5
            ["Timing.multiplier[*]", None, 1, 2, 3, "triangular"],  # row 6: mode outside
            ["Rules.lag[r2]", "set", 1, 2],  # row 7: an int
            ["Parties.min_net[DPRK]", None, 1, 2],  # row 8: fine
            ["Parties.min_net[*]", None, 1, 2],  # row 9: overlaps row 8's cell
            ["Parties.max_cost[NOBODY]", None, 1, 2],  # row 10: no such party
            ["Interactions.hazard[*]", "scale", -1, 2],  # row 11: negative factor
        ],
        [["cvar_level", 1]],
    )
    assert "hazrd" in problems["Uncertainty!A2"]
    assert "cannot be uncertain" in problems["Uncertainty!A3"]
    assert "below low" in problems["Uncertainty!D4"]
    assert "loguniform" in problems["Uncertainty!C5"]
    assert "outside" in problems["Uncertainty!E6"]
    assert "cannot be uncertain" in problems["Uncertainty!A7"]
    assert (
        "Uncertainty!A8" in problems["Uncertainty!A9"] and "two rows" in problems["Uncertainty!A9"]
    )
    assert "Uncertainty!A8" not in problems
    assert "NOBODY" in problems["Uncertainty!A10"]
    assert "scale factor" in problems["Uncertainty!C11"]
    assert any(k.startswith("Settings!B") and "cvar_level" in v for k, v in problems.items())


def test_non_numbers_cannot_be_uncertain(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        [
            ["Options.duration[EX/freeze]", None, 1, 2],
            ["Settings.risk_cap", None, 1, 2],
            ["Windows.end[sun]", "set", 1, 2],
            ["Parties.weight[USA]", None, 1, 2],
            ["Options.vetoed_by[EX/freeze]", None, 1, 2],
        ],
    )
    assert sorted(problems) == [f"Uncertainty!A{r}" for r in range(2, 7)]
    assert all("cannot be uncertain" in m for m in problems.values())


def test_overlap_names_both_rows(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        [["Parties.max_cost[USA]", None, 1, 2], ["Parties.max_cost[*]", None, 1, 2]],
    )
    message = problems["Uncertainty!A3"]
    assert "Uncertainty!A2" in message and "Uncertainty!A3" in message
    assert "Parties.max_cost[USA]" in message


def test_non_numeric_bounds_and_set_below_minimum(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        [
            ["Options.hazard[EX/freeze]", "set", "high", 2],
            ["Options.hazard[EX/freeze]", "set", -1, 2],
        ],
    )
    assert "low must be a number" in problems["Uncertainty!C2"]
    assert ">= 0" in problems["Uncertainty!C3"]


def test_draws_are_reproducible_grouped_and_per_cell(tmp_path: Path) -> None:
    sc = _load(
        tmp_path,
        [
            ["Options.hazard[*]", "scale", 0.5, 2, None, None, "yes", None],
            ["Parties.max_cost[USA]", "set", 8, 12, None, None, None, "g"],
            ["Balance.max_gap[*]", "scale", 1, 3, None, None, None, "g"],
        ],
    )
    a, b = draw(sc, 64, IN_SAMPLE), draw(sc, 64, IN_SAMPLE)
    assert np.array_equal(a.values, b.values)
    test = draw(sc, 64, TEST)
    assert not np.allclose(a.values, test.values)
    names = [c.address for c in a.cells]
    assert names[:2] == ["Options.hazard[EX/as_planned]", "Options.hazard[TEST/continue]"]
    assert "Options.hazard[EX/freeze]" not in names  # hazard 0: scaling leaves it 0
    assert "Parties.max_cost[USA]" in names and "Balance.max_gap[USA~DPRK]" in names
    hazard = a.values[:, names.index("Options.hazard[EX/as_planned]")] / 0.5
    other = a.values[:, names.index("Options.hazard[TEST/continue]")] / 0.2
    assert not np.allclose(hazard, other)  # each: independent per cell
    # Latin hypercube: one draw in each of the 64 strata of a per-cell factor
    strata = np.floor((hazard - 0.5) / 1.5 * 64).astype(int)
    assert sorted(strata) == list(range(64))
    # one group: one uniform, mapped through each row's own range
    u_cost = (a.values[:, names.index("Parties.max_cost[USA]")] - 8) / 4
    u_gap = (a.values[:, names.index("Balance.max_gap[USA~DPRK]")] / 5 - 1) / 2
    assert np.allclose(u_cost, u_gap)


@pytest.mark.parametrize(
    ("low", "mode", "high"), [(0.8, 1.0, 1.25), (0.0, 0.0, 1.0), (2.0, 7.0, 7.0)]
)
def test_quantiles_match_scipy(low: float, mode: float, high: float) -> None:
    from scipy.stats import loguniform, triang

    from planner.draws.sampling import quantile
    from planner.scenario import UncertaintyRow

    u = np.linspace(0.0, 1.0, 1001)
    row = UncertaintyRow("x", "scale", low, high, mode, "triangular")
    c = (mode - low) / (high - low)
    assert np.allclose(quantile(row, u), triang.ppf(u, c, loc=low, scale=high - low))
    log_row = UncertaintyRow("x", "scale", low + 0.5, high + 1, None, "loguniform")
    expected = loguniform.ppf(u, low + 0.5, high + 1)
    assert np.allclose(quantile(log_row, u), expected)
    flat = UncertaintyRow("x", "set", 3.0, 3.0)
    assert np.all(quantile(flat, u) == 3.0)
