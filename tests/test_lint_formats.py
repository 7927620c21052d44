"""`accountmap lint` for CI tools: GitHub annotations, SARIF, GitLab Code Quality, `--format auto`,
`--strict`, `--exit-zero`, `--statistics` and the Markdown summaries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from accountmap_cli.findings import Finding, Severity
from accountmap_cli.lint import MapReport
from accountmap_cli.render.github import annotation, escape_data, escape_property, render_github
from conftest import CLOSED_MAP, write_map

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

CLOSED_DEAL = CLOSED_MAP

DUPLICATES = """\
opportunity:
  name: Packaging line 3
  account: Van Dijk Verpakkingen
  value: 280000
  stage: won
stakeholders:
  - id: pieter
    name: Pieter de Vries
    reports_to: cfo
  - id: jan
    name: Jan de Vries
  - id: jan
    name: Jan Bakker
  - id: jan
    name: Jan Smit
"""
"""Three findings on a closed deal: AM005, and AM004 twice with the very same message."""

ONLY_A_WARNING = "# accountmap: disable=AM004\n" + CLOSED_DEAL
"""A map whose only finding is the warning AM100 (a suppression that hides nothing)."""

PERCENT_STAGE = CLOSED_DEAL.replace("stage: won", "stage: won%")


def finding(**changes: object) -> Finding:
    values: dict = {
        "path": "maps/a.yaml",
        "line": 3,
        "column": 5,
        "code": "AM005",
        "rule": "unknown-reference",
        "severity": Severity.ERROR,
        "message": "reports_to: stakeholder 'cfo' is not on the map",
        "stakeholder": "pieter",
        "hint": None,
    }
    return Finding(**{**values, **changes})


# --- github -------------------------------------------------------------------------------------


def test_escaping_is_the_actions_toolkits() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext%3A a%2Cb"
    # `%` first, so an escape sequence already in the text is not decoded by the runner.
    assert escape_data("%0A") == "%250A"
    assert escape_property("%2C") == "%252C"


def test_annotation_escapes_a_path_with_a_comma_and_a_message_with_newline_and_percent() -> None:
    line = annotation(
        finding(
            path="deals/van dijk, packaging:3.yaml",
            message="value rose 20%\nsince the proposal",
            hint="check the quote",
        )
    )
    assert line == (
        "::error file=deals/van dijk%2C packaging%3A3.yaml,line=3,col=5,"
        "title=AM005 unknown-reference::value rose 20%25%0Asince the proposal "
        "(hint: check the quote)"
    )


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_severity_picks_the_command(severity: Severity, command: str) -> None:
    line = annotation(finding(severity=severity, line=0, column=0, message="m\r"))
    assert line == (
        f"::{command} file=maps/a.yaml,line=1,col=1,title=AM005 unknown-reference::m%0D"
    )


def test_render_github_ends_with_the_plain_summary() -> None:
    reports = [
        MapReport("b.yaml", [finding(path="b.yaml", severity=Severity.WARNING)]),
        MapReport("a.yaml", [finding(path="a.yaml", message="x\ny")]),
    ]
    assert render_github(reports) == (
        "::error file=a.yaml,line=3,col=5,title=AM005 unknown-reference::x%0Ay\n"
        "::warning file=b.yaml,line=3,col=5,title=AM005 unknown-reference::"
        "reports_to: stakeholder 'cfo' is not on the map\n"
        "1 error, 1 warning in 2 maps.\n"
    )
    assert render_github([]) == "No map files found.\n"


def test_cli_github_output_is_exact(invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(tmp_path, DUPLICATES, "deals/van dijk, line 3.yaml")
    write_map(tmp_path, PERCENT_STAGE, "deals/won%.yaml")
    result = invoke("lint", "deals", "--format", "github", "--as-of", "2026-02-01")
    assert result.exit_code == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    # The hint lists the team's stages, which belong to the configuration tests.
    assert lines[3].startswith(
        "::error file=deals/won%25.yaml,line=5,col=10,title=AM003 invalid-field::"
        "opportunity.stage: 'won%25' is not a stage of this team; did you mean 'won'? "
        "(hint: stages: discovery, "
    )
    assert lines[:3] + lines[4:] == [
        "::error file=deals/van dijk%2C line 3.yaml,line=9,col=17,title=AM005 unknown-reference::"
        "reports_to: stakeholder 'cfo' is not on the map (hint: add a stakeholder with id 'cfo' "
        "under 'stakeholders:', or correct the id)",
        "::error file=deals/van dijk%2C line 3.yaml,line=12,col=9,title=AM004 duplicate-id::"
        "id 'jan' is already used by another stakeholder at line 10 (hint: give each person a "
        "unique id, e.g. first and last name: 'jan-de-vries')",
        "::error file=deals/van dijk%2C line 3.yaml,line=14,col=9,title=AM004 duplicate-id::"
        "id 'jan' is already used by another stakeholder at line 10 (hint: give each person a "
        "unique id, e.g. first and last name: 'jan-de-vries')",
        "4 errors, 0 warnings in 2 maps.",
    ]


@pytest.mark.parametrize(
    ("env", "first"),
    [
        ({"GITHUB_ACTIONS": "true"}, "::error file=map.yaml,line=9,col=17,title=AM005 "),
        ({"GITHUB_ACTIONS": "false"}, "map.yaml:9:17: AM005 "),
        ({}, "map.yaml:9:17: AM005 "),
    ],
)
def test_auto_format_is_github_inside_github_actions(
    invoke, tmp_path: Path, monkeypatch, env: dict[str, str], first: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(tmp_path, DUPLICATES)
    for args in (["lint", "map.yaml"], ["lint", "map.yaml", "--format", "auto"]):
        result = invoke(*args, env=env)
        assert result.exit_code == 1
        assert result.stdout.startswith(first)


def test_auto_never_changes_an_explicit_format(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, DUPLICATES)
    result = invoke("lint", path, "-f", "json", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(result.stdout)["summary"] == {"files": 1, "errors": 3, "warnings": 0}


# --- sarif --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    """A validator for the official SARIF 2.1.0 schema from the shared folder."""
    if not SARIF_SCHEMA.is_file():
        if os.environ.get("ACCOUNTMAP_CI") == "1":
            pytest.fail(f"the SARIF schema is missing under CI: {SARIF_SCHEMA}")
        pytest.skip(f"no SARIF schema at {SARIF_SCHEMA}")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def _sarif(invoke, *args: str | Path) -> tuple[int, dict]:
    result = invoke("lint", *args, "--format", "sarif")
    assert result.stderr == ""
    return result.exit_code, json.loads(result.stdout)


def _maps_with_every_level(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    for example in sorted((ROOT / "maps").glob("*.yaml")):
        write_map(folder, example.read_text(encoding="utf-8"), example.name)
    write_map(folder, DUPLICATES, "deals/van dijk, line 3.yaml")
    write_map(folder, "stakeholders:\n<<<<<<< HEAD\n", "conflict.yaml")
    write_map(folder, ONLY_A_WARNING, "suppressed.yaml")
    return folder


def test_sarif_validates_against_the_official_schema(
    invoke, tmp_path: Path, monkeypatch, sarif_validator
) -> None:
    monkeypatch.chdir(tmp_path)
    _maps_with_every_level(tmp_path)
    code, log = _sarif(invoke, "maps", "--as-of", "2026-02-01")
    assert code == 1
    errors = [error.message for error in sarif_validator.iter_errors(log)]
    assert errors == []
    results = log["runs"][0]["results"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    empty_code, empty = _sarif(invoke, "maps/kuipers-cnc-cell.yaml", "--select", "AM001")
    assert empty_code == 0
    assert empty["runs"][0]["results"] == []
    assert list(sarif_validator.iter_errors(empty)) == []


def test_sarif_driver_lists_every_rule_with_its_documentation(invoke, tmp_path: Path) -> None:
    from accountmap_cli import __version__
    from accountmap_cli.rules import RULES

    _, log = _sarif(invoke, write_map(tmp_path, CLOSED_DEAL))
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("accountmap", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(driver["rules"], RULES.values(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"] == {"text": rule.summary}
        assert descriptor["fullDescription"]["text"]
        assert not descriptor["fullDescription"]["text"].startswith("#")
        assert descriptor["help"] == {"text": rule.doc, "markdown": rule.doc}
        assert descriptor["defaultConfiguration"] == {"level": levels[rule.severity.value]}
    am004 = driver["rules"][list(RULES).index("AM004")]
    assert am004["fullDescription"]["text"] == (
        "An `id` used twice among the stakeholders and our `team` members together."
    )


def test_sarif_results_are_exact(invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(tmp_path, DUPLICATES, "deals/van dijk, line 3.yaml")
    code, log = _sarif(invoke, "./deals/")
    assert code == 1
    index = {rule["id"]: i for i, rule in enumerate(log["runs"][0]["tool"]["driver"]["rules"])}
    uri = "deals/van%20dijk%2C%20line%203.yaml"

    def result(code: str, line: int, column: int, message: str, fingerprint: str) -> dict:
        return {
            "ruleId": code,
            "ruleIndex": index[code],
            "level": "error",
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": line, "startColumn": column},
                    }
                }
            ],
            "partialFingerprints": {"accountmap/v1": fingerprint},
            "properties": {"stakeholder": "pieter" if code == "AM005" else "jan"},
        }

    duplicate = (
        "id 'jan' is already used by another stakeholder at line 10 (hint: give each person a "
        "unique id, e.g. first and last name: 'jan-de-vries')"
    )
    assert log["runs"][0]["results"] == [
        result(
            "AM005",
            9,
            17,
            "reports_to: stakeholder 'cfo' is not on the map (hint: add a stakeholder with id "
            "'cfo' under 'stakeholders:', or correct the id)",
            FINGERPRINTS[0],
        ),
        result("AM004", 12, 9, duplicate, FINGERPRINTS[1]),
        result("AM004", 14, 9, duplicate, FINGERPRINTS[2]),
    ]
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


FINGERPRINTS = [
    "b125b5f05ed7b21c32a3b6e329d057fb0f77bef9cc1253e1f348a701d1dfb20d",
    "5f75bc0d7261b4a592f24d73f6b7a9fea330e1f8ea3e1cef826e8f5283286769",
    "1184a181b781d4c8572cf9936103cf5080d250422d99a6b0d0cfbd20a83b0bfb",
]
"""The fingerprints of DUPLICATES at `deals/van dijk, line 3.yaml`: a contract with code scanning
and GitLab (a new recipe would reopen every alert), so they are written out."""


def _fingerprints(invoke, output_format: str, *args: str | Path) -> list[str]:
    result = invoke("lint", *args, "--format", output_format)
    data = json.loads(result.stdout)
    if output_format == "sarif":
        return [r["partialFingerprints"]["accountmap/v1"] for r in data["runs"][0]["results"]]
    return [issue["fingerprint"] for issue in data]


@pytest.mark.parametrize("output_format", ["sarif", "gitlab"])
def test_fingerprints_survive_moved_lines_and_passing_days(
    invoke, tmp_path: Path, monkeypatch, output_format: str
) -> None:
    monkeypatch.chdir(tmp_path)
    example = (ROOT / "maps" / "heijden-packaging-line.yaml").read_text(encoding="utf-8")
    write_map(tmp_path, example, "deal.yaml")
    before = _fingerprints(invoke, output_format, "deal.yaml", "--as-of", "2026-02-01")
    assert len(before) == len(set(before)) >= 3
    # A rep adds notes at the top, and a week passes ("no contact for N days" counts up).
    write_map(tmp_path, "# notes from the call\n# and more notes\n" + example, "deal.yaml")
    after = _fingerprints(invoke, output_format, "./deal.yaml", "--as-of", "2026-02-08")
    assert after == before


# --- gitlab -------------------------------------------------------------------------------------


def test_gitlab_report_is_exact(invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(tmp_path, DUPLICATES, "deals/van dijk, line 3.yaml")
    result = invoke("lint", "deals", "--format", "gitlab")
    assert (result.exit_code, result.stderr) == (1, "")

    def issue(code: str, line: int, description: str, fingerprint: str) -> dict:
        return {
            "type": "issue",
            "description": description,
            "check_name": code,
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint,
            "severity": "major",
            "location": {"path": "deals/van dijk, line 3.yaml", "lines": {"begin": line}},
        }

    duplicate = (
        "AM004 id 'jan' is already used by another stakeholder at line 10 (hint: give each "
        "person a unique id, e.g. first and last name: 'jan-de-vries')"
    )
    assert json.loads(result.stdout) == [
        issue(
            "AM005",
            9,
            "AM005 reports_to: stakeholder 'cfo' is not on the map (hint: add a stakeholder "
            "with id 'cfo' under 'stakeholders:', or correct the id)",
            FINGERPRINTS[0],
        ),
        issue("AM004", 12, duplicate, FINGERPRINTS[1]),
        issue("AM004", 14, duplicate, FINGERPRINTS[2]),
    ]


def test_gitlab_fingerprints_are_unique_and_stable_across_runs(
    invoke, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _maps_with_every_level(tmp_path)  # absolute: reported relative to the current folder
    first = invoke("lint", folder, "-f", "gitlab", "--as-of", "2026-02-01")
    second = invoke("lint", folder, "-f", "gitlab", "--as-of", "2026-02-01")
    assert first.stdout == second.stdout
    issues = json.loads(first.stdout)
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(fingerprints) == len(set(fingerprints)) > 10
    assert {issue["severity"] for issue in issues} == {"major", "minor", "info"}
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["lines"]["begin"] >= 1
        assert issue["location"]["path"].startswith("maps/")


def test_gitlab_report_of_clean_maps_is_an_empty_array(invoke, tmp_path: Path) -> None:
    result = invoke("lint", write_map(tmp_path, CLOSED_DEAL), "-f", "gitlab")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


# --- exit codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flags", "code"),
    [
        (CLOSED_DEAL, [], 0),
        (CLOSED_DEAL, ["--strict"], 0),
        (ONLY_A_WARNING, [], 0),
        (ONLY_A_WARNING, ["--strict"], 1),
        (ONLY_A_WARNING, ["--strict", "--exit-zero"], 0),
        (DUPLICATES, [], 1),
        (DUPLICATES, ["--exit-zero"], 0),
        (DUPLICATES, ["--exit-zero", "-f", "sarif"], 0),
    ],
)
def test_strict_and_exit_zero(
    invoke, tmp_path: Path, text: str, flags: list[str], code: int
) -> None:
    result = invoke("lint", write_map(tmp_path, text), *flags)
    assert result.exit_code == code


def test_info_findings_never_fail_even_strict(invoke, tmp_path: Path) -> None:
    example = ROOT / "maps" / "heijden-packaging-line.yaml"
    result = invoke("lint", example, "--strict", "--select", "AM111", "-f", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [f["severity"] for f in findings] == ["info"]
    assert result.exit_code == 0


def test_exit_zero_keeps_usage_errors(invoke, tmp_path: Path) -> None:
    result = invoke("lint", tmp_path / "missing", "--exit-zero")
    assert result.exit_code == 2
    result = invoke("lint", tmp_path, "--exit-zero", "-f", "xml")
    assert result.exit_code == 2
    assert "choose one of: auto, text, json, github, sarif, gitlab" in result.stderr


# --- statistics ---------------------------------------------------------------------------------

STATISTICS = "2  AM004  duplicate-id\n1  AM005  unknown-reference\n3 findings from 2 rules.\n"


def test_statistics_follow_the_text_output(invoke, tmp_path: Path) -> None:
    result = invoke("lint", write_map(tmp_path, DUPLICATES), "--statistics")
    assert result.exit_code == 1
    assert result.stdout.endswith("3 errors, 0 warnings in 1 map.\n" + STATISTICS)
    assert result.stderr == ""


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab"])
def test_statistics_go_to_stderr_for_machine_formats(
    invoke, tmp_path: Path, output_format: str
) -> None:
    path = write_map(tmp_path, DUPLICATES)
    result = invoke("lint", path, "--statistics", "-f", output_format)
    json.loads(result.stdout)
    assert result.stderr == STATISTICS


def test_statistics_without_findings(invoke, tmp_path: Path) -> None:
    result = invoke("lint", write_map(tmp_path, CLOSED_DEAL), "--statistics", "-f", "github")
    assert result.stdout == "All good: 1 map checked, no findings.\nNo findings.\n"


# --- markdown summaries -------------------------------------------------------------------------

SUMMARY = """\
### accountmap lint

❌ 3 errors, 1 warning in 2 maps.

| Rule | Name | Findings |
| --- | --- | ---: |
| AM004 | duplicate-id | 2 |
| AM005 | unknown-reference | 1 |
| AM100 | unused-suppression | 1 |

| | Where | Rule | Message |
| --- | --- | --- | --- |
| ❌ | `deals/a\\|b.yaml:9:17` | AM005 | reports\\_to: stakeholder 'cfo' is not on the map |
| ❌ | `deals/a\\|b.yaml:12:9` | AM004 | id 'jan' is already used by another stakeholder at line 10 |
| ❌ | `deals/a\\|b.yaml:14:9` | AM004 | id 'jan' is already used by another stakeholder at line 10 |
| ⚠️ | `deals/b.yaml:1:1` | AM100 | unused suppression: no AM004 finding in this file |

"""


def test_summary_markdown_is_appended(invoke, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(tmp_path, DUPLICATES, "deals/a|b.yaml")
    write_map(tmp_path, ONLY_A_WARNING, "deals/b.yaml")
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n\n", encoding="utf-8")
    result = invoke("lint", "deals", "-f", "json", "--summary-markdown", summary)
    assert result.exit_code == 1
    json.loads(result.stdout)
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n\n" + SUMMARY


def test_summary_of_clean_maps(invoke, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = invoke("lint", write_map(tmp_path, CLOSED_DEAL), "--summary-markdown", summary)
    assert result.exit_code == 0
    assert summary.read_text(encoding="utf-8") == (
        "### accountmap lint\n\n✅ All good: 1 map checked, no findings.\n\n"
    )


def test_step_summary_goes_to_github_step_summary_when_set(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, CLOSED_DEAL)
    step = tmp_path / "step_summary"
    result = invoke("lint", path, "--step-summary", env={"GITHUB_STEP_SUMMARY": str(step)})
    assert result.exit_code == 0
    assert step.read_text(encoding="utf-8").startswith("### accountmap lint\n")
    # The same file named twice gets one summary.
    result = invoke(
        "lint",
        path,
        "--step-summary",
        "--summary-markdown",
        step,
        env={"GITHUB_STEP_SUMMARY": str(step)},
    )
    assert step.read_text(encoding="utf-8").count("### accountmap lint") == 2
    # Outside GitHub Actions the flag does nothing, so one command works everywhere.
    result = invoke("lint", path, "--step-summary")
    assert (result.exit_code, result.stderr) == (0, "")


def test_unwritable_summary_is_a_usage_error(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, CLOSED_DEAL)
    result = invoke("lint", path, "--summary-markdown", tmp_path / "no" / "such" / "summary.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("accountmap: error: cannot write the summary to ")
    assert "Traceback" not in result.stderr


def test_summary_lists_at_most_fifty_findings() -> None:
    from accountmap_cli.render.summary import render_summary_markdown

    findings = [finding(line=n) for n in range(1, 61)]
    text = render_summary_markdown([MapReport("maps/a.yaml", findings)])
    assert text.count("| ❌ |") == 50
    assert text.endswith("\n…and 10 more.\n\n")


def test_paths_are_relative_to_the_current_folder_for_ci(invoke, tmp_path: Path, monkeypatch):
    # `accountmap lint "$GITHUB_WORKSPACE/maps"`: CI resolves paths against the repository root.
    monkeypatch.chdir(tmp_path)
    path = write_map(tmp_path, DUPLICATES, "maps/a.yaml").resolve()
    github = invoke("lint", path, "-f", "github").stdout
    assert github.startswith("::error file=maps/a.yaml,line=9,col=17,")
    sarif = json.loads(invoke("lint", path, "-f", "sarif").stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "maps/a.yaml"}
    outside = write_map(tmp_path, DUPLICATES, "elsewhere/b.yaml").resolve()
    monkeypatch.chdir(tmp_path / "maps")
    sarif = json.loads(invoke("lint", outside, "-f", "sarif").stdout)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": outside.as_uri()}
