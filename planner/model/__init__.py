"""The optimisation core: builds the mixed-integer model of SPEC 2 and solves it with HiGHS.

Pyomo and highspy are imported only inside this package (a test enforces it).

Public API
----------
- ``solve_scenario(scenario, options) -> Solution`` (``solve``): build, solve
  lexicographically, read back.
- ``ModelSession(scenario, options)``: ``.solve() -> Solution``, ``.update(new) -> bool``
  (True = updated in place through mutable Params, False = rebuilt) (``session``).
- ``build_model(scenario, derived=None, data=None) -> ConcreteModel`` (``build``): the
  feasible set and named expressions, no objective; ``model_data`` (``data``) is the
  plain-Python structure/values split it is built from.
- ``define_objective_stages(m, objective, tie_break=True) -> list[Stage]``
  (``objectives``); ``solve_stages(solver, m, stages, limits)`` (``lexicographic``).
- ``solve_expression(m, expr, maximise=False, limits=..., solver=None)`` (``solve``): solve
  a built model for any linear expression; returns our status, value, bound, gap and the
  package (``PackageValues``), plus the persistent ``HighsSolver`` for re-solves.
- ``HighsSolver(m, threads=1, random_seed=0).run(objective, time_limit, mip_gap)``
  (``highs``): the adapter; ``map_status`` is the one place statuses are interpreted. The
  model reaches HiGHS in one ``passModel`` call, its rows compiled from the Pyomo
  expressions (``transfer``); later changes go straight to HiGHS (``direct``).

Model components (names are used in docs, logs and the results' "binding" column)
-----------------------------------------------------------------------------------
Sets: ``PERIODS`` (1..T), ``PARTIES``, ``ACTIVITIES``, ``CHOICES`` (a, o: every option),
``BLOCKS`` (a, o: eligible scheduled blocks and ``stop`` options), ``STARTS`` (a, o, s:
allowed starts only; for a stop, its first frozen period: the baseline's act gains
``sum_{s > t} start[a, stop, s]``),
``INTERACTION_PERIODS`` (i, t: interaction row i = its position in the sheet; only
periods in which both references can be active, only interactions with hazard > 0).
Each Param below is indexed by its own set ``<NAME>_KEYS`` (e.g. ``MAX_COST_KEYS``).

Mutable Params (a sweep changes these without rebuilding; only nonzero coefficients
exist): ``start_hazard[a,o,s]`` (block hazard of a start, multipliers included),
``always_hazard[a,o]`` (an ``all`` option over the horizon), ``active_hazard[a,o,t]``
(hazard(a,o) * M(a,o,t)), ``interaction_hazard[i]``, ``cost[p,a,o]``,
``benefit[p,a,o]``, ``party_weight[p]``, ``max_cost[p]``, ``min_benefit[p]``,
``min_net[p]`` (parties with that limit), ``risk_cap`` (scalar, when set),
``max_gap[k]`` (Balance row k), ``max_active[k]`` (Capacity row k).

Variables: ``choose[a,o]`` binary (vetoed options: bounds 0..0); ``start[a,o,s]`` binary;
``both_active[i,t] >= 0`` (exactly act_a(t) * act_b(t) thanks to two upper rows);
objective auxiliaries ``peak_hazard >= 0`` and ``least_weighted_net`` (free).

Named expressions: ``party_cost[p]``, ``party_benefit[p]``, ``party_net[p]``,
``total_hazard`` (H), ``weighted_cost`` (sum_p party_weight[p] * party_cost[p]); with the
min_peak objective also ``period_hazard[t]`` (H_t; the read-back evaluates H_t from the same
terms for every objective). Plain attributes: ``m.planner_data``
(``ModelData``) and ``m.planner_act[(a, o, t)]``: the variables whose sum is act(a,o,t)
(starts covering t for a block, ``choose`` for ``all``, absent for duration 0).

Constraints: ``one_option_per_activity[a]``, ``start_when_chosen[a,o]``,
``interaction_when_both_active[i,t]``, ``interaction_only_if_a_active[i,t]``,
``interaction_only_if_b_active[i,t]``, ``party_cost_within_limit[p]``,
``party_benefit_meets_minimum[p]``, ``party_net_meets_minimum[p]``,
``requires_rule_holds[rule]``, ``excludes_rule_holds[rule]``, ``before_rule_holds[rule,t]``,
``balance_a_minus_b_within_gap[k]``, ``balance_b_minus_a_within_gap[k]``,
``capacity_within_limit[k,t]``, ``total_hazard_within_cap``; with objectives:
``peak_hazard_covers_period[t]``, ``least_weighted_net_within_party[p]``,
``stage_within_best[name]`` (bound: mutable ``stage_best[name]``, +-1e30 when inactive).
Objectives (inactive until a stage selects one): ``minimise_total_hazard``,
``minimise_peak_hazard``, ``maximise_least_weighted_net``, ``minimise_weighted_cost``.

Formulation choices
-------------------
- ``before`` (a, b): for each start period t of b, the starts of a with
  s + duration + lag > t plus the starts of b at or before t sum to at most 1. A
  violating pair (s_a, s_b) shares row t = s_b and every pair of terms in a row
  violates, so the rows forbid exactly the violating pairs; no big-M, options of
  different durations handled per start; a non-block choice has no starts, so the
  rule does not bind.
- Rules: a reference is a set of options; ``requires``: sum choose(a-set) <= sum
  choose(b-set); ``excludes``: sum over both sets <= 1 (a bare ACT = its non-baseline
  options; in Interactions a bare ACT = all its options).
- Lexicographic ties (``lexicographic``): a solved stage is kept within
  max(1e-6, 1e-7 * |value|); tie-break stages share the time limit, start from the
  previous stage's package (HiGHS warm start) and run only after a proven stage 1.

Extending without rewriting the builder
---------------------------------------
- Elastic variant: deactivate the limit rows above and add slacked twins on the same
  expressions (``planner.model.extensions.elastic`` does this).
- No-good cuts / epsilon constraints: add rows over ``choose``/``start`` or on
  ``total_hazard``/``party_net`` with a mutable Param bound, then
  ``HighsSolver.add_constraints([...])`` if a solver is already live (rows are sent once;
  changed Param values are pushed at every run).
- Nash bargaining: maximise a concave piecewise-linear function of ``party_net[p]``
  (add auxiliaries and rows, then ``solve_expression``).
"""

from planner.model.build import build_model
from planner.model.data import ModelData, model_data
from planner.model.highs import HighsSolver, map_status
from planner.model.lexicographic import LexOutcome, Limits, solve_stages
from planner.model.objectives import Stage, define_objective_stages
from planner.model.readback import PackageValues, read_package
from planner.model.session import ModelSession
from planner.model.solve import ModelOutcome, solve_expression, solve_scenario

__all__ = [
    "HighsSolver",
    "LexOutcome",
    "Limits",
    "ModelData",
    "ModelOutcome",
    "ModelSession",
    "PackageValues",
    "Stage",
    "build_model",
    "define_objective_stages",
    "map_status",
    "model_data",
    "read_package",
    "solve_expression",
    "solve_scenario",
    "solve_stages",
]
