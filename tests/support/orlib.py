"""OR-Library multidimensional knapsack files (mknap1, mknapcb*) parsed and mapped to scenarios.

Format (OR-Library's ``mknapinfo``): a stream of numbers, line breaks meaningless. ``K``,
then per problem ``n m opt``, n profits p_j, m rows of n weights w_ij, m capacities b_i.

Mapping (benchmarks/orlib/README.md): item j is activity ``item<j>`` with baseline
``keep`` (duration ``all``, hazard p_j) and ``freeze`` (duration 0, ``cost:K<i>`` = w_ij);
constraint i is party ``K<i>`` with ``max_cost`` = b_i; one period. Freezing an item puts
it in the knapsack, so the least total hazard is sum(p) - (knapsack optimum).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from planner.scenario import ALL, Activity, Option, Party, Scenario, Settings


@dataclass(frozen=True)
class Knapsack:
    """One multidimensional knapsack: maximise p.x subject to W x <= b, x binary."""

    profits: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # m rows of n
    capacities: tuple[float, ...]
    optimum: float  # as published in the file header (0 when unknown)

    @property
    def n(self) -> int:
        """Number of items."""
        return len(self.profits)

    @property
    def m(self) -> int:
        """Number of constraints."""
        return len(self.capacities)


def _numbers(text: str) -> Iterator[float]:
    for token in text.split():
        yield float(token)


def _take(stream: Iterator[float], count: int) -> tuple[float, ...]:
    """The next ``count`` numbers (StopIteration when the stream ends first)."""
    values = []
    for _ in range(count):
        values.append(next(stream))
    return tuple(values)


def parse_knapsacks(text: str) -> list[Knapsack]:
    """Every problem of an OR-Library mknap file, in file order.

    Raises:
        ValueError: when the stream ends early or holds numbers after the last problem.
    """
    stream = _numbers(text)
    try:
        count = int(next(stream))
        problems = []
        for _ in range(count):
            n, m, optimum = int(next(stream)), int(next(stream)), next(stream)
            profits = _take(stream, n)
            weights = tuple(_take(stream, n) for _ in range(m))
            capacities = _take(stream, m)
            problems.append(Knapsack(profits, weights, capacities, optimum))
    except StopIteration:
        raise ValueError("OR-Library file ends before its last problem") from None
    if next(stream, None) is not None:
        raise ValueError("OR-Library file has numbers after its last problem")
    return problems


def read_knapsacks(path: str | Path) -> list[Knapsack]:
    """Parse an OR-Library mknap file from disk."""
    return parse_knapsacks(Path(path).read_text())


def read_best_known(path: str | Path) -> dict[str, float]:
    """``5.100-00`` -> best known value, from OR-Library's mkcbres.txt (first table only)."""
    out: dict[str, float] = {}
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].count(".") == 1 and "-" in parts[0]:
            out.setdefault(parts[0], float(parts[1]))
    return out


def _activity_id(j: int, n: int) -> str:
    return f"item{j + 1:0{len(str(n))}d}"


def knapsack_scenario(
    problem: Knapsack, *, mip_gap: float = 0.0, time_limit_s: float = 600.0
) -> Scenario:
    """The planner scenario of a knapsack (module docstring); least H = sum(p) - optimum."""
    parties = tuple(Party(id=f"K{i + 1}", max_cost=b) for i, b in enumerate(problem.capacities))
    activities, options = [], []
    for j, p in enumerate(problem.profits):
        a = _activity_id(j, problem.n)
        activities.append(Activity(id=a, actor=parties[0].id if parties else ""))
        options.append(Option(activity=a, id="keep", baseline=True, duration=ALL, hazard=p))
        cost = {
            party.id: row[j] for party, row in zip(parties, problem.weights, strict=True) if row[j]
        }
        options.append(Option(activity=a, id="freeze", duration=0, hazard=0.0, cost=cost))
    settings = Settings(
        start_date=date(2000, 1, 3),
        periods=1,
        objective="min_risk",
        time_limit_s=time_limit_s,
        mip_gap=mip_gap,
    )
    return Scenario(
        settings=settings,
        parties=parties,
        activities=tuple(activities),
        options=tuple(options),
    )


def knapsack_value(problem: Knapsack, total_hazard: float) -> float:
    """The knapsack objective a planner result stands for: sum(p) - H."""
    return sum(problem.profits) - total_hazard
