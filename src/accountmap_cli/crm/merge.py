"""Imported deals → new maps, or changes merged into the maps already there. Writes nothing itself.

How a merge treats what is already on the map (the map wins; the CRM fills gaps):

- The map of an opportunity is the one whose `opportunity` has its `x-crm-id`, wherever it is under
  the output folder; a new map is named after the account and the opportunity
  (`acme-bv-packaging-line-3.yaml`).
- People are matched by `x-crm-id`, else by exactly the same name (the id is then added).
- A person's name, title, role, influence, attitude and `reports_to` are filled in when the map
  has none (or `unknown`); a value the map already has is kept, with a note when the CRM says
  otherwise. Nobody is removed, and comments, order and extension keys stay as they are.
- The deal's value, currency, stage and close date come from the CRM (it is the system of record
  for the pipeline), when the export has the opportunity file.

Every map is checked with the structural checks (AM001-AM006) before it is written; a map with an
error in its part of the export is not written at all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accountmap_cli.crm.csvread import CsvProblem
from accountmap_cli.crm.mapping import ImportedDeal, ImportedPerson, ImportResult, slugify
from accountmap_cli.models import Opportunity, Stakeholder, field_names

if TYPE_CHECKING:
    from accountmap_cli.edit.atomic import FolderSyncs

CRM_ID = "x-crm-id"
ACCOUNT_CRM_ID = "x-crm-account-id"
_PERSON_FIELDS = ("role", "influence", "attitude")
_CLASH_HINT = "to merge into it, add 'x-crm-id: {}' under its 'opportunity:'; else move it away"


@dataclass(slots=True)
class MapPlan:
    """What one deal does to one map file: create it, update it, leave it, or fail."""

    deal: ImportedDeal
    path: str
    action: str
    """`create`, `update`, `unchanged` or `failed`."""
    summary: str = ""
    edit: Any = None
    """The `PlannedEdit` to write (create and update only)."""
    errors: list[tuple[str, str | None]] = field(default_factory=list)
    """(message, hint) pairs."""
    notes: list[tuple[str, str | None]] = field(default_factory=list)
    """(message, hint) pairs."""

    def diff(self) -> str:
        return self.edit.diff() if self.edit is not None else ""

    def write(self, *, later: FolderSyncs | None = None) -> None:
        """Write the map atomically (`later`: a `FolderSyncs` that fsyncs the folder at the end)."""
        if self.edit is not None and self.action in ("create", "update"):
            self.edit.write(later=later)


def existing_maps(out_dir: str) -> dict[str, str]:
    """Opportunity `x-crm-id` → map file, for the maps under `out_dir` (unloadable files skipped)."""
    from accountmap_cli.errors import MapLoadError
    from accountmap_cli.loader import discover, parse, read_text

    found: dict[str, str] = {}
    if not os.path.isdir(out_dir):
        return found
    for path in discover([out_dir]):
        try:
            text = read_text(path)
            if CRM_ID not in text:  # most maps of a big folder need no parsing at all
                continue
            data = parse(text, path=path).data
        except MapLoadError:
            continue
        crm_id = _opportunity_crm_id(data)
        if crm_id is not None:
            found.setdefault(crm_id, path)
    return found


def _opportunity_crm_id(data: object) -> str | None:
    """The `x-crm-id` under a map's `opportunity:` (None when it has none)."""
    opportunity = data.get("opportunity") if isinstance(data, dict) else None
    if isinstance(opportunity, dict) and opportunity.get(CRM_ID) is not None:
        return str(opportunity[CRM_ID])
    return None


def plan_maps(
    result: ImportResult,
    *,
    out_dir: str,
    system: str,
    stages: tuple[str, ...],
) -> list[MapPlan]:
    """One plan per imported deal; nothing is written."""
    known = existing_maps(out_dir)
    claimed: set[str] = set()
    plans = []
    for deal in result.deals:
        plan = _plan_one(
            deal, out_dir=out_dir, system=system, stages=stages, known=known, claimed=claimed
        )
        claimed.add(os.path.normpath(plan.path))
        plans.append(plan)
    return plans


def _error(problem: CsvProblem) -> tuple[str, str | None]:
    return str(problem), problem.hint


def _new_path(deal: ImportedDeal, out_dir: str, claimed: set[str]) -> tuple[str, str | None]:
    """A free file name for a new map, or (path, error) when a map not linked to the deal is there."""
    base = slugify(f"{deal.account} {deal.name}") or slugify(deal.crm_id) or "opportunity"
    number = 1
    while True:
        name = base if number == 1 else f"{base}-{number}"
        path = os.path.join(out_dir, f"{name}.yaml")
        if os.path.normpath(path) in claimed:
            number += 1
            continue
        if not os.path.lexists(path):
            return path, None
        linked = _crm_id_of(path)
        if linked is None:
            return path, (
                f"{path} exists and is not linked to opportunity '{deal.crm_id}'; not changed"
            )
        number += 1


def _crm_id_of(path: str) -> str | None:
    from accountmap_cli.errors import MapLoadError
    from accountmap_cli.loader import load

    try:
        data = load(path).data
    except MapLoadError:
        return None
    return _opportunity_crm_id(data)


def _plan_one(
    deal: ImportedDeal,
    *,
    out_dir: str,
    system: str,
    stages: tuple[str, ...],
    known: dict[str, str],
    claimed: set[str],
) -> MapPlan:
    from accountmap_cli.edit.session import EditError, InvalidResultError, plan_edit, plan_new
    from accountmap_cli.errors import MapLoadError

    notes = [_error(p) for p in deal.notes]
    existing = known.get(deal.crm_id)
    if existing is not None:
        path = existing
    else:
        path, clash = _new_path(deal, out_dir, claimed)
        if clash is not None:
            return MapPlan(
                deal,
                path,
                "failed",
                errors=[*map(_error, deal.errors), (clash, _CLASH_HINT.format(deal.crm_id))],
                notes=notes,
            )
    if deal.errors:
        return MapPlan(deal, path, "failed", errors=[*map(_error, deal.errors)], notes=notes)
    try:
        if existing is None:
            text = new_map_text(deal, system=system, stages=stages)
            edit = plan_new(path, text, "", stages=stages)
            count = len(deal.people)
            summary = f"{count} stakeholder{'' if count == 1 else 's'}"
            return MapPlan(deal, path, "create", summary, edit, notes=notes)
        plain_notes: list[str] = []
        if not _would_change(deal, path, plain_notes):
            notes.extend((note, None) for note in plain_notes)
            return MapPlan(deal, path, "unchanged", "no changes", notes=notes)
        merge_notes: list[str] = []
        edit = plan_edit(path, merge_operation(deal, merge_notes, path=path), stages=stages)
        notes.extend((note, None) for note in [*merge_notes, *edit.notes])
        action = "update" if edit.changed else "unchanged"
        return MapPlan(deal, path, action, edit.message, edit, notes=notes)
    except InvalidResultError as error:
        errors = [
            (f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}", f.hint) for f in error.findings
        ]
        return MapPlan(deal, path, "failed", errors=errors, notes=notes)
    except (MapLoadError, EditError) as error:
        return MapPlan(deal, path, "failed", errors=[(str(error), error.hint)], notes=notes)


def _would_change(deal: ImportedDeal, path: str, notes: list[str]) -> bool:
    """Whether merging changes the map, worked out on the fast loader's plain data (no ruamel)."""
    import copy
    from types import SimpleNamespace

    from accountmap_cli.loader import load

    data = copy.deepcopy(load(path).data)
    summary = merge_operation(deal, notes, path=path, plain=True)(
        SimpleNamespace(data=data, quote="'")
    )
    return summary != "no changes"


# --- new maps ---------------------------------------------------------------------------------


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def new_map_text(deal: ImportedDeal, *, system: str, stages: tuple[str, ...]) -> str:
    """The text of a new map for an imported deal."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from accountmap_cli.edit import document
    from accountmap_cli.edit.fastdump import dump_fresh

    t = document.text
    opportunity = CommentedMap()
    opportunity["name"] = t(deal.name)
    opportunity["account"] = t(deal.account)
    opportunity["value"] = _number(deal.value or 0.0)
    if deal.currency:
        opportunity["currency"] = t(deal.currency)
    opportunity["stage"] = t(deal.stage or stages[0])
    if deal.close_date is not None:
        opportunity["close_date"] = deal.close_date
    opportunity[CRM_ID] = t(deal.crm_id)
    if deal.account_crm_id:
        opportunity[ACCOUNT_CRM_ID] = t(deal.account_crm_id)
    root = CommentedMap()
    root["opportunity"] = opportunity
    people = CommentedSeq()
    taken: set[str] = set()
    ids: dict[str, str] = {}
    for person in deal.people:
        entry = _new_person(person, taken)
        ids[person.crm_id] = entry["id"]
        people.append(entry)
    for person, entry in zip(deal.people, people, strict=True):
        boss = ids.get(person.reports_to_crm or "")
        if boss is not None and boss != entry["id"]:
            _insert_before(entry, "reports_to", boss, before=CRM_ID)
    _break_cycles(people)
    root["stakeholders"] = people
    header = f"# Imported from {system} by `accountmap import {system.lower()}`.\n"
    doc = document.RoundTrip(root, document.Indent(), header, "'")
    return dump_fresh(doc) or document.dump(doc)


def _new_person(person: ImportedPerson, taken: set[str]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    from accountmap_cli.edit import document
    from accountmap_cli.edit.slug import unique_id

    t = document.text
    entry = CommentedMap()
    # An id is text like any other: a contact called "No" gets `id: 'no'`, not a YAML 1.1 false.
    entry["id"] = t(unique_id(person.name or person.title or "", taken, fallback="person"))
    taken.add(str(entry["id"]))
    if person.name:
        entry["name"] = t(person.name)
    if person.title:
        entry["title"] = t(person.title)
    if not person.name and not person.title:
        entry["title"] = t(f"contact {person.crm_id}")
    for name in _PERSON_FIELDS:
        entry[name] = getattr(person.effect, name) or "unknown"
    entry[CRM_ID] = t(person.crm_id)
    return entry


def _insert_before(entry: Any, key: str, value: Any, *, before: str) -> None:
    keys = list(entry)
    entry.insert(keys.index(before) if before in keys else len(keys), key, value)


def _break_cycles(people: Any) -> None:
    """Drop the `reports_to` that closes a circle (the CRM allows them; a map does not)."""
    boss = {e["id"]: e.get("reports_to") for e in people}
    for entry in people:
        seen = {entry["id"]}
        current = entry.get("reports_to")
        while current is not None and current not in seen:
            seen.add(current)
            current = boss.get(current)
        if current is not None and current == entry["id"] and "reports_to" in entry:
            del entry["reports_to"]
            boss[entry["id"]] = None


# --- merging into a map -------------------------------------------------------------------------


def merge_operation(
    deal: ImportedDeal, notes: list[str], *, path: str, plain: bool = False
) -> Callable[[Any], str]:
    """The change an import makes to an existing map's round-trip tree (see the module doc).

    With `plain=True` the same change is made to the loader's plain data instead (dicts and lists,
    no comments): cheap, and enough to tell whether a map would change at all.
    """

    def apply(rt: Any) -> str:
        from accountmap_cli.edit import comments, document
        from accountmap_cli.edit.session import EditError

        data = rt.data
        quote = rt.quote

        if plain:

            def t(value: str) -> Any:
                return value

            def put(container: Any, key: str, value: Any) -> None:
                container[key] = value

            def add_key(container: Any, key: str, value: Any, position: int | None = None) -> None:
                container[key] = value

            def add_item(container: Any, value: Any) -> None:
                container.append(value)

        else:

            def t(value: str) -> Any:
                return document.text(value, quote=quote)

            def put(container: Any, key: str, value: Any) -> None:
                if key in container:
                    container[key] = document.like(container[key], value, quote=quote)
                else:
                    comments.append_entry(container, key, value)

            def add_key(container: Any, key: str, value: Any, position: int | None = None) -> None:
                comments.append_entry(container, key, value, position=position)

            def add_item(container: Any, value: Any) -> None:
                if container:
                    comments.append_entry(container, None, value)
                else:
                    container.append(value)

        def new_list() -> Any:
            if plain:
                return []
            from ruamel.yaml.comments import CommentedSeq

            return CommentedSeq()

        if not isinstance(data, dict) or not isinstance(data.get("opportunity"), dict):
            raise EditError(f"{path} has no 'opportunity:' mapping; not changed")
        changes: list[str] = []
        opportunity = data["opportunity"]
        if deal.from_crm:
            updates: list[tuple[str, Any]] = [
                ("value", _number(deal.value) if deal.value is not None else None),
                ("currency", deal.currency),
                ("stage", deal.stage),
                ("close_date", deal.close_date),
            ]
            for key, value in updates:
                if value is None:
                    continue
                old = opportunity.get(key)
                if old is not None and _same(old, value):
                    continue
                shown_old = "nothing" if old is None else str(old)
                _put_field(
                    opportunity,
                    key,
                    t(value) if isinstance(value, str) else value,
                    put,
                    add_key,
                    _OPPORTUNITY_ORDER,
                )
                changes.append(f"{key} {shown_old} → {value}")
        people = data.get("stakeholders")
        if people is None or (isinstance(people, list) and not people):
            people = new_list()
            if "stakeholders" in data:
                data["stakeholders"] = people
            else:
                add_key(data, "stakeholders", people)
        if not isinstance(people, list):
            raise EditError(f"{path}: 'stakeholders' is not a list; not changed")
        team = data.get("team") or []
        taken = {str(e.get("id")) for e in [*people, *team] if isinstance(e, dict)}
        by_crm = {
            str(e[CRM_ID]): e for e in people if isinstance(e, dict) and e.get(CRM_ID) is not None
        }
        added = 0
        touched: set[int] = set()
        fresh: set[int] = set()
        for person in deal.people:
            entry = by_crm.get(person.crm_id)
            if entry is None and person.name:
                same = [
                    e
                    for e in people
                    if isinstance(e, dict)
                    and e.get(CRM_ID) is None
                    and str(e.get("name", "")).casefold() == person.name.casefold()
                ]
                if len(same) == 1:
                    entry = same[0]
                    put(entry, CRM_ID, t(person.crm_id))
                    by_crm[person.crm_id] = entry
                    touched.add(id(entry))
                    notes.append(
                        f"{path}: '{entry.get('id')}' matched by name to contact "
                        f"'{person.crm_id}'; added its x-crm-id"
                    )
            if entry is None:
                new = _new_person(person, taken)
                for key in list(new):
                    if isinstance(new[key], str) and key not in ("id",):
                        new[key] = document.text(str(new[key]), quote=quote)
                add_item(people, new)
                by_crm[person.crm_id] = new
                fresh.add(id(new))
                added += 1
                continue
            if _fill(entry, person, put, add_key, t, notes, path=path):
                touched.add(id(entry))
        for person in deal.people:
            if not person.reports_to_crm:
                continue
            entry, boss = by_crm.get(person.crm_id), by_crm.get(person.reports_to_crm)
            if entry is None or boss is None or boss is entry:
                continue
            current = entry.get("reports_to")
            if current is None:
                if _reaches(people, start=str(boss.get("id")), target=str(entry.get("id"))):
                    notes.append(
                        f"{path}: '{entry.get('id')}' reports to '{boss.get('id')}' in the CRM, "
                        "but that would make a reporting cycle on the map; not added"
                    )
                    continue
                _put_field(entry, "reports_to", t(str(boss.get("id"))), put, add_key)
                if id(entry) not in fresh:
                    touched.add(id(entry))
            elif str(current) != str(boss.get("id")):
                notes.append(
                    f"{path}: kept reports_to '{current}' of '{entry.get('id')}' "
                    f"(the CRM says '{boss.get('id')}')"
                )
        parts = []
        if added:
            parts.append(f"{added} stakeholder{'' if added == 1 else 's'} added")
        if touched:
            parts.append(f"{len(touched)} filled in")
        parts.extend(changes)
        return ", ".join(parts) or "no changes"

    return apply


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, (int, float)) and not isinstance(new, bool):
        try:
            return float(str(old)) == float(new)
        except ValueError:
            return False
    if isinstance(new, dt.date):
        return str(old) == new.isoformat()
    return str(old) == str(new)


def _reaches(people: Any, *, start: str, target: str) -> bool:
    boss = {str(e.get("id")): e.get("reports_to") for e in people if isinstance(e, dict)}
    seen: set[str] = set()
    current: str | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        nxt = boss.get(current)
        current = str(nxt) if nxt is not None else None
    return False


_ORDER = field_names(Stakeholder)
_OPPORTUNITY_ORDER = field_names(Opportunity)


def _put_field(
    entry: Any,
    key: str,
    value: Any,
    put: Callable,
    add_key: Callable,
    order: tuple[str, ...] = _ORDER,
) -> None:
    """Set a field; a new key goes before the first key that comes after it in the usual order
    (or before the extension keys), else at the end."""
    if key in entry:
        put(entry, key, value)
        return
    rank = order.index(key) if key in order else len(order)
    keys = list(entry)
    position = len(keys)
    for index, existing in enumerate(keys):
        later = existing in order and order.index(existing) > rank
        if later or str(existing).startswith("x-"):
            position = index
            break
    add_key(entry, key, value, position if position < len(keys) else None)


def _fill(
    entry: Any,
    person: ImportedPerson,
    put: Callable,
    add_key: Callable,
    t: Callable,
    notes: list[str],
    *,
    path: str,
) -> bool:
    """Fill the gaps of one stakeholder from the CRM; note where the map and the CRM disagree."""
    changed = False
    who = entry.get("id")
    for key, value in (("name", person.name), ("title", person.title)):
        if not value:
            continue
        current = entry.get(key)
        if current is None or str(current) == "":
            _put_field(entry, key, t(value), put, add_key)
            changed = True
    for key in _PERSON_FIELDS:
        value = getattr(person.effect, key)
        if value is None or value == "unknown":
            continue
        current = entry.get(key)
        if current is None or str(current) == "unknown":
            _put_field(entry, key, value, put, add_key)
            changed = True
        elif str(current) != value:
            notes.append(f"{path}: kept {key} '{current}' of '{who}' (the CRM says '{value}')")
    return changed
