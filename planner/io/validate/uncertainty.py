"""Records and checks of the Uncertainty sheet and its Settings keys (SPEC 1 and 6)."""

from __future__ import annotations

from typing import Any

from planner.errors import InputError
from planner.io.validate import cells as vc
from planner.io.validate.refs import Records
from planner.io.validate.sweep import provisional_scenario
from planner.io.validate.table import Context, RowReader
from planner.scenario import Scenario, UncertaintyRow
from planner.schema import SHEETS_BY_NAME, normalise

SHEET = "Uncertainty"


def check_bounds(reader: RowReader, values: dict[str, Any]) -> None:
    """low <= high; loguniform needs low > 0; triangular needs low <= most_likely <= high."""
    if values["target"] is None or values["low"] is None or values["high"] is None:
        return  # a missing cell is reported where it is
    row = UncertaintyRow(
        target=values["target"],
        low=float(values["low"]),
        high=float(values["high"]),
        most_likely=values["most_likely"],
        shape=values["shape"] or "uniform",
    )
    if row.low > row.high:
        reader.fail("high", f"high {vc.shown(row.high)} is below low {vc.shown(row.low)}")
    if row.shape == "loguniform" and row.low <= 0:
        reader.fail("low", f"a loguniform draw needs low > 0, got {vc.shown(row.low)}")
    if row.shape != "triangular":
        return
    if row.most_likely is None:
        where = "most_likely" if "most_likely" in reader.table.columns else "shape"
        reader.fail(where, "a triangular draw needs most_likely (low <= most_likely <= high)")
    elif not row.low <= row.most_likely <= row.high:
        reader.fail(
            "most_likely",
            f"most_likely {vc.shown(row.most_likely)} is outside low {vc.shown(row.low)} .. "
            f"high {vc.shown(row.high)}",
        )


def check_uncertainty(ctx: Context, rec: Records) -> None:
    """Targets resolve to uncertain numbers, draws keep cells valid, no cell in two rows."""
    _check_settings(ctx, rec)
    if not rec.uncertainty or not rec.options:
        return
    from planner.draws.cells import row_cells  # lazy: imports planner.sweep

    scenario = provisional_scenario(rec)
    table = ctx.tables[SHEET]
    claimed: dict[tuple, int] = {}
    for row in rec.uncertainty:
        where = table.loc(row.row, "target")
        if _sheet_unusable(ctx, row.target):
            continue
        try:
            cells = row_cells(scenario, row, where)
        except InputError as exc:
            for problem in exc.problems:
                ctx.problems.add(problem.location, problem.message)
            continue
        _check_range(ctx, scenario, row, cells)
        for cell in cells:
            first = claimed.setdefault(cell.key, row.row)
            if first != row.row:
                ctx.problems.add(
                    where,
                    f"{cell.address} is drawn by two rows, {table.loc(first, 'target')} and "
                    f"{where}; keep one",
                )


def _check_range(ctx: Context, scenario: Scenario, row: UncertaintyRow, cells: tuple) -> None:
    """A scale factor is >= 0; a set value respects the column's minimum (hazard >= 0, ...)."""
    table = ctx.tables[SHEET]
    if row.mode == "scale" and row.low < 0:
        ctx.problems.add(
            table.loc(row.row, "low"),
            f"a scale factor must be >= 0 (it multiplies the workbook's value), got {vc.shown(row.low)}",
        )
        return
    minimum = min((c.minimum for c in cells if c.minimum is not None), default=None)
    if row.mode == "set" and minimum is not None and row.low < minimum:
        ctx.problems.add(
            table.loc(row.row, "low"),
            f"{cells[0].address} must be >= {vc.number_text(minimum)}, but low is "
            f"{vc.shown(row.low)}",
        )


def _sheet_unusable(ctx: Context, target: str) -> bool:
    name = normalise(target.partition(".")[0])
    sheet = SHEETS_BY_NAME.get(name)
    return sheet is not None and sheet.required and not ctx.tables[sheet.name].rows


def _check_settings(ctx: Context, rec: Records) -> None:
    """cvar_level < 1 (the CVaR divides by 1 - level)."""
    if rec.settings is None or rec.settings.cvar_level < 1:
        return
    table = ctx.tables["Settings"]
    for reader, row in ctx.rows("Settings"):
        if normalise(vc.to_text(table.raw(row, "key"))) == "cvar_level":
            reader.fail("value", f"cvar_level must be below 1, got {rec.settings.cvar_level:g}")
