"""Decision analysis over the model: diagnosis, limit prices, alternatives, frontiers and fairness regimes.

Public API (each returns plain data; every package is re-checked by ``planner.verify``):

- ``planner.analysis.diagnose.diagnose(scenario, options) -> Diagnosis``
- ``planner.analysis.limits.price_limits(scenario, options, step=None) -> DataFrame``
- ``planner.analysis.alternatives.alternatives(scenario, options, k) -> list[Solution]``
  and ``veto_ladder(scenario, options, best, party=None) -> DataFrame``
- ``planner.analysis.frontier.frontier(scenario, options, against, points=None) -> list[FrontierPoint]`` (exact without points; ``trace_frontier`` says whether it is exact)
- ``planner.analysis.compare.compare(scenario, options) -> list[Regime]``
- ``planner.analysis.stability.package_stability(scenario, package, options, parties) ->
  list[PartyStability]`` (SPEC 7; ``stability_table`` for the sheet),
  ``planner.analysis.self_enforcing.solve_self_enforcing(scenario, options, parties) ->
  SelfEnforcing`` and ``planner.analysis.calibrate.calibrate(scenario, records, options) ->
  Calibration`` (see docs/stability.md)
- ``planner.analysis.extras``: what ``planner solve`` attaches (automatic diagnosis,
  ``--limits``, ``--alternatives``, ``--veto-ladder``).
"""
