"""The installed package's version, read once from its metadata (no other planner import).

``importlib.metadata`` costs 30 to 50 ms at every start (its imports, then a scan of every
distribution on ``sys.path``), a tenth of a fast ``planner solve``; the version is read here
from the first ``planner-<version>.dist-info/METADATA`` on ``sys.path`` (the one
``importlib.metadata`` would find), and ``importlib.metadata`` is asked only when there is
none (an egg-info or zipped install).
"""

from __future__ import annotations

import os
import sys

DISTRIBUTION = "planner"


def _from_dist_info() -> str | None:
    """The ``Version`` of the first ``planner-*.dist-info`` on ``sys.path``; None when none."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # not a folder (a zip file), or gone
            continue
        for name in sorted(names):
            stem, dash, rest = name.partition("-")
            if name.lower().startswith(f"{DISTRIBUTION}.egg-info") or (
                stem.lower() == DISTRIBUTION and rest.endswith(".egg-info")
            ):
                return None  # an egg-info comes first: importlib.metadata knows that format
            if stem.lower() != DISTRIBUTION or not dash or not rest.endswith(".dist-info"):
                continue
            try:
                with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as f:
                    for line in f:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip()
                        if not line.strip():  # end of the headers
                            break
            except OSError:
                continue
    return None


def _version() -> str:
    found = _from_dist_info()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


__version__ = _version()

__all__ = ["__version__"]
