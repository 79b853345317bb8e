"""Builds the bundled Korea 2018 freeze-for-freeze example workbook from its sourced tables.

Run ``python -m planner.examples.korea_2018 inputs/korea_2018.xlsx`` to (re)build the
committed workbook; ``planner init --example korea-2018 PATH`` calls :func:`build_workbook`.
The tables themselves, with a source for every row, are in
:mod:`planner.examples.korea_2018_data`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.addresses import parse_ref
from planner.examples import korea_2018_data as data
from planner.examples import korea_2018_uncertainty as uncertainty
from planner.examples.common import main_writing, wrap_column
from planner.io.xlsx import empty_workbook, save_atomic, write_table
from planner.scenario import Ref, Scenario
from planner.schema import SHEETS, Sheet
from planner.schema_records import dynamic_header, make_record, make_settings, record_sheets
from planner.verify import evaluate, status_quo_choices

CALIBRATION_TARGET = (0.20, 0.50)
"""Range of the late-2017 expert estimates of the chance of war (Facts A6b [101]-[104])."""

SOURCE_WIDTH = 80
"""Column width of the ``source`` column (long text, wrapped)."""

NUMBER_FORMATS = {
    "hazard": "0.0000000",
    "multiplier": "0.00",
    "max_gap": "0.0",
}


def _ref(text: str) -> Ref:
    """Parse ``ACT``, ``ACT/OPT`` or ``ACT/OPT1|OPT2`` as the workbook reader does."""
    ref = parse_ref(text)
    if ref is None:
        raise ValueError(f"not a reference: {text!r}")
    return ref


def _typed(sheet: Sheet, row: dict[str, Any]) -> dict[str, Any]:
    """One data row's values as the reader types them (references parsed, id lists split)."""
    out = dict(row)
    for column in sheet.columns:
        value = row.get(column.name)
        if column.ref_form and value:
            out[column.name] = _ref(value)
        elif column.type == "id_list":
            out[column.name] = tuple(p for p in (value or "").split(",") if p)
    return out


def _records(sheet: Sheet) -> tuple[Any, ...]:
    """The records of one sheet, built by the schema's column-to-field mapping."""
    extra = [p.rstrip(":") for p in sheet.dynamic_prefixes]
    return tuple(
        make_record(sheet, _typed(sheet, row), 0, {name: dict(row[name]) for name in extra})
        for row in _table(sheet)
    )


def _table(sheet: Sheet) -> list[dict[str, Any]]:
    """The data rows of a sheet (``data.PARTIES`` for Parties, ...)."""
    if sheet.name == "Uncertainty":
        return uncertainty.UNCERTAINTY
    if sheet.name == "Settings":
        return [*data.SETTINGS, *uncertainty.SETTINGS]
    rows: list[dict[str, Any]] = getattr(data, sheet.name.upper())
    return rows


def build_scenario() -> Scenario:
    """The example as a :class:`Scenario`, straight from the tables (no workbook, no reader).

    Returns:
        The scenario the workbook describes.
    """
    settings = make_settings(
        {r["key"]: r["value"] for r in (*data.SETTINGS, *uncertainty.SETTINGS)}
    )
    records: dict[str, Any] = {s.records: _records(s) for s in record_sheets()}
    return Scenario(settings=settings, **records)


def status_quo_hazard(scenario: Scenario) -> float:
    """Total status-quo hazard ``H_sq`` (SPEC 2.5), recomputed by the independent verifier.

    Args:
        scenario: Any scenario.

    Returns:
        H of every activity at its baseline, a scheduled baseline at its earliest start.
    """
    return evaluate(scenario, status_quo_choices(scenario)).total_hazard


def _rows(records: Sequence[dict[str, Any]], header: Sequence[str]) -> list[list[Any]]:
    """Records as rows in header order; ``cost:P``/``benefit:P`` read from the nested dicts."""
    out = []
    for rec in records:
        row = []
        for col in header:
            kind, _, party = col.partition(":")
            row.append(rec[kind].get(party) if party else rec.get(col))
        out.append(row)
    return out


def _notes(scenario: Scenario) -> list[list[Any]]:
    """Rows of the Notes sheet: scales and the calibration statement."""
    h_sq = status_quo_hazard(scenario)
    p_sq = 1.0 - math.exp(-h_sq)
    low, high = CALIBRATION_TARGET
    return [
        ["purpose", "Example for planner: the 2018 Korean freeze-for-freeze proposal (ICG)."],
        [
            "facts",
            "Dates, durations and rates: context/korea-2018-facts.md; 'Facts A4a [49]' "
            "names its section and numbered sources.",
        ],
        [
            "assumptions",
            "Every hazard, cost, benefit, multiplier and party limit is an analyst "
            "assumption, labelled 'assumption:' with its reasoning in the source column.",
        ],
        [
            "hazard scale",
            "Expected escalation events (armed clash or use of force) per week. "
            "Tests: base rate 2016-17 x assumed chance that one test escalates.",
        ],
        [
            "cost scale",
            "Political cost points: 1 = suspending the one-week Vigilant Ace air "
            "exercise; suspending all big spring exercises is about 10.",
        ],
        [
            "freezes",
            "The test freezes and the border measures are stop options: the plan chooses "
            "the first frozen week; their points count per frozen week (per_period), so a "
            "freeze from week s costs (53 - s)/52 of its yearly points.",
        ],
        ["status_quo_hazard", round(h_sq, 6)],
        ["status_quo_probability", round(p_sq, 6)],
        [
            "calibration",
            f"Status quo (every baseline, blocks at their earliest start): "
            f"H = {h_sq:.4f}, P = 1 - exp(-H) = {p_sq:.1%}, inside the {low:.0%}-{high:.0%} range "
            "of expert estimates of the chance of war in late 2017 (Facts A6b [101]-[104]), "
            "near Graham's 30% [104].",
        ],
        [
            "limits",
            "The model ranks packages; it does not predict war. Change the assumptions "
            "with planner sweep before trusting a ranking.",
        ],
    ]


def _sheets(scenario: Scenario) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Every sheet as (name, header, rows), in workbook order: the schema's columns, then source."""
    sheets = []
    for sheet in SHEETS:
        header = [c.name for c in sheet.columns] + dynamic_header(sheet, data.PARTY_IDS)
        header.append("source")
        sheets.append((sheet.name, header, _rows(_table(sheet), header)))
    sheets.append(("Notes", ["topic", "note"], _notes(scenario)))
    return sheets


def build_workbook(path: str | Path) -> Path:
    """Write the complete example workbook to ``path`` (atomically).

    Args:
        path: Where to write the ``.xlsx`` file; its folder must exist.

    Returns:
        The path written.

    Raises:
        planner.errors.OutputError: The folder is missing or not writable.
    """
    wb = empty_workbook()
    for name, header, rows in _sheets(build_scenario()):
        ws = wb.create_sheet(name)
        write_table(ws, header, rows, number_formats=NUMBER_FORMATS)
        if header[-1] in ("source", "note"):
            wrap_column(ws, len(header), SOURCE_WIDTH)
    return save_atomic(wb, Path(path))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m planner.examples.korea_2018 OUT.xlsx``; the exit code."""
    return main_writing("planner.examples.korea_2018", build_workbook, argv)


if __name__ == "__main__":
    raise SystemExit(main())
