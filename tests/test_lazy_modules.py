"""planner/lazy_modules.py: a deferred module costs nothing until used, then is the real module."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner import lazy_modules

pytestmark = pytest.mark.unit

PARENT = """
def __getattr__(name):  # like numpy: a submodule imported when first asked for
    if name == "sub":
        import {pkg}.sub as sub
        return sub
    raise AttributeError(name)
"""
SUB = """
import sys
RUNS = sys.modules["{pkg}"].__dict__.setdefault("runs", [])
RUNS.append(1)
VALUE = 42
def double(x):
    return 2 * x
"""


@pytest.fixture
def package(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh package ``NAME`` with a submodule ``NAME.sub`` that records each execution."""
    name = f"lazy_pkg_{request.node.name.replace('[', '_').replace(']', '_').replace('-', '_')}"
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text(textwrap.dedent(PARENT.format(pkg=name)))
    (folder / "sub.py").write_text(textwrap.dedent(SUB.format(pkg=name)))
    sys.path.insert(0, str(tmp_path))
    try:
        yield name
    finally:
        sys.path.remove(str(tmp_path))
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]


def _runs(name: str) -> int:
    return len(sys.modules[name].__dict__.get("runs", []))


def test_import_costs_nothing_until_an_attribute_is_used(package: str) -> None:
    assert lazy_modules.defer(f"{package}.sub")
    module = importlib.import_module(f"{package}.sub")  # ``import pkg.sub``: the stand-in
    assert isinstance(module, lazy_modules.Deferred)
    assert _runs(package) == 0
    assert module.double(4) == 8  # first use: the real module, executed once
    assert _runs(package) == 1
    assert module.VALUE == 42
    real = sys.modules[f"{package}.sub"]
    assert not isinstance(real, lazy_modules.Deferred)
    assert sys.modules[package].sub is real
    assert importlib.import_module(f"{package}.sub") is real
    assert _runs(package) == 1


def test_every_import_form_reaches_the_real_module(package: str) -> None:
    """``from pkg.sub import x``, ``import pkg.sub as s``, ``from pkg import sub`` and the
    parent's own lazy ``__getattr__`` all work (no recursion through the parent)."""
    lazy_modules.defer(f"{package}.sub")
    namespace: dict[str, Any] = {}
    exec(f"import {package}.sub as s", namespace)
    exec(f"from {package} import sub", namespace)
    assert _runs(package) == 0
    exec(f"from {package}.sub import VALUE", namespace)
    assert namespace["VALUE"] == 42
    assert namespace["s"].VALUE == 42
    assert namespace["sub"].double(1) == 2
    assert _runs(package) == 1


def test_nothing_is_deferred_twice_or_once_imported(package: str) -> None:
    importlib.import_module(f"{package}.sub")
    assert not lazy_modules.defer(f"{package}.sub")  # already imported: left alone
    assert not lazy_modules.defer("no_such_package_here.sub")
    assert not lazy_modules.defer("toplevel")


def test_a_solve_leaves_the_unused_modules_unloaded() -> None:
    """What planner defers is deferred once planner.io is imported, and still usable."""
    code = (
        "import sys, planner.io, planner.model\n"
        "print(type(sys.modules['numpy.testing']).__name__, 'unittest' in sys.modules,"
        " type(sys.modules['PIL.Image']).__name__, 'PIL._imaging' in sys.modules)\n"
        "import numpy.testing as t; t.assert_allclose(1.0, 1.0)\n"
        "from PIL import Image; print(Image.new('L', (3, 2)).size)\n"
    )
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split("\n")
    assert out[0] == "Deferred False Deferred False"
    assert out[1] == "(3, 2)"
