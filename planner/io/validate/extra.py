"""Records of the optional sheets (Windows, Timing, Interactions, Rules, Balance, Capacity, Sweep)."""

from __future__ import annotations

from planner.io.validate import cells as vc
from planner.io.validate.sheets import Seen
from planner.io.validate.table import Context, RowReader
from planner.scenario import (
    Balance,
    Capacity,
    Interaction,
    Ref,
    Rule,
    SweepRow,
    TimingRow,
    Window,
)


def parse_ref(text: str, what: str, alternatives: bool = True) -> Ref:
    """Parse ``ACT``, ``ACT/OPT`` or (when ``alternatives``) ``ACT/OPT1|OPT2`` (syntax only)."""
    forms = "ACT, ACT/OPT or ACT/OPT1|OPT2" if alternatives else "ACT or ACT/OPT"
    expected = f"{what} must be {forms}, got {vc.shown(text)}"
    activity, slash, rest = text.partition("/")
    if "/" in rest or not activity or (slash and not rest):
        raise vc.CellError(expected)
    options = tuple(rest.split("|")) if slash else None
    if options is not None and (
        any(not o for o in options) or (len(options) > 1 and not alternatives)
    ):
        raise vc.CellError(expected)
    for part in (activity, *(options or ())):
        if any(c in part for c in "|,[]@*") or part != part.strip():
            raise vc.CellError(expected)
    return Ref(activity, options)


def _ref(reader: RowReader, column: str, alternatives: bool) -> Ref | None:
    text = reader.get(column)
    if not text:
        return None
    try:
        return parse_ref(text, column, alternatives)
    except vc.CellError as exc:
        reader.fail(column, str(exc))
        return None


def read_windows(ctx: Context) -> tuple[list[Window], set[str]]:
    """The Windows sheet, and every window kind written in it (even on rows with problems)."""
    seen = Seen("window id")
    windows: list[Window] = []
    kinds: set[str] = set()
    for reader, row in ctx.rows("Windows"):
        window_id = reader.get("window")
        kind = reader.get("kind") or ""
        start, end = reader.get("start"), reader.get("end")
        if kind:
            kinds.add(kind)
        if start is not None and end is not None and end < start:
            reader.fail("end", f"end {end.isoformat()} is before start {start.isoformat()}")
        new = window_id is not None and seen.is_new(window_id, reader, "window", window_id)
        if new and kind and start is not None and end is not None:
            windows.append(Window(window_id, kind, start, end, row=row.number))
        ctx.done("Windows", reader)
    return windows, kinds


def read_timing(ctx: Context) -> list[TimingRow]:
    """The Timing sheet; one row per ``applies_to@kind``."""
    seen = Seen("Timing row")
    rows: list[TimingRow] = []
    for reader, row in ctx.rows("Timing"):
        applies_to = reader.get("applies_to") or ""
        kind = reader.get("kind") or ""
        multiplier = reader.get("multiplier")
        key = f"{applies_to}@{kind}"
        if applies_to and kind and seen.is_new(key, reader, "applies_to", key):
            rows.append(
                TimingRow(
                    applies_to, kind, 1.0 if multiplier is None else multiplier, row=row.number
                )
            )
        ctx.done("Timing", reader)
    return rows


def read_interactions(ctx: Context) -> list[Interaction]:
    """The Interactions sheet; one row per ``a@b``."""
    seen = Seen("interaction")
    rows: list[Interaction] = []
    for reader, row in ctx.rows("Interactions"):
        a, b = _ref(reader, "a", False), _ref(reader, "b", False)
        hazard = reader.get("hazard")
        if a is not None and b is not None:
            key = f"{a.text}@{b.text}"
            if seen.is_new(key, reader, "a", key):
                rows.append(Interaction(a, b, 0.0 if hazard is None else hazard, row=row.number))
        ctx.done("Interactions", reader)
    return rows


def read_rules(ctx: Context) -> list[Rule]:
    """The Rules sheet; a ``before`` rule relates two bare activity ids."""
    seen = Seen("rule id")
    rules: list[Rule] = []
    for reader, row in ctx.rows("Rules"):
        rule_id = reader.get("rule")
        rule_type = reader.get("type")
        a, b = _ref(reader, "a", True), _ref(reader, "b", True)
        lag = reader.get("lag")
        if rule_type == "before":
            for column, ref in (("a", a), ("b", b)):
                if ref is not None and ref.options is not None:
                    reader.fail(
                        column,
                        f"a before rule relates two activities: {column} must be a bare activity "
                        f"id, got {vc.shown(ref.text)}",
                    )
        new = rule_id is not None and seen.is_new(rule_id, reader, "rule", rule_id)
        if new and rule_type and a is not None and b is not None:
            rules.append(Rule(rule_id, rule_type, a, b, 0 if lag is None else lag, row=row.number))
        ctx.done("Rules", reader)
    return rules


def read_balances(ctx: Context) -> list[Balance]:
    """The Balance sheet; one row per party pair."""
    seen = Seen("Balance row")
    rows: list[Balance] = []
    for reader, row in ctx.rows("Balance"):
        party_a, party_b = reader.get("party_a"), reader.get("party_b")
        gap = reader.get("max_gap")
        if (
            party_a
            and party_b
            and seen.is_new(f"{party_a}~{party_b}", reader, "party_a", f"{party_a}~{party_b}")
        ):
            rows.append(Balance(party_a, party_b, 0.0 if gap is None else gap, row=row.number))
        ctx.done("Balance", reader)
    return rows


def read_capacities(ctx: Context) -> list[Capacity]:
    """The Capacity sheet; one row per group."""
    seen = Seen("Capacity group")
    rows: list[Capacity] = []
    for reader, row in ctx.rows("Capacity"):
        group = reader.get("group")
        max_active = reader.get("max_active")
        if group and seen.is_new(group, reader, "group", group):
            rows.append(Capacity(group, 0 if max_active is None else max_active, row=row.number))
        ctx.done("Capacity", reader)
    return rows


def read_sweeps(ctx: Context) -> list[SweepRow]:
    """The Sweep sheet (addresses and values are checked in ``validate_sweep``)."""
    rows: list[SweepRow] = []
    for reader, row in ctx.rows("Sweep"):
        target = reader.get("target")
        mode = reader.get("mode") or "set"
        values = reader.get("values")
        if target and values:
            rows.append(SweepRow(target, mode, values, row=row.number))
        ctx.done("Sweep", reader)
    return rows
