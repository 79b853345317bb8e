"""Turns the raw sheets of a workbook into a validated Scenario, or one InputError with every problem."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from planner.errors import InputError
from planner.io.validate.records import read_sheet
from planner.io.validate.refs import Records, check_references
from planner.io.validate.settings import read_settings
from planner.io.validate.sweep import check_sweeps
from planner.io.validate.table import Context, Problems, RawSheet, Table, build_table, empty_table
from planner.io.validate.uncertainty import check_uncertainty
from planner.scenario import Scenario, SourceInfo
from planner.schema import SHEETS
from planner.schema_records import record_sheets

_MUST_HAVE_ROWS = {"Parties": "parties", "Activities": "activities", "Options": "options"}


def build_tables(
    raws: dict[str, RawSheet], problems: Problems, titles: list[str]
) -> dict[str, Table]:
    """One table per schema sheet (empty for an absent optional sheet)."""
    tables: dict[str, Table] = {}
    for sheet in SHEETS:
        raw = raws.get(sheet.name)
        if raw is None:
            if sheet.required:
                found = ", ".join(titles) if titles else "none"
                problems.add(sheet.name, f"required sheet missing (the workbook's sheets: {found})")
            tables[sheet.name] = empty_table(sheet)
            continue
        tables[sheet.name] = build_table(sheet, raw, problems)
        if sheet.name in _MUST_HAVE_ROWS and not tables[sheet.name].rows:
            problems.add(
                sheet.name,
                f"no {_MUST_HAVE_ROWS[sheet.name]}: add at least one row below the header",
            )
    return tables


def read_records(ctx: Context) -> Records:
    """Read every sheet's records (field problems recorded, best-effort records kept)."""
    settings, _ = read_settings(ctx)
    found: dict[str, list[Any]] = {}
    kinds: set[str] = set()
    for sheet in record_sheets():
        found[sheet.records], rows = read_sheet(ctx, sheet)
        if sheet.name == "Windows":  # every kind written, even on rows with problems
            kinds = {v["kind"] for v in rows if v["kind"]}
    return Records(settings=settings, kinds=kinds, **found)


def validate_raw(
    raws: dict[str, RawSheet],
    epoch: datetime,
    source: SourceInfo | None = None,
    problems: Problems | None = None,
    titles: list[str] | None = None,
) -> Scenario:
    """Validate raw sheets (keyed by schema sheet name) into a Scenario; raise every problem at once."""
    problems = problems if problems is not None else Problems()
    ctx = Context(build_tables(raws, problems, titles or []), problems, epoch)
    rec = read_records(ctx)
    check_references(ctx, rec)
    check_sweeps(ctx, rec)
    check_uncertainty(ctx, rec)
    if rec.settings is None and not len(problems):  # pragma: no cover - always reported above
        problems.add("Settings", "start_date and periods are required")
    if len(problems) or rec.settings is None:
        raise InputError(problems.sorted())
    return rec.scenario(rec.settings, source)
