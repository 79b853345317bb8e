"""PNG plots of a results workbook (``planner plot``): the package's Gantt and the weekly risk."""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from planner.errors import InputError, OutputError, Problem
from planner.io.preflight import check_file
from planner.io.xlsx import write_atomic

REQUIRED = {
    "Package": ("activity", "name", "actor", "option", "changed", "start_date", "end_date"),
    "Risk": (
        "period", "start_date", "plan_hazard", "status_quo_hazard",
        "plan_cumulative_probability", "status_quo_cumulative_probability",
    ),
}  # fmt: skip
WINDOW_COLUMNS = ("window", "start", "end")
COLOURS = ("#4472C4", "#ED7D31", "#70AD47", "#FFC000", "#5B9BD5", "#A5A5A5", "#9E480E", "#264478")
WINDOW_COLOUR = "#F4B183"
FROZEN_COLOUR = "#D9D9D9"
SIZE, DPI = (14, 8), 100  # 1400 x 800 px

Row = dict[str, Any]


@dataclass(frozen=True)
class Results:
    """The sheets of a results workbook that the plots need, as rows keyed by column name."""

    summary: dict[str, Any]
    package: list[Row]
    risk: list[Row]
    windows: list[Row]


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _rows(wb: Any, sheet: str, required: tuple[str, ...], problems: list[Problem]) -> list[Row]:
    """Rows of ``sheet`` by header name; missing sheets or columns are added to ``problems``."""
    if sheet not in wb.sheetnames:
        problems.append(Problem(sheet, "sheet missing: not a planner results workbook?"))
        return []
    values = list(wb[sheet].iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in (values[0] if values else ())]
    missing = [c for c in required if c not in header]
    problems += [Problem(f"{sheet}!{c}", "column missing") for c in missing]
    if missing:
        return []
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


def read_results(path: str | Path) -> Results:
    """Read the Summary, Package, Risk and (optional) Windows sheets of a results workbook.

    Raises:
        InputError: the file is missing or not a results workbook with a package.
    """
    from openpyxl import load_workbook

    path = Path(path)
    if not os.path.lexists(path):
        raise InputError(f"{path}: no such file")
    source = check_file(path)  # like any input: regular file, bounded, pre-flighted bytes
    try:
        wb = load_workbook(io.BytesIO(source.data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: not an .xlsx results workbook ({exc})") from None
    problems: list[Problem] = []
    summary = {str(r["key"]): r["value"] for r in _rows(wb, "Summary", ("key", "value"), problems)}
    if not problems and summary.get("status") not in ("optimal", "feasible"):
        raise InputError(f"{path}: no package to plot (status {summary.get('status')})")
    sheets = {name: _rows(wb, name, cols, problems) for name, cols in REQUIRED.items()}
    windows = _rows(wb, "Windows", WINDOW_COLUMNS, problems) if "Windows" in wb.sheetnames else []
    if problems:
        raise InputError(problems)
    return Results(summary, sheets["Package"], sheets["Risk"], windows)


def _horizon(results: Results) -> tuple[date, date]:
    """First day of the horizon and the day after its end."""
    starts = [d for r in results.risk if (d := _day(r["start_date"]))]
    last = _day(results.summary.get("end_date")) or max(starts) + timedelta(days=7)
    return min(starts), last + timedelta(days=1)


def _label_levels(spans: list[tuple[float, float]], gap: float = 0.004) -> list[int]:
    """A level per label (left and right edge, in axes fractions) so that no two labels on
    one level overlap: each goes to the lowest level whose last label ends before it."""
    ends: list[float] = []
    levels = []
    for left, right in spans:
        level = next((k for k, end in enumerate(ends) if end + gap < left), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level] = right
        levels.append(level)
    return levels


LABEL_STEP = 0.028  # axes fraction between two rows of window labels


def _shade_windows(ax: Any, results: Results) -> list[Any]:
    """Vertical spans for the sensitive windows, and their labels above the plot (placed on
    rows by ``_stagger_labels`` once the layout is known)."""
    first, stop = _horizon(results)
    total = (stop - first).days or 1
    labels = []
    for w in sorted(results.windows, key=lambda w: (_day(w["start"]) or first, str(w["window"]))):
        start, end = _day(w["start"]), _day(w["end"])
        if start is None or end is None or end < first or start >= stop:
            continue
        left, right = max(start, first), min(end + timedelta(days=1), stop)
        ax.axvspan(left, right, color=WINDOW_COLOUR, alpha=0.3, lw=0, zorder=0)
        middle = ((left - first).days + (right - first).days) / 2 / total
        labels.append(ax.text(middle, 1.005, str(w["window"]), transform=ax.transAxes,
                              ha="center", va="bottom", fontsize=7, color="#7F3F00",
                              clip_on=False))  # fmt: skip
    return labels


def _stagger_labels(ax: Any, labels: list[Any]) -> int:
    """Put the window labels on rows by their drawn widths (so that none overlaps another,
    however narrow the axes); the number of rows."""
    if not labels:
        return 0
    renderer = ax.figure.canvas.get_renderer()
    width = ax.get_window_extent(renderer).width or 1.0
    spans = []
    for text in labels:
        half = text.get_window_extent(renderer).width / width / 2
        x = text.get_position()[0]
        spans.append((x - half, x + half))
    order = sorted(range(len(labels)), key=lambda i: spans[i][0])
    levels = _label_levels([spans[i] for i in order])
    for i, level in zip(order, levels, strict=True):
        labels[i].set_y(1.005 + LABEL_STEP * level)
    return max(levels) + 1


def _layout(fig: Any, ax: Any, labels: list[Any], title: str) -> None:
    """Lay the figure out with the window labels staggered above the axes and the title
    above them (twice: the labels' rows depend on the axes' width, the layout on the rows)."""
    for _ in range(2):
        rows = _stagger_labels(ax, labels)
        ax.set_title(title, pad=8 + 14 * rows)
        fig.tight_layout()


def _figure() -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _date_axis(ax: Any, results: Results) -> None:
    import matplotlib.dates as mdates

    ax.set_xlim(*_horizon(results))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.tick_params(axis="x", labelrotation=30)
    ax.grid(axis="x", alpha=0.3)


def _title(results: Results, what: str) -> str:
    s = results.summary
    name = Path(str(s.get("input_file") or "plan")).name
    return f"{what} — {name} ({s.get('objective')}, {s.get('status')})"


def _bar_label(row: Row, width: int = 38) -> str:
    name = str(row["name"] or row["activity"])
    name = name if len(name) <= width else name[: width - 1] + "…"
    frozen = _day(row.get("frozen_from"))
    return f"{name}: {row['option']}" + (f" from {frozen.isoformat()}" if frozen else "")


def _freeze_bars(ax: Any, i: int, first: date, start: date, end: date, colour: str) -> None:
    """A freeze's row: the baseline running until the freeze, then the freeze itself (grey)."""
    if start > first:
        ax.barh(i, (start - first).days, left=first, height=0.6, color=colour, edgecolor="black")
    ax.barh(i, (end - start).days + 1, left=start, height=0.6, color=FROZEN_COLOUR,
            edgecolor="black", hatch="xx")  # fmt: skip


@dataclass(frozen=True)
class GanttRow:
    """One row of the Gantt plot: an activity's package bar and its status-quo ghost."""

    activity: str
    label: str
    actor: str
    change: str
    bar: tuple[date, int] | None
    ghost: tuple[date, int] | None
    frozen: tuple[date, date] | None = None  # a timed freeze: first and last frozen day


def _span(start: Any, end: Any) -> tuple[date, int] | None:
    first, last = _day(start), _day(end)
    return None if first is None or last is None else (first, (last - first).days + 1)


def gantt_rows(results: Results) -> list[GanttRow]:
    """Every activity of the Package sheet, in order, with its bar and (when the package
    changes or moves it) the ghost of its status-quo bar."""
    rows = []
    for r in results.package:
        change = str(r.get("change") or ("changed" if r["changed"] == "yes" else ""))
        bar = _span(r["start_date"], r["end_date"])
        ghost = _span(r.get("status_quo_start_date"), r.get("status_quo_end_date"))
        if bar is None and change == "changed":
            change = "frozen"
        frozen_from, end = _day(r.get("frozen_from")), _day(r["end_date"])
        frozen = (frozen_from, end) if frozen_from is not None and end is not None else None
        rows.append(GanttRow(str(r["activity"]), _bar_label(r), str(r["actor"]), change, bar,
                             ghost if change and frozen is None else None, frozen))  # fmt: skip
    return rows


def _draw_row(ax: Any, i: int, row: GanttRow, colour: str) -> None:
    if row.ghost is not None:
        start, days = row.ghost
        ax.barh(i, days, left=start, height=0.7, color="white", edgecolor=colour, hatch="///",
                alpha=0.6, lw=1, ls="--", zorder=1)  # fmt: skip
        if row.bar is None:
            ax.text(start + timedelta(days=days / 2), i, "frozen", ha="center", va="center",
                    fontsize=8, fontweight="bold", color="#404040", zorder=3)  # fmt: skip
    if row.bar is not None:
        start, days = row.bar
        ax.barh(i, days, left=start, height=0.45, color=colour, edgecolor="black", zorder=2)


def schedule_figure(results: Results) -> Any:
    """Gantt of the package: every activity, coloured by actor; hatched ghosts show where
    changed, moved and frozen activities were under the status quo; windows shaded."""
    from matplotlib.patches import Patch

    fig, ax = _figure()
    rows = gantt_rows(results)
    actors = list(dict.fromkeys(r.actor for r in rows))
    colour = {a: COLOURS[i % len(COLOURS)] for i, a in enumerate(actors)}
    first, _ = _horizon(results)
    for i, row in enumerate(rows):
        if row.frozen is not None:  # a timed freeze: baseline up to it, then the freeze
            _freeze_bars(ax, i, first, *row.frozen, colour[row.actor])
            continue
        _draw_row(ax, i, row, colour[row.actor])
    ax.set_yticks(range(len(rows)), [r.label for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    labels = _shade_windows(ax, results)
    _date_axis(ax, results)
    ax.set_xlabel("date")
    ax.set_ylabel("activity: chosen option")
    handles = [Patch(color=colour[a], label=a) for a in actors]
    handles += [Patch(facecolor="white", edgecolor="grey", hatch="///", ls="--",
                      label="status quo (changed, moved or frozen)")]  # fmt: skip
    if any(r.frozen is not None for r in rows):
        handles += [Patch(facecolor=FROZEN_COLOUR, edgecolor="black", hatch="xx", label="frozen")]
    handles += [Patch(color=WINDOW_COLOUR, alpha=0.3, label="sensitive window")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=4)
    _layout(fig, ax, labels, _title(results, "Schedule of the package"))
    return fig


def risk_figure(results: Results) -> Any:
    """Hazard per period, plan vs status quo, and cumulative P on a twin axis; windows shaded."""
    from matplotlib.ticker import PercentFormatter

    fig, ax = _figure()
    rows = sorted(results.risk, key=lambda r: r["period"])
    first, stop = _horizon(results)
    edges = [d for r in rows if (d := _day(r["start_date"]))] + [stop]
    series = (("plan", "#C00000", "-"), ("status_quo", "#7F7F7F", "--"))
    lines = []
    for name, colour, style in series:
        hazard = [float(r[f"{name}_hazard"] or 0.0) for r in rows]
        lines.append(ax.stairs(hazard, edges, color=colour, ls=style, lw=2, label=f"{name} hazard"))
    twin = ax.twinx()
    for name, colour, _ in series:
        p = [0.0] + [float(r[f"{name}_cumulative_probability"] or 0.0) for r in rows]
        (line,) = twin.plot(
            edges, p, color=colour, ls=":", marker=".", label=f"{name} cumulative P"
        )
        lines.append(line)
    top = max((max(float(r[f"{n}_cumulative_probability"] or 0.0) for r in rows)
               for n in ("plan", "status_quo")), default=0.0)  # fmt: skip
    twin.set_ylim(0, min(1.0, max(top * 1.15, 0.01)))
    twin.yaxis.set_major_formatter(PercentFormatter(1.0))
    twin.set_ylabel("cumulative escalation probability P")
    labels = _shade_windows(ax, results)
    _date_axis(ax, results)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("period start")
    ax.set_ylabel("hazard per period H_t")
    ax.legend(handles=lines, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4)
    _layout(fig, ax, labels, _title(results, "Escalation risk per period: plan vs status quo"))
    return fig


def _save(fig: Any, out: Path) -> Path:
    """Save a PNG beside ``out`` then rename it into place: whole file or none."""
    return write_atomic(out, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI))


def plot_plan(results_path: str | Path, outdir: str | Path | None = None) -> list[Path]:
    """Write ``<stem>-schedule.png`` and ``<stem>-risk.png`` for a results workbook.

    Args:
        results_path: A workbook written by ``planner solve``.
        outdir: Folder for the PNGs (created if missing); default: beside the workbook.

    Raises:
        InputError: the workbook cannot be read or has no package.
        OutputError: the PNGs cannot be written.
    """
    results_path = Path(results_path)
    results = read_results(results_path)
    folder = Path(outdir) if outdir is not None else results_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    stem = results_path.stem
    import matplotlib

    # Text from the workbook is drawn as written: "US$5bn ... $2bn" is not mathtext.
    with matplotlib.rc_context({"text.parse_math": False}):
        return [
            _save(schedule_figure(results), folder / f"{stem}-schedule.png"),
            _save(risk_figure(results), folder / f"{stem}-risk.png"),
        ]
