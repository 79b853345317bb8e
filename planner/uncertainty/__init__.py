"""Uncertainty (SPEC 6): draws of the Uncertainty sheet, vectorised scoring, robust and evaluate pipelines.

Pure numpy/scipy; the robust MIP itself lives in ``planner.model.robust``.
"""
