"""Shared test helpers. Append your own below; do not rewrite what others put here.

- `invoke(*args, env=None, input=None)`: run the `accountmap` Typer app in-process with
  `CliRunner`; the result has `exit_code`, `stdout` and `stderr` separated, and `exception`.
- `write_map(tmp_path, text, name="map.yaml")`: write a map file (text or bytes) and return its path.
- `VALID_MAP`: a small valid map (text) to start from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

PLAIN_ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}
"""Environment for output that does not depend on the terminal running the tests."""

VALID_MAP = """\
opportunity:
  name: Packaging line 3
  account: Van Dijk Verpakkingen B.V.
  value: 280000
  stage: proposal
  close_date: 2026-03-31
  owner: sanne
team:
  - id: sanne
    name: Sanne Bakker
stakeholders:
  - id: pieter
    name: Pieter de Vries
    title: Production manager
    role: user_buyer
    attitude: champion
    reports_to: cfo
  - id: cfo
    title: CFO
    role: economic_buyer
"""


def write_map(tmp_path: Path, text: str | bytes, name: str = "map.yaml") -> Path:
    """Write `text` (str as UTF-8, or raw bytes) to `tmp_path / name` and return the path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run `accountmap ARGS...` in-process; returns the CliRunner result (stdout/stderr apart)."""
    from accountmap_cli.cli.app import app

    runner = CliRunner()

    def run(
        *args: str | Path, env: Mapping[str, str] | None = None, input: str | None = None
    ) -> Result:
        return runner.invoke(
            app, [str(arg) for arg in args], env={**PLAIN_ENV, **(env or {})}, input=input
        )

    return run
