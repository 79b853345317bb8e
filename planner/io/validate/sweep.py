"""Checks the Sweep sheet with the contract's address and value grammar (planner.addresses, planner.axes)."""

from __future__ import annotations

from datetime import date

from planner.addresses import resolve
from planner.axes import make_axis
from planner.errors import InputError
from planner.io.validate.refs import Records
from planner.io.validate.table import Context
from planner.scenario import Scenario, Settings
from planner.schema import SHEETS_BY_NAME, normalise

_PLACEHOLDER_SETTINGS = Settings(start_date=date(2000, 1, 1), periods=1)


def provisional_scenario(rec: Records) -> Scenario:
    """The records as a Scenario, only for resolving addresses (settings may be a placeholder)."""
    return rec.scenario(rec.settings or _PLACEHOLDER_SETTINGS)


def check_sweeps(ctx: Context, rec: Records) -> None:
    """Each Sweep row: the target resolves to existing, sweepable cells; mode and values parse.

    A target problem is reported on the target cell, a date target in scale mode on the mode
    cell, and a values problem on the values cell.
    """
    if not rec.sweeps:
        return
    scenario = provisional_scenario(rec)
    table = ctx.tables["Sweep"]
    for row in rec.sweeps:
        if _target_sheet_unusable(ctx, row.target):
            continue
        try:
            target = resolve(scenario, row.target, table.loc(row.row, "target"))
        except InputError as exc:
            _add(ctx, exc)
            continue
        if target.is_date and row.mode == "scale":
            ctx.problems.add(
                table.loc(row.row, "mode"),
                f"{target.address} is a date, which cannot be scaled; use mode set",
            )
            continue
        try:
            make_axis(scenario, row.target, row.mode, row.values, table.loc(row.row, "values"))
        except InputError as exc:
            _add(ctx, exc)


def _target_sheet_unusable(ctx: Context, target: str) -> bool:
    """True when the target's sheet is a required sheet already reported missing or empty."""
    name = normalise(target.partition(".")[0])
    sheet = SHEETS_BY_NAME.get(name)
    return sheet is not None and sheet.required and not ctx.tables[sheet.name].rows


def _add(ctx: Context, exc: InputError) -> None:
    for problem in exc.problems:
        ctx.problems.add(problem.location, problem.message)
