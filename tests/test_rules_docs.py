"""The rule catalogue is a contract and its documentation is complete and in sync with the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accountmap_cli.docs_rules import (
    TABLE_END,
    TABLE_START,
    main,
    replace_rules_table,
    rules_table,
)
from accountmap_cli.findings import Severity
from accountmap_cli.risk import DEFAULT_CAPS, DEFAULT_WEIGHTS
from accountmap_cli.rules import RULES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")

CONTRACT = {
    "AM100": ("unused-suppression", Severity.WARNING),
    "AM101": ("no-economic-buyer", Severity.ERROR),
    "AM102": ("economic-buyer-not-engaged", Severity.WARNING),
    "AM103": ("no-champion", Severity.ERROR),
    "AM104": ("powerless-champion", Severity.WARNING),
    "AM105": ("unaddressed-blocker", Severity.ERROR),
    "AM106": ("single-threaded", Severity.ERROR),
    "AM107": ("too-few-stakeholders", Severity.WARNING),
    "AM108": ("late-stage-gaps", Severity.ERROR),
    "AM109": ("unverified-decision-maker", Severity.WARNING),
    "AM110": ("stale-deal", Severity.WARNING),
    "AM111": ("unnamed-stakeholder", Severity.INFO),
    "AM112": ("unassessed-stakeholder", Severity.INFO),
    "AM113": ("no-engagement-plan", Severity.WARNING),
    "AM114": ("champion-gone-quiet", Severity.WARNING),
    "AM115": ("mapped-late", Severity.WARNING),
}
SECTIONS = (
    "## What it finds",
    "## Why it matters",
    "## Example",
    "## Use instead",
    "## How to fix",
)
AM1 = [code for code in RULES if code.startswith("AM1")]


def test_codes_names_and_default_severities_are_the_contract() -> None:
    assert {c: (RULES[c].name, RULES[c].severity) for c in CONTRACT} == CONTRACT


def test_registry_keys_match_codes_and_names_are_unique() -> None:
    assert all(code == rule.code for code, rule in RULES.items())
    assert len({rule.name for rule in RULES.values()}) == len(RULES)
    assert all(re.fullmatch(r"AM\d{3}", code) for code in RULES)


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_is_documented_in_the_fixed_sections(code: str) -> None:
    rule = RULES[code]
    assert rule.summary and "\n" not in rule.summary and rule.summary.endswith(".")
    headings = [line for line in rule.doc.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS)
    for section in SECTIONS:
        body = rule.doc.split(section + "\n", 1)[1].split("\n## ", 1)[0].strip()
        assert body, f"{code}: '{section}' is empty"
    example = rule.doc.split("## Example\n", 1)[1]
    assert example.lstrip().startswith("```yaml"), f"{code}: the example is a map snippet"


@pytest.mark.parametrize("code", [c for c in AM1 if c != "AM100"])
def test_deal_risk_rules_are_marked_and_have_a_check(code: str) -> None:
    assert RULES[code].deal_risk and RULES[code].check is not None


def test_readme_rules_table_is_generated_from_the_rules() -> None:
    assert README.count(TABLE_START) == README.count(TABLE_END) == 1
    assert replace_rules_table(README) == README, (
        "The README's rule table is out of date; run: python -m accountmap_cli.docs_rules README.md"
    )
    for code, rule in RULES.items():
        assert f"| {code} | {rule.name} |" in README


def test_readme_risk_weights_table_matches_the_defaults() -> None:
    rows = re.findall(r"\| (AM1\d\d) [a-z-]+(?: \(per role\))? \| (\d+) \| (\d+) ", README)
    rows += re.findall(
        r"\| \d+ \| \d+ \| (AM1\d\d) [a-z-]+(?: \(per role\))? \| (\d+) \| (\d+) \|", README
    )
    documented = {code: (int(points), int(cap)) for code, points, cap in rows}
    assert documented == {
        code: (DEFAULT_WEIGHTS[code], DEFAULT_CAPS[code]) for code in DEFAULT_WEIGHTS
    }


def test_docs_script_rewrites_a_stale_table(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{TABLE_START}\nold\n{TABLE_END}\nafter\n", encoding="utf-8")
    assert main([str(readme)]) == 0
    assert readme.read_text("utf-8") == f"# x\n{TABLE_START}\n{rules_table()}{TABLE_END}\nafter\n"


def test_table_cells_escape_pipes() -> None:

    rule = RULES["AM101"]._replace(summary="a | b")
    assert rules_table([rule]).splitlines()[-1] == "| AM101 | no-economic-buyer | error | a \\| b |"
