"""Every test module declares one tier marker (unit, model or e2e) in a module-level pytestmark."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TIERS = {"unit", "model", "e2e"}
MODULES = sorted(Path(__file__).parent.glob("test_*.py"))


def tiers_of(path: Path) -> set[str]:
    """The ``pytest.mark.<name>`` names assigned to ``pytestmark`` at module level."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            for sub in ast.walk(node.value):
                if isinstance(sub, ast.Attribute) and ast.unparse(sub.value) == "pytest.mark":
                    found.add(sub.attr)
    return found & TIERS


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_has_exactly_one_tier(path: Path) -> None:
    assert len(tiers_of(path)) == 1, f"{path.name}: set pytestmark = pytest.mark.<unit|model|e2e>"


def test_tier_check_sees_a_missing_marker(tmp_path: Path) -> None:
    """The check itself fails on a module without a tier and passes on one with one."""
    bare = tmp_path / "test_bare.py"
    bare.write_text("import pytest\n\npytestmark = pytest.mark.slow\n")
    marked = tmp_path / "test_marked.py"
    marked.write_text("import pytest\n\npytestmark = [pytest.mark.e2e, pytest.mark.slow]\n")
    assert tiers_of(bare) == set() and tiers_of(marked) == {"e2e"}
