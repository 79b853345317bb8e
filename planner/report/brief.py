"""The Brief: per party, what it gives, what it gets and how close it is to its limits.

Definitions (docs/results.md):

- gives: the party's own activities that the package changes (option, timing or both),
  with the extra cost to the party against the status-quo option (cost:PARTY of the
  chosen option minus that of the baseline option).
- gets: other actors' changes whose option benefits the party more than the status-quo
  option does (benefit:PARTY of the chosen option minus the baseline's, when positive);
  every party also gets the shared reduction of the escalation probability (one row).
- limits: the party's total cost, benefit and net with its limits, slacks and which bind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.calendar import period_start
from planner.report import story, tables

if TYPE_CHECKING:
    import pandas as pd

    from planner.plan import Plan
    from planner.scenario import Option

BRIEF_COLUMNS = ("party", "section", "item", "change", "dates", "amount", "limit", "slack", "note")
LIMITS = (("cost", "max_cost", "cost_slack"), ("benefit", "min_benefit", "benefit_slack"),
          ("net", "min_net", "net_slack"))  # fmt: skip


def _options(plan: Plan) -> dict[tuple[str, str], Option]:
    return {(o.activity, o.id): o for o in reversed(plan.scenario.options)}


def _money(option: Option, field: str, party: str, periods: int, start: int | None) -> float:
    """An option's cost or benefit to ``party``, times its periods in force when ``per_period``."""
    value = float(getattr(option, field).get(party, 0.0))
    return value * option.periods_in_force(periods, start) if option.per_period else value


def _delta(
    opts: dict[tuple[str, str], Option], c: story.Change, field: str, party: str, periods: int
) -> float:
    new, old = opts[(c.activity, c.option)], opts[(c.activity, c.baseline)]
    # only a stop's periods in force depend on its start; a baseline is never a stop
    return _money(new, field, party, periods, c.frozen_from) - _money(
        old, field, party, periods, None
    )


def _when(plan: Plan, c: story.Change) -> str:
    if c.frozen_from is not None:
        return f"frozen from {period_start(plan.scenario.settings, c.frozen_from).isoformat()}"
    return "frozen" if c.kind == story.FROZEN else story.dates(plan, c.periods)


def _row(party: str, section: str, item: str, **values: object) -> dict[str, object]:
    return {"party": party, "section": section, "item": item, **values}


def _change_text(c: story.Change) -> str:
    return f"{c.option} moved" if c.kind == story.MOVED else f"{c.baseline} -> {c.option}"


def _gives_gets(plan: Plan, party: str) -> list[dict[str, object]]:
    opts, rows = _options(plan), []
    found, periods = story.changes(plan), plan.scenario.settings.periods
    for c in (c for c in found if c.actor == party):
        cost = _delta(opts, c, "cost", party, periods)
        rows.append(_row(party, "gives", c.activity, change=_change_text(c), dates=_when(plan, c),
                         amount=cost, note="extra cost to the party"))  # fmt: skip
    for c in (c for c in found if c.actor != party):
        gain = _delta(opts, c, "benefit", party, periods)
        if gain > 0:
            when = _when(plan, c)
            rows.append(_row(party, "gets", c.activity, change=_change_text(c), dates=when,
                             amount=gain, note=f"benefit from {c.actor}'s change"))  # fmt: skip
    return rows


def _shared(plan: Plan, party: str) -> dict[str, object]:
    ev, sq = plan.evaluation, plan.status_quo
    assert ev is not None
    change = f"{sq.probability:.1%} -> {ev.probability:.1%}"
    return _row(party, "gets", "escalation probability", change=change,
                amount=ev.probability - sq.probability, note="shared by every party")  # fmt: skip


def _number(value: object) -> float | None:
    if not isinstance(value, int | float) or value != value:  # None, NaN
        return None
    return float(value)


def _limits(plan: Plan, party: str) -> list[dict[str, object]]:
    row = next(r for r in tables.parties_rows(plan).records() if r["party"] == party)
    binds = str(row["binding"]).split(", ")
    out = []
    for value, limit, slack in LIMITS:
        lim, sl = _number(row[limit]), _number(row[slack])
        note = "binds" if limit in binds else "" if lim is None else "holds"
        out.append(_row(party, "limit", value, change=limit if lim is not None else "no limit",
                        amount=_number(row[value]), limit=lim, slack=sl, note=note))  # fmt: skip
    return out


def brief_rows(plan: Plan, party: str | None = None) -> tables.Rows:
    """The Brief rows of every party (or only ``party``); empty without a package."""
    if not plan.has_package:
        return tables.Rows(BRIEF_COLUMNS, [])
    parties = [party] if party is not None else list(plan.scenario.party_ids)
    rows: list[dict[str, object]] = []
    for p in parties:
        rows += _gives_gets(plan, p)
        rows.append(_shared(plan, p))
        rows += _limits(plan, p)
    return tables.Rows(BRIEF_COLUMNS, rows)


def brief_table(plan: Plan, party: str | None = None) -> pd.DataFrame:
    """:func:`brief_rows` as a DataFrame."""
    return brief_rows(plan, party).frame()
