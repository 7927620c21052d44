"""Every deal-risk rule against its pass and fail fixtures in tests/fixtures/rules/.

A fixture is named `AM1xx-pass-*.yaml` or `AM1xx-fail-*.yaml`. Each expected finding of the rule
under test is marked on the line where it must be reported: `# expect: AM105:15` (code:column; a
line may carry several). `# as-of: YYYY-MM-DD` in the header pins the date (default 2026-12-01).
Only findings of the rule under test are compared; no fixture may have a structural finding.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from accountmap_cli.findings import Severity
from accountmap_cli.lint import check_file
from accountmap_cli.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
ALL = sorted(FIXTURES.glob("AM1*.yaml"))
DEFAULT_AS_OF = dt.date(2026, 12, 1)
DEAL_RISK_CODES = [
    code for code, rule in RULES.items() if rule.deal_risk and not rule.needs_history
]
"""Rules that read the git history (AM115) cannot be judged from one file: their pass and fail
cases are real git repositories, in tests/test_mapped_late.py."""


def code_of(path: Path) -> str:
    return path.name.split("-")[0]


def expected(path: Path) -> tuple[list[tuple[str, int, int]], dt.date]:
    marks = []
    as_of = DEFAULT_AS_OF
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = re.search(r"# as-of: (\d{4}-\d\d-\d\d)", line)
        if found:
            as_of = dt.date.fromisoformat(found.group(1))
        tail = re.search(r"# expect: (.*)$", line)
        if tail:
            for code, column in re.findall(r"(AM\d{3}):(\d+)", tail.group(1)):
                marks.append((code, number, int(column)))
    return sorted(marks), as_of


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_fixture_gives_exactly_the_marked_findings(path: Path) -> None:
    marks, as_of = expected(path)
    report = check_file(str(path), as_of=as_of)
    assert report.loaded, report.findings
    assert [f for f in report.findings if f.code < "AM100"] == []
    code = code_of(path)
    got = sorted((f.code, f.line, f.column) for f in report.findings if f.code == code)
    assert got == marks
    if "-pass" in path.name:
        assert marks == []
    else:
        assert marks, "a fail fixture marks at least one finding"
    for finding in report.findings:
        assert finding.hint, f"{finding.code} has no hint"


@pytest.mark.parametrize("code", DEAL_RISK_CODES)
def test_every_deal_risk_rule_has_pass_and_fail_fixtures(code: str) -> None:
    names = [p.name for p in ALL if code_of(p) == code]
    assert any("-pass" in n for n in names), f"{code} has no pass fixture"
    assert any("-fail" in n for n in names), f"{code} has no fail fixture"


def test_the_base_fixture_is_clean() -> None:
    """AM101-pass is the untouched base every fixture is made from: no finding at all."""
    report = check_file(str(FIXTURES / "AM101-pass.yaml"), as_of=DEFAULT_AS_OF)
    assert report.findings == []


@pytest.mark.parametrize(
    ("name", "severity"),
    [
        ("AM107-fail-error-above-50000.yaml", Severity.ERROR),
        ("AM107-fail-warning-at-50000.yaml", Severity.WARNING),
    ],
)
def test_too_few_stakeholders_is_an_error_only_above_the_mandatory_value(
    name: str, severity: Severity
) -> None:
    report = check_file(str(FIXTURES / name), as_of=DEFAULT_AS_OF)
    [finding] = [f for f in report.findings if f.code == "AM107"]
    assert finding.severity is severity


@pytest.mark.parametrize(
    ("name", "days", "found"),
    [
        ("AM110-pass-14-days.yaml", 14, False),
        ("AM110-fail-15-days.yaml", 15, True),
        ("AM114-pass-30-days.yaml", 30, False),
        ("AM114-fail-31-days.yaml", 31, True),
    ],
)
def test_date_boundaries_are_exact(name: str, days: int, found: bool) -> None:
    path = FIXTURES / name
    _, as_of = expected(path)
    report = check_file(str(path), as_of=as_of)
    code = code_of(path)
    findings = [f for f in report.findings if f.code == code]
    assert bool(findings) is found
    if found:
        assert f"{days} days" in findings[0].message
        assert findings[0].severity is Severity.WARNING
