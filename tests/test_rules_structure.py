"""AM001-AM006 proven on fixture maps: every invalid fixture states its exact findings.

Each file in `fixtures/maps/invalid/` starts with one header comment per expected finding:

    # expect: LINE:COL CODE [stakeholder=ID] message fragment

The structural findings (AM001-AM006) of the file must be exactly those (line, column, code,
stakeholder), each message must contain its fragment. Files in `fixtures/maps/valid/` must load as
a model with no structural finding at all. Deal-risk rules (AM1xx) are other tests' business.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from accountmap_cli.lint import check_file
from accountmap_cli.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "maps"
VALID = sorted((FIXTURES / "valid").glob("*.y*ml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.y*ml"))
STRUCTURAL = {"AM001", "AM002", "AM003", "AM004", "AM005", "AM006"}
AS_OF = dt.date(2026, 2, 1)

_EXPECT = re.compile(
    r"^# expect: (?P<line>\d+):(?P<column>\d+) (?P<code>AM\d{3})"
    r"(?: stakeholder=(?P<stakeholder>\S+))? (?P<fragment>.+)$"
)


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    code: str
    stakeholder: str | None
    fragment: str


def _header_text(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw[1:2] == b"\x00":
        return raw.decode("utf-16-le")
    return raw.decode("utf-8", errors="replace")


def expectations(path: Path) -> list[Expected]:
    found = []
    for text in _header_text(path.read_bytes()).splitlines():
        match = _EXPECT.match(text)
        if match is None:
            break
        found.append(
            Expected(
                int(match["line"]),
                int(match["column"]),
                match["code"],
                match["stakeholder"],
                match["fragment"],
            )
        )
    return found


def structural(path: Path) -> list:
    return [f for f in check_file(str(path), as_of=AS_OF).findings if f.code in STRUCTURAL]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_gives_exactly_the_expected_findings(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' header"
    findings = structural(path)
    got = [(f.line, f.column, f.code, f.stakeholder) for f in findings]
    want = sorted((e.line, e.column, e.code, e.stakeholder) for e in expected)
    assert got == want, "\n".join(f"{f.location}: {f.code} {f.message}" for f in findings)
    for finding, expect in zip(
        findings, sorted(expected, key=lambda e: (e.line, e.column)), strict=True
    ):
        assert expect.fragment in finding.message
        assert finding.path == str(path)
        assert finding.rule == RULES[finding.code].name
        assert finding.severity.value == "error"
        assert "\n" not in finding.message and finding.message.isprintable()
        assert finding.hint, f"{finding.code} at {finding.location} gives no hint"
        assert "\n" not in finding.hint


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_loads_without_structural_findings(path: Path) -> None:
    report = check_file(str(path), as_of=AS_OF)
    assert [f for f in report.findings if f.code in STRUCTURAL] == []
    assert report.loaded


def test_every_structural_code_has_a_negative_fixture() -> None:
    codes = {e.code for path in INVALID for e in expectations(path)}
    assert codes == STRUCTURAL


def test_fixture_folders_are_not_empty() -> None:
    assert len(VALID) >= 5
    assert len(INVALID) >= 40


def test_three_person_cycle_is_reported_once_not_for_its_followers() -> None:
    findings = structural(FIXTURES / "invalid" / "am006-three-person-cycle.yaml")
    assert [f.message for f in findings] == ["reporting cycle: a → b → c → a"]


def test_two_separate_cycles_are_each_reported(tmp_path: Path) -> None:
    from conftest import write_map

    path = write_map(
        tmp_path,
        """\
opportunity: {name: X, account: Y, value: 1, stage: discovery}
stakeholders:
  - {id: a, name: A, reports_to: b}
  - {id: b, name: B, reports_to: a}
  - {id: c, name: C, reports_to: c}
""",
    )
    findings = structural(path)
    assert [(f.line, f.column, f.code, f.stakeholder, f.message) for f in findings] == [
        (3, 34, "AM006", "a", "reporting cycle: a → b → a"),
        (5, 34, "AM006", "c", "'c' reports to themselves"),
    ]


def test_unknown_reference_hints(tmp_path: Path) -> None:
    from conftest import write_map

    path = write_map(
        tmp_path,
        """\
opportunity: {name: X, account: Y, value: 1, stage: discovery, owner: pieter}
team: [{id: sanne, name: Sanne}]
stakeholders:
  - {id: pieter, name: Pieter, reports_to: sanne}
  - {id: anna, name: Anna, reports_to: pieterr}
interactions:
  - {date: 2026-01-02, with: [pieter], by: sane}
""",
    )
    hints = {(f.line, f.code): f.hint for f in structural(path)}
    assert hints == {
        (1, "AM005"): "'pieter' is a stakeholder; this field names someone on our own team",
        (4, "AM005"): "'sanne' is on our team; this field names a stakeholder on the buying side",
        (5, "AM005"): "did you mean 'pieter'?",
        (7, "AM005"): "did you mean 'sanne'?",
    }


def test_rules_are_skipped_when_the_map_is_invalid(tmp_path: Path) -> None:
    """AM004-AM006 need a valid model; an invalid map reports only what is wrong with it."""
    from conftest import write_map

    path = write_map(
        tmp_path,
        """\
opportunity: {name: X, account: Y, value: -1, stage: discovery}
stakeholders:
  - {id: a, name: A, reports_to: a}
""",
    )
    assert [f.code for f in structural(path)] == ["AM003"]
