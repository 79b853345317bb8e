"""Generated documentation: the workbook format reference (from the schema) and the CLI reference.

Run ``python -m planner.docs`` to rewrite the generated sections of ``docs/workbook.md`` and
``docs/cli.md``, or ``python -m planner.docs --check`` to exit 1 when they are out of date.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from planner.schema import SETTINGS, SHEETS, Sheet
from planner.schema_text import GENERAL_RULES, column_facts, dynamic_facts

MARKERS = {
    "format-reference": ("<!-- format-reference:start -->", "<!-- format-reference:end -->"),
    "cli-reference": ("<!-- cli-reference:start -->", "<!-- cli-reference:end -->"),
}
TARGETS = {"format-reference": "workbook.md", "cli-reference": "cli.md"}
"""The file in the docs folder that holds each generated section."""
DOCS = Path("docs")
REGENERATE = "python -m planner.docs"
HELP_WIDTH = 100
HELP_ENV = {"COLUMNS": str(HELP_WIDTH), "NO_COLOR": "1", "TERM": "dumb"}


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
            f"the markers {start} and {end} are missing; add them, then run `{REGENERATE}`"
        )
    return text[: i + len(start)] + "\n" + body + text[j:]


def section(name: str) -> str:
    """The current text of a generated section."""
    return format_reference() if name == "format-reference" else cli_reference()


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (or with --check, compare) the generated sections of the docs folder."""
    parser = argparse.ArgumentParser(prog="python -m planner.docs", description=__doc__)
    parser.add_argument("docs", type=Path, nargs="?", default=DOCS, help="the docs folder")
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for name, file_name in TARGETS.items():
        path = args.docs / file_name
        try:
            text = path.read_text(encoding="utf-8")
            new = replace_section(text, name, section(name))
        except (OSError, ValueError) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            return 1
        if new != text and args.check:
            print(f"{path} is out of date: run `{REGENERATE}`", file=sys.stderr)
            stale = 1
        elif new != text:
            path.write_text(new, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main())
