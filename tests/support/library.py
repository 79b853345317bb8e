"""The case type and registry of the named known-answer scenarios (cases are in cases_*.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from planner.scenario import Scenario
from planner.solution import Status

FEATURES = frozenset(
    {
        "before",
        "requires",
        "excludes",
        "capacity",
        "interactions",
        "windows",
        "balance",
        "vetoes",
        "limits",
        "risk_cap",
        "blocks",
        "infeasible",
        "ties",
        "min_risk",
        "min_peak",
        "max_min_net",
    }
)
"""What a case may exercise; each objective is a feature of its own."""


@dataclass(frozen=True)
class Case:
    """A named scenario with its optimum derived by hand in the builder's docstring.

    Attributes:
        name: The builder's name (the case's id in test reports).
        build: Makes a fresh Scenario.
        status: OPTIMAL or INFEASIBLE.
        value: The primary objective's optimum (None when infeasible).
        choices: activity -> option of the optimal package, where it is unique.
        starts: activity -> start period, for the activities whose start is unique.
        features: What the case exercises (a subset of FEATURES).
    """

    name: str
    build: Callable[[], Scenario]
    status: Status
    value: float | None
    choices: Mapping[str, str] = field(default_factory=dict)
    starts: Mapping[str, int | None] = field(default_factory=dict)
    features: frozenset[str] = frozenset()


CASES: dict[str, Case] = {}
"""Every registered case by name."""


def known(
    value: float | None = None,
    *,
    choices: Mapping[str, str] | None = None,
    starts: Mapping[str, int | None] | None = None,
    features: str,
) -> Callable[[Callable[[], Scenario]], Callable[[], Scenario]]:
    """Register the decorated builder as a case; ``value`` None means infeasible.

    Args:
        value: The primary objective's optimum, or None for an infeasible case.
        choices: The unique optimal package's options (activity -> option).
        starts: The unique start periods (activity -> period).
        features: Space-separated names from FEATURES (the objective is added).
    """

    def register(build: Callable[[], Scenario]) -> Callable[[], Scenario]:
        tags = frozenset(features.split()) | {build().settings.objective}
        if value is None:
            tags |= {"infeasible"}
        unknown = tags - FEATURES
        assert not unknown and build.__name__ not in CASES, (build.__name__, unknown)
        status = Status.INFEASIBLE if value is None else Status.OPTIMAL
        CASES[build.__name__] = Case(
            build.__name__, build, status, value, choices or {}, starts or {}, tags
        )
        return build

    return register
