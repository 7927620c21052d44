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


CLOSED_MAP = """\
opportunity:
  name: Packaging line 3
  account: Van Dijk Verpakkingen
  value: 280000
  stage: won
stakeholders:
  - id: pieter
    name: Pieter de Vries
"""
"""A won deal with one stakeholder: only the structural checks run on it, so its lint output is
the same on any date and whatever the deal-risk rules say."""


def write_map(tmp_path: Path, text: str | bytes, name: str = "map.yaml") -> Path:
    """Write `text` (str as UTF-8, or raw bytes) to `tmp_path / name` and return the path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


_COMMANDS: dict[int, object] = {}


def _built_once(app: object) -> object:
    # Typer rebuilds the whole click command tree (every command's signature) on each
    # CliRunner.invoke: ~0.15 s with twenty commands. The tree does not change between runs.
    command = _COMMANDS.get(id(app))
    if command is None:
        import typer.main

        command = _COMMANDS[id(app)] = typer.main.get_command(app)
    return command


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run `accountmap ARGS...` in-process; returns the CliRunner result (stdout/stderr apart)."""
    from unittest import mock

    from accountmap_cli.cli.app import app

    runner = CliRunner()

    def run(
        *args: str | Path, env: Mapping[str, str] | None = None, input: str | None = None
    ) -> Result:
        with mock.patch("typer.testing._get_command", _built_once):
            return runner.invoke(
                app, [str(arg) for arg in args], env={**PLAIN_ENV, **(env or {})}, input=input
            )

    return run


# --- git repositories for diff and history (appended by the diff/history work) -----------------

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_AUTHOR_NAME": "Anna Smit",
    "GIT_AUTHOR_EMAIL": "anna@example.com",
    "GIT_COMMITTER_NAME": "Anna Smit",
    "GIT_COMMITTER_EMAIL": "anna@example.com",
}
"""A git that ignores the user's and the system's git configuration."""


class GitRepo:
    """A real temporary git repository with fixed authors and dates, independent of any config."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        import os
        import subprocess

        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
            cwd=self.root,
            env={**os.environ, **GIT_ENV, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, name: str, text: str | bytes) -> Path:
        return write_map(self.root, text, name)

    def commit(
        self, message: str, *, date: str, author: str = "Anna Smit", email: str | None = None
    ) -> str:
        """Stage everything and commit at `date` (ISO 8601) as `author`; returns the full sha."""
        email = email or author.split()[0].lower() + "@example.com"
        self.git("add", "-A")
        self.git(
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            message,
            env={
                "GIT_AUTHOR_DATE": date,
                "GIT_COMMITTER_DATE": date,
                "GIT_AUTHOR_NAME": author,
                "GIT_AUTHOR_EMAIL": email,
            },
        )
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty git repository in `tmp_path/repo`, also the current folder; git config isolated."""
    root = tmp_path / "repo"
    root.mkdir()
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = GitRepo(root)
    repo.git("init", "-q")
    monkeypatch.chdir(root)
    return repo


# --- CI environment (appended by the CI-formats work) -------------------------------------------

CI_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR")
"""Variables that change `lint`'s default format, where summaries go, and colour."""


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    # `lint --format auto` prints GitHub annotations when GITHUB_ACTIONS=true: the suite must give
    # the same results when it runs inside GitHub Actions as on a laptop.
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


CRM_FIXTURES = Path(__file__).parent / "fixtures" / "crm"
"""Salesforce and HubSpot exports (`salesforce/`, `hubspot/`, `messy/`) for the import tests."""

SALESFORCE_IMPORT = (
    "import",
    "salesforce",
    "--contact-roles",
    "salesforce/OpportunityContactRole.csv",
    "--contacts",
    "salesforce/Contact.csv",
    "--opportunities",
    "salesforce/Opportunity.csv",
    "--accounts",
    "salesforce/Account.csv",
)
"""`accountmap import salesforce` on the fixture export, run from a copy of `CRM_FIXTURES`."""
