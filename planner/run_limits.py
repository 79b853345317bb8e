"""Caps on how much work one command may ask for (documented in docs/limits.md); constants only."""

from __future__ import annotations

MAX_ALTERNATIVES = 100
"""The most alternatives one run may ask for (each is one more solve with one more cut)."""
MAX_TRAJECTORIES = 1_000
"""The most Morris trajectories one sweep may ask for (screening rarely needs more than 50)."""
