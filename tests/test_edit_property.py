"""Property: any sequence of valid edits leaves a valid map and keeps every comment it should.

Each comment in the map below names what it is attached to in brackets (`[pieter]`,
`[pieter.engagement.timing]`, `[rel:pieter:marloes]`, `[int:2026-01-10]`); `[-]` marks comments
attached to nothing. After every step the map must load, have no AM0xx errors, and still contain
every comment whose owner has not been removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmap_cli.edit import document, operations
from accountmap_cli.edit.session import structural_errors

MAP = """\
# yaml-language-server: $schema=accountmap.schema.json [-]
# The deal with Van Dijk [-]

opportunity:
  name: "Packaging line 3"   # as in the CRM [-]
  account: Van Dijk
  value: 280000
  stage: proposal
  owner: sanne
  x-crm-id: 'OPP-0612'       # synced [-]

# Our side [-]
team:
  - id: sanne
    name: Sanne Bakker       # lead [-]
  - id: joost
    name: Joost Visser

# Their side [-]
stakeholders:
  # The boss [cfo]
  - id: cfo
    title: CFO               # name unknown [cfo]
    role: economic_buyer
    influence: high          # signs off [cfo.influence]

  # Met at the fair [pieter]
  - id: pieter
    name: 'Pieter de Vries'
    role: user_buyer         # runs line 3 [pieter.role]
    attitude: champion
    reports_to: cfo          # dotted line [pieter.reports_to]
    sources:
      - contact              # in person [pieter.sources]
    engagement:
      # Agreed with Sanne [pieter.engagement.timing]
      timing: before proposal
      goal: Sponsor the case # the ask [pieter.engagement.goal]
    x-notes: football        # [pieter.x-notes]

  - id: marloes
    name: Marloes Jansen
    attitude: skeptical      # price focus [marloes.attitude]
    reports_to: cfo
    concerns: TCO            # [marloes.concerns]

# Ties [-]
relationships:
  # Budget fight [rel:pieter:marloes]
  - from: pieter
    to: marloes
    type: tension            # since 2025 [rel:pieter:marloes]
  - from: cfo
    to: pieter
    type: trusts

# Meetings [-]
interactions:
  - date: 2026-01-10
    with:
      - pieter               # [pieter]
      - marloes              # [marloes]
    by: sanne
    summary: Plant visit     # went well [int:2026-01-10]
  - date: 2026-02-02
    with:
      - pieter
    summary: Call

# End of map [-]
"""

_TAGS = re.compile(r"\[([^\]]+)\]")
COMMENTS = [line.split("#", 1)[1].strip() for line in MAP.splitlines() if "#" in line]
NAMES = ["Jürgen Ôzdemir-Bakker", "Anna de Vries", "NO", "Zoë", "0612 345 670", "Bram", "on"]
TEXTS = [
    "NO",
    "on",
    "1.10",
    "12:30",
    "Weekly: Tuesday",
    "plain text",
    "'quoted'",
    "yes",
    "two\nlines\n",
]


def _ids(doc: document.RoundTrip, section: str) -> list[str]:
    return [str(entry["id"]) for entry in doc.data.get(section) or ()]


def _step(data: st.DataObject, doc: document.RoundTrip, removed: set[str]) -> None:
    people = _ids(doc, "stakeholders")
    team = _ids(doc, "team")
    kinds = ["add", "team"]
    if people:
        kinds += ["update", "unset", "log", "remove"]
    if len(people) >= 2:
        kinds.append("link")
    if doc.data.get("relationships"):
        kinds.append("unlink")
    kind = data.draw(st.sampled_from(kinds), label="command")
    pick = st.sampled_from(people) if people else st.nothing()
    if kind == "add":
        operations.add_stakeholder(
            doc,
            name=data.draw(st.sampled_from(NAMES)),
            title=data.draw(st.none() | st.sampled_from(TEXTS)),
            attitude=data.draw(st.none() | st.sampled_from(["champion", "blocker"])),
            reports_to=data.draw(st.none() | pick) if people else None,
            sources=data.draw(st.lists(st.sampled_from(["contact", "news"]), max_size=2)),
            last_contact=data.draw(
                st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
            ),
        )
    elif kind == "team":
        operations.add_team_member(doc, name=data.draw(st.sampled_from(NAMES)))
    elif kind == "update":
        who = data.draw(pick)
        field = data.draw(
            st.sampled_from(["title", "attitude", "concerns", "plan_goal", "plan_owner", "sources"])
        )
        value: object = data.draw(st.sampled_from(TEXTS))
        if field == "attitude":
            value = data.draw(st.sampled_from(["neutral", "supporter"]))
        elif field == "plan_owner":
            value = data.draw(st.sampled_from(team))
        elif field == "sources":
            value = ["linkedin"]
            removed.add(f"{who}.sources")
        operations.update_stakeholder(doc, who, changes={field: value})
    elif kind == "unset":
        who = data.draw(pick)
        entry = doc.data["stakeholders"][people.index(who)]
        present = [k for k in entry if k not in ("id", "name", "title")]
        present += [f"plan_{k}" for k in (entry.get("engagement") or {})]
        if not present:
            return
        field = data.draw(st.sampled_from(present))
        operations.update_stakeholder(doc, who, changes={}, unset=[field])
        removed.add(
            f"{who}.engagement.{field[5:]}" if field.startswith("plan_") else f"{who}.{field}"
        )
    elif kind == "link":
        first, second = data.draw(st.lists(pick, min_size=2, max_size=2, unique=True))
        kind_of = data.draw(st.sampled_from(["trusts", "competes"]))
        with contextlib.suppress(operations.EditError):  # already linked that way
            operations.link(doc, first, second, kind=kind_of)
    elif kind == "unlink":
        tie = data.draw(st.sampled_from(list(doc.data["relationships"])))
        source, target = str(tie["from"]), str(tie["to"])
        operations.unlink(doc, source, target)
        removed.update({f"rel:{source}:{target}", f"rel:{target}:{source}"})
    elif kind == "log":
        operations.log_interaction(
            doc,
            people=data.draw(st.lists(pick, min_size=1, max_size=2, unique=True)),
            summary=data.draw(st.sampled_from(TEXTS)),
            date=dt.date(2026, 3, 1),
            by=data.draw(st.none() | st.sampled_from(team)),
        )
    elif kind == "remove":
        who = data.draw(pick)
        for tie in doc.data.get("relationships") or ():
            if who in (str(tie["from"]), str(tie["to"])):
                removed.add(f"rel:{tie['from']}:{tie['to']}")
        for meeting in doc.data.get("interactions") or ():
            if [str(p) for p in meeting["with"]] == [who]:
                removed.add(f"int:{meeting['date']}")
        for entry in doc.data["stakeholders"]:
            if str(entry.get("reports_to")) == who:
                removed.add(f"{entry['id']}.reports_to")
        operations.remove_stakeholder(doc, who, cascade=True)
        removed.add(who)


def _dead(comment: str, removed: set[str]) -> bool:
    for tag in _TAGS.findall(comment):
        parts = tag.split(".")
        if any(".".join(parts[:n]) in removed for n in range(1, len(parts) + 1)):
            return True
    return False


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), steps=st.integers(min_value=1, max_value=4))
def test_random_edits_keep_the_map_valid_and_the_comments(data: st.DataObject, steps: int) -> None:
    text = MAP
    removed: set[str] = set()
    for _ in range(steps):
        doc = document.load(text)
        _step(data, doc, removed)
        text = document.dump(doc)
        assert structural_errors(text, path="map.yaml") == [], text
        for comment in COMMENTS:
            if not _dead(comment, removed):
                assert comment in text, f"lost comment {comment!r}:\n{text}"
    assert "x-crm-id: 'OPP-0612'" in text
    assert text.startswith("# yaml-language-server: $schema=accountmap.schema.json [-]\n")


def test_fixture_is_valid_and_every_comment_is_tagged() -> None:
    assert structural_errors(MAP, path="map.yaml") == []
    assert all(_TAGS.search(comment) for comment in COMMENTS)
