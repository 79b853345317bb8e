"""Checks of a package under draws (SPEC 6): the vectorised scorer, comparisons, robust check.

Does not build or solve the MIP: it reads the per-draw coefficients of
``planner.model.robust_basis`` and ``planner.model.robust_data`` (plain numpy) and re-evaluates
drawn scenarios with ``planner.verify``. Kept apart from ``planner.verify``, which is written
without the model and without ``planner.calendar``.
"""
