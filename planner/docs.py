"""Generated documentation: the workbook format reference (from the schema) and the CLI reference.

Run ``python -m planner.docs README.md`` to rewrite the generated sections of the README, or
``python -m planner.docs --check README.md`` to exit 1 when they are out of date.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from planner.schema import FORBIDDEN_ID_CHARS, SETTINGS, SHEETS, Column, Sheet

TYPE_LABELS = {
    "id": "id",
    "text": "text",
    "number": "number",
    "int": "whole number",
    "date": "date",
    "bool": "yes/no",
    "duration": "whole number, `all` or `stop`",
    "enum": "one of",
    "ref": "reference",
    "id_list": "comma-separated ids",
    "sweep_values": "values",
}
MARKERS = {
    "format-reference": ("<!-- format-reference:start -->", "<!-- format-reference:end -->"),
    "cli-reference": ("<!-- cli-reference:start -->", "<!-- cli-reference:end -->"),
}
HELP_WIDTH = 100
HELP_ENV = {"COLUMNS": str(HELP_WIDTH), "NO_COLOR": "1", "TERM": "dumb"}


def type_label(column: Column) -> str:
    """A column's type in words, with its lower bound and choices."""
    label = TYPE_LABELS[column.type]
    if column.choices:
        return "one of " + ", ".join(column.choices)
    if column.type in ("number", "int") and column.minimum is not None:
        op = ">" if column.exclusive_minimum else ">="
        bound = int(column.minimum) if float(column.minimum).is_integer() else column.minimum
        label += f" {op} {bound}"
    return label


def default_label(column: Column) -> str:
    """A column's default as an analyst would write it ('' when blank means none)."""
    value = column.default
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_facts(column: Column) -> tuple[str, str, str, str, str, str]:
    """(name, type, required, default, sweepable, description) of a column."""
    return (
        column.name,
        type_label(column),
        "yes" if column.required else "",
        default_label(column),
        "yes" if column.sweepable else "",
        column.description,
    )


def dynamic_facts(prefix: str) -> tuple[str, str, str, str, str, str]:
    """The facts of a per-party column family such as ``cost:PARTY``."""
    what = prefix.rstrip(":")
    return (
        f"{prefix}PARTY",
        "number >= 0",
        "",
        "0",
        "",
        f"One column per party, e.g. {prefix}USA: the {what} of this option to that party "
        "(blank = 0; the party must exist in Parties).",
    )


GENERAL_RULES = (
    "Sheet and column names match case-insensitively, ignoring surrounding spaces; row 1 is the "
    "header; blank rows are skipped; extra columns and sheets are ignored. Settings, Parties, "
    "Activities and Options are required; the other sheets are optional.",
    "Identifiers are text without " + " ".join(f"`{c}`" for c in FORBIDDEN_ID_CHARS) + " or "
    "leading/trailing spaces, unique within their sheet (option ids within their activity); "
    'numbers typed into id cells are read as their text, and "007" stays "007".',
    "Dates are Excel dates, Excel serial numbers or `YYYY-MM-DD` text (no time of day). "
    "Booleans are yes/no, true/false or 1/0. Numbers may not be negative unless stated.",
    "A formula is read through its saved value; a formula without one is an error (open and "
    "save the workbook in Excel).",
)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in rows]
    return lines


def _sheet_section(sheet: Sheet) -> list[str]:
    status = "required" if sheet.required else "optional"
    lines = [f"### {sheet.name} ({status})", "", _escape(sheet.description), ""]
    if sheet.name == "Settings":
        lines += ["Two columns, `key` and `value`; one row per setting:", ""]
        keys = [(f"`{c.name}`", *column_facts(c)[1:]) for c in SETTINGS]
        lines += _table(("key", "type", "required", "default", "sweepable", "meaning"), keys)
        return lines
    rows: list[tuple[str, ...]] = [(f"`{f[0]}`", *f[1:]) for f in map(column_facts, sheet.columns)]
    for prefix in sheet.dynamic_prefixes:
        name, *rest = dynamic_facts(prefix)
        rows.append((f"`{name}`", *rest))
    lines += _table(("column", "type", "required", "default", "sweepable", "description"), rows)
    if sheet.key and (sheet.dynamic_prefixes or any(c.sweepable for c in sheet.columns)):
        lines += ["", f"Address key of a row (sweeps): `{sheet.key_help or sheet.key}`."]
    return lines


def format_reference() -> str:
    """The workbook format reference in markdown, generated from ``planner.schema``."""
    lines: list[str] = [f"- {rule}" for rule in GENERAL_RULES]
    for sheet in SHEETS:
        lines += ["", *_sheet_section(sheet)]
    return "\n".join(lines) + "\n"


def command_names() -> list[str]:
    """Names of every registered ``planner`` command, sorted."""
    import planner.cli  # noqa: F401 - registers the command modules
    from planner.cli._common import app

    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    return sorted(n.replace("_", "-") for n in names if n)


def help_text(args: Sequence[str]) -> str:
    """``planner ARGS --help`` as rendered at a fixed width without colour, trailing spaces removed.

    typer reads the width and colour forcing (TERMINAL_WIDTH, FORCE_COLOR, GITHUB_ACTIONS) once
    at import, so they are pinned here for the duration of the call: the output is the same on
    every machine.
    """
    from typer import rich_utils
    from typer.testing import CliRunner

    from planner.cli._common import app

    pinned = {"MAX_WIDTH": HELP_WIDTH, "FORCE_TERMINAL": False, "COLOR_SYSTEM": None}
    saved = {name: getattr(rich_utils, name) for name in pinned}
    try:
        for name, value in pinned.items():
            setattr(rich_utils, name, value)
        result = CliRunner().invoke(app, [*args, "--help"], env=HELP_ENV, prog_name="planner")
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)
    return "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())


def cli_reference() -> str:
    """``planner --help`` and ``planner <command> --help`` for every command, as markdown."""
    parts = ["```text", "$ planner --help", help_text([]), "```"]
    for name in command_names():
        parts += [
            "",
            f"#### planner {name}",
            "",
            "```text",
            f"$ planner {name} --help",
            help_text([name]),
            "```",
        ]
    return "\n".join(parts) + "\n"


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with the lines between a section's markers replaced by ``body``.

    Raises:
        ValueError: The markers are missing or out of order.
    """
    start, end = MARKERS[name]
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        raise ValueError(
            f"the markers {start} and {end} are missing; add them to the README, then run "
            "`python -m planner.docs README.md`"
        )
    return text[: i + len(start)] + "\n" + body + text[j:]


def render(text: str) -> str:
    """The README text with every generated section brought up to date."""
    text = replace_section(text, "format-reference", format_reference())
    return replace_section(text, "cli-reference", cli_reference())


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (or with --check, compare) the generated sections of a README."""
    parser = argparse.ArgumentParser(prog="python -m planner.docs", description=__doc__)
    parser.add_argument("readme", type=Path, help="the README to update, e.g. README.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if the README is out of date")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        new = render(text)
    except ValueError as exc:
        print(f"{args.readme}: {exc}", file=sys.stderr)
        return 1
    if args.check:
        if new != text:
            print(
                f"{args.readme} is out of date: run `python -m planner.docs {args.readme}`",
                file=sys.stderr,
            )
            return 1
        return 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
