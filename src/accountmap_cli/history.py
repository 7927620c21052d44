"""The timeline of one map from its git log: who was added when, who warmed up or cooled off.

`git log --follow` lists the commits that touched the map (across renames); every version is then
read with ONE `git cat-file --batch` process and compared with the previous valid version.
A version that does not parse is an event of its own, never a crash.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from accountmap_cli.config import DEFAULT_SETTINGS, Settings
from accountmap_cli.gitio import GitError, Repo
from accountmap_cli.mapdiff import MapVersion, compare_maps, load_version
from accountmap_cli.maphistory import HistoryEvent, MapHistory, Revision, commit_date

HISTORY_KINDS = frozenset(
    (
        "stakeholder_added",
        "stakeholder_removed",
        "name",
        "title",
        "role",
        "influence",
        "attitude",
        "stage",
    )
)
"""The changes a timeline shows; the rest (notes, dates, meetings) is what `diff` is for."""


def timeline(
    revisions: Sequence[Revision], *, stages: Sequence[str] = DEFAULT_SETTINGS.stages
) -> list[HistoryEvent]:
    """The events of a map's life, oldest first, from its revisions (pure; no git involved)."""
    events: list[HistoryEvent] = []
    last_valid = None
    previous_path = None
    for position, revision in enumerate(revisions):
        entry = revision.entry
        if position == 0:
            events.append(HistoryEvent(entry, "created", {}))
        elif previous_path is not None and entry.path != previous_path:
            events.append(HistoryEvent(entry, "renamed", {"from": previous_path, "to": entry.path}))
        previous_path = entry.path
        version = revision.version
        if version is None:
            events.append(HistoryEvent(entry, "deleted", {}))
            continue
        if version.model is None:
            events.append(HistoryEvent(entry, "invalid", {"problem": version.problem}))
            continue
        model = version.model
        if last_valid is None:
            events.append(
                HistoryEvent(
                    entry, "stage", {"from": None, "to": model.opportunity.stage, "direction": None}
                )
            )
            changes = [
                c
                for c in compare_maps(_empty_like(model), model, stages=stages)
                if c.kind == "stakeholder_added"
            ]
        else:
            changes = [
                c for c in compare_maps(last_valid, model, stages=stages) if c.kind in HISTORY_KINDS
            ]
        events.extend(HistoryEvent(entry, c.kind, c.details) for c in changes)
        last_valid = model
    return events


def _empty_like(model: Any) -> Any:
    return model.model_copy(update={"stakeholders": [], "relationships": [], "interactions": []})


def read_history(
    repo: Repo,
    path: str,
    *,
    rev: str = "HEAD",
    settings: Settings = DEFAULT_SETTINGS,
) -> MapHistory:
    """The history of the map at `path` (as given on the command line) up to `rev`.

    Raises `GitError` when git has no commit of that file.
    """
    relative = repo.relative(path)
    if os.path.isdir(path):
        raise GitError(
            f"'{path}' is a folder; history follows one map file",
            hint="give one map, e.g. accountmap history maps/acme.yaml",
        )
    entries = repo.log_follow(relative, rev=rev)
    if not entries:
        raise GitError(
            f"'{relative or path}' has no history in git",
            hint="check the path, or commit the map first (git add + git commit)",
        )
    entries.reverse()
    wanted = [e for e in entries if not e.deleted]
    blobs = repo.read_blobs([f"{e.sha}:{e.path}" for e in wanted])
    by_commit = dict(zip((e.sha for e in wanted), blobs, strict=True))
    as_of = commit_date(entries[-1])
    revisions = []
    loaded: dict[tuple[str, bytes], MapVersion] = {}
    for entry in entries:
        if entry.deleted:
            revisions.append(Revision(entry, None))
            continue
        raw = by_commit[entry.sha]
        if raw is None:
            revisions.append(Revision(entry, MapVersion(entry.path, None, "cannot be read")))
            continue
        key = (entry.path, raw)
        if key not in loaded:  # a revert brings back bytes we have already read
            loaded[key] = load_version(raw, entry.path, as_of=as_of, settings=settings, rules=False)
        revisions.append(Revision(entry, loaded[key]))
    events = timeline(revisions, stages=settings.stages)
    return MapHistory(relative, tuple(revisions), tuple(events))


def read_early_histories(
    repo: Repo,
    paths: Sequence[str],
    *,
    folders: Sequence[str] = (),
    settings: Settings = DEFAULT_SETTINGS,
    leave_checked: bool = False,
) -> dict[str, MapHistory]:
    """The start of many maps' histories, for AM115 (mapped-late): per map (keyed by the path as
    given), its revisions oldest first up to and including the first that names a stakeholder.

    One `git log` lists the commits of every map and one `git cat-file --batch` reads the versions,
    oldest first, stopping per map at the first one with stakeholders: usually one version per
    map. Renames are followed inside `folders` (as given on the command line). A map that git does
    not hold at HEAD has no entry. Events are left out: this is not a timeline.

    With `leave_checked`, the maps at `paths` are about to be checked (`lint --history`): the
    newest version, when its bytes are those of the file, is not parsed here but marked
    `is_checked_file`, and the rule reads it from the map it checks (`mapped_late(..., checked=)`).
    Most maps have one commit, so this halves the parsing.
    """
    relative = repo.relative_files(paths)
    specs = sorted({repo.relative(folder) for folder in folders} - {""})
    logs = repo.log_files(sorted(set(relative.values())), folders=specs)
    histories: dict[str, MapHistory] = {}
    loaded: dict[tuple[str, bytes], MapVersion] = {}
    with repo.blob_reader() as reader:
        for path, rel in relative.items():
            entries = logs.get(rel) or []
            if not entries:
                continue
            as_of = commit_date(entries[0])
            revisions: list[Revision] = []
            for entry in reversed(entries):
                raw = reader.read(f"{entry.sha}:{entry.path}")
                if raw is None:
                    version = MapVersion(entry.path, None, "cannot be read")
                elif leave_checked and entry is entries[0] and _same_bytes(path, raw):
                    revisions.append(Revision(entry, None, is_checked_file=True))
                    break  # the newest version: nothing comes after it
                else:
                    key = (entry.path, raw)
                    if key not in loaded:
                        loaded[key] = load_version(
                            raw, entry.path, as_of=as_of, settings=settings, rules=False
                        )
                    version = loaded[key]
                revisions.append(Revision(entry, version))
                if version.model is not None and version.model.stakeholders:
                    break
            histories[path] = MapHistory(rel, tuple(revisions), ())
    return histories


def _same_bytes(path: str, raw: bytes) -> bool:
    """Whether the file at `path` holds exactly `raw` (reads at most one byte more)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(raw) + 1) == raw
    except OSError:
        return False
