"""The deal-risk score: weights, caps, levels, monotone, and it ranks as a sales manager would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountmap_cli.config import Settings
from accountmap_cli.findings import Finding, Severity
from accountmap_cli.lint import check_file
from accountmap_cli.risk import (
    DEFAULT_CAPS,
    DEFAULT_WEIGHTS,
    RiskScore,
    level_of,
    next_actions,
    score_findings,
    score_report,
)
from accountmap_cli.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
MAPS = ROOT / "maps"
BIG_DEAL = MAPS / "heijden-packaging-line.yaml"
"""The €280,000 deal: one contact, no economic buyer engaged, three weeks of silence, at proposal."""
MODEL_DEAL = MAPS / "kuipers-cnc-cell.yaml"
"""The well multi-threaded deal."""
AS_OF = dt.date(2026, 12, 1)


def finding(code: str, line: int = 1, stakeholder: str | None = None, hint: str | None = None):
    return Finding(
        "deal.yaml",
        line,
        1,
        code,
        RULES[code].name,
        Severity.WARNING,
        f"{code} message {line}",
        stakeholder,
        hint,
    )


def test_weights_and_caps_cover_exactly_the_deal_risk_rules() -> None:
    deal_risk = sorted(code for code, rule in RULES.items() if rule.deal_risk)
    assert sorted(DEFAULT_WEIGHTS) == deal_risk
    assert sorted(DEFAULT_CAPS) == deal_risk
    assert all(DEFAULT_CAPS[code] >= DEFAULT_WEIGHTS[code] for code in deal_risk)


def test_score_sums_weights_and_lists_factors_heaviest_first() -> None:
    risk = score_findings(
        [finding("AM112", 9, "els"), finding("AM106", 3), finding("AM110", 7, hint="call")],
        path="deal.yaml",
    )
    assert risk.score == 25 + 20 + 2
    assert risk.level == "medium"
    assert [(f.code, f.points) for f in risk.factors] == [
        ("AM106", 25),
        ("AM110", 20),
        ("AM112", 2),
    ]
    assert risk.as_dict() == {
        "path": "deal.yaml",
        "score": 47,
        "level": "medium",
        "factors": [
            {
                "code": "AM106",
                "rule": "single-threaded",
                "points": 25,
                "message": "AM106 message 3",
                "stakeholder": None,
            },
            {
                "code": "AM110",
                "rule": "stale-deal",
                "points": 20,
                "message": "AM110 message 7",
                "stakeholder": None,
            },
            {
                "code": "AM112",
                "rule": "unassessed-stakeholder",
                "points": 2,
                "message": "AM112 message 9",
                "stakeholder": "els",
            },
        ],
    }


def test_repeated_findings_are_capped_and_the_excess_is_not_a_factor() -> None:
    risk = score_findings([finding("AM111", line) for line in range(1, 8)])
    assert risk.score == DEFAULT_CAPS["AM111"] == 6
    assert [f.points for f in risk.factors] == [2, 2, 2]
    blockers = score_findings([finding("AM105", line) for line in range(1, 4)])
    assert [f.points for f in blockers.factors] == [10, 10]


def test_score_is_at_most_100_and_ignores_codes_without_weight() -> None:
    everything = [finding(code) for code in DEFAULT_WEIGHTS] + [finding("AM003"), finding("AM100")]
    risk = score_findings(everything)
    assert risk.score == 100 and risk.level == "high"
    assert {f.code for f in risk.factors} == set(DEFAULT_WEIGHTS)


@pytest.mark.parametrize(
    ("score", "level"), [(0, "low"), (29, "low"), (30, "medium"), (59, "medium"), (60, "high")]
)
def test_level_cut_offs(score: int, level: str) -> None:
    assert level_of(score) == level


def test_team_weights_caps_and_cut_offs() -> None:
    settings = Settings(
        risk_weights={"AM110": 0, "AM111": 5, "AM003": 50},
        risk_caps={"AM111": 100},
        risk_medium=10,
        risk_high=20,
    )
    risk = score_findings(
        [finding("AM110"), finding("AM111", 1), finding("AM111", 2), finding("AM003")],
        settings=settings,
    )
    assert [(f.code, f.points) for f in risk.factors] == [("AM003", 50), ("AM111", 5), ("AM111", 5)]
    assert (risk.score, risk.level) == (60, "high")


@given(st.lists(st.sampled_from(sorted(DEFAULT_WEIGHTS)), max_size=30), st.data())
def test_fixing_a_finding_never_raises_the_score(codes: list[str], data) -> None:
    findings = [finding(code, line) for line, code in enumerate(codes, start=1)]
    full = score_findings(findings)
    assert full.score == min(100, sum(f.points for f in full.factors))
    if findings:
        fixed = data.draw(st.integers(0, len(findings) - 1))
        fewer = score_findings(findings[:fixed] + findings[fixed + 1 :])
        assert fewer.score <= full.score


def test_next_actions_are_the_hints_of_the_heaviest_factors_once_each() -> None:
    risk = score_findings(
        [
            finding("AM112", 1, hint="assess Els"),
            finding("AM106", 2, hint="ask Pieter to introduce you to Karin"),
            finding("AM102", 3, hint="ask Pieter to introduce you to Karin"),
            finding("AM110", 4),
            finding("AM111", 5, hint="name the CFO"),
        ]
    )
    assert next_actions(risk) == [
        "ask Pieter to introduce you to Karin",
        "AM110 message 4",
        "name the CFO",
    ]
    assert next_actions(risk, limit=1) == ["ask Pieter to introduce you to Karin"]
    assert next_actions(RiskScore("x", 0, "low", ())) == []


def test_adding_an_economic_buyer_lowers_the_risk_even_before_meeting_them() -> None:
    missing = score_report(check_file(str(FIXTURES / "AM101-fail.yaml"), as_of=AS_OF))
    unmet = score_report(check_file(str(FIXTURES / "AM102-fail.yaml"), as_of=AS_OF))
    clean = score_report(check_file(str(FIXTURES / "AM101-pass.yaml"), as_of=AS_OF))
    assert missing.score > unmet.score > clean.score == 0


def test_closed_deals_score_zero(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "AM106-fail.yaml").read_text("utf-8").replace("stage: proposal", "stage: lost")
    )
    path = tmp_path / "lost.yaml"
    path.write_text(text, encoding="utf-8")
    risk = score_report(check_file(str(path), as_of=AS_OF))
    assert (risk.score, risk.level, risk.factors) == (0, "low", ())


EXAMPLE_DATES = [
    dt.date(2026, 11, 14),
    dt.date(2026, 12, 4),
    dt.date(2027, 6, 1),
    dt.date(2030, 1, 1),
]


@pytest.mark.skipif(not BIG_DEAL.exists(), reason="example maps not present")
@pytest.mark.parametrize("as_of", EXAMPLE_DATES)
def test_the_280k_deal_is_high_risk_on_any_date(as_of: dt.date) -> None:
    report = check_file(str(BIG_DEAL), as_of=as_of)
    assert report.model is not None and report.model.opportunity.value == 280_000
    risk = score_report(report)
    assert risk.level == "high"
    assert {"AM106", "AM107", "AM108"} <= {f.code for f in risk.factors}


@pytest.mark.skipif(not MODEL_DEAL.exists(), reason="example maps not present")
@pytest.mark.parametrize("as_of", EXAMPLE_DATES)
def test_the_multi_threaded_deal_is_low_risk_on_any_date(as_of: dt.date) -> None:
    risk = score_report(check_file(str(MODEL_DEAL), as_of=as_of))
    assert risk.level == "low"


@pytest.mark.skipif(not MODEL_DEAL.exists(), reason="example maps not present")
def test_the_multi_threaded_deal_is_scored_zero_today_in_the_example() -> None:
    risk = score_report(check_file(str(MODEL_DEAL), as_of=dt.date(2026, 12, 4)))
    assert (risk.score, risk.factors) == (0, ())
