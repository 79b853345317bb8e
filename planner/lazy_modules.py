"""Modules that libraries import but a planner run never uses, loaded at their first use only.

Two imports cost every ``planner solve`` time for nothing (issue 16: a fast start):

- ``numpy.testing`` (~20 ms, with ``unittest`` and ``importlib.metadata``): Pyomo imports
  it as soon as it meets numpy (``pyomo.common.dependencies._finalize_numpy``, for SciPy
  under pytest);
- ``PIL.Image`` (~8 ms): openpyxl imports it to embed pictures, which planner never does.

:func:`defer` puts a stand-in in ``sys.modules`` (and on the parent package) so that
``import numpy.testing`` finds it at once; the first attribute asked of the stand-in
imports the real module and answers from it, so any code that does use the module gets it
whole.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

UNUSED = ("numpy.testing", "PIL.Image")
"""What :func:`defer_unused` defers."""

_LOCK = threading.RLock()  # re-entrant: importing one module may touch another stand-in


class Deferred(types.ModuleType):
    """Stands in for a module not imported yet; its first attribute use imports it."""

    def __init__(self, name: str) -> None:
        super().__init__(name, f"{name}, imported at its first use (planner.lazy_modules)")
        self.__dict__["_planner_module"] = None

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._planner_real(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._planner_real())

    def _planner_real(self) -> types.ModuleType:
        """The real module, imported now if it is not yet."""
        with _LOCK:
            module = self.__dict__["_planner_module"]
            if module is None:
                name = self.__name__
                parent_name, _, child = name.rpartition(".")
                parent = sys.modules[parent_name]
                if sys.modules.get(name) is self:
                    del sys.modules[name]
                if vars(parent).get(child) is self:
                    delattr(parent, child)
                module = importlib.import_module(name)
                self.__dict__["_planner_module"] = module
            return module


def defer(name: str) -> bool:
    """Let ``import name`` (a submodule) cost nothing until an attribute of it is used.

    Imports the parent package. Does nothing (returns False) when the module is already
    imported or the parent package is not installed.
    """
    parent_name, _, child = name.rpartition(".")
    if not parent_name or name in sys.modules:
        return False
    try:
        parent = importlib.import_module(parent_name)
    except ImportError:
        return False
    if name in sys.modules or child in vars(parent):  # the parent imported it itself
        return False
    stand_in = Deferred(name)
    sys.modules[name] = stand_in
    setattr(parent, child, stand_in)
    return True


def defer_unused() -> None:
    """Defer every module of :data:`UNUSED` (call before importing openpyxl and Pyomo)."""
    for name in UNUSED:
        defer(name)
