"""Pyomo extensions of the base model used by the analyses: elastic, cuts, epsilon, Nash, probes."""
