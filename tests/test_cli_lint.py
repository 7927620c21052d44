"""`accountmap lint`: exact text and JSON output, exit codes 0/1/2, discovery, real processes.

The maps here are closed deals (won/lost), so only the structural checks (AM001-AM006) run and
the output does not depend on the deal-risk rules other tests cover.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLOSED_MAP, write_map

CLEAN = CLOSED_MAP

BROKEN_REFERENCES = """\
opportunity:
  name: Packaging line 3
  account: Van Dijk Verpakkingen
  value: 280000
  stage: won
stakeholders:
  - id: pieter
    name: Pieter de Vries
    reports_to: cfoo
  - id: cfo
    title: CFO
"""

TYPO = """\
opportunity:
  name: Robot cell
  account: Bakkerij Verhoeven
  value: 95000
  stage: lost
stakeholders:
  - id: anna
    name: Anna
    atitude: champoin
"""


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    """A folder of maps: two broken, one clean, one not YAML at all, and files that must be skipped."""
    write_map(tmp_path, CLEAN, "clean.yaml")
    write_map(tmp_path, BROKEN_REFERENCES, "deals/b-refs.yml")
    write_map(tmp_path, TYPO, "deals/a-typo.yaml")
    write_map(tmp_path, "stakeholders:\n<<<<<<< HEAD\n", "deals/nested/conflict.yaml")
    write_map(tmp_path, "not: [a map", ".git/ignored.yaml")
    write_map(tmp_path, "not: [a map", "deals/.drafts/ignored.yaml")
    write_map(tmp_path, "not: [a map", "deals/readme.txt")
    return tmp_path


def test_text_output_is_exact_and_sorted_by_path_and_line(invoke, maps: Path, monkeypatch) -> None:
    monkeypatch.chdir(maps)
    result = invoke("lint", ".", "--as-of", "2026-02-01")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "deals/a-typo.yaml:9:5: AM003 stakeholders[0]: unknown field 'atitude'; did you mean "
        "'attitude'? (hint: rename 'atitude' to 'attitude')",
        "deals/b-refs.yml:9:17: AM005 reports_to: stakeholder 'cfoo' is not on the map "
        "(hint: did you mean 'cfo'?)",
        "deals/nested/conflict.yaml:2:1: AM001 git merge-conflict marker '<<<<<<<' at line 2 "
        "(hint: resolve the merge conflict and remove the <<<<<<< ======= >>>>>>> lines)",
        "3 errors, 0 warnings in 4 maps.",
    ]


def test_json_output_is_the_versioned_contract(invoke, maps: Path, monkeypatch) -> None:
    monkeypatch.chdir(maps)
    result = invoke("lint", "deals", "clean.yaml", "--format", "json", "--as-of", "2026-02-01")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "version": 1,
        "findings": [
            {
                "path": "deals/a-typo.yaml",
                "line": 9,
                "column": 5,
                "code": "AM003",
                "rule": "invalid-field",
                "severity": "error",
                "message": "stakeholders[0]: unknown field 'atitude'; did you mean 'attitude'?",
                "stakeholder": "anna",
            },
            {
                "path": "deals/b-refs.yml",
                "line": 9,
                "column": 17,
                "code": "AM005",
                "rule": "unknown-reference",
                "severity": "error",
                "message": "reports_to: stakeholder 'cfoo' is not on the map",
                "stakeholder": "pieter",
            },
            {
                "path": "deals/nested/conflict.yaml",
                "line": 2,
                "column": 1,
                "code": "AM001",
                "rule": "invalid-yaml",
                "severity": "error",
                "message": "git merge-conflict marker '<<<<<<<' at line 2",
                "stakeholder": None,
            },
        ],
        "summary": {"files": 4, "errors": 3, "warnings": 0},
    }


def test_clean_maps_exit_0(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, CLEAN)
    result = invoke("lint", path, "--as-of", "2026-02-01")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "All good: 1 map checked, no findings.\n",
        "",
    )
    result = invoke("lint", path, "--format", "json", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "version": 1,
        "findings": [],
        "summary": {"files": 1, "errors": 0, "warnings": 0},
    }


def test_findings_of_one_map_sort_by_line_then_column(invoke, tmp_path: Path) -> None:
    path = write_map(
        tmp_path,
        "opportunity: {name: X, account: Y, value: -1, stage: won, currency: eur}\n"
        "stakeholders:\n  - {id: A}\n  - {id: b}\n",
    )
    result = invoke("lint", path, "-f", "json")
    found = [(f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [(1, 43), (1, 69), (3, 10), (4, 5)]


def test_an_empty_folder_has_nothing_to_check(invoke, tmp_path: Path) -> None:
    result = invoke("lint", tmp_path)
    assert (result.exit_code, result.stdout) == (0, "No map files found.\n")


def test_one_broken_file_never_stops_the_others(invoke, tmp_path: Path) -> None:
    write_map(tmp_path, b"\xff\xfeo\x00", "1-utf16.yaml")
    write_map(tmp_path, b"\x00\x01binary", "2-binary.yaml")
    write_map(tmp_path, "[" * 100_000, "3-deep.yaml")
    write_map(tmp_path, "", "4-empty.yaml")
    write_map(tmp_path, "a: &x 1\n", "5-anchor.yaml")
    write_map(tmp_path, "x" * (3 * 1024 * 1024), "6-huge.yaml")
    (tmp_path / "7-folder.yaml").mkdir()
    write_map(tmp_path, CLEAN, "8-clean.yaml")
    write_map(tmp_path, BROKEN_REFERENCES, "9-refs.yaml")
    result = invoke("lint", tmp_path, "-f", "json")
    assert result.exit_code == 1
    output = json.loads(result.stdout)
    names = [(Path(f["path"]).name, f["code"]) for f in output["findings"]]
    assert names == [
        ("1-utf16.yaml", "AM001"),
        ("2-binary.yaml", "AM001"),
        ("3-deep.yaml", "AM001"),
        ("4-empty.yaml", "AM001"),
        ("5-anchor.yaml", "AM001"),
        ("6-huge.yaml", "AM001"),
        ("9-refs.yaml", "AM005"),
    ]
    assert output["summary"] == {"files": 8, "errors": 7, "warnings": 0}


def test_an_unreadable_file_is_a_finding(invoke, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = write_map(tmp_path, CLEAN)
    path.chmod(0)
    result = invoke("lint", path)
    assert result.exit_code == 1
    assert "cannot read file" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "missing.yaml"], "accountmap: error: path 'missing.yaml' does not exist\n"),
        (["lint", "--format", "xml", "."], "accountmap: error: unknown format 'xml'\n"),
        (
            ["lint", "-f", "checkstyle", "missing.yaml"],
            "accountmap: error: unknown format 'checkstyle'\n",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message_on_stderr(
    invoke, tmp_path: Path, args: list[str], message: str, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert "\n  hint: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_path_stops_before_checking_anything(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, BROKEN_REFERENCES)
    result = invoke("lint", path, tmp_path / "nope")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "does not exist" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["lint"], "Missing argument"),
        (["lint", "--bogus", "."], "No such option: --bogus"),
        (["lint", ".", "--as-of", "2026-1-1"], "'2026-1-1' is not a date"),
        (["lint", ".", "--format"], "requires an argument"),
        (["nonsense"], "No such command"),
    ],
)
def test_click_usage_errors_exit_2(
    invoke, tmp_path: Path, args: list[str], fragment: str, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment in result.stderr


def test_help_has_an_example(invoke) -> None:
    result = invoke("lint", "--help")
    assert result.exit_code == 0
    assert "Example: accountmap lint maps/" in result.stdout


def test_as_of_only_changes_date_rules_not_structure(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, BROKEN_REFERENCES)
    first = invoke("lint", path, "--as-of", "2020-01-01", "-f", "json")
    second = invoke("lint", path, "--as-of", "2030-12-31", "-f", "json")
    assert first.stdout == second.stdout


# --- real processes ---------------------------------------------------------------------------

BIN = Path(sys.executable).parent


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_console_script_version() -> None:
    from accountmap_cli import __version__

    result = run(BIN / "accountmap", "--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"accountmap {__version__}\n",
        "",
    )


def test_python_dash_m_version_and_lint(tmp_path: Path) -> None:
    from accountmap_cli import __version__

    result = run(sys.executable, "-m", "accountmap_cli", "--version")
    assert (result.returncode, result.stdout) == (0, f"accountmap {__version__}\n")
    write_map(tmp_path, TYPO, "typo.yaml")
    result = run(sys.executable, "-m", "accountmap_cli", "lint", "typo.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("typo.yaml:9:5: AM003 ")
    assert result.stderr == ""


def test_console_script_exit_codes(tmp_path: Path) -> None:
    write_map(tmp_path, CLEAN, "clean.yaml")
    write_map(tmp_path, "a: [\n", "broken.yaml")
    assert run(BIN / "accountmap", "lint", "clean.yaml", cwd=tmp_path).returncode == 0
    broken = run(BIN / "accountmap", "lint", ".", cwd=tmp_path)
    assert broken.returncode == 1
    assert broken.stdout.splitlines()[-1] == "1 error, 0 warnings in 2 maps."
    missing = run(BIN / "accountmap", "lint", "nope", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.startswith("accountmap: error: path 'nope' does not exist")
    assert "Traceback" not in missing.stderr


def test_text_and_json_keep_one_finding_per_line_whatever_the_message() -> None:
    from accountmap_cli.findings import Finding, Severity
    from accountmap_cli.lint import MapReport
    from accountmap_cli.render.lint import LINT_RENDERERS

    finding = Finding(
        "m.yaml",
        3,
        5,
        "AM104",
        "powerless-champion",
        Severity.WARNING,
        "title 'P\troduction\nmanager'",
        "p",
        "a\u2028b",
    )
    reports = [MapReport("m.yaml", [finding])]
    assert LINT_RENDERERS["text"](reports) == (
        "m.yaml:3:5: AM104 title 'P\\troduction\\nmanager' (hint: a\\u2028b)\n"
        "0 errors, 1 warning in 1 map.\n"
    )
    output = json.loads(LINT_RENDERERS["json"](reports))
    assert output["findings"][0]["message"] == "title 'P\\troduction\\nmanager'"
    assert output["summary"] == {"files": 1, "errors": 0, "warnings": 1}
