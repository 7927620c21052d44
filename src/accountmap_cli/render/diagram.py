"""What the Mermaid and Graphviz diagrams share: the graph of a map, colours, markers, words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from accountmap_cli.models import AccountMap, Attitude, RelationshipType, Role, Stakeholder
from accountmap_cli.vocabulary import ATTITUDE_SCALE

ECONOMIC_BUYER_MARK = "💰"
CHAMPION_MARK = "★"

ROLE_TEXT: dict[Role, str] = {
    Role.ECONOMIC_BUYER: "economic buyer",
    Role.TECHNICAL_BUYER: "technical buyer",
    Role.USER_BUYER: "user buyer",
    Role.PROCUREMENT: "procurement",
    Role.INFLUENCER: "influencer",
    Role.GATEKEEPER: "gatekeeper",
    Role.UNKNOWN: "role unknown",
}

ATTITUDE_ORDER: tuple[Attitude, ...] = (*reversed(ATTITUDE_SCALE), Attitude.UNKNOWN)
"""Legend order: warmest first."""

ATTITUDE_COLOURS: dict[Attitude, tuple[str, str]] = {
    Attitude.CHAMPION: ("#b7e4c7", "#1b7a3d"),
    Attitude.SUPPORTER: ("#e3f4e8", "#52a36b"),
    Attitude.NEUTRAL: ("#ececec", "#7a7a7a"),
    Attitude.SKEPTICAL: ("#ffe5c2", "#d9822b"),
    Attitude.BLOCKER: ("#ffc9c9", "#c92a2a"),
    Attitude.UNKNOWN: ("#ffffff", "#9e9e9e"),
}
"""Fill and border colour per attitude: green for friends, orange and red for resistance."""

TENSION_COLOUR = "#c92a2a"

_CONTROL = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """User text on one line: newlines, tabs and other control characters become one space."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()


def marks(stakeholder: Stakeholder) -> str:
    """The markers in front of a name: 💰 for an economic buyer, ★ for a champion."""
    found = []
    if stakeholder.role is Role.ECONOMIC_BUYER:
        found.append(ECONOMIC_BUYER_MARK)
    if stakeholder.attitude is Attitude.CHAMPION:
        found.append(CHAMPION_MARK)
    return " ".join(found)


def summary_line(stakeholder: Stakeholder) -> str:
    """The third label line: role and attitude in words, readable without colour."""
    attitude = stakeholder.attitude.value
    if stakeholder.attitude is Attitude.UNKNOWN:
        attitude = "attitude unknown"
    return f"{ROLE_TEXT[stakeholder.role]} · {attitude}"


@dataclass(frozen=True, slots=True)
class Edge:
    """A line in the diagram between two nodes (given by their position in `stakeholders`)."""

    source: int
    target: int
    kind: RelationshipType | None
    """None for a reporting line (boss → report)."""


def graph_edges(account_map: AccountMap) -> list[Edge]:
    """Reporting lines (boss → report) first, then informal relationships, in map order.

    Ends that name nobody on the map are left out (`lint` reports them as AM005); with duplicate
    ids the first stakeholder wins, as everywhere else.
    """
    position: dict[str, int] = {}
    for index, stakeholder in enumerate(account_map.stakeholders):
        position.setdefault(stakeholder.id, index)
    edges = []
    for index, stakeholder in enumerate(account_map.stakeholders):
        boss = position.get(stakeholder.reports_to or "")
        if boss is not None and boss != index:
            edges.append(Edge(boss, index, None))
    for relationship in account_map.relationships:
        source = position.get(relationship.from_)
        target = position.get(relationship.to)
        if source is not None and target is not None:
            edges.append(Edge(source, target, relationship.type))
    return edges


def node_ids(account_map: AccountMap, *, prefix: str) -> list[str]:
    """A safe, unique identifier per stakeholder, derived from their id (`s_van_dijk`).

    The prefix keeps ids away from diagram keywords (`end`, `graph`, `subgraph`) and from leading
    digits; `-` becomes `_`, and a clash gets a numeric suffix.
    """
    taken: set[str] = set()
    ids = []
    for stakeholder in account_map.stakeholders:
        base = prefix + re.sub(r"[^a-z0-9_]", "_", stakeholder.id.lower())
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}_{number}", number + 1
        taken.add(candidate)
        ids.append(candidate)
    return ids
