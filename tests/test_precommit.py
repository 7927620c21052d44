"""The pre-commit hook in `.pre-commit-hooks.yaml`: run exactly the way pre-commit runs it.

pre-commit picks the staged files that match the hook's `files` pattern and `types` (file types
from the `identify` library, which pre-commit itself uses), then runs `entry` split into words
followed by the hook's `args` and the file names, with the hook's environment on PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CLOSED_MAP, write_map

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

GOOD = CLOSED_MAP
BAD = GOOD + "    reports_to: cfoo\n"


@pytest.fixture(scope="module")
def hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (accountmap_lint,) = [h for h in hooks if h["id"] == "accountmap-lint"]
    return accountmap_lint


def test_hook_definition(hook: dict) -> None:
    assert hook == {
        "id": "accountmap-lint",
        "name": "accountmap lint",
        "description": "Check account maps for broken YAML, invalid fields, bad references and "
        "deal risks.",
        "entry": "accountmap lint",
        "language": "python",
        "types": ["yaml"],
        "files": "^maps/",
    }
    # pre-commit's own required keys and types.
    assert all(isinstance(hook[key], str) for key in ("id", "name", "entry", "language"))


def selected(hook: dict, staged: list[str], root: Path) -> list[str]:
    """The staged files pre-commit hands to the hook: `files` matches, every `types` tag applies."""
    from identify.identify import tags_from_path

    pattern = re.compile(hook["files"])
    types = set(hook.get("types", ["file"]))
    return [
        path
        for path in staged
        if pattern.search(path) and types <= tags_from_path(str(root / path))
    ]


def run_hook(hook: dict, files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *files]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write_map(tmp_path, GOOD, "maps/good.yaml")
    write_map(tmp_path, GOOD, "maps/team a/good.yml")
    write_map(tmp_path, BAD, "maps/bad.yaml")
    write_map(tmp_path, "# notes\n", "maps/README.md")
    write_map(tmp_path, "not: [a map", "ci/pipeline.yaml")
    return tmp_path


def test_the_hook_sees_only_yaml_files_under_maps(hook: dict, repo: Path) -> None:
    staged = sorted(path.relative_to(repo).as_posix() for path in repo.rglob("*") if path.is_file())
    assert selected(hook, staged, repo) == [
        "maps/bad.yaml",
        "maps/good.yaml",
        "maps/team a/good.yml",
    ]


def test_good_maps_pass(hook: dict, repo: Path) -> None:
    result = run_hook(hook, ["maps/good.yaml", "maps/team a/good.yml"], repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "All good: 2 maps checked, no findings.\n"


def test_a_bad_map_blocks_the_commit(hook: dict, repo: Path) -> None:
    result = run_hook(hook, ["maps/bad.yaml", "maps/good.yaml"], repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "maps/bad.yaml:9:17: AM005 reports_to: stakeholder 'cfoo' is not on the map "
        "(hint: add a stakeholder with id 'cfoo' under 'stakeholders:', or correct the id)",
        "1 error, 0 warnings in 2 maps.",
    ]
    assert "Traceback" not in result.stderr
