"""The README tells the truth: its commands are CI's commands, they run, and its reference is current."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accountmap_cli.cli.app import app
from accountmap_cli.docs import REGENERATE, format_reference_markdown, readme_reference

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

INSTALL = "python3 -m venv --upgrade-deps .venv && .venv/bin/pip install -e ."
TEST_INSTALL = "python3 -m venv --upgrade-deps .venv && .venv/bin/pip install -e '.[test]'"


def fenced_blocks(language: str) -> list[str]:
    """The contents of the README's ```language blocks."""
    return [
        block.strip("\n")
        for block in re.findall(rf"^```{language}\n(.*?)^```$", README, re.MULTILINE | re.DOTALL)
    ]


def bash_commands() -> list[str]:
    blocks = fenced_blocks("bash")
    assert all("\n" not in block for block in blocks), "each bash block is one copy-pasteable line"
    return blocks


def test_readme_has_the_two_fresh_machine_commands() -> None:
    commands = bash_commands()
    assert len([c for c in commands if c.startswith(INSTALL + " ")]) == 1, commands
    assert len([c for c in commands if c.startswith(TEST_INSTALL)]) == 1, commands


def test_readme_test_command_is_exactly_what_ci_runs() -> None:
    (readme_test,) = [c for c in bash_commands() if "pytest" in c]
    ci_lines = [line.strip() for line in CI_RUN.splitlines() if line.startswith("python3 -m venv")]
    assert ci_lines == [readme_test], (
        "README's test command and .ci/run's command line must be the same string"
    )
    assert readme_test == (
        "python3 -m venv --upgrade-deps .venv && .venv/bin/pip install -e '.[test]' "
        "&& .venv/bin/python -m pytest"
    )


def _steps(command: str) -> list[tuple[list[str], str]]:
    """A shell line → (argv, separator after it): `&&`, `;` or `` for the last one."""
    tokens = shlex.split(command.replace(";", " ; "), posix=True)
    steps: list[tuple[list[str], str]] = []
    current: list[str] = []
    for token in tokens:
        if token in ("&&", ";"):
            steps.append((current, token))
            current = []
        else:
            current.append(token)
    steps.append((current, ""))
    return steps


def _accountmap() -> list[str]:
    """The `accountmap` console script of the venv running the tests (CI: `.venv/bin/accountmap`)."""
    script = Path(sys.executable).parent / "accountmap"
    return [str(script)] if script.exists() else [sys.executable, "-m", "accountmap_cli"]


def main_job_invocations() -> list[tuple[list[str], str]]:
    (main_job,) = [c for c in bash_commands() if c.startswith(INSTALL + " ")]
    steps = _steps(main_job)
    assert steps[0][0] == ["python3", "-m", "venv", "--upgrade-deps", ".venv"]
    assert steps[1][0] == [".venv/bin/pip", "install", "-e", "."]
    invocations = [(argv, sep) for argv, sep in steps[2:]]
    assert invocations, "the main job runs accountmap"
    assert all(argv[0] == ".venv/bin/accountmap" for argv, _ in invocations), invocations
    return invocations


def test_main_job_commands_run() -> None:
    """Each `accountmap` call of the README's main job works on a fresh clone.

    A call followed by `;` may report findings (exit 1: the examples include a deal at risk); one
    followed by `&&`, or the last one, must succeed. None may crash or fail as a usage error.
    """
    for argv, separator in main_job_invocations():
        done = subprocess.run(
            [*_accountmap(), *argv[1:]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "120", "LANG": "C.UTF-8"},
        )
        allowed = {0, 1} if separator == ";" else {0}
        shown = " ".join(argv)
        assert done.returncode in allowed, f"{shown}: exit {done.returncode}\n{done.stderr}"
        assert "Traceback" not in done.stderr, f"{shown}:\n{done.stderr}"
        assert done.stdout.strip(), f"{shown} printed nothing"


def test_main_job_shows_the_multi_threaded_example() -> None:
    commands = {argv[1]: argv[2:] for argv, _ in main_job_invocations()}
    assert commands["review"] == ["maps/"]
    assert commands["show"] == commands["tree"] == ["maps/kuipers-cnc-cell.yaml"]


def test_readme_format_reference_is_generated_from_the_models() -> None:
    assert readme_reference(README) == format_reference_markdown(), (
        "The README's field reference (between the format-reference markers) is out of date "
        f"with src/accountmap_cli/models.py. Regenerate it with: {REGENERATE}"
    )


def test_readme_reference_mentions_every_field() -> None:
    from accountmap_cli.docs import SECTIONS

    reference = readme_reference(README)
    for _, model in SECTIONS:
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in reference
            assert info.description, f"{model.__name__}.{name} has no description in models.py"


def _console_examples() -> list[tuple[list[str], list[str]]]:
    examples = []
    for block in fenced_blocks("console"):
        first, *output = block.splitlines()
        examples.append((shlex.split(first.removeprefix("$ ")), output))
    return examples


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(argv, out, id=" ".join(argv))
        for argv, out in _console_examples()
        if argv[1] in ("show", "tree")
    ],
)
def test_readme_show_and_tree_examples_are_real_output(
    argv: list[str], expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        app,
        [*argv[1:]],
        env={"COLUMNS": "160", "NO_COLOR": None, "FORCE_COLOR": None, "TERM": None},
    )
    assert result.exit_code == 0, result.output
    actual = [line.rstrip() for line in result.stdout.splitlines()]
    assert actual == expected, "update the README example to the command's current output"


def test_docs_script_checks_and_rewrites_a_stale_readme(tmp_path: Path, capsys) -> None:
    from accountmap_cli.docs import END_MARKER, START_MARKER, main

    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{START_MARKER}\nold table\n{END_MARKER}\nafter\n", encoding="utf-8")
    assert main(["--check", str(readme)]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main(["--write-readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and text.endswith(f"{END_MARKER}\nafter\n")
    assert readme_reference(text) == format_reference_markdown()
    assert main(["--check", str(readme)]) == 0
    (tmp_path / "plain.md").write_text("no markers\n", encoding="utf-8")
    assert main(["--check", str(tmp_path / "plain.md")]) == 2
