"""`accountmap grid`: influence × attitude with names in the cells, readable without colour."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import VALID_MAP, write_map

ROOT = Path(__file__).resolve().parent.parent


def test_grid_text_output(invoke, tmp_path) -> None:
    result = invoke("grid", write_map(tmp_path, VALID_MAP), env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Power grid: influence × attitude",
        "┏━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓",
        "┃ influence ┃ blocker ┃ skeptical ┃ neutral ┃ supporter ┃ champion        ┃ unknown  ┃",
        "┡━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━┩",
        "│ high      │ ·       │ ·         │ ·       │ ·         │ ·               │ ·        │",
        "├───────────┼─────────┼───────────┼─────────┼───────────┼─────────────────┼──────────┤",
        "│ medium    │ ·       │ ·         │ ·       │ ·         │ ·               │ ·        │",
        "├───────────┼─────────┼───────────┼─────────┼───────────┼─────────────────┼──────────┤",
        "│ low       │ ·       │ ·         │ ·       │ ·         │ ·               │ ·        │",
        "├───────────┼─────────┼───────────┼─────────┼───────────┼─────────────────┼──────────┤",
        "│ unknown   │ ·       │ ·         │ ·       │ ·         │ Pieter de Vries │ 💰 (CFO) │",
        "└───────────┴─────────┴───────────┴─────────┴───────────┴─────────────────┴──────────┘",
        "Champions without power (low or unknown influence): Pieter de Vries.",
    ]


def test_grid_markdown_output(invoke, tmp_path) -> None:
    text = VALID_MAP.replace("    title: CFO\n", "    title: CFO\n    attitude: blocker\n")
    text = text.replace(
        "    role: economic_buyer\n", "    role: economic_buyer\n    influence: high\n"
    )
    result = invoke("grid", write_map(tmp_path, text), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "| influence | blocker | skeptical | neutral | supporter | champion | unknown |\n"
        "|---|---|---|---|---|---|---|\n"
        "| **high** | 💰 (CFO) | · | · | · | · | · |\n"
        "| **medium** | · | · | · | · | · | · |\n"
        "| **low** | · | · | · | · | · | · |\n"
        "| **unknown** | · | · | · | · | Pieter de Vries | · |\n"
        "\n"
        "- Powerful blockers (high influence): (CFO).\n"
        "- Champions without power (low or unknown influence): Pieter de Vries.\n"
    )


def test_names_that_look_like_markup_are_shown_as_written(invoke, tmp_path) -> None:
    text = VALID_MAP.replace("name: Pieter de Vries", 'name: "[bold]Piet[/bold] :smile:"')
    result = invoke("grid", write_map(tmp_path, text), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "[bold]Piet[/bold] :smile:" in result.stdout


def test_no_champion_is_called_out(invoke, tmp_path) -> None:
    text = VALID_MAP.replace("    attitude: champion\n", "")
    result = invoke("grid", write_map(tmp_path, text))
    assert result.stdout.splitlines()[-1] == "No champion on the map."


def test_grid_of_a_missing_map(invoke, tmp_path) -> None:
    result = invoke("grid", tmp_path / "nope.yaml")
    assert result.exit_code == 2


def test_readme_grid_example_is_real_output(invoke, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(
        r"^```console\n\$ (accountmap grid [^\n]*)\n(.*?)^```$", readme, re.M | re.S
    )
    assert blocks, "the README shows an example of `accountmap grid`"
    for command, output in blocks:
        monkeypatch.chdir(ROOT)
        result = invoke(*command.split()[1:], env={"COLUMNS": "160"})
        assert result.exit_code == 0
        actual = [line.rstrip() for line in result.stdout.splitlines()]
        assert actual == output.rstrip("\n").splitlines(), "update the README example"
