"""The Calibration workbook of ``planner calibrate``: Summary and the limits, old and new."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from planner.analysis.calibrate import MARGIN_FACTOR, Calibration, Record
from planner.analysis.workbook import add_frame_sheet, new_workbook
from planner.scenario import Scenario

CALIBRATION_COLUMNS = ("limit", "sheet_cell", "old", "new", "change", "forced_by")


def calibration_table(cal: Calibration) -> pd.DataFrame:
    """One row per limit that may move: old and new value and the record that forced it."""
    rows = [
        {
            "limit": c.item.label,
            "sheet_cell": c.item.sheet_cell,
            "old": c.old,
            "new": c.new,
            "change": c.new - c.old,
            "forced_by": c.forced_by,
        }
        for c in cal.limits
    ]
    return pd.DataFrame(rows, columns=list(CALIBRATION_COLUMNS))


def headline(cal: Calibration) -> str:
    """One sentence for the terminal and the Summary."""
    if cal.unexplained:
        return f"no limits explain the record: {len(cal.unexplained)} record(s) cannot be explained"
    if not cal.status.has_package:
        return f"calibration ended {cal.status.value}"
    moved = [c for c in cal.limits if c.new != c.old]
    if not moved:
        return "the limits as they are already explain the record"
    return f"{len(moved)} limit(s) move, weighted change {cal.weighted_change:.6g}"


def calibration_workbook(scenario: Scenario, cal: Calibration, records: list[Record]) -> Workbook:
    """Summary, then Calibration (or Unexplained, naming each record no limit can explain)."""
    wb = new_workbook(
        scenario,
        [
            ("status", cal.status.value),
            ("weighted_change", cal.weighted_change),
            ("weights", "1 / max(|limit|, 1) per limit, as the diagnosis"),
            (
                "margin",
                f"a rejected package misses a limit by {MARGIN_FACTOR:g} x (1e-6 + 1e-6 |figure|)",
            ),
            ("accepted", ", ".join(r.name for r in records if r.party is None)),
            ("rejected", ", ".join(f"{r.party}:{r.name}" for r in records if r.party)),
            ("headline", headline(cal)),
        ],
    )
    if cal.unexplained:
        add_frame_sheet(wb, "Unexplained", pd.DataFrame({"record": list(cal.unexplained)}))
    else:
        add_frame_sheet(wb, "Calibration", calibration_table(cal))
    return wb
