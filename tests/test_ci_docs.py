"""docs/ci.md tells the truth: its workflows are valid YAML and every accountmap command in them
runs with the options it shows."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
HOOKS = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def yaml_blocks() -> list[object]:
    blocks = re.findall(r"^```yaml\n(.*?)^```$", DOC, re.MULTILINE | re.DOTALL)
    return [yaml.safe_load(block) for block in blocks]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def accountmap_commands() -> list[str]:
    return [
        line.strip()
        for block in yaml_blocks()
        for text in _strings(block)
        for line in text.splitlines()
        if line.strip().startswith("accountmap ")
    ]


def test_the_documented_workflows_are_there() -> None:
    github, gitlab, precommit = yaml_blocks()
    steps = github["jobs"]["maps"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "github/codeql-action/upload-sarif" in uses
    runs = [step.get("run", "") for step in steps]
    assert 'accountmap review maps/ --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert github["permissions"]["security-events"] == "write"
    job = gitlab["accountmap"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    assert any(
        "--format gitlab" in line and "> gl-code-quality-report.json" in line
        for line in job["script"]
    )
    (hook,) = precommit["repos"][0]["hooks"]
    assert hook["id"] in HOOKS


def test_every_documented_command_runs(invoke, monkeypatch) -> None:
    commands = accountmap_commands()
    assert len(commands) >= 4, commands
    monkeypatch.chdir(ROOT)
    for command in commands:
        words = shlex.split(command)
        target = None
        if ">" in words or ">>" in words:
            position = words.index(">") if ">" in words else words.index(">>")
            target = words[position + 1]
            words = words[:position]
        args = [w for w in words[1:] if "$" not in w]
        result = invoke(*args, "--as-of", "2026-02-01")
        assert result.exit_code in (0, 1), (command, result.stderr)
        assert "Error" not in result.stderr and "No such option" not in result.stderr, command
        if target and target.endswith((".json", ".sarif")):
            json.loads(result.stdout)


@pytest.mark.parametrize("name", ["--strict", "--exit-zero", "--statistics", "--step-summary"])
def test_lint_help_documents_the_ci_options(invoke, name: str) -> None:
    result = invoke("lint", "--help", env={"COLUMNS": "200"})
    assert name in result.stdout
    assert name in DOC
