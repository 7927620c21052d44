"""The maps that changed between two revisions (or a revision and the working tree), compared.

Reads old versions through `gitio` (one `git cat-file --batch` for all of them), skips maps whose
bytes did not change, pairs a deleted map with an added one as a rename, and compares the rest with
`mapdiff`. Raises `GitError`; never prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from accountmap_cli.config import DEFAULT_SETTINGS, Settings
from accountmap_cli.gitio import Commit, GitError, Repo
from accountmap_cli.mapdiff import MapDiff, MapVersion, diff_versions, load_version


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: a commit, or the working tree when `commit` is `None`."""

    commit: Commit | None

    @property
    def label(self) -> str:
        if self.commit is None:
            return "the working tree"
        return f"{self.commit.rev} ({self.commit.short})"


@dataclass(frozen=True, slots=True)
class TreeDiff:
    """Every map that changed between two sides, by path, and how many were compared."""

    old: Side
    new: Side
    maps: tuple[MapDiff, ...]
    compared: int
    old_paths: frozenset[str] = frozenset()
    """Repository paths of every map on the old side, changed or not."""

    def count(self, status: str) -> int:
        return sum(1 for m in self.maps if m.status == status)


def _opportunity_key(version: MapVersion) -> tuple[str, str] | None:
    if version.model is None:
        return None
    return (version.model.opportunity.account, version.model.opportunity.name)


def _pair_renames(
    deleted: dict[str, bytes], added: dict[str, bytes], load
) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Pair deleted and added maps: same bytes first, then the same account and opportunity name.

    Returns (old, new) pairs and the deleted and added paths left over.
    """
    pairs: list[tuple[str, str]] = []
    left_old = sorted(deleted)
    left_new = sorted(added)
    for old in list(left_old):
        same = [new for new in left_new if added[new] == deleted[old]]
        if same:
            pairs.append((old, same[0]))
            left_old.remove(old)
            left_new.remove(same[0])
    old_keys = {path: _opportunity_key(load(path, deleted[path])) for path in left_old}
    new_keys = {path: _opportunity_key(load(path, added[path])) for path in left_new}
    for old, key in old_keys.items():
        if key is None or list(old_keys.values()).count(key) != 1:
            continue
        matches = [new for new, other in new_keys.items() if other == key]
        if len(matches) == 1 and matches[0] in left_new:
            pairs.append((old, matches[0]))
            left_old.remove(old)
            left_new.remove(matches[0])
    return sorted(pairs), left_old, left_new


def diff_revisions(
    repo: Repo,
    old_rev: str,
    new_rev: str | None,
    paths: Sequence[str] = (),
    *,
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
) -> TreeDiff:
    """Compare the maps under `paths` at `old_rev` with `new_rev` (`None`: the working tree).

    `paths` are as given on the command line (relative to the current folder). Raises `GitError`
    for an unknown revision, or when a path names no map on either side.
    """
    old_side = Side(repo.resolve(old_rev))
    new_side = Side(repo.resolve(new_rev) if new_rev is not None else None)
    specs = [repo.relative(p) for p in paths]
    if "" in specs:
        specs = []
    assert old_side.commit is not None
    old_blobs = repo.maps_at(old_side.commit, specs)

    if new_side.commit is not None:
        new_blobs = repo.maps_at(new_side.commit, specs)
        wanted = sorted(
            {blob for p, blob in old_blobs.items() if new_blobs.get(p) != blob}
            | {blob for p, blob in new_blobs.items() if old_blobs.get(p) != blob}
        )
        read = dict(zip(wanted, repo.read_blobs(wanted), strict=True))
        old_bytes = {p: read[b] for p, b in old_blobs.items() if b in read}
        new_bytes = {p: read[b] for p, b in new_blobs.items() if b in read}
        new_paths = set(new_blobs)
    else:
        listed = repo.maps_in_worktree(specs)
        wanted = sorted(set(old_blobs.values()))
        read = dict(zip(wanted, repo.read_blobs(wanted), strict=True))
        old_bytes = {p: read[b] for p, b in old_blobs.items()}
        new_bytes = {}
        for path in listed:
            data = repo.read_worktree(path)
            if data is not None:
                new_bytes[path] = data
        new_paths = set(new_bytes)

    for spec in specs:
        prefix = spec.rstrip("/") + "/"
        if not any(p == spec or p.startswith(prefix) for p in (*old_blobs, *new_paths)):
            raise GitError(
                f"no map at '{spec}' in {old_side.label} nor in {new_side.label}",
                hint="check the path; it is relative to the current folder",
            )

    cache: dict[tuple[str, bytes], MapVersion] = {}

    def load(path: str, raw: bytes | None) -> MapVersion:
        if raw is None:
            return MapVersion(path, None, "cannot be read from git")
        key = (path, raw)
        if key not in cache:
            cache[key] = load_version(raw, path, as_of=as_of, settings=settings)
        return cache[key]

    diffs: list[MapDiff] = []
    for path in sorted(set(old_blobs) & new_paths):
        before, after = old_bytes.get(path), new_bytes.get(path)
        if path not in old_bytes and path not in new_bytes:
            continue  # same blob on both sides: not read, not changed
        if before is not None and before == after:
            continue
        diff = diff_versions(load(path, before), load(path, after), stages=settings.stages)
        if not diff.empty:
            diffs.append(diff)

    deleted = {p: old_bytes.get(p) or b"" for p in old_blobs if p not in new_paths}
    added = {p: new_bytes.get(p) or b"" for p in new_paths if p not in old_blobs}
    pairs, gone, new = _pair_renames(deleted, added, load)
    for old_path, new_path in pairs:
        before = load(old_path, deleted[old_path])
        after = load(new_path, added[new_path])
        if deleted[old_path] == added[new_path]:
            after = replace(before, path=new_path)
        diffs.append(diff_versions(before, after, stages=settings.stages))
    diffs.extend(diff_versions(load(p, deleted[p]), None) for p in gone)
    diffs.extend(diff_versions(None, load(p, added[p])) for p in new)
    diffs.sort(key=lambda d: (d.path, d.old_path or ""))
    compared = len(set(old_blobs) | new_paths) - len(pairs)
    return TreeDiff(old_side, new_side, tuple(diffs), compared, frozenset(old_blobs))
