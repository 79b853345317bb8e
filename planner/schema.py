"""The workbook contract (SPEC section 1) as one declarative table.

Each column says which record field it fills (``Column.field``, default its own name) and
each sheet which scenario record its rows become (``Sheet.record``, ``Sheet.records``). The
reader, the input writer, the example builder, ``planner init``'s template, addresses and
the format reference are all derived from ``SHEETS`` and ``SETTINGS`` (the mapping functions
are in ``planner.schema_records``, the words in ``planner.schema_text``): a new column is one
entry here, its field on the record in ``planner.scenario``, and its meaning in the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner import scenario as rec

ColumnType = Literal[
    "id",  # identifier: non-empty text, no / | , [ ] @ * and no surrounding spaces
    "text",  # free text
    "number",  # real number
    "int",  # whole number
    "date",  # Excel date or ISO YYYY-MM-DD text
    "bool",  # yes/no, true/false, 1/0
    "duration",  # whole number >= 0, "all" or "stop"
    "enum",  # one of ``choices``
    "ref",  # party/activity/option reference (checked against other sheets)
    "id_list",  # comma-separated ids
    "sweep_values",  # a:b:step, a,b,c or a:b
]

FORBIDDEN_ID_CHARS = "/|,[]@*"
MAX_ROWS_PER_SHEET = 100_000
"""Refuse sheets with more rows than this (no real scenario comes close)."""
MAX_NUMBER = 1e9
"""Largest magnitude of any number in a workbook: beyond it HiGHS's tolerances stop being reliable."""
MAX_PERIODS = 5_000
"""Longest horizon in periods (ten years of days is 3,653; a model beyond this is not a plan)."""


@dataclass(frozen=True)
class Column:
    """One column of a sheet (or one key of Settings)."""

    name: str
    type: ColumnType
    description: str
    required: bool = False
    default: object = None
    minimum: float | None = 0.0  # None: negative allowed
    exclusive_minimum: bool = False  # True: value must be > minimum
    maximum: float = MAX_NUMBER  # largest magnitude accepted
    choices: tuple[str, ...] = ()
    sweepable: bool = False
    example: object = None
    field: str = ""  # the record field this column fills ("" = the column's own name)
    ref_form: Literal["", "single", "alternatives"] = ""  # parsed into a Ref (ACT, ACT/OPT[|OPT2])

    @property
    def record_field(self) -> str:
        """The name of the record field (scenario attribute) this column fills."""
        return self.field or self.name


@dataclass(frozen=True)
class Sheet:
    """One sheet of the input workbook."""

    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = False
    key: str | None = None  # column (or rule) giving a row's address key in sweeps
    key_help: str = ""
    dynamic_prefixes: tuple[str, ...] = ()  # e.g. cost:PARTY, benefit:PARTY
    record: type | None = None  # the scenario record one row becomes (None: Settings)
    records: str = ""  # the Scenario attribute holding the sheet's records
    row_name: str = ""  # what a row's key names, in "duplicate ..." messages
    needs: tuple[str, ...] = ()  # columns (beyond the key) without which a row makes no record


UNCERTAINTY_SETTINGS: tuple[Column, ...] = (
    Column(
        "samples",
        "int",
        "In-sample draws N of the Uncertainty sheet for planner robust.",
        default=200,
        minimum=1,
        maximum=100_000,
        example=200,
    ),
    Column(
        "test_samples",
        "int",
        "Fresh draws for the out-of-sample check of planner robust and planner evaluate.",
        default=1000,
        minimum=1,
        maximum=1_000_000,
        example=1000,
    ),
    Column("sample_seed", "int", "Seed of the draws (same seed, same draws).", default=0),
    Column(
        "acceptance_target",
        "number",
        "Least share of in-sample draws in which every party accepts the robust package (0 to 1).",
        default=0.9,
        maximum=1.0,
        example=0.9,
    ),
    Column(
        "acceptance_margin",
        "number",
        "Standard errors of an acceptance share added to the in-sample target by planner "
        "robust, 0 to 5: the package must be accepted in ceil(N t + margin sqrt(N t (1-t))) of "
        "the N draws, so that it still meets the target t on fresh draws (0: exactly the "
        "target).",
        default=0.0,
        maximum=5.0,
        example=1.0,
    ),
    Column(
        "robust_objective",
        "enum",
        "mean (least mean total hazard over the draws) or cvar (least CVaR of it).",
        default="mean",
        choices=("mean", "cvar"),
        example="mean",
    ),
    Column(
        "cvar_level",
        "number",
        "Level b of the CVaR objective, 0 <= b < 1 (0.9 = mean of the worst 10%).",
        default=0.9,
        maximum=1.0,
        example=0.9,
    ),
)
"""Settings keys of the Uncertainty sheet (SPEC 1 and 6)."""

UNCERTAINTY_SHEET = Sheet(
    "Uncertainty",
    "What planner robust and planner evaluate draw: one row per uncertain number (SPEC 6).",
    (
        Column(
            "target",
            "text",
            "Address of a number, e.g. Options.hazard[NUKE/continue] or Parties.max_cost[*].",
            required=True,
        ),
        Column(
            "mode",
            "enum",
            "scale (the draw multiplies the workbook's value) or set (the draw replaces it).",
            default="scale",
            choices=("scale", "set"),
        ),
        Column("low", "number", "Lower bound of the draw.", required=True, minimum=None),
        Column("high", "number", "Upper bound of the draw (>= low).", required=True, minimum=None),
        Column("most_likely", "number", "Mode, for triangular (low <= it <= high).", minimum=None),
        Column(
            "shape",
            "enum",
            "uniform, triangular or loguniform (needs low > 0).",
            default="uniform",
            choices=("uniform", "triangular", "loguniform"),
        ),
        Column(
            "each",
            "bool",
            "yes: one independent draw per cell a [*] target matches; no: one draw for all.",
            default=False,
        ),
        Column("group", "text", "Rows of one group share one underlying uniform number."),
    ),
    record=rec.UncertaintyRow,
    records="uncertainty",
    needs=("target",),
)


SETTINGS: tuple[Column, ...] = (
    Column("start_date", "date", "First day of period 1.", required=True, example="2018-01-01"),
    Column(
        "periods",
        "int",
        "Number of periods T (1 to 5,000).",
        required=True,
        minimum=1,
        maximum=MAX_PERIODS,
        example=52,
    ),
    Column(
        "period_days",
        "int",
        "Length of one period in days (7 = weeks; at most 366).",
        default=7,
        minimum=1,
        maximum=366,
        example=7,
    ),
    Column(
        "objective",
        "enum",
        "min_risk (least total hazard H), min_peak (least peak period hazard) or "
        "max_min_net (fairest: largest least weighted net gain; needs risk_cap).",
        default="min_risk",
        choices=("min_risk", "min_peak", "max_min_net"),
        example="min_risk",
    ),
    Column(
        "risk_cap",
        "number",
        "Upper bound on total hazard H (blank = none; required for max_min_net).",
        sweepable=True,
    ),
    Column(
        "time_limit_s",
        "number",
        "Solver time limit per solve, seconds.",
        default=60.0,
        exclusive_minimum=True,
        example=60,
    ),
    Column(
        "mip_gap",
        "number",
        "Relative MIP gap at which the solver may stop.",
        default=1e-4,
        example=0.0001,
    ),
    *UNCERTAINTY_SETTINGS,
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Settings",
        "Horizon and solver settings, one `key`/`value` pair per row.",
        (
            Column(
                "key",
                "enum",
                "Setting name.",
                required=True,
                choices=tuple(c.name for c in SETTINGS),
            ),
            Column("value", "text", "Setting value (type depends on the key).", required=True),
        ),
        required=True,
    ),
    Sheet(
        "Parties",
        "The parties to the confrontation and what each can accept.",
        (
            Column("party", "id", "Party id, e.g. USA.", required=True, field="id"),
            Column("name", "text", "Display name."),
            Column(
                "max_cost",
                "number",
                "Most total cost the party accepts (blank = no limit).",
                sweepable=True,
            ),
            Column(
                "min_benefit",
                "number",
                "Least total benefit the party needs (blank = none).",
                sweepable=True,
            ),
            Column(
                "min_net",
                "number",
                "Least benefit minus cost the party needs; may be negative (blank = none).",
                minimum=None,
                sweepable=True,
            ),
            Column(
                "weight",
                "number",
                "Weight in tie-breaks and in max_min_net (> 0).",
                default=1.0,
                exclusive_minimum=True,
                sweepable=True,
            ),
        ),
        required=True,
        key="party",
        record=rec.Party,
        records="parties",
        row_name="party id",
    ),
    Sheet(
        "Activities",
        "The escalating activities (exercises, tests, deployments, rhetoric, talks).",
        (
            Column("activity", "id", "Activity id.", required=True, field="id"),
            Column("name", "text", "Display name."),
            Column(
                "actor",
                "ref",
                "Party id that carries it out (must exist in Parties).",
                required=True,
            ),
            Column("category", "text", "Free tag used by Timing, e.g. exercise, test, rhetoric."),
            Column("group", "text", "Optional tag used by Capacity."),
        ),
        required=True,
        key="activity",
        record=rec.Activity,
        records="activities",
        row_name="activity id",
    ),
    Sheet(
        "Options",
        "One row per option of an activity; exactly one baseline (status quo) per activity.",
        (
            Column("activity", "ref", "Activity id (must exist).", required=True),
            Column(
                "option", "id", "Option id, unique within the activity.", required=True, field="id"
            ),
            Column("description", "text", "What the option means."),
            Column(
                "baseline",
                "bool",
                "yes for the status-quo option; exactly one per activity.",
                default=False,
            ),
            Column(
                "duration",
                "duration",
                "0 = never active (frozen); k >= 1 = one block of k consecutive periods whose start "
                "the model chooses; all = active in every period; stop = a freeze whose first "
                "period the model chooses (the baseline, which must be all, runs until then).",
                required=True,
            ),
            Column(
                "earliest_start",
                "date",
                "First allowed start of a block or stop (blank = period 1).",
                sweepable=True,
            ),
            Column(
                "latest_start",
                "date",
                "Last allowed start of a block (blank = last start that still ends inside the "
                "horizon) or stop (blank = the last period).",
                sweepable=True,
            ),
            Column(
                "hazard",
                "number",
                "Escalation hazard per active period, before multipliers.",
                required=True,
                sweepable=True,
            ),
            Column(
                "vetoed_by",
                "id_list",
                "Comma-separated party ids that reject this option outright.",
            ),
            Column(
                "per_period",
                "bool",
                "yes: cost:PARTY and benefit:PARTY count per period in force (k for a block, T for "
                "all, the frozen periods for a stop); no: once, for choosing the option.",
                default=False,
            ),
        ),
        required=True,
        key="activity/option",
        key_help="ACT/OPT",
        dynamic_prefixes=("cost:", "benefit:"),
        record=rec.Option,
        records="options",
        row_name="option id",
    ),
    Sheet(
        "Windows",
        "Sensitive calendar windows; a window covers every period it overlaps.",
        (
            Column("window", "id", "Window id.", required=True, field="id"),
            Column(
                "kind",
                "text",
                "Kind tag, e.g. national_day, planting, harvest, olympics.",
                required=True,
            ),
            Column("start", "date", "First day (inclusive).", required=True, sweepable=True),
            Column("end", "date", "Last day (inclusive).", required=True, sweepable=True),
        ),
        key="window",
        record=rec.Window,
        records="windows",
        row_name="window id",
        needs=("kind", "start", "end"),
    ),
    Sheet(
        "Timing",
        "How windows amplify hazard; the most specific row wins (ACT/OPT, ACT, category, *).",
        (
            Column("applies_to", "text", "ACT/OPT, ACT, a category, or *.", required=True),
            Column("kind", "text", "A window kind.", required=True),
            Column(
                "multiplier",
                "number",
                "Factor applied to the hazard in periods covered by a window of that kind.",
                required=True,
                sweepable=True,
            ),
        ),
        key="applies_to@kind",
        key_help="applies_to@kind",
        record=rec.TimingRow,
        records="timing",
        row_name="Timing row",
    ),
    Sheet(
        "Interactions",
        "Action-reaction spirals: extra hazard in every period in which a and b are both active.",
        (
            Column("a", "ref", "ACT (any option) or ACT/OPT.", required=True, ref_form="single"),
            Column("b", "ref", "ACT (any option) or ACT/OPT.", required=True, ref_form="single"),
            Column(
                "hazard",
                "number",
                "Extra hazard per period in which both are active.",
                required=True,
                sweepable=True,
            ),
        ),
        key="a@b",
        key_help="a@b",
        record=rec.Interaction,
        records="interactions",
        row_name="interaction",
    ),
    Sheet(
        "Rules",
        "Logical rules between choices (reciprocity is two requires rules).",
        (
            Column("rule", "id", "Rule id.", required=True, field="id"),
            Column(
                "type",
                "enum",
                "requires, excludes or before.",
                required=True,
                choices=("requires", "excludes", "before"),
            ),
            Column(
                "a",
                "ref",
                "ACT/OPT, ACT/OPT1|OPT2, or bare ACT (= any option except the baseline).",
                required=True,
                ref_form="alternatives",
            ),
            Column(
                "b",
                "ref",
                "As a; for before both are bare activity ids.",
                required=True,
                ref_form="alternatives",
            ),
            Column(
                "lag",
                "int",
                "Whole periods, for before: start(b) >= start(a) + duration(a) + lag.",
                default=0,
                sweepable=True,
            ),
        ),
        key="rule",
        record=rec.Rule,
        records="rules",
        row_name="rule id",
        needs=("type", "a", "b"),
    ),
    Sheet(
        "Balance",
        "Reciprocity of the deal: |net(party_a) - net(party_b)| <= max_gap.",
        (
            Column("party_a", "ref", "Party id.", required=True),
            Column("party_b", "ref", "Party id.", required=True),
            Column(
                "max_gap",
                "number",
                "Largest allowed difference of net gains.",
                required=True,
                sweepable=True,
            ),
        ),
        key="party_a~party_b",
        key_help="A~B",
        record=rec.Balance,
        records="balances",
        row_name="Balance row",
    ),
    Sheet(
        "Capacity",
        "At most max_active activities of a group active in any one period.",
        (
            Column("group", "ref", "An Activities group.", required=True),
            Column(
                "max_active",
                "int",
                "Most activities of the group active in one period.",
                required=True,
                sweepable=True,
            ),
        ),
        key="group",
        record=rec.Capacity,
        records="capacities",
        row_name="Capacity group",
    ),
    Sheet(
        "Sweep",
        "What `planner sweep` varies when no --vary is given (SPEC section 3 addresses).",
        (
            Column(
                "target", "text", "A parameter address, e.g. Parties.max_cost[USA].", required=True
            ),
            Column(
                "mode",
                "enum",
                "set (use the values) or scale (multiply the workbook's value).",
                default="set",
                choices=("set", "scale"),
            ),
            Column(
                "values",
                "sweep_values",
                "a:b:step (inclusive), a,b,c, or a:b for --method morris.",
                required=True,
            ),
        ),
        record=rec.SweepRow,
        records="sweeps",
        needs=("target", "values"),
    ),
    UNCERTAINTY_SHEET,
)

SHEETS_BY_NAME: dict[str, Sheet] = {s.name.lower(): s for s in SHEETS}
SETTINGS_BY_KEY: dict[str, Column] = {c.name: c for c in SETTINGS}


def sheet(name: str) -> Sheet:
    """The sheet called ``name`` (case-insensitive)."""
    return SHEETS_BY_NAME[name.strip().lower()]


def normalise(name: object) -> str:
    """How sheet and column names are matched: case-insensitive, surrounding spaces ignored."""
    return str(name).strip().lower() if name is not None else ""
