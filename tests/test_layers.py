"""planner's imports point one way: no cycles, and never from a lower layer to a higher one.

Every module is parsed with ``ast``; every ``import``/``from ... import`` of a planner module
counts, including those inside functions and under ``if TYPE_CHECKING:``. An import names the
module it reaches (``from planner.report import tables`` reaches ``planner.report.tables``;
``from planner import __version__`` reaches the package root); parent packages are not counted.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import planner

pytestmark = pytest.mark.unit

PACKAGE = Path(planner.__file__).resolve().parent

LAYERS: dict[str, int] = {
    # 0 contract: the workbook's records, their grammar and calendar, errors, result types, draws
    "planner._version": 0,
    "planner.errors": 0,
    "planner.tolerances": 0,
    "planner.schema": 0,
    "planner.scenario": 0,
    "planner.schema_records": 0,
    "planner.schema_text": 0,
    "planner.addresses": 0,
    "planner.axes": 0,
    "planner.interrupt": 0,
    "planner.gc_pause": 0,
    "planner.run_limits": 0,
    "planner.calendar": 0,
    "planner.solution": 0,
    "planner.draws": 0,
    # 1 io: workbooks in and out, validation
    "planner.io": 1,
    "planner.model_size": 1,
    # 2 model: Pyomo + HiGHS (and the analyses' extensions of the model)
    "planner.model": 2,
    # 3 verify: the independent checks
    "planner.verify": 3,
    "planner.verify_draws": 3,
    # 4 solve pipeline: solve + verify -> Plan
    "planner.pipeline": 4,
    "planner.plan": 4,
    # 5 products of a plan or of many solves
    "planner.report": 5,
    "planner.analysis": 5,
    "planner.sweep": 5,
    "planner.examples": 5,
    "planner.uncertainty": 5,
    # 6 interfaces: the command line, its generated docs, the notebook API (package root)
    "planner.cli": 6,
    "planner.docs": 6,
    "planner": 6,
}
"""Module prefix -> layer. A module may import its own layer or lower ones, never higher."""

KNOWN_UPWARD: set[tuple[str, str]] = set()
"""Upward imports tolerated until the work that removes them is merged."""


def module_name(path: Path) -> str:
    """``planner/io/reader.py`` -> ``planner.io.reader``; a package's ``__init__`` -> the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _base(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute module a ``from`` import names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def _targets(module: str, node: ast.Import | ast.ImportFrom, modules: Iterable[str]) -> list[str]:
    """The planner modules one import statement reaches."""
    known = set(modules)
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = _base(module, node, MODULES[module].name == "__init__.py")
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    out = []
    for name in names:
        while name and name not in known:  # ``import planner.x.y`` of a package attribute
            name = name.rpartition(".")[0]
        if name.split(".")[0] == "planner" and name != module:
            out.append(name)
    return out


def import_graph(modules: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module -> the planner modules it imports anywhere in its file."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        graph[module] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _targets(module, node, modules)
        }
    return graph


def layer_of(module: str, layers: Mapping[str, int]) -> int:
    """The layer of the longest prefix of ``module`` in ``layers`` (KeyError when none)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in layers:
            return layers[prefix]
    raise KeyError(module)


def upward_imports(
    graph: Mapping[str, set[str]], layers: Mapping[str, int]
) -> set[tuple[str, str]]:
    """Every (importer, imported) pair where the imported module sits in a higher layer."""
    return {
        (a, b)
        for a, targets in graph.items()
        for b in targets
        if layer_of(b, layers) > layer_of(a, layers)
    }


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


GRAPH = import_graph(MODULES)


def test_no_import_cycles() -> None:
    """No two planner modules import each other, directly or through others."""
    assert cycles(GRAPH) == []


def test_every_module_has_a_layer() -> None:
    """A new top-level module or subpackage must be placed in the layer table."""
    missing = []
    for module in MODULES:
        try:
            layer_of(module, LAYERS)
        except KeyError:
            missing.append(module)
    assert missing == []


def test_imports_point_down_the_layers() -> None:
    """contract -> io -> model -> verify -> pipeline -> report/analysis/sweep -> cli, one way."""
    found = upward_imports(GRAPH, LAYERS) - KNOWN_UPWARD
    shown = [
        f"{a} (layer {layer_of(a, LAYERS)}) imports {b} (layer {layer_of(b, LAYERS)})"
        for a, b in sorted(found)
    ]
    assert shown == []


def test_known_upward_imports_still_exist() -> None:
    """An allowance in KNOWN_UPWARD whose import is gone must be deleted from the list."""
    stale = KNOWN_UPWARD - upward_imports(GRAPH, LAYERS)
    assert stale == set()


VERIFIER_AVOIDS = ("planner.model", "planner.calendar")
"""The verifier recomputes from the raw scenario (planner/verify/__init__.py): it imports neither."""


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def verifier_shortcuts(graph: Mapping[str, set[str]]) -> set[tuple[str, str]]:
    """Every (planner.verify module, imported module) pair that reaches the model or the calendar."""
    return {
        (a, b)
        for a, targets in graph.items()
        if _inside(a, "planner.verify")
        for b in targets
        if any(_inside(b, avoided) for avoided in VERIFIER_AVOIDS)
    }


def test_the_verifier_imports_neither_model_nor_calendar() -> None:
    """Layers allow verify -> model; independence does not, so it is checked on its own."""
    assert verifier_shortcuts(GRAPH) == set()


def test_the_verifier_check_catches_a_shortcut() -> None:
    """Not vacuous: a verifier module importing the model's derivation is caught; a sibling is not."""
    graph = {
        "planner.verify.periods": {"planner.model.derived", "planner.scenario"},
        "planner.verify_draws.scoring": {"planner.model.robust_basis"},
    }
    assert verifier_shortcuts(graph) == {("planner.verify.periods", "planner.model.derived")}


def test_the_graph_sees_every_kind_of_import() -> None:
    """Not vacuous: top-level, package-attribute, in-function and TYPE_CHECKING imports count."""
    assert "planner.scenario" in GRAPH["planner.model.solve"]  # top level
    assert "planner.report.tables" in GRAPH["planner.report.results_schedule"]  # from pkg import
    assert "planner.analysis.diagnose" in GRAPH["planner"]  # inside a function
    assert "planner.plan" in GRAPH["planner.report.results"]  # under TYPE_CHECKING only


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    """Not vacuous: a made-up graph with a cycle and an upward import is caught."""
    graph = {
        "planner.scenario": {"planner.model.solve"},
        "planner.model.solve": {"planner.model.data"},
        "planner.model.data": {"planner.model.solve"},
    }
    assert cycles(graph) == [["planner.model.data", "planner.model.solve"]]
    assert upward_imports(graph, LAYERS) == {("planner.scenario", "planner.model.solve")}
