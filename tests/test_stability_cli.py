"""``planner stability`` and ``planner solve --stability/--self-enforcing`` end to end, as a new user would.

Two parties: the USA freezes its exercise (EX), the DPRK its tests (TEST). Without a rule
the DPRK gains by resuming the test and nothing snaps back; with the ``requires`` rule
"EX/frozen requires TEST/frozen", resuming the test snaps the exercise back and the
DPRK loses by defecting.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.support.workbooks import Rows, write_workbook

pytestmark = pytest.mark.e2e

runner = CliRunner()


def sheets(rule: bool) -> dict[str, Rows]:
    out: dict[str, Rows] = {
        "Settings": [["key", "value"], ["start_date", date(2018, 1, 1)], ["periods", 4]],
        "Parties": [["party", "min_net"], ["USA", 0], ["DPRK", 0]],
        "Activities": [["activity", "actor"], ["EX", "USA"], ["TEST", "DPRK"]],
        "Options": [
            ["activity", "option", "baseline", "duration", "hazard",
             "cost:USA", "benefit:USA", "cost:DPRK", "benefit:DPRK"],
            ["EX", "full", "yes", "all", 0.1, None, None, None, None],
            ["EX", "frozen", "no", 0, 0, 1, 1, None, 3],
            ["TEST", "continue", "yes", "all", 0.2, None, None, None, None],
            ["TEST", "frozen", "no", 0, 0, None, 3, 2, None],
        ],
    }  # fmt: skip
    if rule:
        out["Rules"] = [
            ["rule", "type", "a", "b"],
            ["freeze_for_freeze", "requires", "EX/frozen", "TEST/frozen"],
        ]
    return out


def stability_rows(path: Path) -> dict[str, dict[str, object]]:
    ws = openpyxl.load_workbook(path)["Stability"]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return {str(r[0]): dict(zip(header, r, strict=True)) for r in rows[1:]}


def summary(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Summary"]
    return {k: v for k, v in ws.iter_rows(min_row=2, values_only=True)}


def test_resuming_a_test_is_flagged_and_a_requires_rule_fixes_it(tmp_path: Path) -> None:
    loose = write_workbook(tmp_path / "loose.xlsx", sheets(rule=False))
    result = runner.invoke(app, ["stability", str(loose), "-o", str(tmp_path / "s1.xlsx")])
    assert result.exit_code == 0, result.output
    rows = stability_rows(tmp_path / "s1.xlsx")
    assert rows["DPRK"]["self_enforcing"] == "no"
    assert rows["DPRK"]["gain"] == pytest.approx(2.0)
    assert rows["DPRK"]["withdrawn"] == "TEST: frozen -> continue"
    assert rows["DPRK"]["snapped_back"] in (None, "")
    assert rows["USA"]["self_enforcing"] == "yes"
    assert "NO" in result.stdout

    tied = write_workbook(tmp_path / "tied.xlsx", sheets(rule=True))
    result = runner.invoke(app, ["stability", str(tied), "-o", str(tmp_path / "s2.xlsx")])
    assert result.exit_code == 0, result.output
    rows = stability_rows(tmp_path / "s2.xlsx")
    assert rows["DPRK"]["self_enforcing"] == "yes" and rows["DPRK"]["gain"] == pytest.approx(0)
    assert rows["USA"]["self_enforcing"] == "yes"


def test_stability_of_a_given_package_shows_the_snap_back(tmp_path: Path) -> None:
    tied = write_workbook(tmp_path / "tied.xlsx", sheets(rule=True))
    package = write_workbook(
        tmp_path / "pkg.xlsx",
        {"Package": [["activity", "option"], ["EX", "frozen"], ["TEST", "continue"]]},
    )
    out = tmp_path / "s.xlsx"
    result = runner.invoke(app, ["stability", str(tied), "--package", str(package), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = stability_rows(out)
    # the package breaks the rule: if the DPRK kept testing, EX would snap back (net 0), so
    # its best move is to freeze the test after all (net 1): a negative gain, from net 3
    assert rows["DPRK"]["withdrawn"] == "TEST: continue -> frozen"
    assert rows["DPRK"]["gain"] == pytest.approx(-2.0)
    assert rows["DPRK"]["snapped_back"] in (None, "")
    assert summary(out)["status"] == "evaluated"


def test_package_file_errors_name_the_cell(tmp_path: Path) -> None:
    tied = write_workbook(tmp_path / "tied.xlsx", sheets(rule=True))
    package = write_workbook(
        tmp_path / "pkg.xlsx",
        {"Package": [["activity", "option"], ["EX", "melted"], ["TEST", "continue"]]},
    )
    result = runner.invoke(app, ["stability", str(tied), "--package", str(package)])
    assert result.exit_code == 2
    assert "[pkg.xlsx]Package!B2" in result.stderr and "melted" in result.stderr


def test_solve_self_enforcing(tmp_path: Path) -> None:
    loose = write_workbook(tmp_path / "loose.xlsx", sheets(rule=False))
    out = tmp_path / "p1.xlsx"
    result = runner.invoke(app, ["solve", str(loose), "--self-enforcing", "-o", str(out)])
    assert result.exit_code == 0, result.output
    # the only self-enforcing acceptable package with an exercise freeze keeps the test
    assert summary(out)["total_hazard"] == pytest.approx(0.2 * 4)
    assert {r["self_enforcing"] for r in stability_rows(out).values()} == {"yes"}
    out2 = tmp_path / "p2.xlsx"
    tied = write_workbook(tmp_path / "tied.xlsx", sheets(rule=True))
    result = runner.invoke(app, ["solve", str(tied), "--self-enforcing", "-o", str(out2)])
    assert result.exit_code == 0, result.output
    assert summary(out2)["total_hazard"] == pytest.approx(0.0)


def test_solve_stability_flag_and_unknown_party(tmp_path: Path) -> None:
    loose = write_workbook(tmp_path / "loose.xlsx", sheets(rule=False))
    out = tmp_path / "p.xlsx"
    result = runner.invoke(app, ["solve", str(loose), "--stability", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert stability_rows(out)["DPRK"]["self_enforcing"] == "no"
    assert "DPRK: gain 2" in result.stdout
    result = runner.invoke(app, ["solve", str(loose), "--self-enforcing", "--party", "XX"])
    assert result.exit_code == 2 and "unknown party 'XX'" in result.stderr


def test_self_enforcing_infeasible_names_the_party(tmp_path: Path) -> None:
    data = sheets(rule=False)
    data["Parties"] = [["party", "min_net"], ["USA", 2], ["DPRK", 0]]  # USA needs TEST frozen
    loose = write_workbook(tmp_path / "strict.xlsx", data)
    out = tmp_path / "p.xlsx"
    result = runner.invoke(app, ["solve", str(loose), "--self-enforcing", "-o", str(out)])
    assert result.exit_code == 3, result.output
    wb = openpyxl.load_workbook(out)
    assert summary(out)["status"] == "infeasible"
    assert "DPRK" in str([c for row in wb["Diagnosis"].iter_rows(values_only=True) for c in row])


def test_python_api(tmp_path: Path) -> None:
    import planner

    scenario = planner.load_scenario(write_workbook(tmp_path / "l.xlsx", sheets(rule=False)))
    table = planner.stability(scenario)
    assert list(table.columns[:7]) == [
        "party", "gain", "self_enforcing", "withdrawn", "snapped_back", "hazard_after",
        "probability_after",
    ]  # fmt: skip
    assert table.set_index("party").at["DPRK", "gain"] == pytest.approx(2.0)


def test_self_enforcing_loop_stops_at_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner
    from planner.analysis import self_enforcing
    from planner.solution import Status

    scenario = planner.load_scenario(write_workbook(tmp_path / "l.xlsx", sheets(rule=False)))
    monkeypatch.setattr(self_enforcing, "BUDGET_FACTOR", 0.0)
    found = self_enforcing.solve_self_enforcing(scenario)
    assert found.plan.status is Status.NO_SOLUTION and not found.plan.has_package
    assert "ran out of time" in found.plan.solution.message
