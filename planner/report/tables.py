"""Result tables of a Plan (SPEC 4), documented column names first.

Each table is built as plain rows (:class:`Rows`, what the results workbook is written from,
so that ``planner solve`` never imports pandas) and offered as a pandas DataFrame
(``*_table``, the notebook API's ``Result.tables``) built from the same rows.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner._version import __version__
from planner.calendar import period_end, period_start, window_periods
from planner.report.story import changes, headline
from planner.scenario import Activity, Option, Scenario
from planner.solution import Choice

if TYPE_CHECKING:
    import pandas as pd

    from planner.plan import Plan
    from planner.verify import Evaluation

PACKAGE_COLUMNS = (
    "activity", "name", "actor", "option", "description", "baseline_option", "changed",
    "start_period", "start_date", "end_date", "duration", "hazard",
)  # fmt: skip
PACKAGE_EXTRAS = (
    "category", "group", "moved", "status_quo_start_period", "status_quo_hazard", "frozen_from",
    "status_quo_start_date", "status_quo_end_date", "change",
)  # fmt: skip
FROZEN = "frozen"
"""Schedule cell text of a period in which the package freezes the activity (a ``stop`` from its
first frozen period; an option of duration 0 where the status quo was active)."""
SCHEDULE_FIXED = ("activity", "name", "actor", "option", "changed")
RISK_COLUMNS = (
    "period", "start_date", "windows", "plan_hazard", "status_quo_hazard",
    "plan_cumulative_probability", "status_quo_cumulative_probability", "end_date",
    "window_kinds", "plan_option_hazard", "plan_interaction_hazard",
)  # fmt: skip
PARTIES_COLUMNS = (
    "party", "cost", "max_cost", "cost_slack", "benefit", "min_benefit", "net", "min_net",
    "binding", "name", "weight", "benefit_slack", "net_slack", "weighted_net",
    "status_quo_cost", "status_quo_benefit", "status_quo_net",
)  # fmt: skip
RULES_COLUMNS = (
    "rule", "type", "a", "b", "lag", "satisfied", "binding", "slack", "value", "limit", "detail",
)  # fmt: skip
CHECK_COLUMNS = (
    "check", "kind", "ok", "value", "limit", "slack", "binding", "model_value", "difference",
    "detail",
)  # fmt: skip
WINDOWS_COLUMNS = ("window", "kind", "start", "end", "first_period", "last_period")
DIAGNOSIS_COLUMNS = ("constraint", "kind", "limit", "status_quo_value", "status_quo_ok", "detail")
PARTY_LIMITS = ("max_cost", "min_benefit", "min_net")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


class Rows:
    """One result table as plain rows: what the results workbook is written from.

    ``rows`` are dicts by column name (a missing key is a blank cell); ``whole`` names the
    columns of whole numbers that may be blank (periods). :meth:`values` gives each cell as
    the DataFrame of :meth:`frame` would hold it (a blank is ``None``; a column of numbers
    with a float or a blank in it holds floats), so that a sheet written from either is the
    same; :meth:`frame` is the only place that imports pandas.
    """

    __slots__ = ("columns", "rows", "whole")

    def __init__(
        self, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], whole: Sequence[str] = ()
    ) -> None:
        self.columns = tuple(columns)
        self.rows = list(rows)
        self.whole = tuple(whole)

    def __len__(self) -> int:
        return len(self.rows)

    def _floats(self, name: str) -> bool:
        """Whether pandas would store column ``name`` as floats (numbers with a float or a blank)."""
        if name in self.whole:
            return False
        blank = floats = False
        for row in self.rows:
            v = row.get(name)
            if _missing(v):
                blank = True
            elif type(v) is float:
                floats = True
            elif type(v) is not int:
                return False
        return blank or floats

    def values(self) -> Iterator[list[Any]]:
        """Each row's cells in column order (blank as None; numbers as their column holds them)."""
        floats = {c for c in self.columns if self._floats(c)}
        for row in self.rows:
            cells: list[Any] = []
            for c in self.columns:
                v: Any = row.get(c)
                if _missing(v):
                    v = None
                elif c in floats:
                    v = float(v)
                cells.append(v)
            yield cells

    def column(self, name: str) -> list[Any]:
        """The cells of column ``name``, top to bottom."""
        j = self.columns.index(name)
        return [cells[j] for cells in self.values()]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts with every column (cells as :meth:`values` gives them)."""
        return [dict(zip(self.columns, cells, strict=True)) for cells in self.values()]

    def frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (``whole`` columns as nullable integers)."""
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=list(self.columns))
        return frame.astype({c: "Int64" for c in self.whole}) if self.whole else frame


def _source(plan: Plan, input_path: str | Path | None) -> tuple[str, str]:
    source = plan.scenario.source
    if source is not None:
        return source.path, source.sha256
    if input_path is None or not Path(input_path).is_file():
        return ("" if input_path is None else str(input_path)), ""
    return str(input_path), hashlib.sha256(Path(input_path).read_bytes()).hexdigest()


def _risk_reduction(ev: Evaluation | None, sq: Evaluation) -> float | None:
    if ev is None or sq.total_hazard <= 0:
        return None
    return 1.0 - ev.total_hazard / sq.total_hazard


def summary(plan: Plan, input_path: str | Path | None = None) -> dict[str, object]:
    """The Summary sheet: the SPEC 4 keys in order, then useful extras."""
    sc, sol, ev, sq = plan.scenario, plan.solution, plan.evaluation, plan.status_quo
    s, opts = sc.settings, plan.options
    input_file, sha = _source(plan, input_path)
    package = package_rows(plan).rows
    return {
        "headline": headline(plan),
        "input_file": input_file,
        "input_sha256": sha,
        "objective": sol.objective,
        "status": sol.status.value,
        "objective_value": sol.objective_value if ev else None,
        "total_hazard": ev.total_hazard if ev else None,
        "escalation_probability": ev.probability if ev else None,
        "status_quo_hazard": sq.total_hazard,
        "status_quo_probability": sq.probability,
        "risk_reduction": _risk_reduction(ev, sq),
        "peak_period_hazard": ev.peak_hazard if ev else None,
        "mip_gap": sol.gap,
        "solve_seconds": sol.solve_seconds,
        "solver": sol.solver,
        "planner_version": __version__,
        "run_at": plan.run_at.isoformat(),
        "verified": plan.verified,
        "bound": sol.bound,
        "status_quo_peak_hazard": sq.peak_hazard,
        "min_weighted_net": ev.min_weighted_net if ev else None,
        "changed_activities": sum(bool(r["changed"]) for r in package) if ev else None,
        "moved_activities": sum(bool(r["moved"]) for r in package) if ev else None,
        "time_limit_s": s.time_limit_s if opts.time_limit_s is None else opts.time_limit_s,
        "mip_gap_target": s.mip_gap if opts.mip_gap is None else opts.mip_gap,
        "threads": opts.threads,
        "random_seed": opts.random_seed,
        "highs_seconds": sol.highs_seconds,
        "start_date": s.start_date,
        "end_date": period_end(s, s.periods),
        "periods": s.periods,
        "period_days": s.period_days,
        "risk_cap": s.risk_cap,
        "stages": "; ".join(sol.stages),
        "message": sol.message,
    }


def _choices(ev: Evaluation) -> dict[str, Choice]:
    out: dict[str, Choice] = {}
    for c in ev.choices:
        out.setdefault(c.activity, c)
    return out


def _dates(sc: Scenario, periods: tuple[int, ...]) -> tuple[date | None, date | None]:
    if not periods:
        return None, None
    return period_start(sc.settings, periods[0]), period_end(sc.settings, periods[-1])


class _Lookup:
    """Per-table indexes of the scenario and evaluations (each built once, not per row)."""

    def __init__(self, plan: Plan, ev: Evaluation) -> None:
        sc = plan.scenario
        self.activities: dict[str, Activity] = {}
        for a in sc.activities:
            self.activities.setdefault(a.id, a)
        self.options: dict[tuple[str, str], Option] = {}
        self.baselines: dict[str, Option] = {}
        for o in sc.options:
            self.options.setdefault((o.activity, o.id), o)
            if o.baseline:
                self.baselines.setdefault(o.activity, o)
        self.choices = _choices(ev)
        self.hazard = ev.activity_hazard
        self.sq_hazard = plan.status_quo.activity_hazard
        self.change_kind = {c.activity: c.kind for c in changes(plan)}


def _package_row(plan: Plan, ev: Evaluation, activity: str, lookup: _Lookup) -> dict[str, object]:
    sc, sq = plan.scenario, plan.status_quo
    a = lookup.activities[activity]
    choice, base = lookup.choices[activity], lookup.baselines[activity]
    option = lookup.options[(activity, choice.option)]
    periods, sq_periods = ev.active[activity], sq.active[activity]
    start_date, end_date = _dates(sc, periods)
    start_period = periods[0] if periods else None
    if option.is_stop and choice.start is not None:  # a freeze: its first frozen period
        start_period = choice.start
        start_date, end_date = _dates(sc, tuple(range(choice.start, sc.settings.periods + 1)))
    factor = option.periods_in_force(sc.settings.periods, choice.start) if option.per_period else 1
    sq_start, sq_end = _dates(sc, sq_periods)
    return {
        "activity": a.id,
        "name": a.name,
        "actor": a.actor,
        "option": option.id,
        "description": option.description,
        "baseline_option": base.id,
        "changed": option.id != base.id,
        "start_period": start_period,
        "start_date": start_date,
        "end_date": end_date,
        "duration": option.duration,
        "hazard": lookup.hazard[activity],
        **{f"cost:{p}": option.cost.get(p, 0.0) * factor for p in sc.party_ids},
        **{f"benefit:{p}": option.benefit.get(p, 0.0) * factor for p in sc.party_ids},
        "category": a.category,
        "group": a.group or "",
        "moved": option.id == base.id and option.is_block and periods != sq_periods,
        "status_quo_start_period": sq_periods[0] if sq_periods else None,
        "status_quo_hazard": lookup.sq_hazard[activity],
        "frozen_from": start_date if option.is_stop else None,
        "status_quo_start_date": sq_start,
        "status_quo_end_date": sq_end,
        "change": lookup.change_kind.get(activity, ""),
    }


def package_rows(plan: Plan) -> Rows:
    """Package sheet: one row per activity (empty without a package)."""
    parties = plan.scenario.party_ids
    columns = [
        *PACKAGE_COLUMNS,
        *(f"cost:{p}" for p in parties),
        *(f"benefit:{p}" for p in parties),
        *PACKAGE_EXTRAS,
    ]
    ev = plan.evaluation
    rows = []
    if ev is not None:
        lookup = _Lookup(plan, ev)
        rows = [_package_row(plan, ev, a, lookup) for a in plan.scenario.activity_ids]
    return Rows(columns, rows, ("start_period", "status_quo_start_period"))


def package_table(plan: Plan) -> pd.DataFrame:
    """:func:`package_rows` as a DataFrame (period columns as nullable integers)."""
    return package_rows(plan).frame()


def period_labels(sc: Scenario) -> list[str]:
    """ISO start date of every period, the Schedule's period column names."""
    return [period_start(sc.settings, t).isoformat() for t in range(1, sc.settings.periods + 1)]


def schedule_rows(plan: Plan) -> Rows:
    """Schedule: activities by periods; a cell is the activity's hazard when active, else empty."""
    sc, ev = plan.scenario, plan.evaluation
    labels = period_labels(sc)
    rows = []
    for pkg in package_rows(plan).rows:
        assert ev is not None
        cells = dict(zip(labels, _schedule_cells(plan, ev, pkg), strict=True))
        rows.append({**{k: pkg[k] for k in SCHEDULE_FIXED}, **cells})
    return Rows([*SCHEDULE_FIXED, *labels], rows)


def schedule_table(plan: Plan) -> pd.DataFrame:
    """:func:`schedule_rows` as a DataFrame."""
    return schedule_rows(plan).frame()


def _schedule_cells(plan: Plan, ev: Evaluation, pkg: Mapping[str, Any]) -> list[object]:
    """One activity's cells: its hazard when active, FROZEN where the package freezes it."""
    a = pkg["activity"]
    hazard, active, sq = ev.activity_period_hazard[a], ev.active[a], plan.status_quo.active[a]
    start = pkg["start_period"]
    frozen_from = start if isinstance(pkg["frozen_from"], date) else None
    never = pkg["duration"] == 0
    out: list[object] = []
    for t in range(1, plan.scenario.settings.periods + 1):
        if t in active:
            out.append(hazard[t - 1])
        elif (frozen_from is not None and t >= frozen_from) or (never and t in sq):
            out.append(FROZEN)
        else:
            out.append(None)
    return out


def windows_by_period(sc: Scenario) -> dict[int, list[str]]:
    """Window ids covering each period, in sheet order."""
    out: dict[int, list[str]] = {t: [] for t in range(1, sc.settings.periods + 1)}
    for w in sc.windows:
        for t in window_periods(sc.settings, w.start, w.end):
            out[t].append(w.id)
    return out


def _cumulative_p(hazards: tuple[float, ...]) -> list[float]:
    return [-math.expm1(-h) for h in itertools.accumulate(hazards)]


def risk_rows(plan: Plan) -> Rows:
    """Risk: per period, plan and status-quo hazard and cumulative escalation probability."""
    sc, ev, sq = plan.scenario, plan.evaluation, plan.status_quo
    kinds = {w.id: w.kind for w in sc.windows}
    sq_p = _cumulative_p(sq.period_hazard)
    plan_p = _cumulative_p(ev.period_hazard) if ev else None
    rows = []
    for t, ids in windows_by_period(sc).items():
        rows.append(
            {
                "period": t,
                "start_date": period_start(sc.settings, t),
                "windows": ", ".join(ids),
                "plan_hazard": ev.period_hazard[t - 1] if ev else None,
                "status_quo_hazard": sq.period_hazard[t - 1],
                "plan_cumulative_probability": plan_p[t - 1] if plan_p else None,
                "status_quo_cumulative_probability": sq_p[t - 1],
                "end_date": period_end(sc.settings, t),
                "window_kinds": ", ".join(dict.fromkeys(kinds[i] for i in ids)),
                "plan_option_hazard": ev.option_hazard[t - 1] if ev else None,
                "plan_interaction_hazard": ev.interaction_hazard[t - 1] if ev else None,
            }
        )
    return Rows(RISK_COLUMNS, rows)


def risk_table(plan: Plan) -> pd.DataFrame:
    """:func:`risk_rows` as a DataFrame."""
    return risk_rows(plan).frame()


def _slack(value: float, limit: float | None, upper: bool) -> float | None:
    if limit is None:
        return None
    return limit - value if upper else value - limit


def parties_rows(plan: Plan) -> Rows:
    """Parties: totals, limits, slacks and which limits bind (empty without a package)."""
    ev, sq = plan.evaluation, plan.status_quo
    if ev is None:
        return Rows(PARTIES_COLUMNS, [])
    binding = {c.name for c in ev.checks if c.binding}
    rows = []
    for p in plan.scenario.parties:
        cost, benefit, net = ev.party_cost[p.id], ev.party_benefit[p.id], ev.party_net[p.id]
        rows.append(
            {
                "party": p.id,
                "cost": cost,
                "max_cost": p.max_cost,
                "cost_slack": _slack(cost, p.max_cost, True),
                "benefit": benefit,
                "min_benefit": p.min_benefit,
                "net": net,
                "min_net": p.min_net,
                "binding": ", ".join(k for k in PARTY_LIMITS if f"{k}[{p.id}]" in binding),
                "name": p.name,
                "weight": p.weight,
                "benefit_slack": _slack(benefit, p.min_benefit, False),
                "net_slack": _slack(net, p.min_net, False),
                "weighted_net": net / p.weight,
                "status_quo_cost": sq.party_cost[p.id],
                "status_quo_benefit": sq.party_benefit[p.id],
                "status_quo_net": sq.party_net[p.id],
            }
        )
    return Rows(PARTIES_COLUMNS, rows)


def parties_table(plan: Plan) -> pd.DataFrame:
    """:func:`parties_rows` as a DataFrame."""
    return parties_rows(plan).frame()


def _constraint_rows(plan: Plan, ev: Evaluation) -> list[tuple[str, str, str, str, int | None]]:
    """(rule, type, a, b, lag) for each rule, balance, capacity and the risk cap, in check order."""
    sc = plan.scenario
    rows: list[tuple[str, str, str, str, int | None]] = [
        (r.id, r.type, r.a.text, r.b.text, r.lag) for r in sc.rules
    ]
    rows += [(b.key, "balance", b.party_a, b.party_b, None) for b in sc.balances]
    rows += [(c.group, "capacity", c.group, "", None) for c in sc.capacities]
    if sc.settings.risk_cap is not None:
        rows.append(("risk_cap", "risk_cap", "", "", None))
    return rows


def rules_rows(plan: Plan) -> Rows:
    """Rules (then balances, capacities and the risk cap): satisfied, binding, slack."""
    ev = plan.evaluation
    if ev is None:
        return Rows(RULES_COLUMNS, [])
    checks = [c for c in ev.checks if c.kind in ("rule", "balance", "capacity", "risk_cap")]
    rows = [
        {
            **dict(zip(("rule", "type", "a", "b", "lag"), meta, strict=True)),
            "satisfied": c.ok,
            "binding": c.binding,
            "slack": c.slack,
            "value": c.value,
            "limit": c.limit,
            "detail": c.detail,
        }
        for meta, c in zip(_constraint_rows(plan, ev), checks, strict=True)
    ]
    return Rows(RULES_COLUMNS, rows, ("lag",))


def rules_table(plan: Plan) -> pd.DataFrame:
    """:func:`rules_rows` as a DataFrame (``lag`` as nullable integers)."""
    return rules_rows(plan).frame()


def check_rows(plan: Plan) -> Rows:
    """Check: every recomputed constraint, then every solver figure against its recomputation."""
    if plan.verification is None:
        return Rows(CHECK_COLUMNS, [])
    rows: list[dict[str, object]] = [
        {**{k: getattr(c, k) for k in CHECK_COLUMNS if hasattr(c, k)}, "check": c.name}
        for c in plan.verification.evaluation.checks
    ]
    for cmp in plan.verification.comparisons:
        rows.append(
            {
                "check": cmp.figure,
                "kind": "agreement",
                "ok": cmp.ok,
                "value": cmp.recomputed,
                "model_value": cmp.model,
                "difference": cmp.difference,
                "detail": "solver figure vs independent recomputation",
            }
        )
    return Rows(CHECK_COLUMNS, rows)


def check_table(plan: Plan) -> pd.DataFrame:
    """:func:`check_rows` as a DataFrame."""
    return check_rows(plan).frame()


def windows_rows(plan: Plan) -> Rows:
    """Windows: id, kind, dates and the first and last period each covers (blank outside)."""
    s = plan.scenario.settings
    rows = []
    for w in plan.scenario.windows:
        covered = window_periods(s, w.start, w.end)
        first, last = (covered[0], covered[-1]) if len(covered) else (None, None)
        values = (w.id, w.kind, w.start, w.end, first, last)
        rows.append(dict(zip(WINDOWS_COLUMNS, values, strict=True)))
    return Rows(WINDOWS_COLUMNS, rows, ("first_period", "last_period"))


def windows_table(plan: Plan) -> pd.DataFrame:
    """:func:`windows_rows` as a DataFrame (periods as nullable integers)."""
    return windows_rows(plan).frame()


def diagnosis_rows(plan: Plan) -> Rows:
    """Diagnosis rows from ``plan.diagnosis``; without them, every constraint that exists.

    The fallback lists each limit, rule, balance, capacity and the risk cap with the status
    quo's value, so that an analyst sees what constrains the package.
    """
    if plan.diagnosis:
        columns = list(dict.fromkeys(k for row in plan.diagnosis for k in row))
        return Rows(columns, [dict(row) for row in plan.diagnosis])
    rows = [
        {
            "constraint": c.name,
            "kind": c.kind,
            "limit": c.limit,
            "status_quo_value": c.value,
            "status_quo_ok": c.ok,
            "detail": c.detail,
        }
        for c in plan.status_quo.checks
        if c.kind != "structure"
    ]
    return Rows(DIAGNOSIS_COLUMNS, rows)


def diagnosis_table(plan: Plan) -> pd.DataFrame:
    """:func:`diagnosis_rows` as a DataFrame."""
    return diagnosis_rows(plan).frame()
