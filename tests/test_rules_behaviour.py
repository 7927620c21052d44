"""Deal-risk rules beyond the fixtures: hints that name people, team thresholds and stages, closed deals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accountmap_cli.config import Settings
from accountmap_cli.findings import Severity
from accountmap_cli.lint import check_document
from accountmap_cli.loader import parse

AS_OF = dt.date(2026, 12, 1)
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
BASE = (FIXTURES / "AM101-pass.yaml").read_text("utf-8")


def run(text: str, settings: Settings | None = None, as_of: dt.date = AS_OF):
    report = check_document(
        parse(text, path="deal.yaml"), as_of=as_of, settings=settings or Settings()
    )
    assert report.loaded, report.findings
    return report.findings


def only(text: str, code: str, settings: Settings | None = None, as_of: dt.date = AS_OF):
    return [f for f in run(text, settings, as_of) if f.code == code]


def edit(*pairs: tuple[str, str], text: str = BASE) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


UNMET_CFO = edit(("    last_contact: 2026-11-25\n", ""))


def test_economic_buyer_hint_goes_through_someone_who_trusts_them() -> None:
    [finding] = only(UNMET_CFO, "AM102")
    assert finding.stakeholder == "karin"
    assert finding.hint == "book a meeting with Karin Smit through Pieter de Vries"


def test_without_a_tie_the_hint_uses_the_reporting_line() -> None:
    text = edit(
        (
            "  - {from: pieter, to: karin, type: trusts}\n",
            "  - {from: ahmed, to: els, type: tension}\n",
        ),
        ("    reports_to: karin\n", ""),
        ("    role: technical_buyer\n", "    role: technical_buyer\n    reports_to: karin\n"),
        text=UNMET_CFO,
    )
    [finding] = only(text, "AM102")
    assert finding.hint == "book a meeting with Karin Smit through Ahmed Yilmaz"


def test_without_tie_or_line_the_champion_introduces() -> None:
    text = edit(
        (
            "  - {from: pieter, to: karin, type: trusts}\n",
            "  - {from: ahmed, to: els, type: tension}\n",
        ),
        ("    reports_to: karin\n", ""),
        text=UNMET_CFO,
    )
    [finding] = only(text, "AM102")
    assert finding.hint == "book a meeting with Karin Smit through Pieter de Vries"


def test_an_unnamed_economic_buyer_is_called_by_their_seat() -> None:
    text = edit(("    name: Karin Smit\n", ""), text=UNMET_CFO)
    [finding] = only(text, "AM102")
    assert finding.message == "the economic buyer (CFO) has not been contacted"
    assert finding.hint == "book a meeting with the CFO through Pieter de Vries"


def test_powerless_champion_hint_points_at_a_powerful_boss() -> None:
    text = edit(
        (
            "    influence: high\n    attitude: champion\n",
            "    influence: low\n    attitude: champion\n",
        )
    )
    [finding] = only(text, "AM104")
    assert finding.message == (
        "champion Pieter de Vries (Plant manager) has low influence: "
        "a champion without power is no champion"
    )
    assert (
        finding.hint == "ask Pieter de Vries to introduce you to Karin Smit (CFO) and win them over"
    )


def test_missing_economic_buyer_hint_names_the_contact_and_the_value() -> None:
    text = edit(("    role: economic_buyer\n", "    role: influencer\n"))
    [finding] = only(text, "AM101")
    assert finding.hint == (
        "ask Pieter de Vries who signs off on €120,000 and add them with role: economic_buyer"
    )


def test_stale_deal_hint_names_our_owner_and_the_last_contact() -> None:
    [finding] = only(BASE, "AM110", as_of=dt.date(2026, 12, 20))
    assert (
        finding.message
        == "no contact with anyone for 22 days (last: 2026-11-28 with Pieter de Vries)"
    )
    assert (
        finding.hint
        == "Anna Visser: call Pieter de Vries this week and agree a next step with a date"
    )
    assert finding.severity is Severity.WARNING


def test_no_stale_finding_without_any_contact_or_with_contacts_after_as_of() -> None:
    nobody = edit(
        ("    last_contact: 2026-11-25\n", ""),
        ("    last_contact: 2026-11-28\n", ""),
        ("    last_contact: 2026-11-20\n", ""),
    )
    assert only(nobody, "AM110", as_of=dt.date(2027, 6, 1)) == []
    assert [f.code for f in only(nobody, "AM106")] == ["AM106"]
    assert only(BASE, "AM110", as_of=dt.date(2026, 1, 1)) == []


@pytest.mark.parametrize("stage", ["won", "lost"])
def test_closed_deals_get_structural_checks_only(stage: str) -> None:
    text = edit(
        ("  stage: proposal\n", f"  stage: {stage}\n"),
        ("    role: economic_buyer\n", "    role: economic_buyer\n    reports_to: nobody\n"),
        ("    attitude: champion\n", "    attitude: supporter\n"),
    )
    assert [f.code for f in run(text, as_of=dt.date(2030, 1, 1))] == ["AM005"]


def test_proposal_or_later_follows_the_team_stage_list() -> None:
    stages = ("lead", "discovery", "offer", "contract", "won", "lost")
    gap = edit(("    role: procurement\n", "    role: influencer\n"))
    offer = gap.replace("stage: proposal", "stage: offer")
    settings = Settings(stages=stages, proposal_stage="offer")
    assert [f.message for f in only(offer, "AM108", settings)] == [
        "at stage 'offer' nobody is mapped as procurement (role: procurement)"
    ]
    assert only(offer.replace("stage: offer", "stage: discovery"), "AM108", settings) == []
    assert only(offer.replace("stage: offer", "stage: contract"), "AM108", settings) != []
    later = Settings(stages=stages, proposal_stage="contract")
    assert only(offer, "AM108", later) == []


def test_thresholds_come_from_the_settings() -> None:
    as_of = dt.date(2026, 12, 20)  # 22 days after the last contact
    assert only(BASE, "AM110", Settings(stale_days=22), as_of) == []
    assert only(BASE, "AM110", Settings(stale_days=21), as_of) != []
    assert only(BASE, "AM106", Settings(min_engaged=4)) != []
    assert only(BASE, "AM107", Settings(min_stakeholders=5))[0].severity is Severity.ERROR
    cheap = Settings(min_stakeholders=5, mandatory_mapping_value=120_000)
    assert only(BASE, "AM107", cheap)[0].severity is Severity.WARNING
    assert only(BASE, "AM109", Settings(min_sources=3)) != []
    one_source = edit(("    sources: [contact, linkedin]\n", "    sources: [news]\n"))
    assert only(one_source, "AM109", Settings(min_sources=1)) == []
    assert only(BASE, "AM114", Settings(champion_quiet_days=2)) != []


def test_a_configured_severity_overrides_the_rule_and_the_per_problem_severity() -> None:
    few = edit(("    name: Els Bos\n", ""), ("    name: Ahmed Yilmaz\n", ""))
    assert only(few, "AM107")[0].severity is Severity.ERROR
    relaxed = Settings(severities={"AM107": Severity.INFO})
    assert only(few, "AM107", relaxed)[0].severity is Severity.INFO
    assert only(few, "AM107", Settings(severities={"AM107": None})) == []
