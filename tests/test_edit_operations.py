"""Operations on layouts the golden fixture does not have: flow lists, empty and missing sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accountmap_cli.edit import document, operations
from accountmap_cli.edit.session import EditError, plan_edit, structural_errors

HEAD = "opportunity:\n  name: X\n  account: Y\n  value: 1\n  stage: won\n"


def _apply(text: str, change) -> str:
    doc = document.load(text)
    change(doc)
    out = document.dump(doc)
    assert structural_errors(out, path="m.yaml") == [], out
    return out


def test_cascade_edits_a_flow_list_in_place() -> None:
    text = (
        HEAD + "stakeholders:\n- id: a\n  name: A   # eol a\n- id: b\n  name: B\n"
        "interactions:\n- date: 2026-01-01\n  with: [a, b]  # both\n# footer\n"
    )
    out = _apply(text, lambda doc: operations.remove_stakeholder(doc, "b", cascade=True))
    assert out == (
        HEAD + "stakeholders:\n- id: a\n  name: A   # eol a\n"
        "interactions:\n- date: 2026-01-01\n  with: [a]     # both\n# footer\n"
    )


def test_link_fills_an_empty_section() -> None:
    text = HEAD + "stakeholders:\n  - id: a\n    name: A\n  - id: b\n    name: B\nrelationships:\n"
    out = _apply(text, lambda doc: operations.link(doc, "a", "b", kind="trusts"))
    assert out.endswith("relationships:\n  - from: a\n    to: b\n    type: trusts\n")


def test_missing_section_is_added_in_format_order() -> None:
    text = HEAD + "# people\nstakeholders:\n  - id: a\n    name: A\n"
    out = _apply(text, lambda doc: operations.add_team_member(doc, name="Sam"))
    assert out == (
        HEAD
        + "team:\n  - id: sam\n    name: Sam\n# people\nstakeholders:\n  - id: a\n    name: A\n"
    )


def test_first_item_of_an_empty_flow_list_keeps_the_comments_after_it() -> None:
    text = HEAD + "team: []\n\n# Their side\nstakeholders: []\n"
    out = _apply(text, lambda doc: operations.add_team_member(doc, name="Sam", title="AE"))
    assert out == (
        HEAD
        + "team:\n  - id: sam\n    name: Sam\n    title: AE\n\n# Their side\nstakeholders: []\n"
    )


def test_last_stakeholder_removed_leaves_an_empty_list_and_the_comments() -> None:
    text = (
        HEAD + "stakeholders:\n  # only one\n  - id: a\n    name: A\n\n# Ties\nrelationships: []\n"
    )
    out = _apply(text, lambda doc: operations.remove_stakeholder(doc, "a"))
    assert out == HEAD + "stakeholders: []\n\n# Ties\nrelationships: []\n"


def test_new_field_goes_in_documented_order_and_keeps_comments_below() -> None:
    text = HEAD + "stakeholders:\n  - id: a\n    name: A\n    # why\n    notes: n\n"
    out = _apply(
        text,
        lambda doc: operations.update_stakeholder(doc, "a", changes={"attitude": "champion"}),
    )
    assert out.endswith("    name: A\n    attitude: champion\n    # why\n    notes: n\n")


def test_dates_and_tricky_text_in_new_entries() -> None:
    text = HEAD + "stakeholders:\n  - id: a\n    name: A\n"
    out = _apply(
        text,
        lambda doc: operations.log_interaction(
            doc, people=["a"], summary="NO", date=dt.date(2026, 12, 4)
        ),
    )
    assert out.endswith(
        "interactions:\n  - date: 2026-12-04\n    with:\n      - a\n    summary: 'NO'\n"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda doc: operations.update_stakeholder(doc, "zz", changes={"title": "x"}),
            "no stakeholder",
        ),
        (lambda doc: operations.link(doc, "a", "a", kind="trusts"), "two different"),
        (lambda doc: operations.unlink(doc, "a", "b"), "no relationship"),
        (lambda doc: operations.add_stakeholder(doc, name="A", stakeholder_id="a"), "already on"),
        (lambda doc: operations.update_stakeholder(doc, "a", changes={}), "nothing to change"),
        (
            lambda doc: operations.update_stakeholder(
                doc, "a", changes={"title": "x"}, unset=["title"]
            ),
            "both set and unset",
        ),
    ],
)
def test_refusals(change, message: str) -> None:
    doc = document.load(HEAD + "stakeholders:\n  - id: a\n    name: A\n")
    with pytest.raises(EditError, match=message):
        change(doc)


def test_bom_and_crlf_survive_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    raw = (
        ("\ufeff" + HEAD + "stakeholders:\n  - id: a\n    name: A\n")
        .encode()
        .replace(b"\n", b"\r\n")
    )
    path.write_bytes(raw)
    planned = plan_edit(str(path), lambda doc: operations.add_team_member(doc, name="S").summary)
    planned.write()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfopportunity:\r\n")
    assert b"\r\nteam:\r\n  - id: s\r\n    name: S\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_layout_ruamel_cannot_keep_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "team:\n- id: s\n  name: S\nstakeholders:\n    - id: a\n      name: A\n")
    planned = plan_edit(str(path), lambda doc: operations.add_team_member(doc, name="T").summary)
    assert planned.notes == [
        "this file's layout cannot be kept exactly everywhere; check the diff (--dry-run)"
    ]


def test_nested_lists_follow_the_style_of_existing_entries() -> None:
    text = (
        HEAD + "stakeholders:\n  - id: a\n    name: A\n    sources: [news]\n"
        "interactions:\n  - date: 2026-01-01\n    with: [a]\n"
    )

    def change(doc: document.RoundTrip) -> None:
        operations.add_stakeholder(doc, name="B", sources=["contact"])
        operations.log_interaction(doc, people=["a", "b"], summary="x", date=dt.date(2026, 1, 2))

    out = _apply(text, change)
    assert "  - id: b\n    name: B\n    sources: [contact]\n" in out
    assert out.endswith("  - date: 2026-01-02\n    with: [a, b]\n    summary: x\n")
