"""A map as a Graphviz graph (`dot -Tsvg map.dot > map.svg`): the same picture as the Mermaid one.

User text goes only into HTML-like labels (`label=<...>`) with XML escaping: no quote or backslash
in a name can end a string early or turn into a Graphviz escape like `\\N`.
"""

from __future__ import annotations

from html import escape

from accountmap_cli.models import AccountMap, RelationshipType
from accountmap_cli.render.diagram import (
    ATTITUDE_COLOURS,
    ATTITUDE_ORDER,
    ECONOMIC_BUYER_MARK,
    TENSION_COLOUR,
    graph_edges,
    marks,
    node_ids,
    one_line,
    summary_line,
)

_EDGE_ATTRIBUTES: dict[RelationshipType | None, str] = {
    None: "",
    RelationshipType.TRUSTS: ' [style=dashed, label="trusts"]',
    RelationshipType.TENSION: (
        f' [style=dashed, dir=none, color="{TENSION_COLOUR}", fontcolor="{TENSION_COLOUR}",'
        ' penwidth=2, label="tension"]'
    ),
    RelationshipType.COLLABORATES: ' [style=dashed, dir=none, label="collaborates"]',
    RelationshipType.COMPETES: ' [style=dashed, dir=none, label="competes"]',
}


def dot_html(text: str) -> str:
    """User text made safe inside a Graphviz HTML-like label (one line, XML-escaped)."""
    # Graphviz's HTML lexer fails on a text of only `]` characters and spaces: write it as a number.
    return escape(one_line(text), quote=True).replace("]", "&#93;")


def _tag(tag: str, text: str) -> str:
    # Graphviz rejects an empty element such as <B></B> (a name of only control characters).
    return f"<{tag}>{text}</{tag}>" if text else ""


def _label(stakeholder) -> str:
    mark = marks(stakeholder)
    prefix = f"{mark} " if mark else ""
    if stakeholder.name:
        lines = [prefix + _tag("B", dot_html(stakeholder.name))]
        if stakeholder.title:
            lines.append(dot_html(stakeholder.title))
    else:
        lines = [f"{prefix}<I>unnamed seat</I>", _tag("B", dot_html(stakeholder.title or ""))]
    lines.append(f"<I>{dot_html(summary_line(stakeholder))}</I>")
    return "<BR/>".join(lines)


def _style(attitude, *, seat: bool) -> str:
    fill, stroke = ATTITUDE_COLOURS[attitude]
    style = "rounded,filled,dashed" if seat else "rounded,filled"
    return f'style="{style}", fillcolor="{fill}", color="{stroke}"'


def render_dot(account_map: AccountMap) -> str:
    """The map as a Graphviz `digraph`, ending in a newline."""
    ids = node_ids(account_map, prefix="s_")
    opportunity = account_map.opportunity
    title = f"{dot_html(opportunity.account)}<BR/>{dot_html(opportunity.name)}"
    out = [
        "digraph accountmap {",
        f'    graph [rankdir=TB, labelloc=t, fontname="Helvetica", label=<<B>{title}</B>>];',
        '    node [shape=box, fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for node, stakeholder in zip(ids, account_map.stakeholders, strict=True):
        style = _style(stakeholder.attitude, seat=not stakeholder.name)
        out.append(f'    "{node}" [label=<{_label(stakeholder)}>, {style}];')
    if not account_map.stakeholders:
        out.append('    "nobody" [label=<<I>No stakeholders mapped yet</I>>, style=dashed];')
    for edge in graph_edges(account_map):
        out.append(
            f'    "{ids[edge.source]}" -> "{ids[edge.target]}"{_EDGE_ATTRIBUTES[edge.kind]};'
        )

    out.append("    subgraph cluster_legend {")
    out.append('        label="Legend"; fontsize=10; style=dashed; color="#bbbbbb";')
    for attitude in ATTITUDE_ORDER:
        out.append(
            f'        "legend_{attitude.value}" [label="{attitude.value}", '
            f"{_style(attitude, seat=False)}];"
        )
    out.append(
        f'        "legend_seat" [label="unnamed seat", {_style(ATTITUDE_ORDER[-1], seat=True)}];'
    )
    out.append(
        f'        "legend_marks" [label=<{ECONOMIC_BUYER_MARK} economic buyer · ★ champion>, '
        "shape=plaintext];"
    )
    chain = " -> ".join(
        [f'"legend_{a.value}"' for a in ATTITUDE_ORDER] + ['"legend_seat"', '"legend_marks"']
    )
    out.append(f"        {chain} [style=invis];")
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"
