"""Pause Python's cyclic garbage collector while a model is built or transferred, or while
the command line imports the solve path.

Building a model allocates hundreds of thousands of long-lived objects (Params, Vars,
expression nodes, constraint data); each allocation burst triggers generation-0/1/2
collections that scan the growing heap but free nothing. On the synthetic L300 model
(114k nonzeros) these collections were half of the build time and a fifth of the
transfer into HiGHS. Reference counting still frees everything it can; the collector
resumes (and catches up on cycles) when the block ends. The same holds for importing
numpy, Pyomo, openpyxl and typer's pydantic (about a tenth of the import time), which is
why this module sits in the contract layer: the CLI pauses the collector before it
imports planner.model.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

SETTLE_OBJECTS = 200_000
"""New container objects left by a paused block above which it ends with one full collection."""


@contextmanager
def gc_paused(settle: bool = False, freeze: bool = False) -> Iterator[None]:
    """Disable the cyclic collector for the block (nesting-safe; restores the previous state).

    Args:
        settle: End with one full collection when the block left more than
            ``SETTLE_OBJECTS`` new objects (and the collector was on before it).
        freeze: End by moving every object alive to the collector's permanent generation
            (``gc.freeze``), so that no later collection traverses it again: for a block
            that imports modules in a process that ends with its command (the console
            script; see planner.cli). Otherwise the first collections after the block
            traverse every object the imports created, twice (~20 ms of a solve). A
            garbage cycle alive at that moment is never freed, hence not in a library.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
            if settle and gc.get_count()[0] > SETTLE_OBJECTS:
                gc.collect()
