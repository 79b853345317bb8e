"""Known-answer cases for the model: one rule, limit, timing feature or objective each.

Built with tests/support/builders.py: weekly periods from 2018-01-01, parties A and B,
the first option of each activity is its baseline, durations ``ALL`` or a block length.
Every optimum is derived by hand in the builder's docstring.
"""

from __future__ import annotations

from planner.scenario import ALL, Balance, Capacity, Interaction, Party, Rule, Scenario
from tests.support.builders import opt, ref, scenario, timing, window
from tests.support.library import known


@known(5, choices={"X": "keep", "Y": "keep"}, features="requires limits")
def requires_within_limit() -> Scenario:
    """X/freeze requires Y/freeze; Y/freeze costs B 1 > max_cost 0, so X keeps: H 5 (else 0)."""
    return scenario(
        [opt("X", "keep", ALL, 5), opt("X", "freeze"), opt("Y", "keep"), opt("Y", "freeze", cost={"B": 1})],
        rules=(Rule("r", "requires", ref("X/freeze"), ref("Y/freeze")),),
        parties=(Party("A"), Party("B", max_cost=0)),
    )  # fmt: skip


def _bare_requires(veto: tuple[str, ...]) -> Scenario:
    return scenario(
        [opt("X", "keep", ALL, 5), opt("X", "reduce", ALL, 2), opt("X", "freeze"),
         opt("Y", "keep"), opt("Y", "alt", ALL, 1, vetoed_by=veto)],
        rules=(Rule("r", "requires", ref("X"), ref("Y")),),
    )  # fmt: skip


@known(1, choices={"X": "freeze", "Y": "alt"}, features="requires")
def requires_bare() -> Scenario:
    """Bare X requires bare Y: changing X (reduce/freeze) needs Y changed (alt, H 1).

    X freeze + Y alt = 1 beats X reduce + Y alt = 3 and X keep + Y keep = 5.
    """
    return _bare_requires(())


@known(5, choices={"X": "keep", "Y": "keep"}, features="requires vetoes")
def requires_bare_vetoed() -> Scenario:
    """As requires_bare with Y/alt vetoed by A: Y keeps, so X must keep too: H 5."""
    return _bare_requires(("A",))


@known(5, choices={"X": "freeze", "Y": "keep"}, features="excludes ties")
def excludes_cost_tie() -> Scenario:
    """X/cut|freeze excludes Y/freeze: only one activity changes (H 5 either way).

    X freeze + Y keep and X keep + Y freeze both give 5 (X cut + Y keep gives 4 + 5 = 9);
    the tie-break (least weighted cost) picks freezing X (cost A 1) over Y (cost A 2).
    """
    return scenario(
        [opt("X", "keep", ALL, 5), opt("X", "cut", ALL, 4), opt("X", "freeze", cost={"A": 1}),
         opt("Y", "keep", ALL, 5), opt("Y", "freeze", cost={"A": 2})],
        rules=(Rule("r", "excludes", ref("X/cut|freeze"), ref("Y/freeze")),),
    )  # fmt: skip


def before_scenario(lag: int, y_cancel: bool = False) -> Scenario:
    """T=6. X: block 2 x 1, x10 in periods 1-2; Y: block 1 x 1, x10 in periods 4-6."""
    options = [opt("X", "block", 2, 1), opt("Y", "block", 1, 1)]
    if y_cancel:
        options.append(opt("Y", "cancel", 0, 0))
    return scenario(
        options,
        periods=6,
        windows=(window("xw", "xhot", 1, 2), window("yw", "yhot", 4, 6)),
        timing=(timing("X", "xhot", 10), timing("Y", "yhot", 10)),
        rules=(Rule("r", "before", ref("X"), ref("Y"), lag=lag),),
    )


@known(
    12,
    choices={"X": "block", "Y": "block"},
    starts={"X": 3, "Y": 6},
    features="before windows blocks",
)
def before_with_lag() -> Scenario:
    """start(Y) >= start(X) + 2 + 1: X@3 (2) + Y@6 (10) = 12 beats X@1+Y@4 (30), X@2+Y@5 (21).

    Unconstrained the optimum would be 3 (X in 3..5, Y in 1..3).
    """
    return before_scenario(lag=1)


@known(4, choices={"X": "keep"}, features="balance")
def balance_blocks_freeze() -> Scenario:
    """Freezing X (H 0) gives A benefit 3: |net(A) - net(B)| = 3 > max_gap 2, so keep: H 4."""
    return scenario(
        [opt("X", "keep", ALL, 4), opt("X", "freeze", benefit={"A": 3})],
        balances=(Balance("A", "B", 2),),
    )


@known(
    9,
    choices={"X": "b", "Y": "b", "Z": "b"},
    starts={"X": 2, "Y": 1, "Z": 1},
    features="capacity windows blocks",
)
def capacity_moves_cheapest() -> Scenario:
    """T=2, one-period blocks X 1, Y 2, Z 4 of group g; period 2 is x3. All in period 1: 7.

    At most 2 active per period: the cheapest (X) moves to period 2: 3 + 2 + 4 = 9.
    """
    return scenario(
        [opt("X", "b", 1, 1), opt("Y", "b", 1, 2), opt("Z", "b", 1, 4)],
        periods=2,
        groups={"X": "g", "Y": "g", "Z": "g"},
        windows=(window("w", "hot", 2, 2),),
        timing=(timing("*", "hot", 3),),
        capacities=(Capacity("g", 2),),
    )


@known(2, choices={"X": "once", "Y": "once"}, features="interactions blocks")
def interaction_separates_blocks() -> Scenario:
    """T=2, X, Y: all (2 each) or one-period block (1); both active in a period: +10.

    Both all: 2+2+20; both blocks in different periods: 1+1 = 2 (best); same period: 12.
    """
    return scenario(
        [opt("X", "all", ALL, 1), opt("X", "once", 1, 1), opt("Y", "all", ALL, 1), opt("Y", "once", 1, 1)],
        periods=2,
        interactions=(Interaction(ref("X"), ref("Y"), 10),),
    )  # fmt: skip


def peak_scenario(objective: str) -> Scenario:
    """T=4. X steady (all 1) | burst (1 period, 3); Y all 1; Z za (2 periods, 0.5) | zb, zc (1 period, 0.5)."""
    return scenario(
        [opt("X", "steady", ALL, 1), opt("X", "burst", 1, 3), opt("Y", "keep", ALL, 1),
         opt("Z", "za", 2, 0.5), opt("Z", "zb", 1, 0.5, cost={"A": 2}), opt("Z", "zc", 1, 0.5, cost={"A": 1})],
        periods=4,
        objective=objective,
    )  # fmt: skip


@known(2.5, choices={"X": "steady", "Y": "keep", "Z": "zc"}, features="blocks ties")
def peak_with_tie_breaks() -> Scenario:
    """min_peak: steady + Y gives 2 per period; any Z adds 0.5 somewhere: peak 2.5.

    Tie on H: za 9, zb/zc 8.5; tie on weighted cost: zb costs 2, zc costs 1 -> zc.
    """
    return peak_scenario("min_peak")


@known(7.5, choices={"X": "burst", "Y": "keep", "Z": "zc"}, features="blocks ties")
def peak_scenario_least_risk() -> Scenario:
    """The same under min_risk: burst (3) + Y (4) + zb/zc (0.5) = 7.5; zc costs less than zb."""
    return peak_scenario("min_risk")


def net_scenario(risk_cap: float) -> Scenario:
    """T=1. A weight 1, B weight 2. keep (H 0, nets 0) | deal (H 3: A +4, B +2) | alt (H 2: A +1, B +8)."""
    return scenario(
        [opt("X", "keep", ALL, 0), opt("X", "deal", ALL, 3, benefit={"A": 4, "B": 2}),
         opt("X", "alt", ALL, 2, benefit={"A": 1, "B": 8})],
        parties=(Party("A"), Party("B", weight=2)),
        objective="max_min_net",
        risk_cap=risk_cap,
    )  # fmt: skip


@known(1, choices={"X": "alt"}, features="risk_cap ties")
def fairest_within_cap() -> Scenario:
    """min_p net/weight: keep 0, deal min(4, 1) = 1, alt min(1, 4) = 1 -> tie, least H: alt."""
    return net_scenario(10)


@known(None, features="risk_cap")
def risk_cap_below_least_risk() -> Scenario:
    """Least H is 6 (all x 3 over 2 periods): risk_cap 5.999 leaves no package."""
    return scenario([opt("X", "keep", ALL, 3)], periods=2, risk_cap=5.999)


@known(None, features="vetoes")
def only_option_vetoed() -> Scenario:
    """X's only option is vetoed by A: no package."""
    return scenario([opt("X", "keep", ALL, 1, vetoed_by=("A",))])
