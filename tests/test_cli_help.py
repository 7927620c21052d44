"""Every command's help: one sentence first, an example last, and nothing lost to rich markup."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from typer.main import get_command

from accountmap_cli.cli.app import app


def _commands() -> Iterator[tuple[str, object]]:
    def walk(command: object, path: list[str]) -> Iterator[tuple[str, object]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield " ".join(path), command
            return
        for name, sub in subcommands.items():
            yield from walk(sub, [*path, name])

    yield from walk(get_command(app), [])


COMMANDS = dict(_commands())


def test_every_command_is_checked() -> None:
    assert len(COMMANDS) == 21
    assert {"import salesforce", "import hubspot", "review", "lint"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_opens_with_one_sentence_on_one_line(name: str) -> None:
    first = COMMANDS[name].help.strip().split("\n\n")[0]
    assert "\n" not in first, first
    assert first.endswith("."), first
    # One sentence: no full stop followed by a capital inside it.
    assert not re.search(r"\.\s+[A-Z]", first), first


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_ends_with_an_example_of_that_command(name: str) -> None:
    last = COMMANDS[name].help.strip().split("\n\n")[-1]
    assert last.startswith(f"Example: accountmap {name} "), last


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_brackets_in_help_survive_rich_markup(invoke, name: str) -> None:
    # `[tool.accountmap]` in a docstring is a rich markup tag unless escaped as `\\[`.
    result = invoke(*name.split(), "--help", env={"COLUMNS": "400", "NO_COLOR": "1"})
    assert result.exit_code == 0
    shown = " ".join(result.stdout.split())
    for bracket in re.findall(r"\\?\[[^\]\s]+\]", COMMANDS[name].help):
        assert bracket.lstrip("\\") in shown, bracket


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_paragraphs_are_not_broken_mid_sentence(invoke, name: str) -> None:
    # On a wide terminal every line of the description ends a sentence (or is an example): the
    # docstrings' own line breaks (wrapped at 100 columns in the source) do not reach the screen.
    result = invoke(*name.split(), "--help", env={"COLUMNS": "1000", "NO_COLOR": "1"})
    assert result.exit_code == 0
    description = result.stdout.split("Usage:", 1)[1].split("╭", 1)[0]
    lines = [line.strip() for line in description.splitlines()[1:] if line.strip()]
    assert lines
    for line in lines:
        assert line.startswith("Example: ") or line.endswith((".", ":", ")")), line


def test_unwrap_help_joins_lines_and_keeps_list_items() -> None:
    from accountmap_cli.cli.app import unwrap_help

    text = """First line.

        One sentence wrapped
        over three
        lines.

        - item one
          continued
        - item two
        """
    assert unwrap_help(text) == (
        "First line.\n\nOne sentence wrapped over three lines.\n\n- item one continued\n- item two"
    )
