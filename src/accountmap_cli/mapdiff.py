"""What changed in a deal between two versions of its map: a semantic change list, not a text diff.

Two versions are compared as maps: moving a key, re-indenting or editing a comment is no change.
A version that does not parse (or is not a valid map) is a value too, never an exception: the diff
then says so instead of listing changes.

The order of attitudes, coldest to warmest, is blocker < skeptical < neutral < supporter < champion;
`unknown` is outside it, so a move from or to `unknown` is neither warmer nor colder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accountmap_cli.config import DEFAULT_SETTINGS, Settings
from accountmap_cli.findings import Finding, Severity
from accountmap_cli.vocabulary import ATTITUDE_SCALE, INFLUENCE_SCALE

if TYPE_CHECKING:
    from accountmap_cli.models import AccountMap, Stakeholder

_STAKEHOLDER_FIELDS = (
    "reports_to",
    "last_contact",
    "sources",
    "concerns",
    "strategy",
    "engagement",
    "notes",
)
"""Stakeholder fields reported as `stakeholder_field` changes (the main ones have their own kind)."""

_OPPORTUNITY_FIELDS = ("name", "account", "currency", "close_date", "owner", "competitors")


@dataclass(frozen=True, slots=True)
class Risk:
    """A deal's risk score and level at one version (from `accountmap_cli.risk`)."""

    score: int
    level: str


@dataclass(frozen=True, slots=True)
class MapVersion:
    """One version of one map: a valid model, or the reason it is not one."""

    path: str
    model: AccountMap | None = None
    problem: str | None = None
    """Why this version is not a valid map: ``line:col: CODE message`` of its first error."""
    findings: tuple[Finding, ...] = ()
    risk: Risk | None = None

    @property
    def valid(self) -> bool:
        return self.model is not None


@dataclass(frozen=True, slots=True)
class Change:
    """One semantic change. `kind` names it; `details` holds the JSON fields of that kind."""

    kind: str
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.details}


@dataclass(frozen=True, slots=True)
class FindingChange:
    """A finding identified without its line, so that moving text does not make it new."""

    code: str
    rule: str
    severity: str
    message: str
    stakeholder: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "stakeholder": self.stakeholder,
        }


@dataclass(frozen=True, slots=True)
class MapDiff:
    """The difference between two versions of one map (either side may be absent)."""

    status: str
    """``added``, ``deleted``, ``renamed`` or ``modified``."""
    old: MapVersion | None
    new: MapVersion | None
    changes: tuple[Change, ...] = ()
    appeared: tuple[FindingChange, ...] = ()
    disappeared: tuple[FindingChange, ...] = ()

    @property
    def path(self) -> str:
        side = self.new or self.old
        assert side is not None
        return side.path

    @property
    def old_path(self) -> str | None:
        return self.old.path if self.old is not None else None

    @property
    def risk_before(self) -> Risk | None:
        return self.old.risk if self.old is not None else None

    @property
    def risk_after(self) -> Risk | None:
        return self.new.risk if self.new is not None else None

    @property
    def comparable(self) -> bool:
        """Both sides exist and are valid maps, so `changes` is the full story."""
        return self.old is not None and self.new is not None and self.old.valid and self.new.valid

    @property
    def empty(self) -> bool:
        """Nothing a reader needs to see: same path, same meaning, same validity."""
        return (
            self.status == "modified"
            and not self.changes
            and not self.appeared
            and not self.disappeared
            and self.comparable
            and self.risk_before == self.risk_after
        )


def attitude_direction(before: str, after: str) -> str | None:
    """``warmer``, ``colder``, or `None` when either side is ``unknown`` or they are equal."""
    if before not in ATTITUDE_SCALE or after not in ATTITUDE_SCALE or before == after:
        return None
    return "warmer" if ATTITUDE_SCALE.index(after) > ATTITUDE_SCALE.index(before) else "colder"


def influence_direction(before: str, after: str) -> str | None:
    """``up``, ``down``, or `None` when either side is ``unknown``."""
    if before not in INFLUENCE_SCALE or after not in INFLUENCE_SCALE or before == after:
        return None
    return "up" if INFLUENCE_SCALE.index(after) > INFLUENCE_SCALE.index(before) else "down"


def stage_direction(before: str, after: str, stages: Sequence[str]) -> str | None:
    """``forward`` or ``back`` in the team's stage order; `None` for a stage outside it."""
    if before not in stages or after not in stages or before == after:
        return None
    return "forward" if stages.index(after) > stages.index(before) else "back"


def _plain(value: Any) -> Any:
    """A model value as JSON data: enums as their value, dates as ISO text, models as dicts."""
    if value is None or isinstance(value, bool | int | float | str):
        return value.value if hasattr(value, "value") else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    return str(value)


def _by_id(people: Iterable[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for person in people:
        found.setdefault(person.id, person)
    return found


def _person(stakeholder: Stakeholder) -> dict[str, Any]:
    return {
        "stakeholder": stakeholder.id,
        "name": stakeholder.name,
        "title": stakeholder.title,
    }


def _stakeholder_changes(before: Stakeholder, after: Stakeholder) -> list[Change]:
    """Name and title first (the lines below use the new name), then role, influence, attitude."""
    changes = []
    who = _person(after)
    for kind in ("name", "title"):
        old, new = getattr(before, kind), getattr(after, kind)
        if old != new:
            changes.append(Change(kind, {**who, "from": old, "to": new}))
    if before.role != after.role:
        changes.append(Change("role", {**who, "from": before.role.value, "to": after.role.value}))
    old_influence, new_influence = before.influence.value, after.influence.value
    if old_influence != new_influence:
        changes.append(
            Change(
                "influence",
                {
                    **who,
                    "from": old_influence,
                    "to": new_influence,
                    "direction": influence_direction(old_influence, new_influence),
                },
            )
        )
    old_attitude, new_attitude = before.attitude.value, after.attitude.value
    if old_attitude != new_attitude:
        changes.append(
            Change(
                "attitude",
                {
                    **who,
                    "from": old_attitude,
                    "to": new_attitude,
                    "direction": attitude_direction(old_attitude, new_attitude),
                },
            )
        )
    for name in _STAKEHOLDER_FIELDS:
        old, new = _plain(getattr(before, name)), _plain(getattr(after, name))
        if old != new:
            changes.append(
                Change("stakeholder_field", {**who, "field": name, "from": old, "to": new})
            )
    return changes


def _relationship_key(rel: Any) -> tuple[str, str, str]:
    return (rel.from_, rel.to, rel.type.value)


def _interaction_key(item: Any) -> tuple[Any, ...]:
    return (item.date, tuple(item.with_), item.by, item.summary)


def _interaction(item: Any) -> dict[str, Any]:
    return {
        "date": item.date.isoformat(),
        "with": list(item.with_),
        "by": item.by,
        "summary": item.summary,
    }


def compare_maps(
    old: AccountMap, new: AccountMap, *, stages: Sequence[str] = DEFAULT_SETTINGS.stages
) -> list[Change]:
    """The semantic changes from `old` to `new`, in reading order.

    Opportunity first (stage, value, other fields), then stakeholders (in the new map's order,
    then the removed ones), relationships, interactions and our team.
    """
    changes: list[Change] = []
    before, after = old.opportunity, new.opportunity
    if before.stage != after.stage:
        changes.append(
            Change(
                "stage",
                {
                    "from": before.stage,
                    "to": after.stage,
                    "direction": stage_direction(before.stage, after.stage, stages),
                },
            )
        )
    if before.value != after.value:
        changes.append(
            Change(
                "value",
                {
                    "from": _plain(before.value),
                    "to": _plain(after.value),
                    "currency": after.currency,
                },
            )
        )
    for name in _OPPORTUNITY_FIELDS:
        was, now = _plain(getattr(before, name)), _plain(getattr(after, name))
        if was != now:
            changes.append(Change("opportunity_field", {"field": name, "from": was, "to": now}))

    old_people, new_people = _by_id(old.stakeholders), _by_id(new.stakeholders)
    for person_id, person in new_people.items():
        previous = old_people.get(person_id)
        if previous is None:
            changes.append(
                Change(
                    "stakeholder_added",
                    {
                        **_person(person),
                        "role": person.role.value,
                        "influence": person.influence.value,
                        "attitude": person.attitude.value,
                    },
                )
            )
        else:
            changes.extend(_stakeholder_changes(previous, person))
    for person_id, person in old_people.items():
        if person_id not in new_people:
            changes.append(Change("stakeholder_removed", _person(person)))

    old_ties = {_relationship_key(r): r for r in old.relationships}
    new_ties = {_relationship_key(r): r for r in new.relationships}
    for key in new_ties:
        if key not in old_ties:
            changes.append(
                Change("relationship_added", {"from": key[0], "to": key[1], "type": key[2]})
            )
    for key in old_ties:
        if key not in new_ties:
            changes.append(
                Change("relationship_removed", {"from": key[0], "to": key[1], "type": key[2]})
            )

    old_meetings = {_interaction_key(i) for i in old.interactions}
    new_meetings = {_interaction_key(i) for i in new.interactions}
    for item in new.interactions:
        if _interaction_key(item) not in old_meetings:
            changes.append(Change("interaction_added", _interaction(item)))
    for item in old.interactions:
        if _interaction_key(item) not in new_meetings:
            changes.append(Change("interaction_removed", _interaction(item)))

    old_team, new_team = _by_id(old.team), _by_id(new.team)
    for member_id, member in new_team.items():
        if member_id not in old_team:
            changes.append(Change("team_member_added", {"member": member_id, "name": member.name}))
        elif old_team[member_id] != member:
            changes.append(
                Change("team_member_changed", {"member": member_id, "name": member.name})
            )
    for member_id, member in old_team.items():
        if member_id not in new_team:
            changes.append(
                Change("team_member_removed", {"member": member_id, "name": member.name})
            )
    return changes


def _finding_key(finding: Finding) -> FindingChange:
    return FindingChange(
        finding.code,
        finding.rule,
        finding.severity.value,
        finding.message,
        finding.stakeholder,
    )


def compare_findings(
    old: Iterable[Finding], new: Iterable[Finding]
) -> tuple[tuple[FindingChange, ...], tuple[FindingChange, ...]]:
    """Findings that appeared and disappeared, compared without their line and column.

    A finding whose wording changed but whose rule and stakeholder stayed ("no contact for 21
    days" → "for 28 days", a stage name in the message) is the same problem, not a new one.
    """
    before = sorted(dict.fromkeys(_finding_key(f) for f in old), key=_finding_order)
    after = sorted(dict.fromkeys(_finding_key(f) for f in new), key=_finding_order)
    known_before, known_after = set(before), set(after)
    appeared = [f for f in after if f not in known_before]
    disappeared = [f for f in before if f not in known_after]
    for finding in list(appeared):
        candidates = [
            gone
            for gone in disappeared
            if (gone.code, gone.stakeholder) == (finding.code, finding.stakeholder)
        ]
        if candidates:
            same = max(candidates, key=lambda gone: _likeness(gone.message, finding.message))
            appeared.remove(finding)
            disappeared.remove(same)
    return tuple(appeared), tuple(disappeared)


def _likeness(one: str, other: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, one, other).ratio()


def _finding_order(finding: FindingChange) -> tuple[str, str, str]:
    return (finding.code, finding.stakeholder or "", finding.message)


def diff_versions(
    old: MapVersion | None,
    new: MapVersion | None,
    *,
    stages: Sequence[str] = DEFAULT_SETTINGS.stages,
) -> MapDiff:
    """Compare two versions of a map; either may be `None` (the map was added or deleted)."""
    if old is None and new is None:
        raise ValueError("diff_versions needs at least one version")
    if old is None:
        return MapDiff("added", None, new)
    if new is None:
        return MapDiff("deleted", old, None)
    status = "renamed" if old.path != new.path else "modified"
    changes: list[Change] = []
    if old.model is not None and new.model is not None:
        changes = compare_maps(old.model, new.model, stages=stages)
    appeared, disappeared = compare_findings(old.findings, new.findings)
    return MapDiff(status, old, new, tuple(changes), appeared, disappeared)


def _risk_function():
    """`accountmap_cli.risk.score_report` when the risk module exists, else `None`."""
    try:
        from accountmap_cli.risk import score_report
    except ImportError:
        return None
    return score_report


def _risk_of(report: Any, settings: Settings) -> Risk | None:
    score_report = _risk_function()
    if score_report is None or report.model is None:
        return None
    result = score_report(report, settings)
    level = getattr(result, "level", None)
    return Risk(int(result.score), str(getattr(level, "value", level)))


def _problem(findings: Iterable[Finding]) -> str:
    for finding in findings:
        if finding.severity is Severity.ERROR:
            return f"{finding.line}:{finding.column}: {finding.code} {finding.message}"
    return "not a valid map"


def load_version(
    raw: bytes,
    path: str,
    *,
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
    rules: bool = True,
) -> MapVersion:
    """Bytes of one version of a map → a `MapVersion`; never raises for a broken map.

    With `rules`, the lint rules run (their findings are compared) and the risk score is computed
    when `accountmap_cli.risk` is available; without, only the model is built (faster, for history).
    """
    from accountmap_cli.errors import MapLoadError
    from accountmap_cli.lint import check_document, load_error_finding
    from accountmap_cli.loader import decode, parse

    try:
        doc = parse(decode(raw, path=path), path=path)
    except MapLoadError as error:
        finding = load_error_finding(error)
        return MapVersion(path, None, _problem([finding]), (finding,))
    if not rules:
        from accountmap_cli.validate import validate

        validated = validate(doc, stages=settings.stages)
        if validated.model is None:
            return MapVersion(path, None, _problem(validated.findings), tuple(validated.findings))
        return MapVersion(path, validated.model)
    report = check_document(doc, as_of=as_of, settings=settings)
    if report.model is None:
        return MapVersion(path, None, _problem(report.findings), tuple(report.findings))
    return MapVersion(path, report.model, None, tuple(report.findings), _risk_of(report, settings))
