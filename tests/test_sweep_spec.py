"""Sweep specs without a solver: addresses, value lists, grid/zip expansion, applying values."""

from __future__ import annotations

from datetime import date

import pytest

from planner.errors import InputError
from planner.scenario import (
    Scenario,
)
from planner.sweep import (
    apply_point,
    arange,
    design,
    make_axis,
    parse_assignment,
    plan_points,
    resolve,
)
from planner.sweep.apply import check_points
from tests.support.cases import every_sweepable_sheet

pytestmark = pytest.mark.unit


@pytest.fixture
def scenario() -> Scenario:
    """Library case every_sweepable_sheet: one of every sweepable sheet."""
    return every_sweepable_sheet()


@pytest.mark.parametrize(
    ("text", "address", "rows"),
    [
        ("Parties.max_cost[USA]", "Parties.max_cost[USA]", (0,)),
        ("  parties . MAX_COST [DPRK] ", "Parties.max_cost[DPRK]", (1,)),
        ("Options.hazard[FE/as_planned]", "Options.hazard[FE/as_planned]", (0,)),
        ("Options.hazard[*]", "Options.hazard[*]", (0, 1, 2, 3)),
        ("Options.cost:USA[FE/frozen]", "Options.cost:USA[FE/frozen]", (1,)),
        ("Timing.multiplier[exercise@olympics]", "Timing.multiplier[exercise@olympics]", (0,)),
        ("Windows.end[olympics]", "Windows.end[olympics]", (0,)),
        ("Balance.max_gap[USA~DPRK]", "Balance.max_gap[USA~DPRK]", (0,)),
        ("Rules.lag[r1]", "Rules.lag[r1]", (0,)),
        ("Capacity.max_active[drills]", "Capacity.max_active[drills]", (0,)),
        ("Settings.risk_cap", "Settings.risk_cap", ()),
    ],
)
def test_addresses_resolve(
    scenario: Scenario, text: str, address: str, rows: tuple[int, ...]
) -> None:
    target = resolve(scenario, text, "--vary")
    assert (target.address, target.rows) == (address, rows)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Parties.max_cost[XYZ]", 'no Parties row has key "XYZ"'),
        ("Parties.max_cost", "needs a row key"),
        ("Parties.name[USA]", "cannot be swept"),
        ("Partys.max_cost[USA]", 'no sheet "Partys"'),
        ("Settings.periods", "cannot be swept"),
        ("Settings.risk_cap[x]", "takes no [key]"),
        ("Options.cost:CHN[FE/frozen]", "no party CHN"),
        ("Interactions.hazard[*]", "Interactions has no rows"),
        ("max_cost", "not an address"),
        ("Parties.max_cost[USA", "not an address"),
    ],
)
def test_bad_addresses_are_input_errors_naming_the_address(
    scenario: Scenario, text: str, says: str
) -> None:
    with pytest.raises(InputError) as info:
        resolve(scenario, text, "--vary")
    (problem,) = info.value.problems
    assert problem.location == "--vary"
    assert problem.message.startswith(text.strip())
    assert says in problem.message


def test_arange_counts_instead_of_accumulating() -> None:
    values = arange(0, 1, 0.1)
    assert len(values) == 11 and values[-1] == 1 and values[3] == 0.3
    assert arange(0, 1, 0.3) == [0, 0.3, 0.6, 0.9]
    assert arange(5, 5, 1) == [5]
    assert arange(10, 0, -5) == [10, 5, 0]
    with pytest.raises(InputError, match="does not lead"):
        arange(0, 1, -0.1, "--vary", "X")


def test_value_lists_and_kinds(scenario: Scenario) -> None:
    assert make_axis(scenario, "Parties.max_cost[USA]", "set", "1, 2.5,4", "--vary").values == (
        1.0,
        2.5,
        4.0,
    )
    lag = make_axis(scenario, "Rules.lag[r1]", "set", "0:4:2", "--vary")
    assert lag.values == (0, 2, 4) and all(isinstance(v, int) for v in lag.values)
    morris = make_axis(scenario, "Options.hazard[*]", "scale", "0.5:2", "--vary")
    assert morris.bounds == (0.5, 2.0) and morris.values == ()


def test_date_targets_take_iso_dates_or_day_offsets(scenario: Scenario) -> None:
    iso = make_axis(scenario, "Windows.start[olympics]", "set", "2018-02-01:2018-02-15:7", "--vary")
    assert iso.mode == "set" and iso.values == (
        date(2018, 2, 1),
        date(2018, 2, 8),
        date(2018, 2, 15),
    )
    shift = make_axis(scenario, "Windows.end[olympics]", "set", "-7,0,7", "--vary")
    assert shift.mode == "shift" and shift.values == (-7, 0, 7)
    moved = apply_point(scenario, (shift,), (7,))
    assert moved.windows[0].end == date(2018, 3, 4)
    blank = make_axis(scenario, "Options.latest_start[FE/as_planned]", "set", "7", "--vary")
    assert apply_point(scenario, (blank,), (7,)).options[0].latest_start is None


@pytest.mark.parametrize(
    ("address", "mode", "values", "says"),
    [
        ("Rules.lag[r1]", "set", "0.5,1", "not a whole number"),
        ("Parties.max_cost[USA]", "set", "-1,2", "must be >= 0"),
        ("Parties.weight[USA]", "scale", "0,1", "must be > 0"),
        ("Windows.start[olympics]", "scale", "1,2", "cannot be scaled"),
        ("Windows.start[olympics]", "set", "2018-01-01,3", "mix of ISO dates"),
        ("Parties.max_cost[USA]", "set", "a,b", '"a" is not a number'),
        ("Parties.max_cost[USA]", "set", "1:2:3:4", "is not a:b:step"),
        ("Parties.max_cost[USA]", "grow", "1", 'mode "grow"'),
    ],
)
def test_bad_values_name_the_address(
    scenario: Scenario, address: str, mode: str, values: str, says: str
) -> None:
    with pytest.raises(InputError) as info:
        make_axis(scenario, address, mode, values, "Sweep!A3")
    (problem,) = info.value.problems
    assert problem.location == "Sweep!A3" and address in problem.message and says in problem.message


def test_grid_is_a_cartesian_product_and_zip_pairs(scenario: Scenario) -> None:
    a = make_axis(scenario, "Parties.max_cost[USA]", "set", "0:10:5", "--vary")
    b = make_axis(scenario, "Options.hazard[FE/as_planned]", "scale", "1,2", "--scale")
    grid = design([a, b])
    assert len(grid) == 6 and grid.values[:3] == ((0, 1), (0, 2), (5, 1))
    c = make_axis(scenario, "Balance.max_gap[USA~DPRK]", "set", "1,2,3", "--vary")
    assert design([a, c], zipped=True).values == ((0, 1), (5, 2), (10, 3))
    with pytest.raises(InputError, match="equal numbers of values"):
        design([a, b], zipped=True)
    with pytest.raises(InputError, match="varied twice"):
        design([a, a])
    morris = make_axis(scenario, "Parties.max_cost[USA]", "set", "0:10", "--vary")
    with pytest.raises(InputError, match="is a range"):
        design([morris])


def test_scale_multiplies_and_keeps_blanks_blank(scenario: Scenario) -> None:
    axis = make_axis(scenario, "Parties.max_cost[*]", "scale", "0.5", "--scale")
    changed = apply_point(scenario, (axis,), (0.5,))
    assert changed.parties[0].max_cost == 5.0 and changed.parties[1].max_cost is None
    cost = make_axis(scenario, "Options.cost:USA[*]", "scale", "2", "--scale")
    changed = apply_point(scenario, (cost,), (2.0,))
    assert changed.options[1].cost == {"USA": 6.0} and changed.options[0].cost == {"USA": 0.0}
    assert scenario.options[1].cost == {"USA": 3.0}, "the base scenario is never modified"
    cap = make_axis(scenario, "Settings.risk_cap", "scale", "2", "--scale")
    assert apply_point(scenario, (cap,), (2.0,)).settings.risk_cap is None


def test_every_point_is_checked_before_solving(scenario: Scenario) -> None:
    scaled = make_axis(scenario, "Capacity.max_active[drills]", "scale", "1,1.25,1.5", "--scale")
    with pytest.raises(InputError) as info:
        check_points(scenario, design([scaled]))
    messages = [p.message for p in info.value.problems]
    assert messages == ["Capacity.max_active[drills] = 1.25: 2 x 1.25 = 2.5 is not a whole number"]
    end = make_axis(scenario, "Windows.end[olympics]", "set", "2018-02-01,2018-03-01", "--vary")
    with pytest.raises(InputError, match="would end"):
        check_points(scenario, design([end]))
    late = make_axis(
        scenario, "Options.earliest_start[FE/as_planned]", "set", "2018-03-10", "--vary"
    )
    with pytest.raises(InputError, match="no allowed start"):
        check_points(scenario, design([late]))


def test_plan_points_collects_every_problem_and_falls_back_to_the_sweep_sheet(
    scenario: Scenario,
) -> None:
    with pytest.raises(InputError) as info:
        plan_points(
            scenario, ["Parties.max_cost[XYZ]=1,2", "Rules.lag[nope]=1"], ["Options.hazard[*]=x"]
        )
    assert [p.location for p in info.value.problems] == ["--vary", "--vary", "--scale"]
    assert "Parties.max_cost[XYZ]" in info.value.problems[0].message
    points = plan_points(scenario)
    assert points.axes[0].location == "Sweep!A2" and len(points) == 5
    with pytest.raises(InputError, match="exactly one target"):
        plan_points(scenario, ["Parties.max_cost[USA]=1,2", "Rules.lag[r1]=1,2"], tipping=True)
    assert parse_assignment("Balance.max_gap[A~B]=1,2", "--vary") == ("Balance.max_gap[A~B]", "1,2")
    with pytest.raises(InputError, match="ADDRESS=VALUES"):
        parse_assignment("Parties.max_cost[USA]", "--vary")
