"""``planner brief``: a briefing workbook for one party, read from a results workbook.

The party sees the package (every activity, its option and dates, its own cost and
benefit), the shared risk, its own gives, gets and limits, and nothing of the other
parties' limits, costs or benefits: those columns, rows and sentences are never copied,
and the document properties name only the party.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from planner.errors import InputError, Problem
from planner.io.layout import finish_workbook, format_columns
from planner.io.xlsx import empty_workbook, plain, save_atomic, write_table

PACKAGE_SHARED = (
    "activity", "name", "actor", "option", "description", "baseline_option", "changed", "change",
    "start_date", "end_date", "status_quo_start_date", "status_quo_end_date", "duration", "hazard",
)  # fmt: skip
RISK_SHARED = (
    "period", "start_date", "windows", "plan_hazard", "status_quo_hazard",
    "plan_cumulative_probability", "status_quo_cumulative_probability",
)  # fmt: skip
SUMMARY_SHARED = (
    "status", "objective", "escalation_probability", "status_quo_probability",
    "risk_reduction", "changed_activities", "moved_activities", "verified", "start_date",
    "end_date", "run_at", "planner_version",
)  # fmt: skip
PARTY_OWN = ("party", "cost", "max_cost", "cost_slack", "benefit", "min_benefit", "net", "min_net")


def _sheet(wb: Any, name: str, problems: list[Problem]) -> tuple[list[str], list[dict[str, Any]]]:
    if name not in wb.sheetnames:
        problems.append(Problem(name, "sheet missing: not a planner results workbook?"))
        return [], []
    values = list(wb[name].iter_rows(values_only=True))
    header = [str(h) if h is not None else "" for h in (values[0] if values else ())]
    return header, [dict(zip(header, r, strict=False)) for r in values[1:] if any(r)]


def read_plan(path: Path, party: str) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """The sheets a brief needs; InputError naming the sheet or party that is missing."""
    import io
    import os

    from openpyxl import load_workbook

    from planner.io.preflight import check_file

    if not os.path.lexists(path):
        raise InputError(f"{path}: no such file")
    source = check_file(path)  # like any input: regular file, bounded, pre-flighted bytes
    try:
        wb = load_workbook(io.BytesIO(source.data), data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: not an .xlsx results workbook ({exc})") from None
    problems: list[Problem] = []
    sheets = {n: _sheet(wb, n, problems) for n in ("Summary", "Package", "Risk", "Parties")}
    sheets["Brief"] = _sheet(wb, "Brief", problems)
    if problems:
        raise InputError(problems)
    parties = [str(r.get("party")) for r in sheets["Parties"][1]]
    if party not in parties:
        raise InputError(
            Problem("--party", f"unknown party {party!r}; parties: {', '.join(parties)}")
        )
    return sheets


def _table(ws: Any, columns: list[str], rows: list[dict[str, Any]]) -> None:
    write_table(ws, columns, [[plain(r.get(c)) for c in columns] for r in rows])
    format_columns(ws)


def _headline(party: str, summary: dict[str, Any], brief: list[dict[str, Any]]) -> str:
    """The party's headline: shared risk, what it gives and gets (no other party's limits)."""
    p, sq = summary.get("escalation_probability"), summary.get("status_quo_probability")
    risk = f"escalation probability {p:.1%} against {sq:.1%} under the status quo" if isinstance(
        p, float) and isinstance(sq, float) else "no package"  # fmt: skip
    gives = [r["item"] for r in brief if r["section"] == "gives"]
    gets = [
        r["item"] for r in brief if r["section"] == "gets" and r["item"] != "escalation probability"
    ]
    binds = [r["item"] for r in brief if r["section"] == "limit" and r.get("note") == "binds"]
    return (
        f"Brief for {party}: {summary.get('status')} package, {risk}; {party} gives "
        f"{len(gives)} change(s) ({', '.join(gives) or 'none'}) and gets {len(gets)} "
        f"({', '.join(gets) or 'none'}); its binding limits: {', '.join(binds) or 'none'}."
    )


def build_brief(sheets: dict[str, tuple[list[str], list[dict[str, Any]]]], party: str) -> Workbook:
    """The briefing workbook for ``party``: Summary, Brief, Package, Risk, Limits."""
    summary = {str(r["key"]): r["value"] for r in sheets["Summary"][1]}
    brief = [r for r in sheets["Brief"][1] if r.get("party") == party]
    wb = empty_workbook()
    pairs: list[tuple[str, Any]] = [
        ("headline", _headline(party, summary, brief)),
        ("party", party),
    ]
    pairs += [(k, summary.get(k)) for k in SUMMARY_SHARED if k in summary]
    write_table(wb.create_sheet("Summary"), ["key", "value"], [[k, plain(v)] for k, v in pairs])
    wb["Summary"].column_dimensions["B"].width = 110
    _table(wb.create_sheet("Brief"), sheets["Brief"][0], brief)
    own = [f"cost:{party}", f"benefit:{party}"]
    header = [c for c in (*PACKAGE_SHARED, *own) if c in sheets["Package"][0]]
    _table(wb.create_sheet("Package"), header, sheets["Package"][1])
    _table(wb.create_sheet("Risk"), [c for c in RISK_SHARED if c in sheets["Risk"][0]],
           sheets["Risk"][1])  # fmt: skip
    mine = [r for r in sheets["Parties"][1] if r.get("party") == party]
    _table(wb.create_sheet("Limits"), [c for c in PARTY_OWN if c in sheets["Parties"][0]], mine)
    wb.properties.title, wb.properties.subject = f"Brief for {party}", "planner party brief"
    wb.properties.creator, wb.properties.keywords = "planner", party
    finish_workbook(wb)
    return wb


def write_brief(plan_path: str | Path, party: str, out: str | Path) -> Path:
    """Write ``party``'s briefing workbook from the results workbook ``plan_path``.

    Raises:
        InputError: the results workbook is unreadable or has no such party.
        OutputError: ``out`` cannot be written.
    """
    plan_path = Path(plan_path)
    wb = build_brief(read_plan(plan_path, party), party)
    return save_atomic(wb, Path(out), plan_path)
