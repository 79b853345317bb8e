"""Cross-sheet checks: every reference resolves, baselines, options and start windows make sense."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from planner.calendar import allowed_starts, period_of
from planner.io.validate.stop import check_stop_baselines, stop_start_problem
from planner.io.validate.table import Context
from planner.scenario import (
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
    SourceInfo,
    SweepRow,
    TimingRow,
    UncertaintyRow,
    Window,
)


@dataclass
class Records:
    """Every record read from the workbook, before cross-sheet checks."""

    settings: Settings | None
    parties: list[Party]
    activities: list[Activity]
    options: list[Option]
    windows: list[Window] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    timing: list[TimingRow] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    balances: list[Balance] = field(default_factory=list)
    capacities: list[Capacity] = field(default_factory=list)
    sweeps: list[SweepRow] = field(default_factory=list)
    uncertainty: list[UncertaintyRow] = field(default_factory=list)

    @cached_property
    def party_ids(self) -> set[str]:
        """Ids of the parties."""
        return {p.id for p in self.parties}

    @cached_property
    def activity_ids(self) -> set[str]:
        """Ids of the activities."""
        return {a.id for a in self.activities}

    @cached_property
    def options_by_activity(self) -> dict[str, list[Option]]:
        """Options grouped by activity id, in sheet order."""
        out: dict[str, list[Option]] = {}
        for o in self.options:
            out.setdefault(o.activity, []).append(o)
        return out

    def option_ids(self, activity: str) -> list[str]:
        """Option ids of one activity, in sheet order."""
        return [o.id for o in self.options_by_activity.get(activity, [])]

    def scenario(self, settings: Settings, source: SourceInfo | None = None) -> Scenario:
        """The records as a Scenario with these settings (no checks of its own)."""
        return Scenario(
            settings=settings,
            parties=tuple(self.parties),
            activities=tuple(self.activities),
            options=tuple(self.options),
            windows=tuple(self.windows),
            timing=tuple(self.timing),
            interactions=tuple(self.interactions),
            rules=tuple(self.rules),
            balances=tuple(self.balances),
            capacities=tuple(self.capacities),
            sweeps=tuple(self.sweeps),
            uncertainty=tuple(self.uncertainty),
            source=source,
        )


def check_references(ctx: Context, rec: Records) -> None:
    """Run every cross-sheet check, recording problems in ``ctx``.

    References into a sheet (or id column) that is itself missing are not checked: the
    missing sheet or column is the one problem to report.
    """
    parties = ctx.has("Parties", "party")
    activities = ctx.has("Activities", "activity")
    options = activities and ctx.has("Options", "activity") and ctx.has("Options", "option")
    if parties:
        _check_actors(ctx, rec)
        _check_option_parties(ctx, rec)
        _check_balances(ctx, rec)
    if activities:
        _check_option_activities(ctx, rec)
        _check_capacities(ctx, rec)
    if options:
        _check_activity_options(ctx, rec)
        check_stop_baselines(ctx, rec.options_by_activity)
        _check_timing(ctx, rec)
        _check_refs(ctx, rec, "Interactions", [(r.row, r.a, r.b) for r in rec.interactions])
        _check_refs(ctx, rec, "Rules", [(r.row, r.a, r.b) for r in rec.rules])
    if rec.settings is not None:
        _check_starts(ctx, rec.settings, rec.options)


def _party_problem(name: str, party: str) -> str:
    return f'{name} "{party}" is not a party in Parties'


def _check_actors(ctx: Context, rec: Records) -> None:
    table = ctx.tables["Activities"]
    for a in rec.activities:
        if a.actor and a.actor not in rec.party_ids:
            ctx.problems.add(table.loc(a.row, "actor"), _party_problem("actor", a.actor))


def _check_option_parties(ctx: Context, rec: Records) -> None:
    table = ctx.tables["Options"]
    for col in table.dynamic:
        if col.name not in rec.party_ids:
            ctx.problems.add(
                table.loc(1, col.index),
                f'column {col.prefix}{col.name} names party "{col.name}", which is not in Parties',
            )
    for o in rec.options:
        for party in o.vetoed_by:
            if party not in rec.party_ids:
                ctx.problems.add(
                    table.loc(o.row, "vetoed_by"),
                    f'vetoed_by lists "{party}", which is not a party in Parties',
                )


def _check_option_activities(ctx: Context, rec: Records) -> None:
    table = ctx.tables["Options"]
    for o in rec.options:
        if o.activity not in rec.activity_ids:
            ctx.problems.add(
                table.loc(o.row, "activity"), f'activity "{o.activity}" is not in Activities'
            )


def _check_activity_options(ctx: Context, rec: Records) -> None:
    options = ctx.tables["Options"]
    for a in rec.activities:
        mine = rec.options_by_activity.get(a.id, [])
        if not mine:
            loc = ctx.tables["Activities"].loc(a.row, "activity")
            ctx.problems.add(loc, f"activity {a.id} has no options in Options")
            continue
        if not any(ctx.failed("Options", o.row, "baseline") for o in mine):
            _check_baselines(ctx, a.id, mine)
        if all(o.vetoed_by for o in mine):
            ctx.problems.add(
                options.col_loc("vetoed_by"),
                f"every option of activity {a.id} is vetoed, so no package can exist; "
                "leave at least one option (e.g. the baseline) unvetoed",
            )


def _check_baselines(ctx: Context, activity: str, mine: list[Option]) -> None:
    """Exactly one baseline per activity (an unreadable baseline cell is reported already)."""
    options = ctx.tables["Options"]
    baselines = [o for o in mine if o.baseline]
    if not baselines:
        ctx.problems.add(
            options.col_loc("baseline"),
            f"activity {activity} has no baseline option; mark exactly one of its options "
            "baseline = yes",
        )
    for extra in baselines[1:]:
        ctx.problems.add(
            options.loc(extra.row, "baseline"),
            f"activity {activity} has more than one baseline option "
            f"(first: {baselines[0].id} in row {baselines[0].row})",
        )


def _check_starts(ctx: Context, settings: Settings, options: Sequence[Option]) -> None:
    table = ctx.tables["Options"]
    for o in options:
        if ctx.failed("Options", o.row, "duration", "earliest_start", "latest_start"):
            continue
        if o.is_block and not allowed_starts(settings, o):
            column, message = _start_problem(settings, o)
            ctx.problems.add(table.loc(o.row, column), message)
        elif (stop := stop_start_problem(settings, o)) is not None:
            ctx.problems.add(table.loc(o.row, stop[0]), stop[1])


def _start_problem(settings: Settings, o: Option) -> tuple[str, str]:
    assert isinstance(o.duration, int)
    d, horizon = o.duration, settings.periods
    if d > horizon:
        return (
            "duration",
            f"a block of {d} periods does not fit in the horizon of {horizon} periods",
        )
    last_fit = horizon - d + 1
    first = 1 if o.earliest_start is None else max(period_of(settings, o.earliest_start), 1)
    if o.earliest_start is not None and first > last_fit:
        return "earliest_start", (
            f"earliest_start {o.earliest_start.isoformat()} is in period {first}, after the last "
            f"start at which a block of {d} periods ends inside the horizon (period {last_fit} "
            f"of {horizon}): no start is allowed"
        )
    assert o.latest_start is not None  # blank latest_start always leaves a start here
    last = period_of(settings, o.latest_start)
    if last < 1:
        return "latest_start", (
            f"latest_start {o.latest_start.isoformat()} is before the horizon starts "
            f"({settings.start_date.isoformat()}): no start is allowed"
        )
    return "latest_start", (
        f"latest_start {o.latest_start.isoformat()} (period {last}) is before the earliest "
        f"allowed start (period {first}): no start is allowed"
    )


def _check_timing(ctx: Context, rec: Records) -> None:
    table = ctx.tables["Timing"]
    keys = {o.key for o in rec.options}
    categories = {a.category for a in rec.activities if a.category}
    for r in rec.timing:
        target = r.applies_to
        if (
            target != "*"
            and target not in keys
            and target not in rec.activity_ids
            and target not in categories
        ):
            ctx.problems.add(
                table.loc(r.row, "applies_to"),
                f'applies_to "{target}" is not an option (ACT/OPT), an activity, a category of '
                "an activity, or *",
            )
        windows_readable = ctx.has("Windows", "kind") or not ctx.tables["Windows"].rows
        if r.kind not in rec.kinds and windows_readable:
            ctx.problems.add(
                table.loc(r.row, "kind"),
                f'kind "{r.kind}" is not the kind of any window in Windows',
            )


def _check_refs(ctx: Context, rec: Records, sheet: str, rows: list[tuple[int, Ref, Ref]]) -> None:
    table = ctx.tables[sheet]
    for row, a, b in rows:
        for column, ref in (("a", a), ("b", b)):
            message = _ref_problem(rec, column, ref)
            if message:
                ctx.problems.add(table.loc(row, column), message)


def _ref_problem(rec: Records, column: str, ref: Ref) -> str | None:
    if ref.activity not in rec.activity_ids:
        return f'{column} refers to activity "{ref.activity}", which is not in Activities'
    known = rec.option_ids(ref.activity)
    for option in ref.options or ():
        if option not in known:
            return (
                f'{column} refers to option "{ref.activity}/{option}", which is not an option '
                f"of {ref.activity} in Options"
            )
    return None


def _check_balances(ctx: Context, rec: Records) -> None:
    table = ctx.tables["Balance"]
    for b in rec.balances:
        for column, party in (("party_a", b.party_a), ("party_b", b.party_b)):
            if party not in rec.party_ids:
                ctx.problems.add(table.loc(b.row, column), _party_problem(column, party))


def _check_capacities(ctx: Context, rec: Records) -> None:
    table = ctx.tables["Capacity"]
    groups = {a.group for a in rec.activities if a.group}
    for c in rec.capacities:
        if c.group not in groups:
            ctx.problems.add(
                table.loc(c.row, "group"),
                f'group "{c.group}" is not the group of any activity in Activities',
            )
