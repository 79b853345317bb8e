"""The draws of the Uncertainty sheet (SPEC 6): which input cells a row draws, and the seeded draws.

Contract-level: plain numpy/scipy over the scenario, no model and no verifier.
"""
