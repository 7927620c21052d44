"""Validation: pydantic's errors in the user's words, at the right place, with the stakeholder id."""

from __future__ import annotations

import datetime as dt

import pytest

from accountmap_cli.loader import parse
from accountmap_cli.models import AccountMap, Attitude
from accountmap_cli.validate import describe, validate

OPPORTUNITY = "opportunity: {name: X, account: Y, value: 1, stage: discovery}\n"


def check(text: str, **options: object) -> list[tuple[int, int, str, str | None, str]]:
    result = validate(parse(text, path="m.yaml"), **options)
    return [(f.line, f.column, f.code, f.stakeholder, f.message) for f in result.findings]


def only(text: str) -> tuple[int, int, str, str | None, str]:
    findings = check(text)
    assert len(findings) == 1, findings
    return findings[0]


def test_a_valid_map_gives_a_model_and_no_findings() -> None:
    result = validate(
        parse(
            OPPORTUNITY + "stakeholders:\n  - {id: jan, name: Jan, attitude: champion}\n",
            path="m.yaml",
        )
    )
    assert result.findings == []
    assert result.model is not None
    assert result.model.stakeholders[0].attitude is Attitude.CHAMPION


def test_yaml_1_1_traps_reach_the_model_unchanged() -> None:
    model = validate(
        parse(
            "opportunity: {name: NO, account: on, value: 1, stage: discovery}\n"
            "stakeholders:\n"
            "  - {id: a, name: yes, title: 1.10, notes: 0612345670, concerns: '12:30'}\n"
            "  - {id: b, name: off, title: 12:30}\n",
            path="m.yaml",
        )
    ).model
    assert model is not None
    assert (model.opportunity.name, model.opportunity.account) == ("NO", "on")
    first, second = model.stakeholders
    assert (first.name, first.title, first.notes, first.concerns) == (
        "yes",
        "1.10",
        "0612345670",
        "12:30",
    )
    assert (second.name, second.title) == ("off", "12:30")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), ("280000", 280000.0), ("1e3", 1000.0), ("95000.50", 95000.5)],
)
def test_numbers_are_parsed_by_the_model(value: str, expected: float) -> None:
    text = f"opportunity: {{name: X, account: Y, value: {value}, stage: discovery}}\n"
    model = validate(parse(text, path="m.yaml")).model
    assert model is not None and model.opportunity.value == expected


@pytest.mark.parametrize("value", [".inf", "nan", "-1", "€5", "true", "[1]", "''"])
def test_bad_values_are_am003(value: str) -> None:
    line, column, code, _, message = only(
        f"opportunity: {{name: X, account: Y, value: {value}, stage: discovery}}\n"
    )
    assert (line, column, code) == (1, 43, "AM003")
    assert message.startswith("opportunity.value must be")


def test_missing_required_field_points_at_the_parent_mapping_key() -> None:
    text = "x-crm: 1\nopportunity:\n  account: Y\n  value: 1\n  stage: discovery\n"
    assert only(text) == (2, 1, "AM003", None, "opportunity: missing required field 'name'")


def test_missing_required_field_in_a_list_item_points_at_the_item() -> None:
    text = OPPORTUNITY + "interactions:\n  - with: [a]\n"
    assert only(text) == (3, 5, "AM003", None, "interactions[0]: missing required field 'date'")


def test_missing_opportunity_points_at_the_top() -> None:
    assert only("\n\nstakeholders: []\n") == (
        3,
        1,
        "AM003",
        None,
        "the map: missing required field 'opportunity'",
    )


def test_findings_under_a_stakeholder_carry_its_id() -> None:
    findings = check(
        OPPORTUNITY + "stakeholders:\n"
        "  - id: jan\n    name: Jan\n    attitude: champoin\n"
        "    engagement: {owner: Sanne}\n"
        "  - name: Anna\n    role: cfo\n"
        "  - id: Bad Id\n    name: B\n    influence: hi\n"
    )
    assert [(line, stakeholder) for line, _, _, stakeholder, _ in findings] == [
        (5, "jan"),
        (6, "jan"),
        (7, None),  # no id written: nothing to name
        (8, None),
        (9, None),  # an invalid id is not an id
        (11, None),
    ]


def test_did_you_mean_for_keys_at_every_level() -> None:
    messages = [
        message
        for *_, message in check(
            "oportunity: {}\nopportunity: {name: X, account: Y, value: 1, stag: discovery}\n"
            "stakeholders:\n  - {id: a, name: A, atitude: champion, engagment: {gaol: x}}\n"
            "relationships:\n  - {from: a, too: a, type: trusts}\n"
        )
    ]
    assert "the map: unknown field 'oportunity'; did you mean 'opportunity'?" in messages
    assert "opportunity: unknown field 'stag'; did you mean 'stage'?" in messages
    assert "stakeholders[0]: unknown field 'atitude'; did you mean 'attitude'?" in messages
    assert "stakeholders[0]: unknown field 'engagment'; did you mean 'engagement'?" in messages
    assert "relationships[0]: unknown field 'too'; did you mean 'to'?" in messages


def test_unknown_key_without_a_close_match_lists_the_allowed_fields() -> None:
    result = validate(parse(OPPORTUNITY + "zzz: 1\n", path="m.yaml"))
    (finding,) = result.findings
    assert finding.message == "the map: unknown field 'zzz'"
    assert finding.hint == (
        "allowed fields: opportunity, team, stakeholders, relationships, interactions; "
        "extension keys start with 'x-'"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("attitude", "champoin", "'champoin' is not a valid attitude; did you mean 'champion'?"),
        ("attitude", "Champion", "'Champion' is not a valid attitude; did you mean 'champion'?"),
        ("role", "economic buyer", "is not a valid role; did you mean 'economic_buyer'?"),
        ("influence", "hihg", "'hihg' is not a valid influence; did you mean 'high'?"),
        ("strategy", "neutralise", "did you mean 'neutralize'?"),
        ("role", "ceo", "'ceo' is not a valid role"),
    ],
)
def test_did_you_mean_for_enum_values(field: str, value: str, message: str) -> None:
    text = OPPORTUNITY + f"stakeholders:\n  - id: a\n    name: A\n    {field}: {value}\n"
    line, column, _, stakeholder, got = only(text)
    assert (line, column, stakeholder) == (5, len(field) + 7, "a")
    assert got.startswith(f"stakeholders[0].{field}: ")
    assert message in got


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ("2024-02-30", "2024-02-30 is not a date in the calendar", "write dates as YYYY-MM-DD"),
        ("2026-1-5", "must be a date written as YYYY-MM-DD (got '2026-1-5')", "2026-01-05"),
        ("05-01-2026", "(got '05-01-2026')", "write dates as YYYY-MM-DD"),
        ("2026-01-05T10:00:00", "must be a date written as YYYY-MM-DD", "YYYY-MM-DD"),
    ],
)
def test_bad_dates(value: str, message: str, hint: str) -> None:
    result = validate(
        parse(
            OPPORTUNITY + f"stakeholders:\n  - {{id: a, name: A, last_contact: {value}}}\n",
            path="m.yaml",
        )
    )
    (finding,) = result.findings
    assert finding.message.startswith("stakeholders[0].last_contact: ")
    assert message in finding.message
    assert hint in finding.hint


def test_bad_id_suggests_a_slug() -> None:
    result = validate(
        parse(OPPORTUNITY + "stakeholders:\n  - {id: Jan de Vries, name: J}\n", path="m.yaml")
    )
    (finding,) = result.findings
    assert finding.hint == "for example 'jan-de-vries'"


def test_custom_stages_replace_the_default_ones() -> None:
    text = "opportunity: {name: X, account: Y, value: 1, stage: proposal}\n"
    assert check(text, stages=("lead", "offerte", "gewonnen")) == [
        (1, 53, "AM003", None, "opportunity.stage: 'proposal' is not a stage of this team")
    ]
    assert check(text.replace("proposal", "offerte"), stages=("lead", "offerte")) == []


def test_extension_keys_are_allowed_at_every_level() -> None:
    text = (
        "x-a: 1\nopportunity: {name: X, account: Y, value: 1, stage: discovery, x-b: [1]}\n"
        "team: [{id: s, name: S, x-c: 1}]\n"
        "stakeholders: [{id: a, name: A, x-d: {deep: 1}, engagement: {x-e: 1}}]\n"
        "relationships: [{from: a, to: a, type: trusts, x-f: 1}]\n"
        "interactions: [{date: 2026-01-01, with: [a], x-g: 1}]\n"
    )
    assert check(text) == []


def test_messages_stay_on_one_line_whatever_the_key() -> None:
    findings = check(OPPORTUNITY + '"multi\\nline\\tkey": 1\n"' + "k" * 500 + '": 2\n')
    for *_, message in findings:
        assert message.isprintable()
        assert len(message) < 200
    assert findings[0][4] == "the map: unknown field 'multi\\nline\\tkey'"


def test_duplicate_key_is_am002_at_the_second_place_naming_both_lines() -> None:
    text = OPPORTUNITY + "stakeholders:\n  - id: jan\n    name: Jan\n    name: Jan de Vries\n"
    assert check(text) == [
        (
            5,
            5,
            "AM002",
            "jan",
            "duplicate key 'name' in stakeholders[0] (first at line 4, again at line 5)",
        )
    ]


def test_a_duplicate_key_does_not_hide_validation_errors() -> None:
    text = "opportunity: {name: X, name: Y, account: Y, value: -1, stage: discovery}\n"
    assert [code for _, _, code, _, _ in check(text)] == ["AM002", "AM003"]


def test_describe() -> None:
    assert describe(()) == "the map"
    assert (
        describe(("stakeholders", 2, "engagement", "owner")) == "stakeholders[2].engagement.owner"
    )


def test_dates_are_dates() -> None:
    model = validate(
        parse(
            "opportunity: {name: X, account: Y, value: 1, stage: won, close_date: 2026-03-31}\n",
            path="m.yaml",
        )
    ).model
    assert model is not None and model.opportunity.close_date == dt.date(2026, 3, 31)


def test_extension_keys_outside_the_models_sections_are_not_dropped() -> None:
    # `competitors` is a list: a mapping there is an error, x- keys or not, and says so.
    text = (
        "opportunity:\n  name: X\n  account: Y\n  value: 1\n  stage: discovery\n"
        "  competitors: {x-a: 1}\n"
    )
    result = validate(parse(text, path="m.yaml"))
    assert result.model is None
    assert [f.message for f in result.findings] == [
        "opportunity.competitors must be a list (got a mapping)"
    ]


def test_account_map_model_validate_ignores_extension_keys_and_keeps_the_data() -> None:
    data = {
        "x-a": 1,
        "opportunity": {"name": "X", "account": "Y", "value": 1, "stage": "won", "x-b": [1]},
        "stakeholders": [{"id": "a", "name": "A", "x-crm-id": "7", "engagement": {"x-c": 1}}],
    }
    model = AccountMap.model_validate(data)
    assert model.stakeholders[0].id == "a"
    assert data["stakeholders"][0]["x-crm-id"] == "7"
