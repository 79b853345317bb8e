"""Shared pytest fixtures: each case of the known-answer library (tier markers: pyproject.toml)."""

from __future__ import annotations

import pytest

from tests.support.cases import CASES, Case


@pytest.fixture(params=sorted(CASES), ids=str)
def case(request: pytest.FixtureRequest) -> Case:
    """Each named case of the library in turn (tests/support/cases.py)."""
    return CASES[request.param]
