"""The README's generated sections (workbook format, CLI reference) match the schema and --help."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import docs
from planner.schema import SETTINGS, SHEETS

pytestmark = pytest.mark.unit

README = Path(__file__).resolve().parent.parent / "README.md"
REGENERATE = "run `python -m planner.docs README.md`"


@pytest.mark.parametrize("section", sorted(docs.MARKERS))
def test_readme_section_is_up_to_date(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = docs.MARKERS[section]
    assert start in text and end in text, (
        f"README.md lacks the {section} markers; add them and {REGENERATE}"
    )
    current = text[text.index(start) + len(start) : text.index(end)]
    expected = "\n" + (
        docs.format_reference() if section == "format-reference" else docs.cli_reference()
    )
    assert current == expected, f"README.md {section} is out of date: {REGENERATE}"


def test_format_reference_lists_every_sheet_column_and_setting() -> None:
    text = docs.format_reference()
    for sheet in SHEETS:
        assert f"### {sheet.name} (" in text
        for column in sheet.columns if sheet.name != "Settings" else SETTINGS:
            assert f"| `{column.name}` |" in text
    assert "| `cost:PARTY` | number >= 0 |" in text
    assert "\\|net(party_a) - net(party_b)\\|" in text  # pipes escaped inside tables


def test_cli_reference_has_every_command() -> None:
    text = docs.cli_reference()
    for name in ("init", "validate"):
        assert f"$ planner {name} --help" in text and f"Usage: planner {name} [OPTIONS]" in text
    assert "\x1b[" not in text and not any(line != line.rstrip() for line in text.splitlines())


def test_check_and_rewrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n<!-- format-reference:start -->\nSTALE\n<!-- format-reference:end -->\n"
    )
    assert docs.main(["--check", str(readme)]) == 1
    assert "markers" in capsys.readouterr().err  # the cli-reference markers are missing
    readme.write_text(
        readme.read_text() + "<!-- cli-reference:start -->\n<!-- cli-reference:end -->\n"
    )
    assert docs.main(["--check", str(readme)]) == 1
    assert REGENERATE.replace("README.md", str(readme)) in capsys.readouterr().err
    assert docs.main([str(readme)]) == 0
    assert docs.main(["--check", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("# x\n\n<!-- format-reference:start -->\n- Sheet and column names")
    assert "STALE" not in text and text.endswith("```\n<!-- cli-reference:end -->\n")
