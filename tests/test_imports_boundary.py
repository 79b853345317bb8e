"""Pyomo and highspy are imported only inside planner/model/ (the solver boundary, STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import planner

pytestmark = pytest.mark.unit

SOLVER_PACKAGES = {"pyomo", "highspy"}
PACKAGE = Path(planner.__file__).resolve().parent


def _solver_imports(path: Path) -> list[str]:
    """Every ``import pyomo...`` / ``from highspy ... import`` in one file (anywhere in it)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            f"{path.relative_to(PACKAGE)}:{node.lineno} {n}"
            for n in names
            if n.split(".")[0] in SOLVER_PACKAGES
        ]
    return found


def test_solver_imports_stay_in_model_package() -> None:
    """No module outside planner/model/ imports pyomo or highspy, even lazily inside a function."""
    outside = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if "model" not in path.relative_to(PACKAGE).parts[:1]
        for hit in _solver_imports(path)
    ]
    assert outside == []


def test_the_walk_sees_solver_imports() -> None:
    """The check is not vacuous: it finds the imports the model package does make."""
    inside = [
        hit for path in sorted((PACKAGE / "model").rglob("*.py")) for hit in _solver_imports(path)
    ]
    assert any("pyomo" in hit for hit in inside)
    assert any("highs.py" in hit for hit in inside)
