"""Fuzzing ``planner solve`` with mutated workbooks: a verified plan (0), located problems (2) or a diagnosis (3), nothing else.

Each example starts from a small valid scenario with every sheet filled in
(``workbooks.FULL``) and applies one to three mutations: wrong types, blanks, unicode and
very long text, huge and tiny numbers, NaN and infinities, dates as text and as Excel
numbers, merged cells, hidden, renamed, deleted and reordered sheets, extra and duplicated
columns, formulas without a saved value, deleted and duplicated rows. Every run of the CLI
must either exit 0 with a written plan whose Check sheet is all ``yes``, or exit 2 with
``Sheet!Cell``-located problems on stderr and no output file, or exit 3 with a Summary and
Diagnosis workbook: never a traceback, never exit 4, never a temp file left behind, and the
input never modified.

Values that once hit bugs (numbers beyond the solver's range, absurd horizons, text that
overflows to infinity) are pinned as regression tests at the end of this module.
"""

from __future__ import annotations

import copy
import math
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from planner.cli import app
from planner.schema import SHEETS
from tests.support.workbooks import build_workbook, full_sheets, set_cell, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()
SHEET_NAMES = tuple(s.name for s in SHEETS)
BASE = full_sheets()
EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "60"))

NASTY: list[Any] = [
    None, "", "   ", "\t", "high", "Ünïcödé 名前 🚀", "x" * 40_000, "a\nb",
    0, -1, 2.5, 1e9, -1e9, 1e-9, 5e-324, -0.0, math.nan, math.inf, -math.inf,
    True, False, "yes", "NO", "all", "ALL", "none", "NA",
    "2018-02-01", "2018-13-45", "01/02/2018", 43132, 43132.5, 1,
    datetime(2018, 2, 1, 12, 30), date(2018, 2, 1), date(1899, 12, 30),
    "EX", " EX ", "TEST/halt", "EX/nope", "USA", "USA,DPRK", "USA,,", "a/b|c", "*",
]  # fmt: skip
"""Hand-picked values: wrong types, blanks, specials, dates in every form, ids and references."""

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
VALUES = st.one_of(st.sampled_from(NASTY), TEXT, st.integers(-(10**6), 10**6), st.floats())
LOCATION = re.compile(r"^(?P<sheet>[^!:]+)(!(?P<where>[^:]+))?$")


@dataclass(frozen=True)
class Mutation:
    """One change to the workbook: ``kind`` and its arguments."""

    kind: str
    sheet: str
    args: tuple[Any, ...] = ()


def _sheet() -> st.SearchStrategy[str]:
    return st.sampled_from(list(BASE))


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    sheet = draw(_sheet())
    rows = BASE[sheet]
    kind = draw(
        st.sampled_from(
            ["cell", "cell", "cell", "cell", "formula", "merge", "hide", "extra_column",
             "duplicate_column", "reorder", "delete_row", "duplicate_row", "rename",
             "delete_sheet", "header"]
        )
    )  # fmt: skip
    if kind == "cell":
        r = draw(st.integers(1, len(rows) + 1))
        c = draw(st.integers(1, len(rows[0]) + 1))
        value = draw(VALUES)
        return Mutation(kind, sheet, (r, c, value))
    if kind == "formula":
        r = draw(st.integers(1, len(rows)))
        c = draw(st.integers(1, len(rows[0])))
        return Mutation(kind, sheet, (r, c, draw(st.sampled_from(["=1+1", "=A1", "=NOW()"]))))
    if kind == "merge":
        r = draw(st.integers(1, len(rows)))
        c = draw(st.integers(1, len(rows[0])))
        return Mutation(
            kind, sheet, (r, c, r + draw(st.integers(0, 2)), c + draw(st.integers(0, 2)))
        )
    if kind == "header":
        c = draw(st.integers(1, len(rows[0])))
        return Mutation(kind, sheet, (c, draw(st.sampled_from(HEADER_EDITS))))
    if kind in ("extra_column", "duplicate_column"):
        name = (
            draw(st.sampled_from(["notes", "Source ", "NOTES", "hazard note"]))
            if kind == "extra_column"
            else draw(st.sampled_from(rows[0]))
        )
        return Mutation(kind, sheet, (name, draw(VALUES)))
    if kind == "reorder":
        return Mutation(kind, sheet, (draw(st.permutations(list(BASE))),))
    if kind in ("delete_row", "duplicate_row"):
        return Mutation(kind, sheet, (draw(st.integers(2, max(2, len(rows)))),))
    if kind == "rename":
        return Mutation(
            kind,
            sheet,
            (draw(st.sampled_from([sheet.upper(), f" {sheet} ", f"{sheet}s", "Sheet1"])),),
        )
    return Mutation(kind, sheet)


def apply_rows(sheets: dict[str, list[list[Any]]], m: Mutation) -> None:
    """Mutations of the cell grid (before writing)."""
    rows = sheets.get(m.sheet)
    if rows is None:
        return
    if m.kind == "cell":
        r, c, value = m.args
        while len(rows) < r:
            rows.append([])
        row = rows[r - 1]
        row.extend([None] * (c - len(row)))
        row[c - 1] = value
    elif m.kind in ("extra_column", "duplicate_column"):
        name, value = m.args
        width = max(len(r) for r in rows)
        original = rows[0].index(name) if name in rows[0] else None
        for k, row in enumerate(rows):
            row.extend([None] * (width - len(row)))
            if k == 0:
                row.append(name)
            elif k == 1 or original is None:
                row.append(value)
            else:
                row.append(row[original])
    elif (
        m.kind == "header" and len(rows[0]) >= m.args[0] and isinstance(rows[0][m.args[0] - 1], str)
    ):
        c, edit = m.args
        rows[0][c - 1] = edit_header(rows[0][c - 1], edit) or rows[0][c - 1]
    elif m.kind == "delete_row" and len(rows) >= m.args[0]:
        del rows[m.args[0] - 1]
    elif m.kind == "duplicate_row" and len(rows) >= m.args[0]:
        rows.insert(m.args[0], list(rows[m.args[0] - 1]))
    elif m.kind == "delete_sheet":
        del sheets[m.sheet]


def write_mutated(
    path: Path, sheets: dict[str, list[list[Any]]], muts: list[Mutation]
) -> list[str]:
    """Write the rows (text always literal), then apply workbook-level mutations."""
    wb = build_workbook(sheets, literal=True)
    for m in muts:
        if m.sheet not in wb.sheetnames and m.kind != "reorder":
            continue
        if m.kind == "formula":
            r, c, formula = m.args
            wb[m.sheet].cell(row=r, column=c).value = formula  # a formula, never calculated
        elif m.kind == "merge":
            r1, c1, r2, c2 = m.args
            wb[m.sheet].merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        elif m.kind == "hide" and len(wb.sheetnames) > 1:
            wb[m.sheet].sheet_state = "hidden"
        elif m.kind == "rename" and m.args[0] not in wb.sheetnames:
            wb[m.sheet].title = m.args[0]
        elif m.kind == "reorder":
            order = [n for n in m.args[0] if n in wb.sheetnames]
            wb._sheets = [wb[n] for n in order] + [s for s in wb._sheets if s.title not in order]
    if all(ws.sheet_state == "hidden" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"
    wb.save(path)
    return list(wb.sheetnames)


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def problem_lines(stderr: str) -> list[str]:
    """The header, then one entry per problem (a line indented by two spaces starts one).

    A line without the indent continues the previous problem: a message quoting text with
    a newline spans lines (pinned by ``test_problem_messages_are_one_short_line``).
    """
    lines: list[str] = []
    for raw in stderr.splitlines():
        if raw.startswith("  ") or not lines:
            lines.append(raw.strip())
        else:
            lines[-1] += "\n" + raw
    return [line for line in lines if line.strip()]


def check_outcome(
    folder: Path, source: Path, out: Path, before: bytes, result: Any, titles: list[str]
) -> None:
    """The invariants of one CLI run (see the module docstring); ``titles``: the input's sheets."""
    exit_code, stderr, output = result.exit_code, result.stderr, result.output
    assert "Traceback" not in output, output
    assert exit_code in (0, 2, 3), f"exit {exit_code}: {output}"
    assert source.read_bytes() == before, "the input workbook was modified"
    assert temp_files(folder) == []
    if exit_code == 0:
        wb = openpyxl.load_workbook(out)
        check = list(wb["Check"].values)
        assert len(check) > 1 and {row[check[0].index("ok")] for row in check[1:]} == {"yes"}
        summary = dict(list(wb["Summary"].values)[1:])
        assert summary["verified"] == "yes" and summary["status"] in ("optimal", "feasible")
    elif exit_code == 3:
        assert openpyxl.load_workbook(out).sheetnames[:2] == ["Summary", "Diagnosis"]
    else:
        assert not out.exists(), "exit 2 but an output file was written"
        lines = problem_lines(stderr)
        assert re.fullmatch(r"\d+ problems? in the input:", lines[0]), stderr
        assert len(lines) >= 2, stderr
        for line in lines[1:]:
            location, sep, message = line.partition(": ")
            found = LOCATION.match(location)
            assert sep and message and found, f"unlocated problem: {line!r}"
            known = {n.strip().lower() for n in (*SHEET_NAMES, *titles, source.name)}
            assert found["sheet"].strip().lower() in known, f"not a sheet or the file: {line!r}"


def run_cli(folder: Path, source: Path, titles: list[str]) -> None:
    out = folder / "plan.xlsx"
    before = source.read_bytes()
    result = runner.invoke(app, ["solve", str(source), "-o", str(out), "--time-limit", "20"])
    check_outcome(folder, source, out, before, result, titles)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("PLANNER_FUZZ_RANDOM") is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(mutations(), min_size=1, max_size=3))
def test_mutated_workbooks_give_a_plan_or_located_problems(muts: list[Mutation]) -> None:
    sheets = copy.deepcopy(BASE)
    for m in muts:
        apply_rows(sheets, m)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "input.xlsx"
        titles = write_mutated(source, sheets, muts)
        run_cli(folder, source, titles)


def test_unmutated_base_solves() -> None:
    """The starting point is valid: the fuzz's mutations, not the base, cause the problems."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "input.xlsx"
        titles = write_mutated(source, copy.deepcopy(BASE), [])
        result = runner.invoke(app, ["solve", str(source), "-o", str(folder / "plan.xlsx")])
        assert result.exit_code == 0, result.output
        run_cli(folder, source, titles)


# --- header mutations: no silent column drops -------------------------------------------------

HEADER_EDITS = ("upper", "space", "dash", "no_colon", "double", "swap", "blank")


def edit_header(name: str, edit: str) -> str | None:
    """``name`` changed by ``edit`` (None when the edit does not apply to it)."""
    changed = {
        "upper": f" {name.upper()} ",
        "space": name.replace("_", " "),
        "dash": name.replace("_", "-"),
        "no_colon": name.replace(":", " "),
        "double": name[:2] + name[1:] if len(name) >= 3 else name,
        "swap": name[:1] + name[2] + name[1] + name[3:] if len(name) >= 4 else name,
        "blank": "",
    }[edit]
    return None if changed == name or (edit == "swap" and name[1] == name[2]) else changed


@settings(
    max_examples=max(20, EXAMPLES // 2),
    deadline=None,
    derandomize=os.environ.get("PLANNER_FUZZ_RANDOM") is None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_header_mutation_is_matched_or_an_error_at_its_cell(data: st.DataObject) -> None:
    """A header changed beyond case and spaces never hides its column silently."""
    sheet = data.draw(_sheet())
    rows = copy.deepcopy(BASE[sheet])
    col = data.draw(st.integers(0, len(rows[0]) - 1))
    edit = data.draw(st.sampled_from(HEADER_EDITS))
    name = rows[0][col]
    new = edit_header(name, edit)
    if new is None:
        return
    rows[0][col] = new or None
    has_values = any(len(r) > col and r[col] not in (None, "") for r in rows[1:])
    with tempfile.TemporaryDirectory() as tmp:
        source = write_workbook(Path(tmp) / "input.xlsx", {**BASE, sheet: rows})
        result = runner.invoke(app, ["validate", str(source)])
    assert "Traceback" not in result.output
    if edit == "upper" or (edit == "blank" and not has_values):
        assert result.exit_code in (0, 2), result.output
        return
    assert result.exit_code == 2, f"{name!r} -> {new!r} was dropped silently: {result.output}"
    cell = f"{sheet}!{chr(ord('A') + col)}1"
    assert cell in result.stderr or f"{sheet}!{name}: required column missing" in result.stderr, (
        result.stderr
    )


# --- once bugs, now regression tests --------------------------------------------------------


def _refused(tmp_path: Path, edits: list[tuple[str, int, str, Any]], location: str) -> str:
    """Solve the edited FULL workbook; assert exit 2 with a problem at ``location``."""
    sheets = full_sheets()
    for sheet, row, column, value in edits:
        set_cell(sheets, sheet, row, column, value)
    source = write_workbook(tmp_path / "input.xlsx", sheets)
    out = tmp_path / "plan.xlsx"
    before = source.read_bytes()
    result = runner.invoke(app, ["solve", str(source), "-o", str(out)])
    check_outcome(tmp_path, source, out, before, result, list(sheets))
    assert result.exit_code == 2, result.output
    assert f"{location}: " in result.stderr, result.stderr
    return result.stderr


def test_huge_period_days_is_an_input_error(tmp_path: Path) -> None:
    edits = [("Settings", 4, "key", "period_days"), ("Settings", 4, "value", 1e9)]
    _refused(tmp_path, edits, "Settings!B4")  # was OverflowError in planner.verify (exit 4)


def test_horizon_beyond_year_9999_is_an_input_error(tmp_path: Path) -> None:
    _refused(tmp_path, [("Settings", 2, "value", date(9999, 12, 25))], "Settings!B3")


def test_astronomic_periods_is_an_input_error(tmp_path: Path) -> None:
    _refused(tmp_path, [("Settings", 3, "value", 1e308)], "Settings!B3")


def test_hazard_beyond_solver_range_is_an_input_error(tmp_path: Path) -> None:
    # was: HiGHS returned a package with no option chosen (exit 4)
    _refused(tmp_path, [("Options", 2, "hazard", 1e15)], "Options!H2")


def test_text_that_overflows_to_infinity_is_an_input_error(tmp_path: Path) -> None:
    _refused(tmp_path, [("Options", 2, "hazard", "1e400")], "Options!H2")


def test_absurd_horizon_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    sheets = full_sheets()
    set_cell(sheets, "Settings", 3, "value", 1_000_000)
    source = write_workbook(tmp_path / "input.xlsx", sheets)
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
        "from planner.cli import main\n"
        "sys.argv = ['planner', 'solve', sys.argv[1], '-o', sys.argv[2]]\n"
        "main()\n"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(source), str(tmp_path / "plan.xlsx")],
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("still running after 15 s")
    assert proc.returncode == 2, proc.stderr[-500:]
    assert "Settings!B3" in proc.stderr


@pytest.mark.parametrize(
    "value",
    [
        "a\nb",
        "x" * 40_000,
        1e300,
        "high",
    ],
    ids=["newline", "long-text", "huge-number", "plain-text"],
)
def test_problem_messages_are_one_short_line(tmp_path: Path, value: Any) -> None:
    """Each problem is one stderr line, short enough to read (< 300 characters)."""
    stderr = _refused(tmp_path, [("Options", 2, "hazard", value)], "Options!H2")
    lines = stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[1].startswith("  Options!H2: ") and len(lines[1]) < 300, lines[1][:400]
