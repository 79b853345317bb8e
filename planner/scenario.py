"""The validated scenario: typed, frozen records that every later layer reads.

The reader/validator (``planner.io``) is the only producer. Values are kept as the analyst
wrote them (dates stay dates); derived quantities such as allowed start periods and timing
multipliers live in ``planner.calendar`` and ``planner.model.derived`` so that a sweep can change a raw value with
``dataclasses.replace`` and derive again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ALL: Literal["all"] = "all"
"""Duration meaning "active in every period"."""
STOP: Literal["stop"] = "stop"
"""Duration of a moratorium whose first frozen period the model chooses (SPEC 1 Options)."""

Objective = Literal["min_risk", "min_peak", "max_min_net"]
OBJECTIVES: tuple[str, ...] = ("min_risk", "min_peak", "max_min_net")
RuleType = Literal["requires", "excludes", "before"]
RULE_TYPES: tuple[str, ...] = ("requires", "excludes", "before")

Duration = int | Literal["all", "stop"]


@dataclass(frozen=True)
class Settings:
    """Settings sheet: horizon and solver settings."""

    start_date: date
    periods: int
    period_days: int = 7
    objective: str = "min_risk"
    risk_cap: float | None = None
    time_limit_s: float = 60.0
    mip_gap: float = 1e-4
    samples: int = 200
    test_samples: int = 1000
    sample_seed: int = 0
    acceptance_target: float = 0.9
    acceptance_margin: float = 0.0
    robust_objective: str = "mean"
    cvar_level: float = 0.9


@dataclass(frozen=True)
class Party:
    """Parties sheet row: a party and its acceptability limits (None = no limit)."""

    id: str
    name: str = ""
    max_cost: float | None = None
    min_benefit: float | None = None
    min_net: float | None = None
    weight: float = 1.0
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Activity:
    """Activities sheet row."""

    id: str
    name: str = ""
    actor: str = ""
    category: str = ""
    group: str | None = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Option:
    """Options sheet row: one option of an activity.

    ``duration`` is 0 (never active), k >= 1 (one block of k periods whose start the model
    chooses), ``"all"`` (active in every period) or ``"stop"`` (a freeze from a period the
    model chooses; the baseline runs before it). ``cost``/``benefit`` map party id to a
    number; parties not present count 0; with ``per_period`` they count per period in force.
    """

    activity: str
    id: str
    description: str = ""
    baseline: bool = False
    duration: Duration = 0
    earliest_start: date | None = None
    latest_start: date | None = None
    hazard: float = 0.0
    per_period: bool = False
    vetoed_by: tuple[str, ...] = ()
    cost: dict[str, float] = field(default_factory=dict)
    benefit: dict[str, float] = field(default_factory=dict)
    row: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """``ACT/OPT``, the option's address key."""
        return f"{self.activity}/{self.id}"

    @property
    def is_block(self) -> bool:
        """True for a scheduled block (duration k >= 1)."""
        return isinstance(self.duration, int) and self.duration >= 1

    @property
    def is_stop(self) -> bool:
        """True for a ``stop`` option (a freeze whose first period the model chooses)."""
        return self.duration == STOP

    @property
    def is_scheduled(self) -> bool:
        """True when the model chooses a start: a block, or the first frozen period of a stop."""
        return self.is_block or self.is_stop

    def periods_in_force(self, periods: int, start: int | None) -> int:
        """Periods in force (SPEC 1): 0, k, T for ``all``, T - s + 1 for a stop begun in s."""
        if self.duration == ALL:
            return periods
        if self.is_stop:
            return 0 if start is None else periods - start + 1
        assert isinstance(self.duration, int)
        return self.duration


@dataclass(frozen=True)
class Window:
    """Windows sheet row: a sensitive calendar window, dates inclusive."""

    id: str
    kind: str
    start: date
    end: date
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TimingRow:
    """Timing sheet row: ``applies_to`` is ``ACT/OPT``, ``ACT``, a category or ``*``."""

    applies_to: str
    kind: str
    multiplier: float = 1.0
    row: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """``applies_to@kind``, the row's address key."""
        return f"{self.applies_to}@{self.kind}"


@dataclass(frozen=True)
class Ref:
    """A reference to options of an activity.

    ``options is None`` is a bare ``ACT``: in Interactions it means any option of the
    activity; in Rules it means any option except the baseline (the activity is changed).
    """

    activity: str
    options: tuple[str, ...] | None = None

    @property
    def text(self) -> str:
        """The reference as written: ``ACT``, ``ACT/OPT`` or ``ACT/OPT1|OPT2``."""
        if self.options is None:
            return self.activity
        return f"{self.activity}/{'|'.join(self.options)}"


@dataclass(frozen=True)
class Interaction:
    """Interactions sheet row: extra hazard when a and b are both active in a period."""

    a: Ref
    b: Ref
    hazard: float = 0.0
    row: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """``a@b``, the row's address key."""
        return f"{self.a.text}@{self.b.text}"


@dataclass(frozen=True)
class Rule:
    """Rules sheet row (``requires``, ``excludes``, ``before``)."""

    id: str
    type: str
    a: Ref
    b: Ref
    lag: int = 0
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Balance:
    """Balance sheet row: ``|net(a) - net(b)| <= max_gap``."""

    party_a: str
    party_b: str
    max_gap: float = 0.0
    row: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """``A~B``, the row's address key."""
        return f"{self.party_a}~{self.party_b}"


@dataclass(frozen=True)
class Capacity:
    """Capacity sheet row: at most ``max_active`` activities of the group active per period."""

    group: str
    max_active: int = 0
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class SweepRow:
    """Sweep sheet row: what ``planner sweep`` varies when no ``--vary`` is given."""

    target: str
    mode: str
    values: str
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class UncertaintyRow:
    """Uncertainty sheet row: how one addressed number is drawn (SPEC 1 and 6)."""

    target: str
    mode: str = "scale"
    low: float = 1.0
    high: float = 1.0
    most_likely: float | None = None
    shape: str = "uniform"
    each: bool = False
    group: str | None = None
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class SourceInfo:
    """Where a scenario came from (not part of scenario equality)."""

    path: str
    sha256: str
    warnings: tuple[str, ...] = ()  # ``Sheet!Cell: message`` lines that are not errors
    # the layout as read, for ``Sheet!Cell`` in later messages (the file is never re-opened):
    header_columns: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()  # sheet, (name, col)
    settings_rows: tuple[tuple[str, int], ...] = ()  # normalised Settings key, its row


@dataclass(frozen=True)
class Scenario:
    """A complete, validated scenario (SPEC section 1)."""

    settings: Settings
    parties: tuple[Party, ...]
    activities: tuple[Activity, ...]
    options: tuple[Option, ...]
    windows: tuple[Window, ...] = ()
    timing: tuple[TimingRow, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    rules: tuple[Rule, ...] = ()
    balances: tuple[Balance, ...] = ()
    capacities: tuple[Capacity, ...] = ()
    sweeps: tuple[SweepRow, ...] = ()
    uncertainty: tuple[UncertaintyRow, ...] = ()
    source: SourceInfo | None = field(default=None, compare=False)

    def options_of(self, activity: str) -> tuple[Option, ...]:
        """The options of one activity, in sheet order."""
        return tuple(o for o in self.options if o.activity == activity)

    def option(self, activity: str, option: str) -> Option:
        """The option ``activity/option`` (KeyError if absent)."""
        for o in self.options:
            if o.activity == activity and o.id == option:
                return o
        raise KeyError(f"{activity}/{option}")

    def baseline_of(self, activity: str) -> Option:
        """The baseline option of an activity."""
        for o in self.options:
            if o.activity == activity and o.baseline:
                return o
        raise KeyError(activity)

    def party(self, party_id: str) -> Party:
        """The party with this id (KeyError if absent)."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    @property
    def party_ids(self) -> tuple[str, ...]:
        """Party ids in sheet order."""
        return tuple(p.id for p in self.parties)

    @property
    def activity_ids(self) -> tuple[str, ...]:
        """Activity ids in sheet order."""
        return tuple(a.id for a in self.activities)
