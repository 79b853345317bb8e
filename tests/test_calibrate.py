"""``planner calibrate``: the MILP against enumeration of explanations with a closed-form LP per limit."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.analysis.calibrate import Record, calibrate
from planner.cli import app
from planner.io.reader import load_scenario
from planner.scenario import Balance, Party, Scenario
from planner.solution import Status
from planner.verify import evaluate
from tests.support.stability import all_packages, random_scenario
from tests.support.workbooks import write_workbook

pytestmark = pytest.mark.model

SEEDS = range(60)
KINDS = ("max_cost", "min_benefit", "min_net")


def _scenario(seed: int) -> Scenario:
    rng = random.Random(seed)
    s = random_scenario(seed, n_activities=3)
    parties = []
    for p in ("P", "Q"):
        limits = {
            k: float(rng.randint(-1 if k == "min_net" else 0, 4))
            for k in KINDS
            if rng.random() < 0.6
        }
        parties.append(Party(p, **limits))  # type: ignore[arg-type]
    balances = (Balance("P", "Q", float(rng.randint(0, 3))),) if rng.random() < 0.5 else ()
    return dataclasses.replace(s, parties=tuple(parties), balances=balances)


def _figure(s: Scenario, kind: str, key: str, package: tuple) -> float:  # type: ignore[type-arg]
    ev = evaluate(s, package)
    if kind == "balance":
        return abs(ev.party_net["P"] - ev.party_net["Q"])
    return {"max_cost": ev.party_cost, "min_benefit": ev.party_benefit, "min_net": ev.party_net}[
        kind
    ][key]


def _reference(s: Scenario, records: list[Record]) -> float | None:
    """Least weighted change by enumerating which limit explains each rejection."""
    limits = [
        (k, p.id, getattr(p, k)) for p in s.parties for k in KINDS if getattr(p, k) is not None
    ]
    limits += [("balance", "0", b.max_gap) for b in s.balances]
    upper = {"max_cost", "balance"}
    rejected = [r for r in records if r.party is not None]
    choices = []
    for r in rejected:
        own = [i for i, (k, key, _) in enumerate(limits) if key == r.party or k == "balance"]
        choices.append(own)
    best = None
    for pick in itertools.product(*choices):
        total = 0.0
        for i, (kind, key, old) in enumerate(limits):
            lo, hi = (0.0 if kind != "min_net" else -math.inf), math.inf
            for r in records:
                fig = _figure(s, kind, key, r.package)
                margin = 10 * (1e-6 + 1e-6 * abs(fig))
                if r.party is None:
                    lo, hi = (max(lo, fig), hi) if kind in upper else (lo, min(hi, fig))
                elif pick[rejected.index(r)] == i:
                    lo, hi = (
                        (lo, min(hi, fig - margin))
                        if kind in upper
                        else (max(lo, fig + margin), hi)
                    )
            if lo > hi:
                total = math.inf
                break
            total += abs(min(max(old, lo), hi) - old) / max(abs(old), 1.0)
        if best is None or total < best:
            best = total
    return None if best is None or math.isinf(best) else best


@pytest.mark.parametrize("seed", SEEDS)
def test_calibration_equals_enumeration(seed: int) -> None:
    s = _scenario(seed)
    rng = random.Random(seed)
    packages = all_packages(s)
    records = [Record(f"a{i}", rng.choice(packages)) for i in range(rng.randint(1, 2))]
    records += [
        Record(f"r{i}", rng.choice(packages), rng.choice(["P", "Q"]))
        for i in range(rng.randint(1, 3))
    ]
    found = calibrate(s, records)
    expected = _reference(s, records)
    if expected is None:
        assert found.status is Status.INFEASIBLE
        assert found.unexplained  # named
        return
    assert found.status is Status.OPTIMAL
    assert found.weighted_change == pytest.approx(expected, abs=1e-6)
    assert found.scenario is not None


def test_unexplained_record_is_named(tmp_path: Path) -> None:
    s = _scenario(0)
    s = dataclasses.replace(s, parties=(Party("P", max_cost=5.0), Party("Q")), balances=())
    package = all_packages(s)[0]
    found = calibrate(
        s,
        [
            Record("same.xlsx", package),
            Record("same2.xlsx", package, "P"),
            Record("x.xlsx", package, "Q"),
        ],
    )
    assert found.status is Status.INFEASIBLE
    assert any("rejected by P: same2.xlsx" in u for u in found.unexplained)
    assert any("Q has no limit set" in u for u in found.unexplained)


def _korea_like(tmp_path: Path) -> tuple[Path, Path, Path]:
    from datetime import date

    data = {
        "Settings": [["key", "value"], ["start_date", date(2018, 1, 1)], ["periods", 4]],
        "Parties": [["party", "max_cost", "min_net"], ["USA", 0.5, 0], ["DPRK", None, 0]],
        "Activities": [["activity", "actor"], ["EX", "USA"], ["TEST", "DPRK"]],
        "Options": [
            ["activity", "option", "baseline", "duration", "hazard", "cost:USA", "benefit:USA",
             "cost:DPRK", "benefit:DPRK"],
            ["EX", "full", "yes", "all", 0.1, None, None, None, None],
            ["EX", "frozen", "no", 0, 0, 1, 1, None, 3],
            ["TEST", "continue", "yes", "all", 0.2, None, None, None, None],
            ["TEST", "frozen", "no", 0, 0, None, 3, 2, None],
        ],
    }  # fmt: skip
    inp = write_workbook(tmp_path / "in.xlsx", data)
    acc = write_workbook(
        tmp_path / "acc.xlsx",
        {"Package": [["activity", "option"], ["EX", "frozen"], ["TEST", "frozen"]]},
    )
    rej = write_workbook(
        tmp_path / "rej.xlsx",
        {"Package": [["activity", "option"], ["EX", "frozen"], ["TEST", "continue"]]},
    )
    return inp, acc, rej


def test_calibrate_command_writes_sheet_and_calibrated_copy(tmp_path: Path) -> None:
    inp, acc, rej = _korea_like(tmp_path)
    before = inp.read_bytes()
    report, copy = tmp_path / "cal.xlsx", tmp_path / "calibrated.xlsx"
    args = ["calibrate", str(inp), "--accepted", str(acc), "--rejected", f"USA:{rej}"]
    result = runner.invoke(app, [*args, "-o", str(report), "--calibrated-input", str(copy)])
    assert result.exit_code == 0, result.output
    assert inp.read_bytes() == before
    rows = list(openpyxl.load_workbook(report)["Calibration"].iter_rows(values_only=True))
    table = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    # accepted: USA pays 1 for EX/frozen -> max_cost 0.5 must rise to 1
    assert table["USA max_cost"]["new"] == pytest.approx(1.0)
    assert "accepted acc.xlsx" in table["USA max_cost"]["forced_by"]
    # rejected by USA (EX frozen, TEST continue): USA net 0 -> min_net must exceed 0
    assert table["USA min_net"]["new"] == pytest.approx(1e-5, rel=1e-3)
    calibrated = load_scenario(copy)
    usa = calibrated.party("USA")
    assert usa.max_cost == pytest.approx(1.0) and usa.min_net == pytest.approx(1e-5, rel=1e-3)


def test_calibrate_infeasible_exits_3(tmp_path: Path) -> None:
    inp, acc, _ = _korea_like(tmp_path)
    report = tmp_path / "cal.xlsx"
    args = ["calibrate", str(inp), "--accepted", str(acc), "--rejected", f"DPRK:{acc}"]
    result = runner.invoke(app, [*args, "-o", str(report)])
    assert result.exit_code == 3, result.output
    assert "rejected by DPRK" in result.stdout
    result = runner.invoke(
        app, ["calibrate", str(inp), "--accepted", str(acc), "--rejected", "XX:a.xlsx"]
    )
    assert result.exit_code == 2


runner = CliRunner()
