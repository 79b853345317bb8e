"""Test hook: mark that HiGHS started solving in this process (tests/test_signals.py).

Put this folder on ``PYTHONPATH`` and set ``PLANNER_TEST_HIGHS_MARKER`` to a path prefix:
every Python process started then (the ``planner`` command and its sweep workers) watches
its calls, and at the first call of ``HighsSolver._solve`` (``planner/model/highs.py``: the
model is in HiGHS and its run starts) creates ``<prefix>.<pid>`` and stops watching.
(HiGHS's own ``run`` is a nanobind method, which the profiler does not report.) Nothing
happens without the variable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

_PREFIX = os.environ.get("PLANNER_TEST_HIGHS_MARKER")


def _watch(frame: Any, event: str, arg: Any) -> None:
    if event != "call" or frame.f_code.co_name != "_solve":
        return
    if frame.f_code.co_filename.endswith(os.path.join("planner", "model", "highs.py")):
        Path(f"{_PREFIX}.{os.getpid()}").touch()
        sys.setprofile(None)


if _PREFIX:
    sys.setprofile(_watch)
