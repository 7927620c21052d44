"""Mermaid output: escaping, safe node ids, edges and classes (the real parser: test_export_tools)."""

from __future__ import annotations

from accountmap_cli.models import AccountMap
from accountmap_cli.render.mermaid import mermaid_text, render_mermaid


def account_map(stakeholders: list[dict], relationships: list[dict] | None = None) -> AccountMap:
    return AccountMap.model_validate(
        {
            "opportunity": {"name": "Line 3", "account": "Acme", "value": 1, "stage": "proposal"},
            "stakeholders": stakeholders,
            "relationships": relationships or [],
        }
    )


def test_syntax_characters_become_entity_codes() -> None:
    assert mermaid_text('He said "no" #1 & <b> `x`') == (
        "He said #quot;no#quot; #35;1 #amp; #lt;b#gt; #96;x#96;"
    )
    assert mermaid_text("style: a; %%{init}%%") == "style#58; a#59; #37;#37;{init}#37;#37;"


def test_text_that_needs_no_escaping_stays_readable() -> None:
    assert mermaid_text("Jürgen Bakker (CFO) [acting] 😀 l'Éclair") == (
        "Jürgen Bakker (CFO) [acting] 😀 l'Éclair"
    )


def test_newlines_tabs_and_control_characters_become_one_space() -> None:
    assert mermaid_text("one\ntwo\t three\x07four\u2028five") == "one two three four five"


def test_mermaids_own_placeholders_are_never_written_literally() -> None:
    assert mermaid_text("ﬂ°°35¶ß") == "#64258;°°35#182;ß"


def test_a_small_map_exactly() -> None:
    model = account_map(
        [
            {"id": "end", "name": "Anna", "title": "CFO", "role": "economic_buyer",
             "influence": "high", "attitude": "champion"},
            {"id": "bob-1", "title": "IT lead", "reports_to": "end"},
        ],
        [{"from": "bob-1", "to": "end", "type": "tension"}],
    )  # fmt: skip
    assert render_mermaid(model) == (
        "flowchart TD\n"
        '    s_end["💰 ★ <b>Anna</b><br/>CFO<br/><i>economic buyer · champion</i>"]\n'
        '    s_bob_1["<i>unnamed seat</i><br/><b>IT lead</b><br/>'
        '<i>role unknown · attitude unknown</i>"]\n'
        "    s_end --> s_bob_1\n"
        '    s_bob_1 -.-|"tension"| s_end\n'
        '    subgraph legend["Legend"]\n'
        "        direction LR\n"
        '        legend_champion["champion"]\n'
        '        legend_supporter["supporter"]\n'
        '        legend_neutral["neutral"]\n'
        '        legend_skeptical["skeptical"]\n'
        '        legend_blocker["blocker"]\n'
        '        legend_unknown["unknown"]\n'
        '        legend_seat["unnamed seat"]\n'
        '        legend_marks["💰 economic buyer · ★ champion"]\n'
        "    end\n"
        "    classDef champion fill:#b7e4c7,stroke:#1b7a3d,color:#1a1a1a\n"
        "    classDef supporter fill:#e3f4e8,stroke:#52a36b,color:#1a1a1a\n"
        "    classDef neutral fill:#ececec,stroke:#7a7a7a,color:#1a1a1a\n"
        "    classDef skeptical fill:#ffe5c2,stroke:#d9822b,color:#1a1a1a\n"
        "    classDef blocker fill:#ffc9c9,stroke:#c92a2a,color:#1a1a1a\n"
        "    classDef unknown fill:#ffffff,stroke:#9e9e9e,color:#1a1a1a\n"
        "    classDef seat stroke-dasharray:5 5\n"
        "    classDef legendnote fill:#ffffff,stroke:#bbbbbb,color:#1a1a1a\n"
        "    class s_end,legend_champion champion\n"
        "    class legend_supporter supporter\n"
        "    class legend_neutral neutral\n"
        "    class legend_skeptical skeptical\n"
        "    class legend_blocker blocker\n"
        "    class s_bob_1,legend_unknown unknown\n"
        "    class s_bob_1,legend_seat seat\n"
        "    class legend_marks legendnote\n"
        "    linkStyle 1 stroke:#c92a2a,stroke-width:2px\n"
    )


def test_ids_that_clash_after_cleaning_stay_apart() -> None:
    text = render_mermaid(account_map([{"id": "a-b", "name": "One"}, {"id": "a_b", "name": "Two"}]))
    assert 's_a_b["<b>One</b>' in text
    assert 's_a_b_2["<b>Two</b>' in text


def test_unknown_and_self_references_draw_no_line() -> None:
    model = account_map(
        [
            {"id": "a", "name": "A", "reports_to": "ghost"},
            {"id": "b", "name": "B", "reports_to": "b"},
        ],
        [{"from": "a", "to": "nobody", "type": "trusts"}],
    )
    lines = render_mermaid(model).splitlines()
    assert not [line for line in lines if "-->" in line or "-.-" in line]
    assert not [line for line in lines if line.startswith("    linkStyle")]


def test_an_empty_map_still_draws_something() -> None:
    text = render_mermaid(account_map([]))
    assert '    nobody["<i>No stakeholders mapped yet</i>"]\n' in text
