"""What the parties actually did in 2018, as a package workbook that can be scored against the plan.

Run ``python -m planner.examples.korea_2018_actual inputs/korea_2018_actual.xlsx`` (or
``make example``). The sheet ``Package`` has the columns of SPEC 6 (``activity``,
``option``, ``start_date``) plus a ``source`` for every row. Where the facts file does not
say what was done, the row records the baseline and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from planner.calendar import period_of
from planner.examples.common import main_writing, wrap_column
from planner.examples.korea_2018_data import d
from planner.io.xlsx import save_atomic, write_table
from planner.scenario import Scenario
from planner.solution import Choice

HEADER = ("activity", "option", "start_date", "source")

TEST_PLEDGE = d(3, 5)
"""Week of the 5-6 Mar 2018 pledge: no nuclear or missile tests while dialogue continues."""

# fmt: off
ACTUAL: tuple[tuple[str, str, date | None, str], ...] = (
    ("KR", "rescheduled", d(4, 23), "Facts A4a [61][62]: 23 Apr - about 3 May 2018"),
    ("FE", "scaled_back", d(4, 2), "Facts A4a [59][60][62]: 1-26 Apr 2018, 4 weeks, low key "
     "(1 Apr was a Sunday: the weeks of 2-29 Apr)"),
    ("MT", "as_planned", d(5, 14), "Facts A4a [70]: 14-25 May (Pentagon; 11 May per Yonhap), "
     "with F-22s for the first time: not scaled back"),
    ("UFG", "frozen", None, "Facts A1b [65]: suspended 18-19 Jun 2018"),
    ("VA", "frozen", None, "Facts A1b [67]: suspended 19 Oct 2018"),
    ("DECAP", "included", d(4, 9), "unknown: no source says whether leadership-removal "
     "scenarios were dropped in 2018; recorded as the baseline, in the spring exercises"),
    ("CARRIER", "frozen", None, "Facts A4a [59]: FE 2018 reportedly without strategic assets"),
    ("BOMBER", "regular", None, "unknown: only a B-52 report for Max Thunder, denied by the "
     "ROK (Facts A4a [70]); recorded as the baseline"),
    ("RHET_US", "hostile", None, "unknown: the facts file records no change of US rhetoric "
     "in 2018 beyond calling exercises 'provocative' on 12 Jun [76]; recorded as the "
     "baseline"),
    ("TALKS", "summit", d(6, 12), "Facts A1b [76]: Singapore summit 12 Jun 2018"),
    ("KPA_WINTER", "scaled_back", d(1, 1), "Facts A2 [36][41]: 2017-18 winter training "
     "reported smaller than usual"),
    ("PARADE_FEB", "with_icbm", d(2, 8), "Facts A1 [3][4][112]: Hwasong-15 shown on 8 Feb"),
    ("PARADE_SEP", "without_icbm", d(9, 9), "Facts A1 [9]: parade without ICBMs"),
    ("NUKE", "frozen_dismantle", TEST_PLEDGE, "Facts A1b [20][21][16][18]: no tests pledged "
     "5-6 Mar; moratorium declared 21 Apr; Punggye-ri tunnels blown up 24 May"),
    ("ICBM", "frozen", TEST_PLEDGE, "Facts A1b [20][21][16]: pledge 5-6 Mar, ICBM "
     "moratorium declared 21 Apr"),
    ("IRBM", "frozen", TEST_PLEDGE, "Facts A1b [20][21]: pledge 5-6 Mar; A5b [79][93]: no "
     "ballistic-missile tests in 2018"),
    ("SRBM", "frozen", TEST_PLEDGE, "Facts A1b [20][21]; A5b [79][93]: none in 2018"),
    ("SLBM", "frozen", TEST_PLEDGE, "Facts A1b [20][21]; A5b [79][93]: none in 2018"),
    ("RHET_DPRK", "hostile", None, "Facts A1 [1][2]: the New Year address threats (1 Jan); "
     "the skipped 25 Jun rally [10] came later; an all-year option cannot split the year, so "
     "the baseline"),
    ("PRC_SWEET", "none", None, "unknown: the facts file records no Chinese incentives in "
     "2018 (Li Zhanshu attended the 9 Sep parade, Facts A1 [9])"),
    ("RUS_FAC", "none", None, "unknown: the facts file records no Russian role in 2018"),
    ("IK_TALKS", "none", None, "Facts A1b [70]: the 16 May high-level talks were cancelled"),
    ("IK_SUMMIT", "summit", d(4, 27), "Facts A1b [17]: Panmunjom summit 27 Apr 2018 (the "
     "Pyongyang summit of 18-20 Sep is a second summit the model does not hold)"),
    ("BORDER", "tension_reduction", d(9, 19), "Facts A1b [19]: military agreement signed "
     "19 Sep 2018"),
)
# fmt: on


def actual_choices(scenario: Scenario) -> tuple[Choice, ...]:
    """The 2018 package as choices: a start date maps to the period that contains it.

    Args:
        scenario: The Korea 2018 scenario (for its calendar).

    Returns:
        One choice per row of :data:`ACTUAL`, in its order.
    """
    settings = scenario.settings
    return tuple(
        Choice(a, o, None if day is None else period_of(settings, day)) for a, o, day, _ in ACTUAL
    )


def build_package_workbook(path: str | Path) -> Path:
    """Write the ``Package`` sheet of :data:`ACTUAL` to ``path`` (atomically).

    Args:
        path: Where to write the ``.xlsx`` file; its folder must exist.

    Returns:
        The path written.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Package"
    write_table(ws, HEADER, [list(row) for row in ACTUAL])
    wrap_column(ws, 4, 80)
    return save_atomic(wb, Path(path))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m planner.examples.korea_2018_actual OUT.xlsx``."""
    return main_writing("planner.examples.korea_2018_actual", build_package_workbook, argv)


if __name__ == "__main__":
    raise SystemExit(main())
