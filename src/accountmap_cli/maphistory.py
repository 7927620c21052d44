"""A map's git history as plain values, and what the rules read from it (AM115 mapped-late).

This module sits left of the rules: it holds data and pure functions only, and imports nothing
of accountmap at run time. Reading the history from git is `history.py`'s work (through `gitio`
and `mapdiff`); the rules only look at the values it leaves here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from accountmap_cli.config import Settings
    from accountmap_cli.models import AccountMap


class CommitRef(Protocol):
    """What a revision knows of its commit (`gitio.LogEntry` is one)."""

    @property
    def sha(self) -> str: ...

    @property
    def date(self) -> str:
        """Author date, ISO 8601 with the author's offset."""
        ...

    @property
    def author(self) -> str: ...

    @property
    def path(self) -> str:
        """The map's path in the repository at that commit."""
        ...


class MapState(Protocol):
    """What a revision knows of the map at that commit (`mapdiff.MapVersion` is one)."""

    @property
    def model(self) -> AccountMap | None: ...

    @property
    def problem(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Revision:
    """The map as one commit left it.

    `version` is `None` when the commit deleted the map, and when `is_checked_file`: then the
    commit's bytes are those of the file being checked, which were not parsed a second time (the
    map the check reads is this version).
    """

    entry: CommitRef
    version: MapState | None
    is_checked_file: bool = False


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """Something that happened to the map in one commit.

    `kind` is a change kind of `mapdiff` (``stakeholder_added``, ``attitude``, ``stage``, ...) or
    one of ``created``, ``renamed``, ``deleted`` and ``invalid``.
    """

    entry: CommitRef
    kind: str
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit": self.entry.sha,
            "date": self.entry.date,
            "author": self.entry.author,
            "path": self.entry.path,
            "kind": self.kind,
            **self.details,
        }


@dataclass(frozen=True, slots=True)
class MapHistory:
    """One map's revisions, oldest first, and the events between them."""

    path: str
    revisions: tuple[Revision, ...]
    events: tuple[HistoryEvent, ...]


class FirstMapped(NamedTuple):
    """The first commit in which the map named any stakeholder, and the deal's stage then."""

    commit: str
    date: dt.date
    stage: str


def commit_date(entry: CommitRef) -> dt.date:
    """The calendar day of a commit, in its author's time zone."""
    return dt.datetime.fromisoformat(entry.date).date()


def first_stakeholders_commit(
    history: MapHistory, *, checked: AccountMap | None = None
) -> FirstMapped | None:
    """The first commit whose version of the map names at least one stakeholder, or `None`.

    `checked` is the map being checked: the model of a revision marked `is_checked_file`.
    For the rule AM115 (mapped-late): mapping that starts only at `proposal` is the method's first
    mistake.
    """
    for revision in history.revisions:
        if revision.is_checked_file:
            model = checked
        else:
            model = revision.version.model if revision.version is not None else None
        if model is not None and model.stakeholders:
            entry = revision.entry
            return FirstMapped(entry.sha, commit_date(entry), model.opportunity.stage)
    return None


def mapped_late(
    history: MapHistory, settings: Settings | None = None, *, checked: AccountMap | None = None
) -> FirstMapped | None:
    """The evidence for AM115 (mapped-late): the first commit that named stakeholders, when the
    deal was already at the proposal stage or later then; `None` when mapping started in time
    or has not started. `checked` as in `first_stakeholders_commit`.
    """
    if settings is None:
        from accountmap_cli.config import DEFAULT_SETTINGS

        settings = DEFAULT_SETTINGS
    first = first_stakeholders_commit(history, checked=checked)
    if first is None or not settings.is_late_stage(first.stage):
        return None
    return first
