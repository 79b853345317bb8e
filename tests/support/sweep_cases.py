"""A small sweep case with hand-derived tipping points, shared by the sweep, format and API tests."""

from __future__ import annotations

from datetime import date

from planner.scenario import ALL, Activity, Option, Party, Scenario, Settings


def tipping_scenario() -> Scenario:
    """FE costs USA 10 to scale back and 20 to freeze: the package tips at max_cost 10 and 20."""
    return Scenario(
        settings=Settings(start_date=date(2018, 1, 1), periods=3, mip_gap=0.0),
        parties=(Party("USA", max_cost=15.0), Party("DPRK")),
        activities=(
            Activity("FE", actor="USA", category="exercise"),
            Activity("NT", actor="DPRK", category="test"),
        ),
        options=(
            Option("FE", "as_planned", baseline=True, duration=2, hazard=1.0),
            Option("FE", "scaled_back", duration=2, hazard=0.4, cost={"USA": 10.0}),
            Option("FE", "frozen", duration=0, cost={"USA": 20.0}),
            Option("NT", "as_planned", baseline=True, duration=ALL, hazard=0.5),
            Option("NT", "paused", duration=0, cost={"DPRK": 5.0}),
        ),
    )
