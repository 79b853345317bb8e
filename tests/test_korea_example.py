"""Tests of the bundled Korea 2018 example: reproducible, sourced, calibrated, solvable, plausible."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import planner
from planner.examples import korea_2018_data as data
from planner.examples.korea_2018 import build_scenario, build_workbook, status_quo_hazard
from planner.model.derived import Derived
from planner.report import tables
from planner.scenario import Scenario

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "inputs" / "korea_2018.xlsx"
TABLES = {
    "Settings": data.SETTINGS,
    "Parties": data.PARTIES,
    "Activities": data.ACTIVITIES,
    "Options": data.OPTIONS,
    "Windows": data.WINDOWS,
    "Timing": data.TIMING,
    "Interactions": data.INTERACTIONS,
    "Rules": data.RULES,
    "Balance": data.BALANCE,
    "Capacity": data.CAPACITY,
    "Sweep": data.SWEEP,
}


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example freshly built from the source into a temporary folder."""
    return build_workbook(tmp_path_factory.mktemp("korea") / "korea_2018.xlsx")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The committed workbook, read and validated by the real reader."""
    return planner.load_scenario(COMMITTED)


# --- the workbook -------------------------------------------------------------------------


def test_committed_workbook_matches_the_source(built: Path) -> None:
    committed, fresh = _values(COMMITTED), _values(built)
    assert list(committed) == list(fresh)
    for sheet, rows in fresh.items():
        assert committed[sheet] == rows, f"{sheet} differs: rebuild with `make example`"


def test_workbook_is_tidy(built: Path) -> None:
    wb = load_workbook(built)
    assert wb.sheetnames[:4] == ["Settings", "Parties", "Activities", "Options"]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, date):
                    assert cell.number_format == "yyyy-mm-dd", f"{ws.title}!{cell.coordinate}"
    header = [c.value for c in wb["Options"][1]]
    source = wb["Options"].cell(row=1, column=header.index("source") + 1).column_letter
    assert wb["Options"].column_dimensions[source].width >= 60


def test_build_workbook_writes_to_any_path(tmp_path: Path) -> None:
    out = build_workbook(tmp_path / "nested name with spaces.xlsx")
    assert out.is_file()
    assert planner.load_scenario(out) == build_scenario()


def test_committed_workbook_reads_as_the_source(scenario: Scenario) -> None:
    assert scenario == build_scenario()


# --- sources ------------------------------------------------------------------------------

CITATION = re.compile(r"\[\d+\]|ICG")


@pytest.mark.parametrize("sheet", list(TABLES))
def test_every_row_names_a_source_or_an_assumption(sheet: str) -> None:
    for row in TABLES[sheet]:
        text = row["source"]
        assert text and (
            CITATION.search(text) or "assum" in text or sheet in ("Settings", "Sweep")
        ), row


def test_every_assumed_number_is_labelled_an_assumption() -> None:
    for o in data.OPTIONS:
        if o["hazard"] or o["cost"] or o["benefit"]:
            assert "assum" in o["source"], f"{o['activity']}/{o['option']}"
    for sheet in ("Parties", "Timing", "Interactions", "Balance", "Capacity"):
        for row in TABLES[sheet]:
            assert "assum" in row["source"], (sheet, row)


def test_source_labels_state_the_numbers_used() -> None:
    """The escalation chance a test row's source names is the one its hazard uses."""
    rows = {(o["activity"], o["option"]): o for o in data.OPTIONS}
    expected = {
        ("NUKE", "continue"): (data.RATE_NUCLEAR, data.P_NUCLEAR_TEST, "4%"),
        ("ICBM", "continue"): (data.RATE_ICBM, data.P_ICBM, "1.5%"),
        ("SRBM", "continue"): (data.RATE_SHORT_RANGE, data.P_SHORT_RANGE, "0.15%"),
        ("SLBM", "continue"): (data.RATE_SLBM, data.P_SLBM, "0.4%"),
        ("BOMBER", "regular"): (data.RATE_BOMBER, data.P_BOMBER_FLIGHT, "1%"),
        ("BOMBER", "south_only"): (data.RATE_BOMBER, data.P_BOMBER_SOUTH, "0.3%"),
        ("IRBM", "lofted_only"): (data.RATE_IRBM, data.P_IRBM, "0.4%"),
    }
    for key, (rate, chance, label) in expected.items():
        assert f"assumed {label}" in rows[key]["source"], key
        assert float(label.rstrip("%")) / 100 == pytest.approx(chance), key
        assert rows[key]["hazard"] == pytest.approx(rate / 52 * chance, abs=1e-7), key


def test_reciprocity_pairs_are_labelled_the_models_reading() -> None:
    pairs = {
        "freeze_nuke_needs_fe_cut", "fe_cut_needs_nuke_freeze",
        "freeze_icbm_needs_ufg_cut", "ufg_cut_needs_icbm_freeze",
    }  # fmt: skip
    rules = {r["rule"]: r for r in data.RULES}
    for rule in pairs:
        assert rules[rule]["source"].startswith("assumption: the model's own reading"), rule


def test_cited_numbers_exist_in_the_facts_source_list() -> None:
    cited = {
        int(n)
        for rows in TABLES.values()
        for r in rows
        for n in re.findall(r"\[(\d+)\]", r["source"])
    }
    # the facts file numbers its sources 1-109 and 112-115
    assert cited <= set(range(1, 110)) | set(range(112, 116)), sorted(cited)


# --- calibration --------------------------------------------------------------------------


def _status_quo_hazard_via_derive(s: Scenario) -> float:
    """H_sq recomputed with planner.model.derived (a second path besides the verifier)."""
    d = Derived(s)
    chosen = {a.id: s.baseline_of(a.id) for a in s.activities}
    active = {a: set(d.active_periods(o, d.status_quo_start(o))) for a, o in chosen.items()}
    h = sum(d.block_hazard(o, d.status_quo_start(o)) for o in chosen.values())
    for i in s.interactions:
        for t in d.periods:
            both = all(
                t in active[r.activity]
                and (r.options is None or chosen[r.activity].id in r.options)
                for r in (i.a, i.b)
            )
            h += i.hazard if both else 0.0
    return h


def test_status_quo_is_calibrated_to_the_expert_range(scenario: Scenario) -> None:
    h_sq = status_quo_hazard(scenario)
    assert h_sq == pytest.approx(_status_quo_hazard_via_derive(scenario), rel=1e-9)
    p_sq = 1 - math.exp(-h_sq)
    assert 0.20 <= p_sq <= 0.50  # Facts A6b: expert estimates of late 2017
    assert abs(p_sq - 0.30) < 0.05  # aimed near Graham's 30% and the median of the list


def test_notes_state_the_calibration(built: Path) -> None:
    notes = dict(
        r[:2] for r in load_workbook(built)["Notes"].iter_rows(min_row=2, values_only=True)
    )
    h_sq = status_quo_hazard(build_scenario())
    assert notes["status_quo_hazard"] == pytest.approx(h_sq, abs=1e-6)
    assert notes["status_quo_probability"] == pytest.approx(1 - math.exp(-h_sq), abs=1e-6)
    assert f"{1 - math.exp(-h_sq):.1%}" in notes["calibration"]


# --- the solved plan ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan(scenario: Scenario) -> Any:
    """The example solved with its own settings (one solve for the whole module)."""
    return planner.solve(scenario)


def _chosen(plan: Any) -> dict[str, tuple[dict[str, Any], int | None]]:
    """activity -> (its Options row from the data, start period) for the plan's package."""
    rows = {(o["activity"], o["option"]): o for o in data.OPTIONS}
    return {c.activity: (rows[c.activity, c.option], c.start) for c in plan.solution.choices}


def _period(day: date) -> int:
    return (day - data.d(1, 1)).days // 7 + 1


def _active(option: dict[str, Any], start: int | None) -> set[int]:
    if option["duration"] == "all":
        return set(range(1, 53))
    if option["duration"] in (0, "stop"):  # a freeze itself is never active
        return set()
    assert start is not None
    return set(range(start, start + option["duration"]))


def test_plan_is_optimal_fast_and_verified(plan: Any, scenario: Scenario) -> None:
    assert plan.status.value == "optimal"
    assert plan.solution.solve_seconds < scenario.settings.time_limit_s
    assert plan.verification is not None and plan.verification.ok, plan.verification.problems


def test_plan_lowers_the_risk_below_the_status_quo(plan: Any, scenario: Scenario) -> None:
    summary = tables.summary(plan)
    assert summary["status_quo_hazard"] == pytest.approx(status_quo_hazard(scenario), rel=1e-9)
    assert summary["total_hazard"] < summary["status_quo_hazard"]
    assert plan.evaluation.total_hazard < plan.status_quo.total_hazard


def test_no_exercise_during_the_games(plan: Any) -> None:
    games = {
        t
        for w in data.WINDOWS
        if w["kind"] == "olympics"
        for t in range(_period(w["start"]), _period(w["end"]) + 1)
    }
    exercises = {a["activity"] for a in data.ACTIVITIES if a["category"] == "exercise"}
    for activity, (option, start) in _chosen(plan).items():
        if activity in exercises:
            assert not _active(option, start) & games, f"{activity}/{option['option']} at {start}"


def _matches(ref: str, activity_options: dict[str, str]) -> bool:
    """Whether a rule reference (``ACT``, ``ACT/OPT``, ``ACT/OPT1|OPT2``) is chosen."""
    activity, _, options = ref.partition("/")
    chosen = activity_options[activity]
    if options:
        return chosen in options.split("|")
    baseline = next(
        o["option"] for o in data.OPTIONS if o["activity"] == activity and o["baseline"]
    )
    return chosen != baseline


def test_every_rule_row_is_honoured(plan: Any) -> None:
    chosen = _chosen(plan)
    picked = {a: o["option"] for a, (o, _) in chosen.items()}
    for rule in data.RULES:
        a, b = rule["a"], rule["b"]
        if rule["type"] == "requires":
            assert not _matches(a, picked) or _matches(b, picked), rule["rule"]
        elif rule["type"] == "excludes":
            assert not (_matches(a, picked) and _matches(b, picked)), rule["rule"]
        else:
            (oa, sa), (_, sb) = chosen[a], chosen[b]
            if sa is not None and sb is not None:  # a freeze: an event at its first week
                da = 0 if oa["duration"] == "stop" else oa["duration"]
                assert sb >= sa + da + (rule["lag"] or 0), rule["rule"]


def _in_force(option: dict[str, Any], start: int | None) -> int:
    """Weeks a per-period option counts: 52 for all, k for a block, 53 - s for a freeze."""
    if not option["per_period"]:
        return 1
    if option["duration"] == "stop":
        assert start is not None
        return 53 - start
    return 52 if option["duration"] == "all" else option["duration"]


def test_every_party_can_accept_the_package(plan: Any) -> None:
    chosen = [(o, _in_force(o, s)) for o, s in _chosen(plan).values()]
    for party in data.PARTIES:
        p = party["party"]
        cost = sum(o["cost"].get(p, 0) * n for o, n in chosen)
        benefit = sum(o["benefit"].get(p, 0) * n for o, n in chosen)
        assert party["max_cost"] is None or cost <= party["max_cost"] + 1e-9, p
        assert party["min_benefit"] is None or benefit >= party["min_benefit"] - 1e-9, p
        assert party["min_net"] is None or benefit - cost >= party["min_net"] - 1e-9, p


def test_freeze_for_freeze_shape(plan: Any) -> None:
    """What an analyst expects from the data, not from the solver's answer.

    Nuclear and ICBM tests carry the largest hazards and the DPRK can afford to freeze both
    (3 + 3 <= max_cost 10), so a least-risk plan stops them; the USA cannot afford to freeze
    all three theatre exercises (4 + 6 + 3 > max_cost 8), so at least one goes ahead. No
    decapitation drill survives: dropping it costs the USA only 1 point, and it is the
    exercise with the highest weekly hazard.
    """
    picked = {a: o["option"] for a, (o, _) in _chosen(plan).items()}
    assert picked["NUKE"] in ("frozen", "frozen_dismantle")
    assert picked["ICBM"] == "frozen"
    starts = {a: s for a, (_, s) in _chosen(plan).items()}
    assert starts["NUKE"] == starts["ICBM"] == 1  # the largest hazards: frozen at once
    assert not all(picked[x] == "frozen" for x in ("KR", "FE", "UFG"))
    assert picked["DECAP"] == "dropped"
