"""Colour follows the conventions: `NO_COLOR` disables it, `FORCE_COLOR` forces it, and output
that is not a terminal (a pipe, a file, CI logs) gets none."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "maps" / "kuipers-cnc-cell.yaml")
COMMANDS = [
    ["show", EXAMPLE, "--as-of", "2026-02-01"],
    ["review", str(ROOT / "maps"), "--as-of", "2026-02-01"],
]

ANY_ESCAPE = re.compile("\x1b\\[")
COLOUR = re.compile("\x1b\\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|4[0-9]|10[0-7])(?:;[0-9;]*)?m")
"""An SGR sequence that sets a foreground or background colour (bold alone is not colour)."""

TERMINAL = {"TERM": "xterm-256color", "NO_COLOR": None, "FORCE_COLOR": None}


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_no_colour_when_not_a_terminal(invoke, args: list[str]) -> None:
    result = invoke(*args, env=TERMINAL)
    assert result.exit_code == 0
    assert not ANY_ESCAPE.search(result.stdout)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_force_color_forces_it(invoke, args: list[str]) -> None:
    result = invoke(*args, env={**TERMINAL, "FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert COLOUR.search(result.stdout)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_no_color_wins_over_force_color(invoke, args: list[str]) -> None:
    forced = invoke(*args, env={**TERMINAL, "FORCE_COLOR": "1"})
    result = invoke(*args, env={**TERMINAL, "FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert not COLOUR.search(result.stdout)
    assert _plain(result.stdout) == _plain(forced.stdout)


def _plain(text: str) -> str:
    return re.sub("\x1b\\[[0-9;]*m", "", text)


def test_a_real_pipe_gets_no_colour() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env |= {"TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "accountmap"), *COMMANDS[0]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Kuipers" in result.stdout
    assert not ANY_ESCAPE.search(result.stdout)
