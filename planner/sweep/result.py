"""What a sweep produced: one frozen value, built once when the run (and its analysis) is over."""

from __future__ import annotations

from dataclasses import dataclass

from planner.scenario import Scenario
from planner.solution import SolveOptions
from planner.sweep.morris import Screening
from planner.sweep.spec import PointSet
from planner.sweep.tipping import TippingPoint
from planner.sweep.worker import PointResult


@dataclass(frozen=True)
class SweepResult:
    """Finished rows (in point order), timing, whether it is partial, and what was found.

    Attributes:
        scenario: The base scenario.
        points: The planned design (``rows`` may hold fewer when the sweep is partial).
        rows: One row per finished point, in point order.
        options: The solve options of every point.
        seconds: Wall time of the points (the tipping-point search excluded).
        workers: Worker processes used.
        scheduler: The Dask scheduler address, or None.
        fast: True when workers reused one model session (``update``).
        interrupted: Ctrl-C stopped the sweep.
        stop_reason: Why the sweep stopped early ("" when it did not).
        tipping: Tipping points found (``--tipping``), in axis order.
        tipping_tolerance: The bisection tolerance in words ("" without ``--tipping``).
        screening: The Morris screening (``--method morris``), or None.
        tipping_seconds: Wall time of the tipping-point search (0 without ``--tipping``).
    """

    scenario: Scenario
    points: PointSet
    rows: tuple[PointResult, ...]
    options: SolveOptions
    seconds: float = 0.0
    workers: int = 1
    scheduler: str | None = None
    fast: bool = True
    interrupted: bool = False
    stop_reason: str = ""
    tipping: tuple[TippingPoint, ...] = ()
    tipping_tolerance: str = ""
    screening: Screening | None = None
    tipping_seconds: float = 0.0

    @property
    def partial(self) -> bool:
        """True when some planned points (or the tipping-point search) were not finished."""
        return self.interrupted or len(self.rows) < len(self.points)

    def counts(self) -> dict[str, int]:
        """Number of rows per status, most frequent first."""
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))
