"""The changes the editing commands make, as functions on a round-trip tree.

Each function changes `doc.data` in place and returns a `Change` saying what it did; it raises
`EditError` when the change cannot be made as asked. Values are written the way a person would:
dates plain (`2026-12-04`), text plain unless it would be misread (`'NO'`, `'0612345670'`), new list
items in block style, keys in the order the README documents them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from accountmap_cli.edit import comments
from accountmap_cli.edit.document import RoundTrip, like, text
from accountmap_cli.edit.session import EditError
from accountmap_cli.edit.slug import unique_id
from accountmap_cli.models import (
    AccountMap,
    Engagement,
    Interaction,
    Opportunity,
    Relationship,
    Stakeholder,
    TeamMember,
    field_names,
)

SECTION_ORDER = field_names(AccountMap)
OPPORTUNITY_ORDER = field_names(Opportunity)
TEAM_ORDER = field_names(TeamMember)
STAKEHOLDER_ORDER = field_names(Stakeholder)
ENGAGEMENT_ORDER = field_names(Engagement)
RELATIONSHIP_ORDER = field_names(Relationship)
INTERACTION_ORDER = field_names(Interaction)

PLAN_FIELDS = {f"plan_{name}": name for name in ENGAGEMENT_ORDER}
"""`update --plan-goal` and friends → the key under `engagement:`."""

UNSETTABLE = (*STAKEHOLDER_ORDER[1:], *PLAN_FIELDS)
"""Fields `update --unset` accepts (`plan_goal` removes `engagement.goal`)."""


@dataclass(frozen=True, slots=True)
class Change:
    """What an operation did: `added stakeholder 'jan'` + `to` (the CLI adds the file)."""

    summary: str
    preposition: str = "in"
    also: list[str] = field(default_factory=list)
    """What else was changed along with it (the cascade of `remove`)."""

    def describe(self, path: str) -> str:
        """One line for the user: `added stakeholder 'jan' to maps/x.yaml`."""
        line = f"{self.summary} {self.preposition} {path}"
        if self.also:
            line += "; also removed " + ", ".join(self.also)
        return line


def _cmap() -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def _cseq(items: Iterable[Any] = (), *, flow: bool = False) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(list(items))
    if flow:
        seq.fa.set_flow_style()
    else:
        seq.fa.set_block_style()
    return seq


def _is_seq(value: Any) -> bool:
    return isinstance(value, list)


def _is_map(value: Any) -> bool:
    return isinstance(value, dict)


def _value(doc: RoundTrip, value: Any) -> Any:
    if isinstance(value, str):
        return text(value, quote=doc.quote)
    return value


def _position(mapping: Any, key: str, order: Sequence[str]) -> int | None:
    """Where a new `key` goes: after the last existing key that comes before it in `order`."""
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    return None if position >= len(mapping) else position


def set_field(doc: RoundTrip, mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set `mapping[key]`, keeping the old value's quoting and the comments around it."""
    if key in mapping:
        old = mapping[key]
        lines = comments.following(mapping, key)
        comments.set_following(mapping, key, [])
        mapping[key] = like(old, value, quote=doc.quote) if isinstance(value, str) else value
        comments.set_following(mapping, key, lines)
        return
    comments.append_entry(mapping, key, _value(doc, value), position=_position(mapping, key, order))


def _section(doc: RoundTrip, name: str, *, create: bool) -> Any:
    root = doc.data
    if not _is_map(root):
        raise EditError("the map's top level is not a mapping")
    if name not in root or root[name] is None:
        if not create:
            return None
        seq = _cseq(flow=True)
        if name in root:
            root[name] = seq
        else:
            comments.append_entry(root, name, seq, position=_position(root, name, SECTION_ORDER))
        return seq
    section = root[name]
    if not _is_seq(section):
        raise EditError(
            f"'{name}' is not a list in this map", hint="fix it by hand first; `accountmap lint`"
        )
    return section


def _append(doc: RoundTrip, name: str, item: Any) -> int:
    """Append an item to a top-level list, creating the list when needed; returns its index."""
    seq = _section(doc, name, create=True)
    root = doc.data
    if len(seq) == 0:
        eol, lines = comments.key_following(root, name)
        comments.set_key_following(root, name, eol, [])
        seq.fa.set_block_style()
        seq.append(item)
        comments.set_following(seq, 0, comments.join(comments.following(seq, 0), lines))
    else:
        comments.append_entry(seq, None, item)
    return len(seq) - 1


def _style_of(section: Any, key: str) -> bool:
    """Whether existing entries write the list under `key` in flow style (`[a, b]`)."""
    for entry in section or ():
        value = entry.get(key) if _is_map(entry) else None
        if _is_seq(value) and hasattr(value, "fa"):
            return bool(value.fa.flow_style())
    return False


def _ids(section: Any) -> list[str]:
    return [str(e.get("id")) for e in section or () if _is_map(e) and e.get("id") is not None]


def taken_ids(doc: RoundTrip) -> set[str]:
    """Every id on the map, stakeholders and team."""
    return set(_ids(_section(doc, "stakeholders", create=False))) | set(
        _ids(_section(doc, "team", create=False))
    )


def find_stakeholder(doc: RoundTrip, stakeholder_id: str) -> tuple[int, Any]:
    """The position and entry of a stakeholder; `EditError` with a did-you-mean when unknown."""
    section = _section(doc, "stakeholders", create=False)
    for index, entry in enumerate(section or ()):
        if _is_map(entry) and str(entry.get("id")) == stakeholder_id:
            return index, entry
    import difflib

    known = _ids(section)
    close = difflib.get_close_matches(stakeholder_id, known, n=1)
    raise EditError(
        f"no stakeholder with id '{stakeholder_id}'",
        hint=f"did you mean '{close[0]}'?"
        if close
        else "ids on this map: " + (", ".join(known) or "none yet"),
    )


def _build(doc: RoundTrip, values: Mapping[str, Any], order: Sequence[str], section: Any) -> Any:
    entry = _cmap()
    for key in order:
        value = values.get(key)
        if value is None or value == [] or value == ():
            continue
        if isinstance(value, (list, tuple)):
            entry[key] = _cseq((_value(doc, v) for v in value), flow=_style_of(section, key))
        else:
            entry[key] = _value(doc, value)
    return entry


def add_stakeholder(
    doc: RoundTrip,
    *,
    name: str,
    stakeholder_id: str | None = None,
    title: str | None = None,
    role: str | None = None,
    influence: str | None = None,
    attitude: str | None = None,
    reports_to: str | None = None,
    sources: Sequence[str] = (),
    last_contact: dt.date | None = None,
    concerns: str | None = None,
) -> Change:
    """Add a stakeholder at the end of `stakeholders`; the id comes from the name when not given."""
    taken = taken_ids(doc)
    if stakeholder_id is None:
        stakeholder_id = unique_id(name, taken)
    elif stakeholder_id in taken:
        raise EditError(
            f"id '{stakeholder_id}' is already on the map",
            hint=f"leave out --id to get a free one, e.g. '{unique_id(stakeholder_id, taken)}'",
        )
    values = {
        "id": stakeholder_id,
        "name": name,
        "title": title,
        "role": role,
        "influence": influence,
        "attitude": attitude,
        "reports_to": reports_to,
        "last_contact": last_contact,
        "sources": list(sources),
        "concerns": concerns,
    }
    section = _section(doc, "stakeholders", create=False)
    _append(doc, "stakeholders", _build(doc, values, STAKEHOLDER_ORDER, section))
    return Change(f"added stakeholder '{stakeholder_id}'", "to")


def add_team_member(
    doc: RoundTrip, *, name: str, member_id: str | None = None, title: str | None = None
) -> Change:
    """Add a member of our team at the end of `team`."""
    taken = taken_ids(doc)
    if member_id is None:
        member_id = unique_id(name, taken)
    elif member_id in taken:
        raise EditError(f"id '{member_id}' is already on the map")
    values = {"id": member_id, "name": name, "title": title}
    section = _section(doc, "team", create=False)
    _append(doc, "team", _build(doc, values, TEAM_ORDER, section))
    return Change(f"added team member '{member_id}'", "to")


def update_stakeholder(
    doc: RoundTrip,
    stakeholder_id: str,
    *,
    changes: Mapping[str, Any],
    unset: Sequence[str] = (),
) -> Change:
    """Set fields of one stakeholder (`plan_goal` etc. go under `engagement:`) and remove others."""
    position, entry = find_stakeholder(doc, stakeholder_id)
    for key in unset:
        if key not in UNSETTABLE and not key.startswith("x-"):
            raise EditError(f"cannot unset '{key}'", hint="fields: " + ", ".join(UNSETTABLE))
    both = sorted(set(unset) & {k for k, v in changes.items() if v is not None})
    if both:
        raise EditError(f"'{both[0]}' is both set and unset")
    section = _section(doc, "stakeholders", create=False)
    done: list[str] = []
    removed: list[str] = []
    plan = {PLAN_FIELDS[k]: v for k, v in changes.items() if k in PLAN_FIELDS and v is not None}
    for key, value in changes.items():
        if value is None or key in PLAN_FIELDS:
            continue
        if isinstance(value, (list, tuple)):
            value = _cseq((_value(doc, v) for v in value), flow=_style_of(section, key))
        set_field(doc, entry, key, value, STAKEHOLDER_ORDER)
        done.append(key)
    if plan:
        engagement = entry.get("engagement")
        if not _is_map(engagement):
            engagement = _cmap()
            for key in ENGAGEMENT_ORDER:
                if key in plan:
                    engagement[key] = _value(doc, plan[key])
            set_field(doc, entry, "engagement", engagement, STAKEHOLDER_ORDER)
        else:
            for key in ENGAGEMENT_ORDER:
                if key in plan:
                    set_field(doc, engagement, key, plan[key], ENGAGEMENT_ORDER)
        done.extend(f"engagement.{key}" for key in ENGAGEMENT_ORDER if key in plan)
    for key in unset:
        if key in PLAN_FIELDS:
            engagement = entry.get("engagement")
            sub = PLAN_FIELDS[key]
            if not _is_map(engagement) or sub not in engagement:
                continue
            if len(engagement) == 1:
                _remove_key(doc, entry, "engagement", parent=section, parent_key=position)
            else:
                _remove_key(doc, engagement, sub, parent=entry, parent_key="engagement")
            removed.append(f"engagement.{sub}")
        elif key in entry:
            _remove_key(doc, entry, key, parent=section, parent_key=position)
            removed.append(key)
    if not done and not removed:
        raise EditError("nothing to change", hint="give at least one field option or --unset FIELD")
    parts = []
    if done:
        parts.append("set " + ", ".join(done))
    if removed:
        parts.append("removed " + ", ".join(removed))
    return Change(f"updated stakeholder '{stakeholder_id}' ({'; '.join(parts)})", "in")


def _remove_key(
    doc: RoundTrip, mapping: Any, key: str, *, parent: Any = None, parent_key: Any = None
) -> None:
    _, orphans = comments.remove_entry(mapping, key, parent=parent, parent_key=parent_key)
    if orphans:  # pragma: no cover - a stakeholder keeps its id, so it never empties
        raise EditError("cannot remove the last field of an entry")


def _relationships(doc: RoundTrip) -> Any:
    return _section(doc, "relationships", create=False) or []


def link(doc: RoundTrip, source: str, target: str, *, kind: str, note: str | None = None) -> Change:
    """Add a relationship `source → target` of type `kind`."""
    find_stakeholder(doc, source)
    find_stakeholder(doc, target)
    if source == target:
        raise EditError("a relationship links two different stakeholders")
    for entry in _relationships(doc):
        if (
            _is_map(entry)
            and {str(entry.get("from")), str(entry.get("to"))} == {source, target}
            and str(entry.get("type")) == kind
        ):
            raise EditError(
                f"'{source}' and '{target}' are already linked ({kind})",
                hint="use `accountmap unlink` first to change the link",
            )
    values = {"from": source, "to": target, "type": kind, "note": note}
    _append(doc, "relationships", _build(doc, values, RELATIONSHIP_ORDER, _relationships(doc)))
    return Change(f"linked '{source}' → '{target}' ({kind})", "in")


def unlink(doc: RoundTrip, source: str, target: str, *, kind: str | None = None) -> Change:
    """Remove the relationships between two stakeholders (either direction), of one type if given."""
    section = _section(doc, "relationships", create=False)
    matches = [
        index
        for index, entry in enumerate(section or ())
        if _is_map(entry)
        and {str(entry.get("from")), str(entry.get("to"))} == {source, target}
        and (kind is None or str(entry.get("type")) == kind)
    ]
    if not matches:
        what = f" ({kind})" if kind else ""
        raise EditError(f"no relationship between '{source}' and '{target}'{what}")
    kinds = [str(section[index].get("type")) for index in matches]
    for index in reversed(matches):
        _remove_item(doc, "relationships", index)
    return Change(f"unlinked '{source}' and '{target}' ({', '.join(kinds)})", "in")


def _remove_item(doc: RoundTrip, name: str, index: int) -> None:
    section = doc.data[name]
    _, orphans = comments.remove_entry(section, index, parent=doc.data, parent_key=name)
    if orphans:
        eol, lines = comments.key_following(doc.data, name)
        comments.set_key_following(doc.data, name, eol, comments.join(lines, orphans))


def log_interaction(
    doc: RoundTrip,
    *,
    people: Sequence[str],
    summary: str,
    date: dt.date,
    by: str | None = None,
) -> Change:
    """Record an interaction with one or more stakeholders at the end of `interactions`."""
    if not people:
        raise EditError("an interaction needs at least one stakeholder (--with)")
    for person in people:
        find_stakeholder(doc, person)
    section = _section(doc, "interactions", create=False)
    values = {"date": date, "with": list(people), "by": by, "summary": summary}
    _append(doc, "interactions", _build(doc, values, INTERACTION_ORDER, section))
    return Change(f"logged interaction of {date.isoformat()} with {', '.join(people)}", "in")


def references_to(doc: RoundTrip, stakeholder_id: str) -> list[str]:
    """Everything on the map that refers to a stakeholder, described for people."""
    found = []
    for entry in _section(doc, "stakeholders", create=False) or ():
        if (
            _is_map(entry)
            and str(entry.get("reports_to")) == stakeholder_id
            and str(entry.get("id")) != stakeholder_id
        ):
            found.append(f"reports_to of '{entry.get('id')}'")
    for entry in _relationships(doc):
        if _is_map(entry) and stakeholder_id in (str(entry.get("from")), str(entry.get("to"))):
            found.append(
                f"relationship {entry.get('from')} → {entry.get('to')} ({entry.get('type')})"
            )
    for entry in _section(doc, "interactions", create=False) or ():
        people = entry.get("with") if _is_map(entry) else None
        if _is_seq(people) and stakeholder_id in [str(p) for p in people]:
            found.append(f"interaction of {entry.get('date')}")
    return found


def remove_stakeholder(doc: RoundTrip, stakeholder_id: str, *, cascade: bool = False) -> Change:
    """Remove a stakeholder; with `cascade`, also what refers to them, else refuse while anything does."""
    index, _ = find_stakeholder(doc, stakeholder_id)
    referring = references_to(doc, stakeholder_id)
    if referring and not cascade:
        shown = "; ".join(referring[:3]) + (
            f"; and {len(referring) - 3} more" if len(referring) > 3 else ""
        )
        raise EditError(
            f"'{stakeholder_id}' is still referred to: {shown}",
            hint="add --cascade to remove those references too, or change them first",
        )
    also: list[str] = []
    _remove_item(doc, "stakeholders", index)
    people = doc.data.get("stakeholders") or ()
    for spot, entry in enumerate(people):
        if _is_map(entry) and str(entry.get("reports_to")) == stakeholder_id:
            _remove_key(doc, entry, "reports_to", parent=people, parent_key=spot)
            also.append(f"reports_to of '{entry.get('id')}'")
    section = _section(doc, "relationships", create=False) or []
    removed: list[str] = []
    for position in reversed(range(len(section))):
        entry = section[position]
        if _is_map(entry) and stakeholder_id in (str(entry.get("from")), str(entry.get("to"))):
            removed.append(
                f"relationship {entry.get('from')} → {entry.get('to')} ({entry.get('type')})"
            )
            _remove_item(doc, "relationships", position)
    also.extend(reversed(removed))
    section = _section(doc, "interactions", create=False) or []
    removed = []
    for position in reversed(range(len(section))):
        entry = section[position]
        people = entry.get("with") if _is_map(entry) else None
        if not _is_seq(people) or stakeholder_id not in [str(p) for p in people]:
            continue
        if len(people) == 1:
            _remove_item(doc, "interactions", position)
            removed.append(f"interaction of {entry.get('date')}")
        else:
            for spot in reversed(range(len(people))):
                if str(people[spot]) == stakeholder_id:
                    if people.fa.flow_style():
                        del people[spot]
                    else:
                        comments.remove_entry(people, spot, parent=entry, parent_key="with")
            removed.append(f"'{stakeholder_id}' from the interaction of {entry.get('date')}")
    also.extend(reversed(removed))
    return Change(f"removed stakeholder '{stakeholder_id}'", "from", also)
