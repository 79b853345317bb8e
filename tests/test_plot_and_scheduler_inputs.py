"""``planner plot`` draws workbook text literally and pre-flights its input; ``--scheduler`` is checked up front."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

import planner.report.plot as plot
from planner.cli import app
from planner.errors import InputError
from planner.report.results import write_results
from planner.sweep.scheduler import check_scheduler
from tests.support.plans import small_plan
from tests.support.workbooks import minimal_sheets, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()
LITERAL = "US$5bn drill, $2bn^{"
"""Two dollar signs make matplotlib parse mathtext (and ``^{`` makes the parse fail)."""


def test_plot_draws_dollar_signs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_results(small_plan(), tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Package"]
    name_col = [c.value for c in ws[1]].index("name") + 1
    ws.cell(row=2, column=name_col, value=LITERAL)
    wb.save(path)
    figures: list[Any] = []
    real_save = plot._save

    def spy(fig: Any, out: Path) -> Path:
        figures.append(fig)
        return real_save(fig, out)

    monkeypatch.setattr(plot, "_save", spy)
    pngs = plot.plot_plan(path)
    assert len(pngs) == 2 and all(p.is_file() for p in pngs)
    import matplotlib.text

    texts = [t for fig in figures for t in fig.findobj(matplotlib.text.Text) if "$" in t.get_text()]
    assert any(LITERAL in t.get_text() for t in texts)
    assert all(not t.get_parse_math() for t in texts)


def test_plot_preflights_its_input(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.xlsx")
    result = runner.invoke(app, ["plot", str(tmp_path / "plan.xlsx")])
    assert result.exit_code == 2
    assert "named pipe (FIFO)" in result.stderr


@pytest.mark.parametrize(
    ("address", "fragment"),
    [
        ("localhost", "has no scheme"),
        ("localhost:8786", "has no scheme"),
        ("http://localhost:8787", "must be tcp:// or tls://"),
        ("tcp://127.0.0.1", "give tcp://HOST:PORT"),
        ("tcp://127.0.0.1:99999", "is not a TCP port"),
        ("tls://127.0.0.1:8786", "tls:// needs certificates"),
    ],
)
def test_bad_scheduler_address_is_one_line_at_once(
    tmp_path: Path, address: str, fragment: str
) -> None:
    path = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    tick = time.perf_counter()
    args = ["sweep", str(path), "--scale", "Options.hazard[*]=0.5,1", "--scheduler", address]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "sweep.xlsx")])
    assert time.perf_counter() - tick < 5
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 2 and fragment in lines[1] and lines[1].strip().startswith("--scheduler:")
    assert not (tmp_path / "sweep.xlsx").exists()


def test_good_scheduler_addresses_pass(tmp_path: Path) -> None:
    assert check_scheduler(" tcp://10.0.0.5:8786 ") == "tcp://10.0.0.5:8786"
    assert check_scheduler("tcp://[::1]:8786") == "tcp://[::1]:8786"
    files = {k: tmp_path / f"{k}.pem" for k in ("ca-file", "cert", "key")}
    for f in files.values():
        f.write_text("x")
    assert check_scheduler("tls://sched:8786", {k: str(v) for k, v in files.items()})
    with pytest.raises(InputError, match="certificate files not found"):
        check_scheduler("tls://sched:8786", {k: str(tmp_path / "no") for k in files})


def test_alternatives_and_trajectories_are_capped(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "in.xlsx", minimal_sheets())
    tick = time.perf_counter()
    result = runner.invoke(app, ["solve", str(path), "--alternatives", "1000000", "-o", str(tmp_path / "p.xlsx")])  # fmt: skip
    assert result.exit_code == 2 and "--alternatives: at most 100 alternatives" in result.stderr
    args = ["sweep", str(path), "--method", "morris", "--scale", "Options.hazard[*]=0.5:1.5"]
    result = runner.invoke(app, [*args, "--trajectories", "100000000", "-o", str(tmp_path / "s.xlsx")])  # fmt: skip
    assert result.exit_code == 2 and "--trajectories: at most 1,000 trajectories" in result.stderr
    assert time.perf_counter() - tick < 20
    assert not (tmp_path / "p.xlsx").exists() and not (tmp_path / "s.xlsx").exists()


def test_brief_preflights_its_input(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.xlsx")
    result = runner.invoke(app, ["brief", str(tmp_path / "plan.xlsx"), "--party", "USA"])
    assert result.exit_code == 2
    assert "named pipe (FIFO)" in result.stderr


def test_cell_locator_uses_the_layout_as_read_not_the_file_now(tmp_path: Path) -> None:
    from planner.io.cells import CellLocator
    from planner.io.reader import load_scenario

    sheets = minimal_sheets()
    parties = sheets["Parties"]
    for row in parties:  # move max_cost one column right of where the schema puts it
        j = parties[0].index("max_cost")
        row.insert(j, "note" if row is parties[0] else None)
    sheets["Settings"].insert(1, ["sample_seed", 3])
    path = write_workbook(tmp_path / "in.xlsx", sheets)
    scenario = load_scenario(path)
    path.write_bytes(b"not a workbook any more")  # the file changed after it was read
    loc = CellLocator.for_scenario(scenario)
    column = openpyxl.utils.get_column_letter(parties[0].index("max_cost") + 1)
    assert loc.cell("Parties", "max_cost", 2) == f"Parties!{column}2"
    assert loc.setting("sample_seed") == "Settings!B2"
    assert loc.setting("periods") == f"Settings!B{_row_of(sheets['Settings'], 'periods')}"


def _row_of(rows: list[list[Any]], key: str) -> int:
    return next(r for r, row in enumerate(rows, start=1) if row and row[0] == key)
