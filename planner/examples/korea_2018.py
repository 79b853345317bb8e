"""Builds the bundled Korea 2018 freeze-for-freeze example workbook from its sourced tables.

Run ``python -m planner.examples.korea_2018 inputs/korea_2018.xlsx`` to (re)build the
committed workbook; ``planner init --example korea-2018 PATH`` calls :func:`build_workbook`.
The tables themselves, with a source for every row, are in
:mod:`planner.examples.korea_2018_data`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from planner.examples import korea_2018_data as data
from planner.examples import korea_2018_uncertainty as uncertainty
from planner.io.validate_extra import parse_ref
from planner.io.xlsx import save_atomic, write_table
from planner.scenario import (
    Activity,
    Balance,
    Capacity,
    Interaction,
    Option,
    Party,
    Ref,
    Rule,
    Scenario,
    Settings,
    SweepRow,
    TimingRow,
    UncertaintyRow,
    Window,
)
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
    return parse_ref(text, "reference")


def _option(row: dict[str, Any]) -> Option:
    """An :class:`Option` from one row of ``data.OPTIONS``."""
    return Option(
        activity=row["activity"],
        id=row["option"],
        description=row["description"],
        baseline=row["baseline"],
        duration=row["duration"],
        earliest_start=row["earliest_start"],
        latest_start=row["latest_start"],
        hazard=row["hazard"],
        vetoed_by=tuple(p for p in row["vetoed_by"].split(",") if p),
        cost=dict(row["cost"]),
        benefit=dict(row["benefit"]),
    )


def build_scenario() -> Scenario:
    """The example as a :class:`Scenario`, straight from the tables (no workbook, no reader).

    Returns:
        The scenario the workbook describes.
    """
    settings_values = {r["key"]: r["value"] for r in data.SETTINGS}
    settings = Settings(
        start_date=settings_values["start_date"],
        periods=settings_values["periods"],
        period_days=settings_values["period_days"],
        objective=settings_values["objective"],
        time_limit_s=float(settings_values["time_limit_s"]),
        mip_gap=float(settings_values["mip_gap"]),
        **{r["key"]: r["value"] for r in uncertainty.SETTINGS},
    )
    return Scenario(
        settings=settings,
        parties=tuple(
            Party(r["party"], r["name"], r["max_cost"], r["min_benefit"], r["min_net"], r["weight"])
            for r in data.PARTIES
        ),
        activities=tuple(
            Activity(r["activity"], r["name"], r["actor"], r["category"], r["group"])
            for r in data.ACTIVITIES
        ),
        options=tuple(_option(r) for r in data.OPTIONS),
        windows=tuple(Window(r["window"], r["kind"], r["start"], r["end"]) for r in data.WINDOWS),
        timing=tuple(TimingRow(r["applies_to"], r["kind"], r["multiplier"]) for r in data.TIMING),
        interactions=tuple(
            Interaction(_ref(r["a"]), _ref(r["b"]), r["hazard"]) for r in data.INTERACTIONS
        ),
        rules=tuple(
            Rule(r["rule"], r["type"], _ref(r["a"]), _ref(r["b"]), r["lag"] or 0)
            for r in data.RULES
        ),
        balances=tuple(Balance(r["party_a"], r["party_b"], r["max_gap"]) for r in data.BALANCE),
        capacities=tuple(Capacity(r["group"], r["max_active"]) for r in data.CAPACITY),
        sweeps=tuple(SweepRow(r["target"], r["mode"], r["values"]) for r in data.SWEEP),
        uncertainty=tuple(
            UncertaintyRow(**{k: v for k, v in r.items() if k != "source" and v is not None})
            for r in uncertainty.UNCERTAINTY
        ),
    )


def status_quo_hazard(scenario: Scenario) -> float:
    """Total status-quo hazard ``H_sq`` (SPEC 2.5), recomputed by the independent verifier.

    Args:
        scenario: Any scenario.

    Returns:
        H of every activity at its baseline, a scheduled baseline at its earliest start.
    """
    return evaluate(scenario, status_quo_choices(scenario)).total_hazard


def _party_columns(prefix: str) -> list[str]:
    return [f"{prefix}:{p}" for p in data.PARTY_IDS]


def _rows(records: Sequence[dict[str, Any]], header: Sequence[str]) -> list[list[Any]]:
    """Records as rows in header order; ``cost:P``/``benefit:P`` read from the nested dicts."""
    out = []
    for rec in records:
        row = []
        for col in header:
            kind, _, party = col.partition(":")
            row.append(rec[kind].get(party) if party else rec[col])
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
    """Every sheet as (name, header, rows), in workbook order."""
    options_header = [
        "activity", "option", "description", "baseline", "duration", "earliest_start",
        "latest_start", "hazard", "vetoed_by",
        *_party_columns("cost"), *_party_columns("benefit"), "source",
    ]  # fmt: skip
    simple = [
        ("Settings", ["key", "value", "source"], [*data.SETTINGS, *uncertainty.SETTINGS]),
        ("Parties", ["party", "name", "max_cost", "min_benefit", "min_net", "weight", "source"],
         data.PARTIES),
        ("Activities", ["activity", "name", "actor", "category", "group", "source"],
         data.ACTIVITIES),
        ("Options", options_header, data.OPTIONS),
        ("Windows", ["window", "kind", "start", "end", "source"], data.WINDOWS),
        ("Timing", ["applies_to", "kind", "multiplier", "source"], data.TIMING),
        ("Interactions", ["a", "b", "hazard", "source"], data.INTERACTIONS),
        ("Rules", ["rule", "type", "a", "b", "lag", "source"], data.RULES),
        ("Balance", ["party_a", "party_b", "max_gap", "source"], data.BALANCE),
        ("Capacity", ["group", "max_active", "source"], data.CAPACITY),
        ("Sweep", ["target", "mode", "values", "source"], data.SWEEP),
        ("Uncertainty", list(uncertainty.COLUMNS), uncertainty.UNCERTAINTY),
    ]  # fmt: skip
    sheets = [(name, list(header), _rows(recs, header)) for name, header, recs in simple]
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
    wb = Workbook()
    wb.remove(wb.active)
    for name, header, rows in _sheets(build_scenario()):
        ws = wb.create_sheet(name)
        write_table(ws, header, rows, number_formats=NUMBER_FORMATS)
        last = len(header)
        if header[-1] in ("source", "note"):
            ws.column_dimensions[ws.cell(row=1, column=last).column_letter].width = SOURCE_WIDTH
            for (cell,) in ws.iter_rows(min_row=2, min_col=last, max_col=last):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save_atomic(wb, Path(path))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m planner.examples.korea_2018 OUT.xlsx``.

    Args:
        argv: Arguments (default ``sys.argv[1:]``).

    Returns:
        Exit code.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m planner.examples.korea_2018 OUT.xlsx", file=sys.stderr)
        return 2
    out = build_workbook(args[0])
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
