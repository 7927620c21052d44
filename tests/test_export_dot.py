"""Graphviz output: every user string in an HTML-like label, XML-escaped (real `dot`: test_export_tools)."""

from __future__ import annotations

from accountmap_cli.models import AccountMap
from accountmap_cli.render.dot import dot_html, render_dot


def test_quotes_backslashes_and_markup_are_escaped() -> None:
    assert dot_html('a "b" \\ <c> & d\n') == "a &quot;b&quot; \\ &lt;c&gt; &amp; d"
    assert dot_html("]") == "&#93;"  # Graphviz cannot read a label text of just `]`


def test_a_name_of_only_control_characters_leaves_no_empty_element() -> None:
    model = AccountMap.model_validate(
        {
            "opportunity": {"name": "L", "account": "A", "value": 1, "stage": "proposal"},
            "stakeholders": [{"id": "a", "name": "\x07"}, {"id": "b", "title": "\x1b"}],
        }
    )
    text = render_dot(model)
    assert "<B></B>" not in text
    assert '"s_a" [label=<<BR/><I>role unknown · attitude unknown</I>>' in text


def test_a_small_map() -> None:
    model = AccountMap.model_validate(
        {
            "opportunity": {"name": 'Line "3"', "account": "A&B", "value": 1, "stage": "proposal"},
            "stakeholders": [
                {"id": "end", "name": "Trailing \\", "attitude": "blocker"},
                {"id": "x", "title": "CFO", "reports_to": "end"},
            ],
            "relationships": [{"from": "x", "to": "end", "type": "competes"}],
        }
    )
    lines = render_dot(model).splitlines()
    assert lines[0] == "digraph accountmap {"
    assert lines[1].endswith("label=<<B>A&amp;B<BR/>Line &quot;3&quot;</B>>];")
    assert lines[4] == (
        '    "s_end" [label=<<B>Trailing \\</B><BR/><I>role unknown · blocker</I>>, '
        'style="rounded,filled", fillcolor="#ffc9c9", color="#c92a2a"];'
    )
    assert lines[5].startswith(
        '    "s_x" [label=<<I>unnamed seat</I><BR/><B>CFO</B><BR/>'
        "<I>role unknown · attitude unknown</I>>, "
        'style="rounded,filled,dashed"'
    )
    assert lines[6] == '    "s_end" -> "s_x";'
    assert lines[7] == '    "s_x" -> "s_end" [style=dashed, dir=none, label="competes"];'
    assert lines[-1] == "}"
