"""Every ``planner`` command's help reads the same way; a bad choice or value is one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner import docs
from planner.cli import app

pytestmark = pytest.mark.e2e

runner = CliRunner()
SOLVING = ("solve", "sweep", "diagnose", "frontier", "compare", "robust", "stability", "calibrate")
WRITING = (*SOLVING, "plot", "evaluate", "brief")
SHARED = ("--time-limit SECONDS", "--gap GAP", "--seed N")
NO_GAP = ("calibrate",)  # solved to optimality: the least change to the limits
WITH_OBJECTIVE = ("solve", "sweep", "stability")  # the objectives of SPEC 2.4
WITH_MAX_MODEL_SIZE = ("solve", "sweep", "stability", "robust")


def test_every_command_is_checked_here() -> None:
    assert set(docs.command_names()) == {*SOLVING, *WRITING, "init", "validate"}


@pytest.mark.parametrize("command", ["", *docs.command_names()])
def test_help_names_the_exit_codes_and_one_placeholder_style(command: str) -> None:
    text = docs.help_text([command] if command else [])
    words = " ".join(text.split())  # the help wraps at its width
    assert "Exit codes: 0 " in words and "; 2 " in words and "4 internal error" in words
    # value placeholders are upper-case words or [a|b] choices, never typer's <type> labels
    for label in ("<int", "<float", "<str>", "<text>", "<choice", "<bool>"):
        assert label not in text, (command, label)
    options = text[text.index("─ Options ─") :]
    assert "<path>" not in options and "OUT " not in options


@pytest.mark.parametrize("command", SOLVING)
def test_solving_commands_share_the_solver_options(command: str) -> None:
    text = docs.help_text([command])
    panel = text[text.index("─ Solver options ─") :]
    options = text[text.index("─ Options ─") :]  # not the description, which may name them
    for option in SHARED:
        name, metavar = option.split()
        if command in NO_GAP and name == "--gap":
            assert name not in options, command
            continue
        assert name in panel and metavar in panel, (command, option)
    assert ("--threads" in panel) == (command != "sweep")
    has_objective = "--objective" in panel and "[min_risk|min_peak|max_min_net]" in panel
    assert has_objective == (command in WITH_OBJECTIVE)
    assert ("--max-model-size" in panel) == (command in WITH_MAX_MODEL_SIZE)
    if command == "robust":
        assert "--objective" in panel and "[mean|cvar]" in panel
    elif command not in WITH_OBJECTIVE:
        assert "--objective" not in options, command


@pytest.mark.parametrize("command", WRITING)
def test_every_writing_command_takes_o_output(command: str) -> None:
    text = docs.help_text([command])
    assert "--output" in text and " -o " in text
    assert "--outdir" not in text and "--report" not in text


def test_calibrate_writes_its_workbook_with_o_and_the_copy_with_calibrated_input() -> None:
    words = " ".join(docs.help_text(["calibrate"]).split())
    assert "--output -o FILE Calibration workbook" in words
    assert "--calibrated-input FILE" in words
    assert "--accepted FILE" in words and "--rejected PARTY:FILE" in words


def test_sweep_lists_its_methods_and_names_the_morris_seed_apart() -> None:
    text = docs.help_text(["sweep"])
    assert "--method" in text and "[grid|zip|morris]" in text and "--zip " not in text
    assert "--morris-seed" in text and "Seed of the Morris sample" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sweep", "X.xlsx", "--method", "nope"], "--method: 'nope' is not one of 'grid', 'zip'"),
        (["solve", "X.xlsx", "--objective", "best"], "--objective: 'best' is not one of"),
        (["diagnose", "X.xlsx", "--threads", "0"], "--threads: must be a whole number >= 1"),
        (["compare", "X.xlsx", "--gap", "lots"], "--gap: must be a number >= 0"),
        (["frontier", "X.xlsx", "--against", "peak", "--bogus"], "No such option: --bogus"),
        (["solve"], "Missing argument 'INPUT'"),
        (["nocommand"], "No such command 'nocommand'"),
    ],
)
def test_a_bad_choice_or_value_is_one_clean_line_and_exit_2(
    args: list[str], expected: str, tmp_path: Path
) -> None:
    result = runner.invoke(app, args, prog_name="planner")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and expected in lines[0], lines[0]
    assert lines[0].endswith("--help)")
    for leak in ("Value error", "Input should", "Traceback", "╭"):
        assert leak not in result.stderr
    assert result.stdout == ""


def test_sweep_passes_the_solver_seed_and_the_morris_seed_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import planner.sweep.pipeline as pipeline
    from planner.errors import InputError, Problem

    seen: dict[str, object] = {}

    def fake_plan_points(*args: object, **kwargs: object) -> list[object]:
        seen.update(kwargs)
        return []

    def fake_run(scenario: object, points: object, options: object, **kwargs: object) -> None:
        seen["options"], seen["run_seed"] = options, kwargs["seed"]
        raise InputError(Problem("test", "stopped before solving"))

    monkeypatch.setattr(pipeline, "plan_points", fake_plan_points)
    monkeypatch.setattr(pipeline, "run", fake_run)
    example = Path(__file__).resolve().parent.parent / "inputs" / "korea_2018.xlsx"
    args = ["sweep", str(example), "--method", "zip", "--morris-seed", "7", "--seed", "3"]
    args += ["--objective", "min_peak", "--time-limit", "9", "--gap", "0.5"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "stopped before solving" in result.stderr
    assert (seen["method"], seen["zipped"], seen["seed"], seen["run_seed"]) == ("grid", True, 7, 7)
    options = seen["options"]
    assert (options.random_seed, options.objective) == (3, "min_peak")  # type: ignore[attr-defined]
    assert (options.time_limit_s, options.mip_gap, options.threads) == (9, 0.5, 1)  # type: ignore[attr-defined]
