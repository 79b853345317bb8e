"""The generated docs (docs/workbook.md from the schema, docs/cli.md from --help) are up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner import docs
from planner.schema import SETTINGS, SHEETS

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "run `python -m planner.docs`"


@pytest.mark.parametrize("name", sorted(docs.MARKERS))
def test_docs_section_is_up_to_date(name: str) -> None:
    path = ROOT / "docs" / docs.TARGETS[name]
    text = path.read_text(encoding="utf-8")
    start, end = docs.MARKERS[name]
    assert start in text and end in text, (
        f"{path} lacks the {name} markers; add them and {REGENERATE}"
    )
    current = text[text.index(start) + len(start) : text.index(end)]
    assert current == "\n" + docs.section(name), f"{path} is out of date: {REGENERATE}"


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
    for name in docs.command_names():
        assert f"$ planner {name} --help" in text and f"Usage: planner {name} [OPTIONS]" in text
    assert "\x1b[" not in text and not any(line != line.rstrip() for line in text.splitlines())


def test_check_and_rewrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook, cli = tmp_path / "workbook.md", tmp_path / "cli.md"
    workbook.write_text(
        "# x\n\n<!-- format-reference:start -->\nSTALE\n<!-- format-reference:end -->\n"
    )
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert f"{cli}: " in capsys.readouterr().err  # cli.md is missing
    cli.write_text("# y\n")
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert "markers" in capsys.readouterr().err
    cli.write_text("# y\n<!-- cli-reference:start -->\n<!-- cli-reference:end -->\n")
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert f"{workbook} is out of date: {REGENERATE}" in capsys.readouterr().err
    assert "STALE" in workbook.read_text()  # --check writes nothing
    assert docs.main([str(tmp_path)]) == 0
    assert docs.main(["--check", str(tmp_path)]) == 0
    text = workbook.read_text()
    assert text.startswith("# x\n\n<!-- format-reference:start -->\n- Sheet and column names")
    assert "STALE" not in text
    assert cli.read_text().startswith(
        "# y\n<!-- cli-reference:start -->\n```text\n$ planner --help"
    )
    assert cli.read_text().endswith("```\n<!-- cli-reference:end -->\n")


def test_readme_is_short_and_every_link_resolves() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 10_000
    assert ".venv/bin/planner" in readme and "source .venv/bin/activate" in readme
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)[^)]*\)", path.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://")):
                assert (path.parent / target).exists(), f"{path.name}: broken link {target}"
