"""Estimates the size of a scenario's model before building it, and refuses what would not fit.

The estimate is pure Python over the validated scenario (no Pyomo, milliseconds even for
a huge horizon). It counts the start variables of every scheduled block and ``stop`` (one
per allowed start period), the period entries those blocks and all-year options put into
hazard, interaction and capacity rows (a baseline's include the pre-freeze terms of its
activity's stops: start s of a stop is in periods 1..s-1, so O(T x starts)), the money
coefficients (one per start of a ``per_period`` stop), and the smaller rows (one option per
activity, party limits, rules). It is calibrated against the model HiGHS receives
(``tests/test_model_size.py``: nonzeros within a factor of ``CALIBRATION_FACTOR``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.calendar import allowed_starts
from planner.errors import InputError, Problem
from planner.scenario import ALL, Option, Ref, Scenario

DEFAULT_MAX_NONZEROS = 5_000_000
"""Refuse a model estimated above this many nonzeros (``--max-model-size`` raises it).

The 1,000-activity benchmark has 2.8M nonzeros (build 2 s, transfer into HiGHS 7 s, about
2 GB); memory and time grow in proportion beyond it.
"""
CALIBRATION_FACTOR = 3.0
"""The estimate is within this factor of the built model's nonzeros, columns and rows."""


@dataclass(frozen=True)
class SizeEstimate:
    """Estimated model size: columns, rows and nonzeros, and the start variables among the columns."""

    columns: int
    rows: int
    nonzeros: int
    starts: int


@dataclass(frozen=True)
class _Opt:
    """What the estimate needs of one eligible option: its starts and active periods."""

    activity: str
    id: str
    baseline: bool
    first: int  # first allowed start (blocks)
    starts: int  # allowed starts (blocks)
    duration: int  # periods per start (blocks)
    span: range  # periods it can be active in
    entries: int  # period entries: starts x duration, or every period for ``all``


def _opt(scenario: Scenario, o: Option) -> _Opt:
    periods = scenario.settings.periods
    if o.duration == ALL:
        return _Opt(o.activity, o.id, o.baseline, 0, 0, 0, range(1, periods + 1), periods)
    allowed = allowed_starts(scenario.settings, o)
    if not o.is_scheduled or not len(allowed):
        return _Opt(o.activity, o.id, o.baseline, 0, 0, 0, range(0), 0)
    if o.is_stop:  # an event of duration 0: never active itself (its baseline is, before it)
        return _Opt(o.activity, o.id, o.baseline, allowed[0], len(allowed), 0, range(0), 0)
    d = int(o.duration)
    span = range(allowed[0], allowed[-1] + d)
    return _Opt(o.activity, o.id, o.baseline, allowed[0], len(allowed), d, span, len(allowed) * d)


def _pre_freeze_entries(scenario: Scenario, o: Option) -> int:
    """Act terms a stop adds to its baseline: start s is in periods 1..s-1, sum_s (s - 1)."""
    allowed = allowed_starts(scenario.settings, o)
    n = len(allowed)
    return n * (allowed[0] - 1) + n * (n - 1) // 2 if n else 0


def _model_options(scenario: Scenario) -> list[_Opt]:
    """The options the model holds (eligible ones, and a vetoed baseline that a stop runs).

    A baseline's period entries include the pre-freeze terms of its activity's stops
    (SPEC 2.2: act[a,base,t] gains sum_{s > t} s[a,o,s]).
    """
    stops = [o for o in scenario.options if o.is_stop and not o.vetoed_by]
    pre: dict[str, int] = {}
    for o in stops:
        pre[o.activity] = pre.get(o.activity, 0) + _pre_freeze_entries(scenario, o)
    out = []
    for o in scenario.options:
        if o.vetoed_by and not (o.baseline and o.activity in pre):
            continue
        opt = _opt(scenario, o)
        if o.baseline and o.activity in pre:
            opt = replace(opt, entries=opt.entries + pre[o.activity])
        out.append(opt)
    return out


def _money_terms(scenario: Scenario, o: Option) -> int:
    """Cost and benefit coefficients of an option: one per start of a ``per_period`` stop (SPEC 2.3)."""
    n = len(o.cost) + len(o.benefit)
    if not o.per_period:
        return n
    if o.is_stop:
        return n * len(allowed_starts(scenario.settings, o))
    return n if o.periods_in_force(scenario.settings.periods, None) else 0


def _covered(
    by_activity: dict[str, list[_Opt]], ref: Ref, bare_excludes_baseline: bool
) -> list[_Opt]:
    return [
        o
        for o in by_activity.get(ref.activity, ())
        if (
            o.id in ref.options
            if ref.options is not None
            else not (bare_excludes_baseline and o.baseline)
        )
    ]


def _entries_within(o: _Opt, lo: int, hi: int) -> int:
    """Period entries of ``o`` in periods ``lo`` to ``hi - 1`` (spread evenly over its span)."""
    inside = max(0, min(o.span.stop, hi) - max(o.span.start, lo))
    return o.entries * inside // max(1, len(o.span))


def _span(opts: list[_Opt]) -> range:
    spans = [o.span for o in opts if len(o.span)]
    return range(min(r.start for r in spans), max(r.stop for r in spans)) if spans else range(0)


def _before_size(a: list[_Opt], b: list[_Opt], lag: int) -> tuple[int, int]:
    """Rows and nonzeros of one ``before`` rule (one row per start period of b)."""
    rows = nonzeros = 0
    b_starts = sorted({o.first + k for o in b for k in range(o.starts)})
    for t in b_starts:
        a_terms = sum(
            max(0, o.first + o.starts - max(o.first, t - o.duration - lag + 1)) for o in a
        )
        b_terms = sum(max(0, min(o.starts, t - o.first + 1)) for o in b)
        if a_terms and b_terms:
            rows, nonzeros = rows + 1, nonzeros + a_terms + b_terms
    return rows, nonzeros


def _counts(scenario: Scenario, opts: list[_Opt]) -> dict[str, int]:
    by_activity: dict[str, list[_Opt]] = {}
    for o in opts:
        by_activity.setdefault(o.activity, []).append(o)
    c = dict.fromkeys(("cols", "rows", "nnz"), 0)
    for i in scenario.interactions:
        a, b = _covered(by_activity, i.a, False), _covered(by_activity, i.b, False)
        sa, sb = _span(a), _span(b)
        both = max(0, min(sa.stop, sb.stop) - max(sa.start, sb.start)) if sa and sb else 0
        c["cols"] += both
        c["rows"] += 3 * both
        lo, hi = max(sa.start, sb.start), min(sa.stop, sb.stop)
        c["nnz"] += 3 * both + 2 * sum(_entries_within(o, lo, hi) for o in a + b)
    groups = {act.id: act.group for act in scenario.activities}
    for cap in scenario.capacities:
        members = [o for o in opts if groups.get(o.activity) == cap.group]
        c["rows"] += len(_span(members))
        c["nnz"] += sum(o.entries for o in members)
    for r in scenario.rules:
        if r.type == "before":
            a, b = _covered(by_activity, r.a, False), _covered(by_activity, r.b, False)
            rows, nonzeros = _before_size(a, b, r.lag)
        else:
            rows, nonzeros = (
                1,
                len(by_activity.get(r.a.activity, ())) + len(by_activity.get(r.b.activity, ())),
            )
        c["rows"] += rows
        c["nnz"] += nonzeros
    return c


def estimate(scenario: Scenario) -> SizeEstimate:
    """Estimate the model's columns, rows and nonzeros from the scenario alone."""
    opts = _model_options(scenario)
    n_starts = sum(o.starts for o in opts)
    blocks = sum(1 for o in opts if o.starts)
    held = {(o.activity, o.id) for o in opts}  # money of options outside the model is left out
    money = sum(_money_terms(scenario, o) for o in scenario.options if (o.activity, o.id) in held)
    extra = _counts(scenario, opts)
    columns = len(scenario.options) + n_starts + extra["cols"]
    rows = len(scenario.activities) + blocks + 3 * len(scenario.parties) + extra["rows"]
    nonzeros = (
        len(scenario.options)
        + 2 * n_starts
        + blocks
        + sum(o.entries for o in opts)  # hazard terms (the peak rows, or the objective)
        + 2 * money
        + extra["nnz"]
    )
    return SizeEstimate(columns, rows, nonzeros, n_starts)


def _millions(n: int) -> str:
    return f"{n / 1e6:.1f}M" if n >= 1_000_000 else f"{n:,}"


def check_model_size(scenario: Scenario, max_nonzeros: int | None = None) -> SizeEstimate:
    """Refuse a scenario whose model is estimated above ``max_nonzeros`` (default 5M).

    Raises:
        InputError: Located at the Settings cell of ``periods``, naming the horizon, the
            number of activities and options and the estimated size, and how to proceed.
    """
    limit = DEFAULT_MAX_NONZEROS if max_nonzeros is None else max_nonzeros
    size = estimate(scenario)
    if size.nonzeros <= limit:
        return size
    widest = max(scenario.options, key=lambda o: len(allowed_starts(scenario.settings, o)))
    raise InputError(
        Problem(
            _periods_cell(scenario),
            f"periods {scenario.settings.periods:,} x {len(scenario.activities):,} activities "
            f"({len(scenario.options):,} options) ~ {_millions(size.starts)} start variables "
            f"and {_millions(size.nonzeros)} nonzeros, more than the limit of "
            f"{_millions(limit)} (--max-model-size); use longer periods (period_days), fewer "
            f"periods, or narrower earliest_start/latest_start (e.g. {widest.key}, "
            f"{len(allowed_starts(scenario.settings, widest)):,} allowed starts)",
        )
    )


def _periods_cell(scenario: Scenario) -> str:
    """``Settings!B3``: where the workbook holds ``periods`` (``Settings!periods`` if unknown)."""
    return _settings_cell(scenario, "periods")


ARRAY_FACTOR = 10
"""The robust data's per-draw arrays (draws x money columns x parties, two of them, 8 bytes
each) may hold this many times the nonzero limit: 50M entries at the default, 800 MB."""


def check_robust_size(scenario: Scenario, samples: int, max_nonzeros: int | None = None) -> int:
    """Refuse a robust problem (SPEC 6) of ``samples`` draws estimated above the limit.

    The robust model is the nominal one plus, per draw, one row per party limit and balance
    side over the options with money (a stop's starts folded into one term), and the
    per-draw coefficient arrays hold draws x money columns x parties entries. Returns the
    estimated nonzeros.

    Raises:
        InputError: Located at the Settings cell of ``samples``, with the estimate and the
            number of draws that would fit.
    """
    limit = DEFAULT_MAX_NONZEROS if max_nonzeros is None else max_nonzeros
    rows = 2 * len(scenario.balances) + sum(
        (p.max_cost is not None) + (p.min_benefit is not None) + (p.min_net is not None)
        for p in scenario.parties
    )
    eligible = [o for o in scenario.options if not o.vetoed_by]
    terms = sum(1 for o in eligible if o.cost or o.benefit)
    columns = sum(
        len(allowed_starts(scenario.settings, o)) if o.is_stop and o.per_period else 1
        for o in eligible
    )
    per_draw = rows * (terms + 1) + 1
    entries = columns * max(1, len(scenario.parties))
    nominal = estimate(scenario).nonzeros
    nonzeros = nominal + samples * per_draw
    if nonzeros <= limit and samples * entries <= ARRAY_FACTOR * limit:
        return nonzeros
    fits = max(1, min((limit - nominal) // per_draw, ARRAY_FACTOR * limit // entries))
    raise InputError(
        Problem(
            _settings_cell(scenario, "samples"),
            f"samples {samples:,} x {rows} acceptance rows x {terms} options with money ~ "
            f"{_millions(nonzeros)} nonzeros and {_millions(samples * entries)} coefficients "
            f"per money field, more than the limit of {_millions(limit)} (--max-model-size); "
            f"at most about {fits:,} samples fit",
        )
    )


def _settings_cell(scenario: Scenario, key: str) -> str:
    from planner.io.cells import CellLocator

    try:
        return CellLocator.for_scenario(scenario).setting(key)
    except Exception:  # noqa: BLE001 - a location is a courtesy; never fail the refusal on it
        return f"Settings!{key}"


def check_draws_size(
    scenario: Scenario, key: str, draws: int | None = None, max_nonzeros: int | None = None
) -> None:
    """Refuse ``draws`` samples of the Uncertainty sheet (default: Settings ``key``, which is
    ``samples`` or ``test_samples``) whose values (uncertain cells x draws, 8 bytes each)
    would exceed ``ARRAY_FACTOR`` times the limit (800 MB at the default).

    Raises:
        InputError: Located at the Settings cell of ``key``.
    """
    from planner.draws.sampling import uncertain_cells

    draws = getattr(scenario.settings, key) if draws is None else draws
    limit = ARRAY_FACTOR * (DEFAULT_MAX_NONZEROS if max_nonzeros is None else max_nonzeros)
    cells = max(1, len(uncertain_cells(scenario)))
    if draws * cells <= limit:
        return
    raise InputError(
        Problem(
            _settings_cell(scenario, key),
            f"{key} {draws:,} x {cells:,} uncertain cells = {_millions(draws * cells)} drawn "
            f"values, more than {_millions(limit)} (10 x --max-model-size); at most about "
            f"{limit // cells:,} draws fit",
        )
    )
