"""Objectives of SPEC 2.4 as lexicographic stages, with the auxiliary variables and rows they need."""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.core as pyo

from planner.errors import InputError
from planner.model.expressions import define_period_hazard
from planner.model.readback import expression_value, period_hazard_values
from planner.scenario import OBJECTIVES

UNBOUNDED = 1e30
"""Initial value of a stage's best-value Param: HiGHS treats |bound| >= 1e20 as infinite."""

STAGES: dict[str, tuple[str, ...]] = {
    "min_risk": ("total_hazard", "weighted_cost"),
    "min_peak": ("peak_hazard", "total_hazard", "weighted_cost"),
    "max_min_net": ("least_weighted_net", "total_hazard"),
}
"""Objective -> its stages, primary first (SPEC 2.4 ties)."""

MAXIMISED = frozenset({"least_weighted_net"})


@dataclass(frozen=True)
class Stage:
    """One lexicographic stage: an (inactive) Objective component and how to read its value.

    ``value(m)`` evaluates the stage's quantity on the loaded package (e.g. max_t H_t for
    ``peak_hazard``), which is what results report.
    """

    name: str
    objective: pyo.Objective
    maximise: bool

    def value(self, m: pyo.ConcreteModel) -> float:
        """The stage's quantity on the loaded package."""
        return package_value(m, self.name)


def define_peak_hazard(m: pyo.ConcreteModel) -> None:
    """peak_hazard >= period_hazard[t] for every period (peak_hazard >= 0)."""
    if hasattr(m, "peak_hazard") or not len(m.PERIODS):
        return
    define_period_hazard(m)
    m.peak_hazard = pyo.Var(domain=pyo.NonNegativeReals)
    m.peak_hazard_covers_period = pyo.Constraint(
        m.PERIODS, rule=lambda m, t: m.peak_hazard - m.period_hazard[t] >= 0
    )


def define_least_weighted_net(m: pyo.ConcreteModel) -> None:
    """party_weight[p] * least_weighted_net <= party_net[p] for every party."""
    if hasattr(m, "least_weighted_net") or not len(m.PARTIES):
        return
    m.least_weighted_net = pyo.Var(domain=pyo.Reals)
    m.least_weighted_net_within_party = pyo.Constraint(
        m.PARTIES,
        rule=lambda m, p: m.party_weight[p] * m.least_weighted_net - m.party_net[p] <= 0,
    )


def _quantity(m: pyo.ConcreteModel, name: str) -> object:
    """The expression (or variable) a stage optimises."""
    return {
        "total_hazard": lambda: m.total_hazard,
        "weighted_cost": lambda: m.weighted_cost,
        "peak_hazard": lambda: m.peak_hazard,
        "least_weighted_net": lambda: m.least_weighted_net,
    }[name]()


def package_value(m: pyo.ConcreteModel, name: str) -> float:
    """A stage quantity evaluated on the loaded package (not on auxiliary variables)."""
    if name == "peak_hazard":
        return float(max(period_hazard_values(m)))
    if name == "least_weighted_net":
        return float(
            min(expression_value(m.party_net[p]) / pyo.value(m.party_weight[p]) for p in m.PARTIES)
        )
    return expression_value(_quantity(m, name))


def check_objective(m: pyo.ConcreteModel, objective: str) -> None:
    """Refuse an unknown objective, and max_min_net without risk_cap or parties (SPEC 2.4)."""
    if objective not in OBJECTIVES:
        raise InputError(f"Settings!objective: unknown objective {objective!r}")
    if objective == "max_min_net" and not m.planner_data.structure.has_risk_cap:
        raise InputError("Settings!risk_cap: required for objective max_min_net")
    if objective == "max_min_net" and not len(m.PARTIES):
        raise InputError("Parties: max_min_net needs at least one party")


def define_objective_stages(
    m: pyo.ConcreteModel, objective: str, tie_break: bool = True
) -> list[Stage]:
    """Add the objective's components (inactive) and return its stages, primary first.

    Every stage but the last gets a row ``quantity <= stage_best[name]`` (``>=`` when
    maximised) whose mutable bound is +-1e30 (inactive) until the stage is solved.
    Call once per model, before the first solve of a persistent solver.
    """
    check_objective(m, objective)
    names = STAGES[objective] if tie_break else STAGES[objective][:1]
    if "peak_hazard" in names:
        define_peak_hazard(m)
    if "least_weighted_net" in names:
        define_least_weighted_net(m)
    stages = []
    for name in names:
        maximise = name in MAXIMISED
        component = f"{'maximise' if maximise else 'minimise'}_{name}"
        if not hasattr(m, component):
            sense = pyo.maximize if maximise else pyo.minimize
            m.add_component(component, pyo.Objective(expr=_quantity(m, name), sense=sense))
            getattr(m, component).deactivate()
        stages.append(Stage(name, getattr(m, component), maximise))
    define_stage_within_best(m, stages[:-1])
    return stages


def define_stage_within_best(m: pyo.ConcreteModel, stages: list[Stage]) -> None:
    """quantity <= stage_best[name] (>= when maximised) for every stage fixed before a tie-break."""
    if not stages or hasattr(m, "stage_within_best"):
        return
    maximise = {s.name: s.maximise for s in stages}
    m.STAGES_FIXED = pyo.Set(initialize=list(maximise), ordered=True)
    m.stage_best = pyo.Param(
        m.STAGES_FIXED,
        initialize={n: -UNBOUNDED if mx else UNBOUNDED for n, mx in maximise.items()},
        mutable=True,
        within=pyo.Reals,
    )

    def row(m: pyo.ConcreteModel, name: str) -> object:
        q = _quantity(m, name)
        return q >= m.stage_best[name] if maximise[name] else q <= m.stage_best[name]

    m.stage_within_best = pyo.Constraint(m.STAGES_FIXED, rule=row)


def release_stage_bounds(m: pyo.ConcreteModel) -> None:
    """Reset every stage_best to +-1e30 so that the next solve starts unconstrained."""
    if not hasattr(m, "stage_best"):
        return
    for name in m.STAGES_FIXED:
        m.stage_best[name] = -UNBOUNDED if name in MAXIMISED else UNBOUNDED
