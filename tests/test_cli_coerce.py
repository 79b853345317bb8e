"""planner's quick coercion of option values (planner/cli/_coerce.py) gives typer's own results.

For every single-valued parameter of every command and a spread of values (missing,
defaults, numbers in and out of bounds, odd spellings, choices, paths that exist or not),
the quick path returns exactly what typer's pydantic adapter returns, or raises exactly
the same error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from planner.cli import _coerce, app

pytestmark = pytest.mark.unit

GROUP = typer.main.get_command(app)
PARAMS = [
    (name, param)
    for name, command in sorted(GROUP.commands.items())  # type: ignore[attr-defined]
    for param in command.params
    if getattr(param, "type_descriptor", None) is not None
]
TEXTS = [
    "", "0", "1", "2", "007", "-1", "+1", " 3", "1_000", "2.5", "0.5", "1.0", "3.", ".5", "1e3",
    "nan", "inf", "abc", "10000000000000000", "min_risk", "MIN_RISK", "min_peak", "grid",
    "zip", "-", "a/b/", "./x//y", "~",
]  # fmt: skip
VALUES: list[Any] = [*TEXTS, 0, 1, 2, -1, True, False, 0.0, 0.25, 1.5, -0.5, float("nan"), 7.0]


def _outcome(runtime: Any, param: Any, value: Any, ctx: Context) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - the error itself is compared
        return ("raises", (type(exc), str(exc)))
    return ("returns", (type(result), result))


def _same(a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    if a[0] != b[0] or a[1][0] is not b[1][0]:
        return False
    x, y = a[1][1], b[1][1]
    return x == y or (x != x and y != y)  # nan == nan here


@pytest.mark.parametrize("command", sorted(GROUP.commands))  # type: ignore[attr-defined]
def test_quick_coercion_equals_typers(command: str, tmp_path: Path) -> None:
    existing_file, existing_dir = tmp_path / "in.xlsx", tmp_path / "folder"
    existing_file.write_bytes(b"x")
    existing_dir.mkdir()
    values = [*VALUES, str(existing_file), str(existing_dir), existing_file, Path("out.xlsx")]
    checked = 0
    for name, param in PARAMS:
        if name != command:
            continue
        ctx = Context(GROUP.commands[command])  # type: ignore[attr-defined]
        typer_runtime = build_runtime_param(param.type_descriptor)
        quick = _coerce.QuickCoercion(lambda p, r=typer_runtime: r)
        for value in [None, param.default, *values]:
            expected = _outcome(typer_runtime, param, value, ctx)
            assert _same(_outcome(quick, param, value, ctx), expected), (param.name, value)
            checked += 1
    assert checked > 0


def test_quick_values_cover_the_plain_cases() -> None:
    """Not vacuous: the quick path answers the common values itself (no adapter needed)."""
    by_name = {(c, p.name): p for c, p in PARAMS}
    ctx = Context(GROUP.commands["solve"])  # type: ignore[attr-defined]
    threads, gap = by_name[("solve", "threads")], by_name[("solve", "gap")]
    path, objective = by_name[("solve", "input_path")], by_name[("solve", "objective")]
    assert _coerce.quick_value(threads, 1, ctx) == 1
    assert _coerce.quick_value(threads, "4", ctx) == 4
    assert _coerce.quick_value(threads, 0, ctx) is _coerce.NOT_QUICK  # below min: typer's message
    assert _coerce.quick_value(gap, "0.5", ctx) == 0.5
    assert _coerce.quick_value(path, "a/b/", ctx) == Path("a/b")
    assert _coerce.quick_value(objective, "min_peak", ctx).value == "min_peak"


def test_install_routes_typer_through_the_quick_path() -> None:
    """planner.cli installs the quick coercion; installing again changes nothing."""
    from typer.core import _TyperParameter

    assert _coerce.install()
    hook = _TyperParameter.get_runtime_param
    assert getattr(hook, "planner_quick", False)
    assert _coerce.install()
    assert _TyperParameter.get_runtime_param is hook
