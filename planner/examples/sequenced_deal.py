"""A three-activity "sequenced deal": a timed freeze, talks after it, an exercise scaled back after it.

Run ``python -m planner.examples.sequenced_deal PATH`` to write the workbook that
``docs/sequenced-deal.md`` walks through. Every number is illustrative (not a source).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from planner.io.write_input import write_scenario_workbook
from planner.scenario import (
    ALL,
    STOP,
    Activity,
    Interaction,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
)

START = date(2018, 3, 5)
"""A Monday: period t is the week from START + 7 (t - 1) days."""


def scenario(dprk_max_cost: float = 8.0) -> Scenario:
    """Twelve weeks; a freeze costs the DPRK 1 per frozen week, so ``dprk_max_cost`` = 8 allows
    a freeze from week 5 at the earliest (12 - 5 + 1 = 8 frozen weeks)."""
    options = (
        Option("NUKE", "continue", "tests go on", baseline=True, duration=ALL, hazard=0.03),
        Option(
            "NUKE",
            "freeze",
            "moratorium from a week the plan chooses",
            duration=STOP,
            per_period=True,
            cost={"DPRK": 1.0},
            benefit={"USA": 0.5},
        ),
        Option(
            "EX",
            "as_planned",
            "three-week exercise",
            baseline=True,
            duration=3,
            earliest_start=date(2018, 3, 19),
            latest_start=date(2018, 4, 30),
            hazard=0.05,
        ),
        Option(
            "EX",
            "scaled_back",
            "smaller three-week exercise",
            duration=3,
            earliest_start=date(2018, 3, 19),
            latest_start=date(2018, 4, 30),
            hazard=0.02,
            cost={"USA": 1.0},
            benefit={"DPRK": 1.0},
        ),
        Option("TALKS", "none", "no summit", baseline=True, duration=0),
        Option("TALKS", "summit", "a one-week summit", duration=1, benefit={"DPRK": 3.0}),
    )
    return Scenario(
        settings=Settings(start_date=START, periods=12),
        parties=(
            Party("USA", max_cost=4.0),
            Party("DPRK", max_cost=dprk_max_cost, min_benefit=3.0),
        ),
        activities=(
            Activity("NUKE", "Nuclear and missile tests", "DPRK", "test"),
            Activity("EX", "Spring exercise", "USA", "exercise"),
            Activity("TALKS", "Summit", "USA", "talks"),
        ),
        options=options,
        interactions=(Interaction(Ref("EX"), Ref("NUKE", ("continue",)), 0.05),),
        rules=(
            Rule("talks_after_freeze", "before", Ref("NUKE"), Ref("TALKS"), lag=2),
            Rule("exercise_after_freeze", "before", Ref("NUKE"), Ref("EX")),
            Rule(
                "summit_needs_freeze",
                "requires",
                Ref("TALKS", ("summit",)),
                Ref("NUKE", ("freeze",)),
            ),
        ),
    )


def main(argv: list[str] | None = None) -> int:
    """Write the example workbook to the path given (default inputs/sequenced_deal.xlsx)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "inputs/sequenced_deal.xlsx")
    write_scenario_workbook(scenario(), path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
