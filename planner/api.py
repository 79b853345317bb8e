"""The notebook API's result: a solved plan with ``.write``, ``.tables`` and a short ``repr``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from planner.plan import Plan


def _datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns of dates as ``datetime64`` (missing dates as NaT), everything else unchanged."""
    import pandas as pd

    out = frame.copy()
    for name in out.columns:
        if out[name].dtype != object:
            continue
        values = [v for v in out[name] if not pd.isna(v)]
        if values and all(isinstance(v, date) for v in values):
            out[name] = pd.to_datetime(out[name])
    return out


class Tables:
    """The result tables of a plan as DataFrames (dates as ``datetime64``), one per sheet."""

    def __init__(self, plan: Plan) -> None:
        self._plan = plan

    def _get(self, name: str) -> pd.DataFrame:
        from planner.report import tables

        return _datetimes(getattr(tables, f"{name}_table")(self._plan))

    @property
    def summary(self) -> pd.DataFrame:
        """Summary: ``key``, ``value`` rows."""
        import pandas as pd

        from planner.report import tables

        items = tables.summary(self._plan).items()
        return pd.DataFrame(list(items), columns=["key", "value"])

    @property
    def brief(self) -> pd.DataFrame:
        """Brief: per party, gives, gets and limits."""
        from planner.report.brief import brief_table

        return brief_table(self._plan)

    package = property(lambda self: self._get("package"), doc="Package: one row per activity.")
    schedule = property(lambda self: self._get("schedule"), doc="Schedule: activities x periods.")
    risk = property(lambda self: self._get("risk"), doc="Risk: hazard and P per period.")
    parties = property(lambda self: self._get("parties"), doc="Parties: totals, limits, slack.")
    rules = property(lambda self: self._get("rules"), doc="Rules: satisfied, binding, slack.")
    check = property(lambda self: self._get("check"), doc="Check: the independent verifier.")
    windows = property(lambda self: self._get("windows"), doc="Windows: dates and periods.")

    def __repr__(self) -> str:
        names = "summary, brief, package, schedule, risk, parties, rules, check, windows"
        return f"<tables: {names}>"


class Result:
    """A solved plan in a notebook: every field of :class:`planner.plan.Plan` (``.scenario``,
    ``.solution``, ``.evaluation``, ...), plus ``.headline``, ``.tables`` and ``.write``."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def __getattr__(self, name: str) -> Any:
        if name == "plan":  # not set yet (e.g. while unpickling)
            raise AttributeError(name)
        return getattr(self.plan, name)

    @property
    def headline(self) -> str:
        """The Summary's headline sentence."""
        from planner.report.story import headline

        return headline(self.plan)

    @property
    def tables(self) -> Tables:
        """The result tables as DataFrames, e.g. ``result.tables.package``."""
        return Tables(self.plan)

    def write(self, path: str | Path) -> Path:
        """Write the results workbook (as ``planner solve`` does) whole; returns its path."""
        from planner.report.results import write_results

        source = self.plan.scenario.source
        return write_results(self.plan, path, source.path if source else None)

    def __repr__(self) -> str:
        return f"<planner plan: {self.headline}>"
