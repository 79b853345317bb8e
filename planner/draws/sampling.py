"""Reproducible draws of the Uncertainty sheet: seeded Latin hypercubes, one stream per use.

Randomness units: a row with a ``group`` shares one uniform number per sample with every
row of its group (each row maps it through its own distribution, ``each`` included); a row
with ``each`` has one uniform per matched cell; any other row has one uniform for all its
cells. The uniforms of one stream are a scrambled Latin hypercube (``scipy.stats.qmc``)
over all units, seeded by ``SeedSequence(sample_seed).spawn(...)[stream]``: stream 0 is the
in-sample draw, stream 1 the out-of-sample test draw, streams 2, 3, ... the stability
re-solves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from planner.draws.cells import Cell, row_cells
from planner.scenario import Scenario, UncertaintyRow

IN_SAMPLE = 0
TEST = 1
STABILITY = 2
"""Stream numbers: in-sample, out-of-sample test, first stability re-solve."""


@dataclass(frozen=True)
class Draws:
    """K samples: ``values[k, j]`` is the value cell j takes in sample k."""

    cells: tuple[Cell, ...]
    values: np.ndarray

    @property
    def count(self) -> int:
        """Number of samples K."""
        return int(self.values.shape[0])

    def subset(self, rows: np.ndarray) -> Draws:
        """The samples at these positions."""
        return Draws(self.cells, self.values[rows])


@dataclass(frozen=True)
class _Plan:
    """Per cell: its row and the unit (column of the hypercube) its uniform comes from."""

    cells: tuple[Cell, ...]
    rows: tuple[UncertaintyRow, ...]
    units: tuple[int, ...]
    unit_count: int


def _plan(scenario: Scenario) -> _Plan:
    cells: list[Cell] = []
    rows: list[UncertaintyRow] = []
    units: list[int] = []
    groups: dict[str, int] = {}
    count = 0
    for row in scenario.uncertainty:
        matched = row_cells(scenario, row, f"Uncertainty!row {row.row}")
        if not matched:
            continue
        shared = None
        if row.group:
            if row.group not in groups:
                groups[row.group], count = count, count + 1
            shared = groups[row.group]
        elif not row.each:
            shared, count = count, count + 1
        for cell in matched:
            if shared is None:
                unit, count = count, count + 1
            else:
                unit = shared
            cells.append(cell)
            rows.append(row)
            units.append(unit)
    return _Plan(tuple(cells), tuple(rows), tuple(units), count)


def quantile(row: UncertaintyRow, u: np.ndarray) -> np.ndarray:
    """The row's distribution evaluated at uniform numbers ``u`` (inverse CDF)."""
    low, high = row.low, row.high
    if high <= low:
        return np.full_like(u, low, dtype=float)
    if row.shape == "loguniform":
        return np.exp(np.log(low) + u * (np.log(high) - np.log(low)))
    if row.shape == "triangular":
        mode = low if row.most_likely is None else row.most_likely
        width = high - low
        c = (mode - low) / width
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1 - u) * width * (high - mode))
        return np.where(u < c, left, right)
    return low + u * (high - low)


def uniforms(seed: int, stream: int, samples: int, units: int) -> np.ndarray:
    """A seeded, scrambled Latin hypercube ``[samples, units]`` of one stream."""
    if units == 0:
        return np.zeros((samples, 0))
    child = np.random.SeedSequence(seed).spawn(stream + 1)[stream]
    sampler = qmc.LatinHypercube(d=units, rng=np.random.default_rng(child))
    return np.asarray(sampler.random(samples), dtype=float)


def draw(scenario: Scenario, samples: int, stream: int = IN_SAMPLE) -> Draws:
    """``samples`` draws of every uncertain cell from one stream of ``sample_seed``."""
    plan = _plan(scenario)
    u = uniforms(scenario.settings.sample_seed, stream, samples, plan.unit_count)
    values = np.empty((samples, len(plan.cells)))
    for j, (cell, row, unit) in enumerate(zip(plan.cells, plan.rows, plan.units, strict=True)):
        x = quantile(row, u[:, unit])
        if row.mode == "scale":
            assert cell.nominal is not None
            x = cell.nominal * x
        values[:, j] = x
    return Draws(plan.cells, values)


def uncertain_cells(scenario: Scenario) -> tuple[Cell, ...]:
    """Every uncertain cell, in Uncertainty-sheet order."""
    return _plan(scenario).cells
