"""`accountmap rules`: the catalogue, one rule's full text, and did-you-mean for a wrong code."""

from __future__ import annotations

from accountmap_cli.rules import RULES


def test_lists_every_rule_with_code_name_severity_and_summary(invoke) -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    assert lines[0].split()[:3] == ["AM001", "invalid-yaml", "error"]
    by_code = {line.split()[0]: line for line in lines}
    assert by_code["AM104"] == (
        "AM104  powerless-champion          warning  Every champion has low or unknown influence."
    )
    for code, rule in RULES.items():
        assert by_code[code].split()[1:3] == [rule.name, rule.severity.value]
        assert by_code[code].endswith(rule.summary)


def test_prints_the_full_documentation_of_one_rule(invoke) -> None:
    result = invoke("rules", "AM104")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "AM104 powerless-champion\n"
        "Default severity: warning. Deal-risk rule: judges open deals only "
        "(won and lost deals are skipped).\n\n"
        "Every champion has low or unknown influence.\n\n"
        "## What it finds\n"
    )
    for section in ("## Why it matters", "## Example", "## Use instead", "## How to fix"):
        assert f"\n{section}\n" in result.stdout
    assert result.stdout.endswith("If the influence is unknown, find out.\n")


def test_codes_are_case_insensitive_and_names_work(invoke) -> None:
    assert invoke("rules", "am107").stdout == invoke("rules", "too-few-stakeholders").stdout
    assert (
        "Default severity: warning (error above the mandatory-mapping value)."
        in invoke("rules", "AM107").stdout
    )
    assert "Structural check: runs on every map." in invoke("rules", "AM001").stdout


def test_unknown_code_is_exit_2_with_did_you_mean(invoke) -> None:
    result = invoke("rules", "AM1O4")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr == "accountmap: error: unknown rule 'AM1O4'\n  hint: did you mean 'AM104'?\n"
    )
    named = invoke("rules", "powerles-champion")
    assert named.stderr.endswith("hint: did you mean 'powerless-champion'?\n")
    nothing = invoke("rules", "zzz")
    assert (nothing.exit_code, nothing.stderr.splitlines()[-1]) == (
        2,
        "  hint: run 'accountmap rules'",
    )
