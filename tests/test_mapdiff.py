"""mapdiff: the exact semantic change list for every kind of change, without git."""

from __future__ import annotations

import datetime as dt

import pytest

from accountmap_cli import mapdiff
from accountmap_cli.mapdiff import (
    Risk,
    attitude_direction,
    diff_versions,
    influence_direction,
    load_version,
    stage_direction,
)

AS_OF = dt.date(2026, 11, 30)

BASE = """\
# The Van Dijk deal.
opportunity:
  name: Packaging line 3
  account: Van Dijk B.V.
  value: 120000
  stage: discovery
  owner: sanne
team:
  - id: sanne
    name: Sanne Bakker
stakeholders:
  - id: jan
    name: Jan Jansen
    title: CFO
    role: economic_buyer
    influence: high
    attitude: neutral
  - id: piet
    name: Piet Pieters
    title: Plant manager
    role: user_buyer
    influence: medium
    attitude: supporter
    reports_to: jan
relationships:
  - from: piet
    to: jan
    type: trusts
interactions:
  - date: 2026-11-02
    with: [piet]
    by: sanne
    summary: First visit
"""


def version(text: str, path: str = "maps/a.yaml", *, rules: bool = False):
    return load_version(text.encode(), path, as_of=AS_OF, rules=rules)


def changes(old: str, new: str) -> list[dict]:
    diff = diff_versions(version(old), version(new))
    return [c.as_dict() for c in diff.changes]


def test_reordered_keys_and_comments_are_no_change() -> None:
    moved = (
        BASE.replace("# The Van Dijk deal.\n", "# Rewritten comment\n")
        .replace(
            "    title: CFO\n    role: economic_buyer\n",
            "    role: economic_buyer  # signs\n    title: CFO\n",
        )
        .replace("  value: 120000\n  stage: discovery\n", "  stage: discovery\n  value: 120000.0\n")
    )
    assert moved != BASE
    diff = diff_versions(version(BASE), version(moved))
    assert diff.changes == ()
    assert diff.status == "modified"
    assert diff.empty


def test_attitude_moves_have_a_direction() -> None:
    warmer = BASE.replace("attitude: neutral", "attitude: champion")
    assert changes(BASE, warmer) == [
        {
            "kind": "attitude",
            "stakeholder": "jan",
            "name": "Jan Jansen",
            "title": "CFO",
            "from": "neutral",
            "to": "champion",
            "direction": "warmer",
        }
    ]
    colder = BASE.replace("attitude: supporter", "attitude: skeptical")
    assert changes(BASE, colder) == [
        {
            "kind": "attitude",
            "stakeholder": "piet",
            "name": "Piet Pieters",
            "title": "Plant manager",
            "from": "supporter",
            "to": "skeptical",
            "direction": "colder",
        }
    ]
    unknown = BASE.replace("attitude: supporter", "attitude: unknown")
    assert changes(BASE, unknown)[0]["direction"] is None


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        ("neutral", "champion", "warmer"),
        ("supporter", "skeptical", "colder"),
        ("blocker", "skeptical", "warmer"),
        ("champion", "supporter", "colder"),
        ("unknown", "champion", None),
        ("blocker", "unknown", None),
        ("neutral", "neutral", None),
    ],
)
def test_attitude_direction(before: str, after: str, direction: str | None) -> None:
    assert attitude_direction(before, after) == direction


def test_influence_and_stage_directions() -> None:
    assert influence_direction("low", "high") == "up"
    assert influence_direction("high", "medium") == "down"
    assert influence_direction("unknown", "high") is None
    stages = ("discovery", "proposal", "won")
    assert stage_direction("discovery", "proposal", stages) == "forward"
    assert stage_direction("proposal", "discovery", stages) == "back"
    assert stage_direction("pilot", "proposal", stages) is None


def test_influence_role_name_title_and_other_fields() -> None:
    new = (
        BASE.replace("influence: medium", "influence: high")
        .replace("role: user_buyer", "role: technical_buyer")
        .replace("name: Piet Pieters", "name: Piet Pietersen")
        .replace("title: Plant manager", "title: Plant director")
        .replace("    reports_to: jan\n", "    strategy: convert\n    sources: [contact, news]\n")
    )
    who = {"stakeholder": "piet", "name": "Piet Pietersen", "title": "Plant director"}
    assert changes(BASE, new) == [
        {"kind": "name", **who, "from": "Piet Pieters", "to": "Piet Pietersen"},
        {"kind": "title", **who, "from": "Plant manager", "to": "Plant director"},
        {"kind": "role", **who, "from": "user_buyer", "to": "technical_buyer"},
        {"kind": "influence", **who, "from": "medium", "to": "high", "direction": "up"},
        {"kind": "stakeholder_field", **who, "field": "reports_to", "from": "jan", "to": None},
        {
            "kind": "stakeholder_field",
            **who,
            "field": "sources",
            "from": [],
            "to": ["contact", "news"],
        },
        {"kind": "stakeholder_field", **who, "field": "strategy", "from": None, "to": "convert"},
    ]


def test_stakeholders_added_and_removed() -> None:
    new = BASE.replace(
        "  - id: piet\n    name: Piet Pieters\n    title: Plant manager\n"
        "    role: user_buyer\n    influence: medium\n    attitude: supporter\n"
        "    reports_to: jan\n",
        "  - id: buyer\n    title: Purchasing lead\n    role: procurement\n",
    ).replace("relationships:\n  - from: piet\n    to: jan\n    type: trusts\n", "")
    new = new.replace("    with: [piet]\n", "    with: [jan]\n")
    assert changes(BASE, new) == [
        {
            "kind": "stakeholder_added",
            "stakeholder": "buyer",
            "name": None,
            "title": "Purchasing lead",
            "role": "procurement",
            "influence": "unknown",
            "attitude": "unknown",
        },
        {
            "kind": "stakeholder_removed",
            "stakeholder": "piet",
            "name": "Piet Pieters",
            "title": "Plant manager",
        },
        {"kind": "relationship_removed", "from": "piet", "to": "jan", "type": "trusts"},
        {
            "kind": "interaction_added",
            "date": "2026-11-02",
            "with": ["jan"],
            "by": "sanne",
            "summary": "First visit",
        },
        {
            "kind": "interaction_removed",
            "date": "2026-11-02",
            "with": ["piet"],
            "by": "sanne",
            "summary": "First visit",
        },
    ]


def test_relationships_interactions_stage_value_opportunity_and_team() -> None:
    new = (
        BASE.replace("  stage: discovery\n", "  stage: proposal\n  close_date: 2027-03-31\n")
        .replace("  value: 120000\n", "  value: 150000\n")
        .replace(
            "    type: trusts\n",
            "    type: trusts\n  - from: jan\n    to: piet\n    type: tension\n",
        )
        + "  - date: 2026-11-20\n    with: [jan, piet]\n    summary: Budget meeting\n"
    ).replace(
        "team:\n  - id: sanne\n    name: Sanne Bakker\n",
        "team:\n  - id: sanne\n    name: Sanne Bakker\n    title: Account manager\n"
        "  - id: daan\n    name: Daan Visser\n",
    )
    assert changes(BASE, new) == [
        {"kind": "stage", "from": "discovery", "to": "proposal", "direction": "forward"},
        {"kind": "value", "from": 120000.0, "to": 150000.0, "currency": "EUR"},
        {"kind": "opportunity_field", "field": "close_date", "from": None, "to": "2027-03-31"},
        {"kind": "relationship_added", "from": "jan", "to": "piet", "type": "tension"},
        {
            "kind": "interaction_added",
            "date": "2026-11-20",
            "with": ["jan", "piet"],
            "by": None,
            "summary": "Budget meeting",
        },
        {"kind": "team_member_changed", "member": "sanne", "name": "Sanne Bakker"},
        {"kind": "team_member_added", "member": "daan", "name": "Daan Visser"},
    ]


def test_relationship_type_change_is_one_removed_and_one_added() -> None:
    new = BASE.replace("type: trusts", "type: tension")
    assert changes(BASE, new) == [
        {"kind": "relationship_added", "from": "piet", "to": "jan", "type": "tension"},
        {"kind": "relationship_removed", "from": "piet", "to": "jan", "type": "trusts"},
    ]


def test_a_side_that_does_not_parse_is_a_value_not_an_error() -> None:
    broken = version("opportunity: [\n")
    assert not broken.valid
    assert broken.problem == (
        "2:1: AM001 invalid YAML: did not find expected node content (while parsing a flow node)"
    )
    diff = diff_versions(version(BASE), broken)
    assert diff.status == "modified"
    assert diff.changes == ()
    assert not diff.comparable
    assert not diff.empty
    invalid = version(BASE.replace("attitude: neutral", "attitude: warm"))
    assert invalid.problem == (
        "17:15: AM003 stakeholders[0].attitude: 'warm' is not a valid attitude"
    )


def test_added_deleted_and_renamed() -> None:
    assert diff_versions(None, version(BASE)).status == "added"
    assert diff_versions(version(BASE), None).status == "deleted"
    renamed = diff_versions(version(BASE), version(BASE, "maps/b.yaml"))
    assert (renamed.status, renamed.old_path, renamed.path) == (
        "renamed",
        "maps/a.yaml",
        "maps/b.yaml",
    )
    assert not renamed.empty
    with pytest.raises(ValueError):
        diff_versions(None, None)


def test_findings_appear_and_disappear_by_rule_and_stakeholder_not_by_line() -> None:
    old = version(BASE, rules=True)
    # jan becomes a champion (AM103 no-champion disappears); a blank line moves everything down.
    new = version(
        BASE.replace("attitude: neutral", "attitude: champion").replace("team:", "\nteam:"),
        rules=True,
    )
    diff = diff_versions(old, new)
    assert "AM103" in {f.code for f in diff.disappeared}
    assert "AM103" not in {f.code for f in diff.appeared}
    assert not ({f.code for f in diff.appeared} & {f.code for f in diff.disappeared})


def test_reworded_finding_for_the_same_rule_is_not_new() -> None:
    # AM108's message names the stage; moving on with the same gaps is no new finding. When one
    # gap is closed at the same time, the closed one (not the reworded one) is resolved.
    at_proposal = BASE.replace("stage: discovery", "stage: proposal")
    old = version(at_proposal, rules=True)
    new = version(at_proposal.replace("stage: proposal", "stage: negotiation"), rules=True)
    assert [f.code for f in old.findings].count("AM108") == 2
    diff = diff_versions(old, new)
    assert (diff.appeared, diff.disappeared) == ((), ())
    closed = at_proposal.replace("stage: proposal", "stage: negotiation").replace(
        "relationships:",
        "  - id: buyer\n    name: Bea Koper\n    role: procurement\nrelationships:",
    )
    diff = diff_versions(old, version(closed, rules=True))
    am108 = [f.message for f in diff.disappeared if f.code == "AM108"]
    assert am108 == ["at stage 'proposal' nobody is mapped as procurement (role: procurement)"]
    assert [(f.code, f.stakeholder) for f in diff.appeared] == [("AM112", "buyer")]


def test_risk_before_and_after_when_the_risk_module_is_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Score:
        def __init__(self, score: int, level: str) -> None:
            self.score, self.level = score, level

    def fake_score(report, settings):
        champions = sum(1 for s in report.model.stakeholders if s.attitude.value == "champion")
        return Score(30 if champions else 70, "low" if champions else "high")

    monkeypatch.setattr(mapdiff, "_risk_function", lambda: fake_score)
    old = version(BASE, rules=True)
    new = version(BASE.replace("attitude: neutral", "attitude: champion"), rules=True)
    diff = diff_versions(old, new)
    assert (diff.risk_before, diff.risk_after) == (Risk(70, "high"), Risk(30, "low"))


def test_without_the_risk_module_there_is_no_risk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mapdiff, "_risk_function", lambda: None)
    assert version(BASE, rules=True).risk is None
