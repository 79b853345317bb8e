"""Uncertainty (SPEC 6): the robust and evaluate pipelines and the tables of a robust run.

The draws live in ``planner.draws``, the per-draw coefficients and the robust MIP in
``planner.model`` (``robust_basis``, ``robust_data``, ``robust``), the scorer and the
draw-by-draw verification in ``planner.verify_draws``.
"""
