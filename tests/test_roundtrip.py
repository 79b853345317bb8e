"""Property: any valid scenario written as a workbook reads back equal to itself."""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.calendar import allowed_starts
from planner.io.reader import load_scenario
from planner.io.write_input import write_scenario_workbook
from planner.scenario import (
    OBJECTIVES,
    RULE_TYPES,
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
    Window,
)

pytestmark = pytest.mark.unit

TRICKY_IDS = ["007", "NA", "None", "TRUE", "false", "nan", "1e5", "-1", "=cmd", "Ω", "북한", "x.y"]
ID_ALPHABET = "abcXYZ019_-.éß한Ω"
TEXT_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))


def _decimal(low: str, high: str, places: int = 6) -> st.SearchStrategy[float]:
    """Floats that are the nearest double to a short decimal.

    openpyxl writes numbers as ``%.16g`` (openpyxl.compat.safe_string), so a double that needs
    17 significant digits loses its last bit in any workbook it writes; values an analyst
    types (at most 15 significant digits) survive exactly.
    """
    return st.decimals(
        Decimal(low), Decimal(high), places=places, allow_nan=False, allow_infinity=False
    ).map(float)


ids = st.one_of(st.sampled_from(TRICKY_IDS), st.text(ID_ALPHABET, min_size=1, max_size=6))
texts = st.text(TEXT_ALPHABET, max_size=12).map(str.strip)
amounts = _decimal("0", "1e6")
maybe_amounts = st.none() | amounts
tags = st.sampled_from(["exercise", "test", "talks", "TRUE", "007"])


def _unique(draw: st.DrawFn, low: int, high: int) -> list[str]:
    return draw(st.lists(ids, min_size=low, max_size=high, unique=True))


@st.composite
def settings_strategy(draw: st.DrawFn) -> Settings:
    objective = draw(st.sampled_from(OBJECTIVES))
    cap = draw(amounts) if objective == "max_min_net" else draw(maybe_amounts)
    return Settings(
        start_date=draw(st.dates(date(2000, 1, 1), date(2030, 12, 31))),
        periods=draw(st.integers(1, 30)),
        period_days=draw(st.integers(1, 14)),
        objective=objective,
        risk_cap=cap,
        time_limit_s=draw(_decimal("0.5", "1e4")),
        mip_gap=draw(_decimal("0", "0.5", places=8)),
    )


def _day(draw: st.DrawFn, s: Settings, period: int) -> date:
    offset = (period - 1) * s.period_days + draw(st.integers(0, s.period_days - 1))
    return s.start_date + timedelta(days=offset)


@st.composite
def option_strategy(
    draw: st.DrawFn, s: Settings, activity: str, option: str, parties: list[str]
) -> Option:
    duration = draw(st.one_of(st.just(0), st.just("all"), st.integers(1, s.periods)))
    earliest = latest = None
    if isinstance(duration, int) and duration >= 1:
        last = s.periods - duration + 1
        first = draw(st.integers(1, last))
        earliest = draw(st.none() | st.just(_day(draw, s, first)))
        latest = draw(st.none() | st.just(_day(draw, s, draw(st.integers(first, last)))))
    money = st.dictionaries(st.sampled_from(parties), amounts, max_size=len(parties))
    return Option(
        activity=activity,
        id=option,
        description=draw(texts),
        duration=duration,
        earliest_start=earliest,
        latest_start=latest,
        hazard=draw(amounts),
        vetoed_by=tuple(draw(st.lists(st.sampled_from(parties), unique=True, max_size=2))),
        cost=draw(money),
        benefit=draw(money),
    )


def _options(
    draw: st.DrawFn, s: Settings, activities: list[Activity], parties: list[str]
) -> list[Option]:
    options: list[Option] = []
    for a in activities:
        mine = [draw(option_strategy(s, a.id, o, parties)) for o in _unique(draw, 1, 3)]
        base = draw(st.integers(0, len(mine) - 1))
        mine = [Option(**{**o.__dict__, "baseline": i == base}) for i, o in enumerate(mine)]
        mine[0] = Option(**{**mine[0].__dict__, "vetoed_by": ()})  # never every option vetoed
        options += mine
    return options


def _ref(draw: st.DrawFn, options: list[Option], alternatives: bool, bare: bool = False) -> Ref:
    o = draw(st.sampled_from(options))
    if bare or draw(st.booleans()):
        return Ref(o.activity)
    mine = [x.id for x in options if x.activity == o.activity]
    size = len(mine) if alternatives else 1
    return Ref(
        o.activity,
        tuple(draw(st.lists(st.sampled_from(mine), min_size=1, max_size=size, unique=True))),
    )


def _optional_sheets(
    draw: st.DrawFn,
    s: Settings,
    parties: list[str],
    activities: list[Activity],
    options: list[Option],
) -> dict[str, tuple]:
    windows = []
    for w in _unique(draw, 0, 3):
        start = draw(
            st.dates(s.start_date - timedelta(days=30), s.start_date + timedelta(days=400))
        )
        windows.append(
            Window(w, draw(tags), start, start + timedelta(days=draw(st.integers(0, 20))))
        )
    kinds = sorted({w.kind for w in windows})
    targets = [
        "*",
        *(a.id for a in activities),
        *(o.key for o in options),
        *(a.category for a in activities if a.category),
    ]
    timing = {}
    for _ in range(draw(st.integers(0, 3)) if kinds else 0):
        row = TimingRow(draw(st.sampled_from(targets)), draw(st.sampled_from(kinds)), draw(amounts))
        timing.setdefault(row.key, row)
    interactions = {}
    for _ in range(draw(st.integers(0, 2))):
        row = Interaction(_ref(draw, options, False), _ref(draw, options, False), draw(amounts))
        interactions.setdefault(row.key, row)
    rules = []
    for rule_id in _unique(draw, 0, 3):
        kind = draw(st.sampled_from(RULE_TYPES))
        bare = kind == "before"
        rules.append(
            Rule(
                rule_id,
                kind,
                _ref(draw, options, True, bare),
                _ref(draw, options, True, bare),
                draw(st.integers(0, 5)),
            )
        )
    balances = {}
    for _ in range(draw(st.integers(0, 2))):
        row = Balance(draw(st.sampled_from(parties)), draw(st.sampled_from(parties)), draw(amounts))
        balances.setdefault(row.key, row)
    groups = sorted({a.group for a in activities if a.group})
    capacities = (
        [
            Capacity(g, draw(st.integers(0, 4)))
            for g in draw(st.lists(st.sampled_from(groups), unique=True))
        ]
        if groups
        else []
    )
    sweeps = [
        SweepRow(f"Parties.max_cost[{draw(st.sampled_from(parties))}]", "set", "0:10:2.5"),
        SweepRow(f"Options.hazard[{draw(st.sampled_from(options)).key}]", "scale", "0.5,1,2"),
        SweepRow("Parties.weight[*]", "set", "1:3"),
    ][: draw(st.integers(0, 3))]
    return {
        "windows": tuple(windows),
        "timing": tuple(timing.values()),
        "interactions": tuple(interactions.values()),
        "rules": tuple(rules),
        "balances": tuple(balances.values()),
        "capacities": tuple(capacities),
        "sweeps": tuple(sweeps),
    }


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    s = draw(settings_strategy())
    party_ids = _unique(draw, 1, 4)
    parties = [
        Party(
            p,
            draw(texts),
            draw(maybe_amounts),
            draw(maybe_amounts),
            draw(st.none() | _decimal("-1e6", "1e6")),
            draw(_decimal("0.01", "100")),
        )
        for p in party_ids
    ]
    activities = [
        Activity(
            a,
            draw(texts),
            draw(st.sampled_from(party_ids)),
            draw(st.just("") | tags),
            draw(st.none() | st.sampled_from(["g1", "g2"])),
        )
        for a in _unique(draw, 1, 4)
    ]
    options = _options(draw, s, activities, party_ids)
    extra = _optional_sheets(draw, s, party_ids, activities, options)
    return Scenario(s, tuple(parties), tuple(activities), tuple(options), **extra)


@settings(
    max_examples=int(os.environ.get("ROUNDTRIP_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_written_scenario_reads_back_equal(scenario: Scenario) -> None:
    assert all(allowed_starts(scenario.settings, o) for o in scenario.options if o.is_block)
    with tempfile.TemporaryDirectory() as folder:
        path = write_scenario_workbook(scenario, Path(folder) / "scenario.xlsx")
        back = load_scenario(path)
    assert back == scenario
    assert [o.row for o in back.options] == list(range(2, 2 + len(scenario.options)))
