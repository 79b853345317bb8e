"""Random tiny scenarios checked against brute-force enumeration of every package.

One period, options active all the time or never, so a package is just one option per
activity and H is the sum of the chosen hazards. Costs and benefits are whole numbers and
hazards have three decimals, so distinct optima differ by far more than any tolerance.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

import pytest

from planner.analysis.alternatives import alternatives
from planner.analysis.diagnose import diagnose, relaxation_weight
from planner.analysis.items import limit_items
from planner.analysis.limits import default_step, price_limits
from planner.io.cells import CellLocator
from planner.scenario import ALL, Activity, Option, Party, Scenario
from tests.support.cases import EXACT, settings

pytestmark = pytest.mark.model

SEEDS = range(16)
INFEASIBLE_SEEDS = range(8)


@dataclass(frozen=True)
class Package:
    """A package and its totals, by enumeration."""

    options: tuple[Option, ...]
    hazard: float
    cost: dict[str, float]
    benefit: dict[str, float]

    def usage(self, kind: str, party: str) -> float:
        if kind == "max_cost":
            return self.cost[party]
        if kind == "min_benefit":
            return self.benefit[party]
        return self.benefit[party] - self.cost[party]


def random_scenario(seed: int, *, feasible: bool = True) -> Scenario:
    """A random scenario whose party limits come from a random package's own figures.

    Each drawn limit holds for that package with a slack of 0 to 2, so the scenario is
    feasible by construction; with ``feasible=False`` Q's min_net is then set above the
    best net any package can give Q (the sum over activities of the best option's net),
    so no package meets it.
    """
    rng = random.Random(seed)
    parties = ("P", "Q")
    acts = tuple(Activity(f"A{i}", actor=rng.choice(parties)) for i in range(3))
    options = []
    for a in acts:
        for k in range(rng.randint(2, 3)):
            options.append(
                Option(
                    a.id,
                    f"o{k}",
                    baseline=k == 0,
                    duration=ALL if rng.random() < 0.7 else 0,
                    hazard=round(rng.uniform(0, 2), 3),
                    cost={p: float(rng.randint(0, 5)) for p in parties if rng.random() < 0.6},
                    benefit={p: float(rng.randint(0, 5)) for p in parties if rng.random() < 0.6},
                )
            )
    anchor = [rng.choice([o for o in options if o.activity == a.id]) for a in acts]
    party_rows = [_limits_holding_for(rng, p, anchor) for p in parties]
    if not feasible:
        best_net = sum(
            max(
                o.benefit.get("Q", 0.0) - o.cost.get("Q", 0.0)
                for o in options
                if o.activity == a.id
            )
            for a in acts
        )
        party_rows[1] = dataclasses.replace(party_rows[1], min_net=best_net + rng.randint(1, 3))
    return Scenario(
        settings=settings(), parties=tuple(party_rows), activities=acts, options=tuple(options)
    )


def _limits_holding_for(rng: random.Random, party: str, package: list[Option]) -> Party:
    """Random limits for ``party`` that ``package`` meets, each with a slack of 0 to 2."""
    cost = sum(o.cost.get(party, 0.0) for o in package)
    benefit = sum(o.benefit.get(party, 0.0) for o in package)
    return Party(
        party,
        max_cost=cost + rng.randint(0, 2) if rng.random() < 0.8 else None,
        min_benefit=benefit - rng.randint(0, 2) if rng.random() < 0.6 else None,
        min_net=benefit - cost - rng.randint(0, 2) if rng.random() < 0.5 else None,
    )


def packages(s: Scenario) -> list[Package]:
    out = []
    for combo in itertools.product(*(s.options_of(a) for a in s.activity_ids)):
        hazard = sum(o.hazard for o in combo if o.duration == ALL)
        cost = {p: sum(o.cost.get(p, 0.0) for o in combo) for p in s.party_ids}
        benefit = {p: sum(o.benefit.get(p, 0.0) for o in combo) for p in s.party_ids}
        out.append(Package(combo, hazard, cost, benefit))
    return out


def violation(pkg: Package, kind: str, party: str, limit: float) -> float:
    used = pkg.usage(kind, party)
    return max(0.0, used - limit) if kind == "max_cost" else max(0.0, limit - used)


def feasible(s: Scenario, pkg: Package, skip: tuple[str, str] | None = None) -> bool:
    for item in limit_items(s, CellLocator()):
        if (item.kind, item.key) != skip and violation(
            pkg, item.kind, item.key, item.current or 0.0
        ) > 0:
            return False
    return True


def best_hazard(s: Scenario) -> float:
    return min((p.hazard for p in packages(s) if feasible(s, p)), default=math.inf)


@pytest.mark.parametrize(
    ("seed", "solvable"), [(k, True) for k in SEEDS] + [(k, False) for k in INFEASIBLE_SEEDS]
)
def test_elastic_relaxation_equals_enumeration(seed: int, solvable: bool) -> None:
    s = random_scenario(seed, feasible=solvable)
    items = limit_items(s, CellLocator())
    expected = min(
        sum(relaxation_weight(i) * violation(p, i.kind, i.key, i.current or 0.0) for i in items)
        for p in packages(s)
    )
    assert (expected == 0) is solvable
    found = diagnose(s, EXACT)
    assert found.status == ("feasible" if expected == 0 else "limits")
    assert (found.weighted_change or 0.0) == pytest.approx(expected, abs=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_alternatives_follow_the_enumerated_order(seed: int) -> None:
    s = random_scenario(seed)
    hazards = sorted(p.hazard for p in packages(s) if feasible(s, p))
    assert hazards, "feasible by construction"
    found = alternatives(s, EXACT, 4)
    assert [sol.objective_value for sol in found] == pytest.approx(hazards[:4])
    assert len({tuple(c.option for c in sol.choices) for sol in found}) == len(found)


@pytest.mark.parametrize("seed", SEEDS)
def test_limit_prices_equal_enumeration(seed: int) -> None:
    s = random_scenario(seed)
    h = best_hazard(s)
    assert not math.isinf(h), "feasible by construction"
    table = price_limits(s, EXACT)
    for item in limit_items(s, CellLocator()):
        sign = 1 if item.kind == "max_cost" else -1
        current = item.current or 0.0
        step = default_step(current)
        for direction, moved in (
            ("relax", current + sign * step),
            ("tighten", current - sign * step),
        ):
            variant = dataclasses.replace(s, parties=_moved(s, item.kind, item.key, moved))
            expected = best_hazard(variant) - h
            assert table.at[item.key, f"{item.kind}_{direction}_dH"] == pytest.approx(
                expected, abs=1e-6
            )
        better = [
            p.usage(item.kind, item.key)
            for p in packages(s)
            if feasible(s, p, skip=(item.kind, item.key)) and p.hazard < h - 1e-4
        ]
        end = (min(better) if sign > 0 else max(better)) if better else sign * math.inf
        column = "same_package_to" if sign > 0 else "same_package_from"
        assert table.at[item.key, f"{item.kind}_{column}"] == pytest.approx(end)


def _moved(s: Scenario, kind: str, party: str, value: float) -> tuple[Party, ...]:
    change: dict[str, Any] = {kind: value}
    return tuple(dataclasses.replace(p, **change) if p.id == party else p for p in s.parties)
