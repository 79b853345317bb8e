"""The contract's words: column types, defaults and general rules as the docs and template show them."""

from __future__ import annotations

from planner.schema import FORBIDDEN_ID_CHARS, Column

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
