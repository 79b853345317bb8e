"""Shared pytest fixtures: the case library and exact solve options (markers: pyproject.toml)."""

from __future__ import annotations

import pytest

from planner.solution import SolveOptions
from tests.support.cases import CASES, Case


@pytest.fixture
def exact() -> SolveOptions:
    """Solve options with a zero gap, so that optima are exact."""
    return SolveOptions(mip_gap=0.0, time_limit_s=30.0)


@pytest.fixture(params=sorted(CASES), ids=str)
def case(request: pytest.FixtureRequest) -> Case:
    """Each named case of the library in turn (tests/support/cases.py)."""
    return CASES[request.param]
