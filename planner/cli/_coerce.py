"""typer's coercion of plain command-line values, without pydantic (issue 16: a fast start).

typer 0.29 coerces the value of every parameter of the command run, given or default,
through a pydantic ``TypeAdapter``: importing pydantic and building one adapter per
parameter took about 0.1 s of each ``planner`` run. Most values need no validation
library: an option left out (``None``), a number within its bounds, a text, a path, a
choice. For those, :func:`quick_value` returns what typer's adapter returns, computed the
same way (paths and choices by typer's own helpers). Any other value, and any value a
shortcut would reject, goes to typer's adapter unchanged, so that every error message is
typer's own. tests/test_cli_coerce.py checks the two agree value by value.
"""

from __future__ import annotations

import math
import re
from enum import Enum
from pathlib import Path
from typing import Any

NOT_QUICK = object()
"""The value needs typer's own (pydantic) coercion."""

_INT = re.compile(r"[0-9]{1,15}")
_DECIMAL = re.compile(r"[0-9]{1,15}(\.[0-9]{1,15})?")


def _number(annotation: type[int] | type[float], value: Any, info: Any) -> Any:
    """An int or float within the parameter's bounds, as pydantic's lax mode reads it."""
    if info.clamp:
        return NOT_QUICK
    if isinstance(value, str):
        pattern = _INT if annotation is int else _DECIMAL
        if not pattern.fullmatch(value):
            return NOT_QUICK
        value = annotation(value)
    elif type(value) is not annotation or not math.isfinite(value):
        return NOT_QUICK  # a bool, an int for a float, nan or inf: typer decides
    if (info.min is not None and value < info.min) or (info.max is not None and value > info.max):
        return NOT_QUICK
    return value


def quick_value(param: Any, value: Any, ctx: Any) -> Any:
    """What typer's adapter makes of ``value`` for a single-valued ``param``, or NOT_QUICK.

    Raises whatever typer's helpers raise for a value they refuse (the caller then asks
    typer's adapter, which gives the message).
    """
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    if descriptor.file_annotation is not None or info.parser is not None:
        return NOT_QUICK
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = list(annotation)
        return coerce_cli_choice(
            value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
        )
    if annotation is int or annotation is float:
        return _number(annotation, value, info)
    if annotation is str and isinstance(value, str):
        return value
    if annotation is Path and info.path_type is None and isinstance(value, str | Path):
        path = value if isinstance(value, Path) else Path(value)  # pydantic's str -> Path
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)
    return NOT_QUICK


class QuickCoercion:
    """Stands in for typer's runtime coercion of one parameter (``get_runtime_param``)."""

    def __init__(self, typer_runtime: Any) -> None:
        self._typer_runtime = typer_runtime

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """typer's ``RuntimeParam.coerce``: a missing value without an adapter, else the quick
        value, else typer's adapter."""
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        if not many:
            try:
                quick = quick_value(param, value, ctx)
            except Exception:  # noqa: BLE001 - refused: typer's adapter gives the message
                quick = NOT_QUICK
            if quick is not NOT_QUICK:
                return quick
        return self._typer_runtime(param).coerce(value, param=param, ctx=ctx)


def install() -> bool:
    """Route typer's parameter coercion through :class:`QuickCoercion` (once; idempotent).

    Returns False (and changes nothing) when this typer has no such hook.
    """
    try:
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another typer: it keeps its own coercion
        return False
    typer_runtime = getattr(_TyperParameter, "get_runtime_param", None)
    if typer_runtime is None:  # pragma: no cover
        return False
    if getattr(typer_runtime, "planner_quick", False):
        return True

    def get_runtime_param(self: Any) -> Any:
        return QuickCoercion(typer_runtime)

    get_runtime_param.planner_quick = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[assignment,method-assign]
    return True
