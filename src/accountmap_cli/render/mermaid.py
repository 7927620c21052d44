"""A map as a Mermaid flowchart: reporting lines, informal ties, attitude colours and a legend.

GitHub renders it inside a ```mermaid block. Every piece of user text goes into a quoted label and
every character Mermaid could read as syntax is written as a Mermaid entity code (`#quot;`,
`#35;`), so any name parses — quotes, brackets, `#`, backticks, emoji and all.
"""

from __future__ import annotations

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

_ENTITIES: dict[str, str] = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    # A literal `style`/`classDef` word followed by `:` and `#` makes Mermaid trim a character from
    # the line before parsing; with no bare `:` left in labels that rewrite never applies.
    ":": "#58;",
    ";": "#59;",
    # `%%{...}%%` anywhere in the text is a Mermaid directive, and `%%` starts a comment.
    "%": "#37;",
    # Mermaid's own placeholders for entities while it parses; never let them appear literally.
    "ﬂ": "#64258;",
    "¶": "#182;",
}

_EDGE_SYNTAX: dict[RelationshipType | None, str] = {
    None: "-->",
    RelationshipType.TRUSTS: '-.->|"trusts"|',
    RelationshipType.TENSION: '-.-|"tension"|',
    RelationshipType.COLLABORATES: '-.-|"collaborates"|',
    RelationshipType.COMPETES: '-.-|"competes"|',
}


def mermaid_text(text: str) -> str:
    """User text made safe inside a quoted Mermaid label (one line, syntax as entity codes)."""
    return "".join(_ENTITIES.get(char, char) for char in one_line(text))


def _label(stakeholder) -> str:
    mark = marks(stakeholder)
    prefix = f"{mark} " if mark else ""
    if stakeholder.name:
        first = f"{prefix}<b>{mermaid_text(stakeholder.name)}</b>"
        lines = [first]
        if stakeholder.title:
            lines.append(mermaid_text(stakeholder.title))
    else:
        lines = [f"{prefix}<i>unnamed seat</i>", f"<b>{mermaid_text(stakeholder.title or '')}</b>"]
    lines.append(f"<i>{mermaid_text(summary_line(stakeholder))}</i>")
    return "<br/>".join(lines)


def render_mermaid(account_map: AccountMap) -> str:
    """The map as a Mermaid `flowchart TD`, ending in a newline."""
    ids = node_ids(account_map, prefix="s_")
    out = ["flowchart TD"]
    for node, stakeholder in zip(ids, account_map.stakeholders, strict=True):
        out.append(f'    {node}["{_label(stakeholder)}"]')
    if not account_map.stakeholders:
        out.append('    nobody["<i>No stakeholders mapped yet</i>"]')

    edges = graph_edges(account_map)
    tension = []
    for number, edge in enumerate(edges):
        out.append(f"    {ids[edge.source]} {_EDGE_SYNTAX[edge.kind]} {ids[edge.target]}")
        if edge.kind is RelationshipType.TENSION:
            tension.append(str(number))

    out.append('    subgraph legend["Legend"]')
    out.append("        direction LR")
    for attitude in ATTITUDE_ORDER:
        out.append(f'        legend_{attitude.value}["{attitude.value}"]')
    out.append('        legend_seat["unnamed seat"]')
    out.append(f'        legend_marks["{ECONOMIC_BUYER_MARK} economic buyer · ★ champion"]')
    out.append("    end")

    for attitude in ATTITUDE_ORDER:
        fill, stroke = ATTITUDE_COLOURS[attitude]
        out.append(f"    classDef {attitude.value} fill:{fill},stroke:{stroke},color:#1a1a1a")
    out.append("    classDef seat stroke-dasharray:5 5")
    out.append("    classDef legendnote fill:#ffffff,stroke:#bbbbbb,color:#1a1a1a")
    for attitude in ATTITUDE_ORDER:
        members = [
            node
            for node, stakeholder in zip(ids, account_map.stakeholders, strict=True)
            if stakeholder.attitude is attitude
        ]
        out.append(f"    class {','.join([*members, f'legend_{attitude.value}'])} {attitude.value}")
    seats = [
        node
        for node, stakeholder in zip(ids, account_map.stakeholders, strict=True)
        if not stakeholder.name
    ]
    out.append(f"    class {','.join([*seats, 'legend_seat'])} seat")
    out.append("    class legend_marks legendnote")
    if tension:
        out.append(f"    linkStyle {','.join(tension)} stroke:{TENSION_COLOUR},stroke-width:2px")
    return "\n".join(out) + "\n"
