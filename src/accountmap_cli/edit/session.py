"""The editing path: read → refuse broken maps → change a round-trip tree → validate → write.

Every editing command goes through `plan_edit` (or `plan_new`) and then `PlannedEdit.write`. The
result is checked with the same fast loader and structural checks (AM001-AM006) as `lint` before
anything is written; the team's method rules (AM1xx) never block an edit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from accountmap_cli.edit import document
from accountmap_cli.edit.atomic import FolderSyncs, Snapshot, create_atomically, read_snapshot
from accountmap_cli.errors import AccountmapError
from accountmap_cli.findings import STRUCTURAL_PREFIX, Finding, Severity


class EditError(AccountmapError):
    """An edit that cannot be made as asked (unknown id, still referenced, ...); exit code 1."""


class InvalidResultError(AccountmapError):
    """The change would leave an invalid map; nothing was written."""

    def __init__(self, path: str, findings: list[Finding]) -> None:
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(
            f"the change would make {path} invalid: {first.code} {first.message}{more}; "
            "nothing was written",
            hint=first.hint,
        )
        self.path = path
        self.findings = findings


Operation = Callable[[document.RoundTrip], str]
"""Changes the tree in place and returns one line saying what it did."""

_LINE_NUMBER = re.compile(r"\bline \d+")


@dataclass(slots=True)
class PlannedEdit:
    """A change worked out but not yet written: the text before and after, and what it does."""

    path: str
    before: str
    after: str
    message: str
    snapshot: Snapshot | None = None
    newline: str = "\n"
    bom: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """The change as a unified diff with `a/PATH` and `b/PATH` headers."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile="/dev/null" if self.snapshot is None and not self.before else f"a/{self.path}",
            tofile=f"b/{self.path}",
        )
        out = []
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)

    def encoded(self) -> bytes:
        text = self.after.replace("\n", self.newline) if self.newline != "\n" else self.after
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def write(self, *, later: FolderSyncs | None = None) -> None:
        """Write the new map atomically; refuses when the file changed on disk since it was read.

        With `later`, the folder's fsync is left to it (for many maps: one fsync per folder).
        """
        from accountmap_cli.edit.atomic import replace_atomically

        if self.snapshot is None:
            create_atomically(self.path, self.encoded(), later=later)
        elif self.changed:
            replace_atomically(self.snapshot, self.encoded(), later=later)


def structural_errors(
    text: str, *, path: str, stages: tuple[str, ...] | None = None
) -> list[Finding]:
    """The AM0xx errors of a map's text (loading, format, ids and references), as `lint` sees them."""
    from accountmap_cli.config import Settings
    from accountmap_cli.errors import MapLoadError
    from accountmap_cli.lint import check_document, load_error_finding
    from accountmap_cli.loader import parse

    try:
        doc = parse(text, path=path)
    except MapLoadError as error:
        return [load_error_finding(error)]
    settings = (
        Settings(select=(STRUCTURAL_PREFIX,))
        if stages is None
        else Settings(stages=stages, select=(STRUCTURAL_PREFIX,))
    )
    # The structural checks do not depend on the date; any fixed date gives the same answer.
    report = check_document(doc, as_of=dt.date(2000, 1, 1), settings=settings)
    return [f for f in report.findings if f.severity is Severity.ERROR]


def _identity(finding: Finding) -> tuple[str, str]:
    return finding.code, _LINE_NUMBER.sub("line N", finding.message)


def new_errors(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """Errors in `after` that `before` did not have (so an edit may fix a map, never break it)."""
    remaining: dict[tuple[str, str], int] = {}
    for finding in before:
        key = _identity(finding)
        remaining[key] = remaining.get(key, 0) + 1
    fresh = []
    for finding in after:
        key = _identity(finding)
        if remaining.get(key, 0) > 0:
            remaining[key] -= 1
        else:
            fresh.append(finding)
    return fresh


def read_source(path: str) -> tuple[Snapshot, str, str, bool]:
    """Read a map for editing: (snapshot, text with LF line endings, newline, had a BOM).

    Raises `MapLoadError` when the file cannot be read or does not load as YAML (a map that does not
    load is never rewritten).
    """
    from accountmap_cli.errors import MapLoadError
    from accountmap_cli.loader import decode, parse

    try:
        snapshot = read_snapshot(path)
    except FileNotFoundError:
        raise MapLoadError("file not found", path=path, hint="check the path") from None
    except IsADirectoryError:
        raise MapLoadError("is a folder, not a map file", path=path) from None
    except OSError as exc:
        raise MapLoadError(f"cannot read file: {exc.strerror}", path=path) from None
    text = decode(snapshot.raw, path=path)
    parse(text, path=path)
    crlf = snapshot.raw.count(b"\r\n")
    newline = "\r\n" if crlf and crlf * 2 >= snapshot.raw.count(b"\n") else "\n"
    return snapshot, text.replace("\r\n", "\n"), newline, snapshot.raw.startswith(b"\xef\xbb\xbf")


def _dump(doc: document.RoundTrip, *, like: str) -> str:
    text = document.dump(doc)
    if like and not like.endswith("\n") and text.endswith("\n"):
        text = text[:-1]  # a file without a final newline stays that way
    return text


def _round_trip(text: str, *, path: str, stages: tuple[str, ...] | None) -> document.RoundTrip:
    """The round-trip tree of a map that the fast loader read; `MapLoadError` when ruamel refuses.

    ruamel is stricter than the fast loader, which reads on to report every problem: it stops at a
    key given twice or an impossible date (2026-02-30, also under an `x-` key). The user is shown
    that problem as `lint` reports it, or ruamel's own words when lint has nothing to say.
    """
    from ruamel.yaml import YAMLError

    from accountmap_cli.errors import MapLoadError

    try:
        return document.load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", None) or error)
        header_lines = document.header_line_count(text)
        line = mark.line + 1 + header_lines if mark is not None else 1
        column = mark.column + 1 if mark is not None else 1
        matching = [f for f in structural_errors(text, path=path, stages=stages) if f.line == line]
    except (ValueError, OverflowError) as error:
        problem, line, column = str(error), 1, 1
        found = structural_errors(text, path=path, stages=stages)
        matching = [f for f in found if "not a date" in f.message]
    if matching:
        first = matching[0]
        raise MapLoadError(
            f"{first.code} {first.message}",
            path=path,
            line=first.line,
            column=first.column,
            hint=first.hint,
            code=first.code,
        ) from None
    raise MapLoadError(
        f"cannot be read for editing: {problem.strip().splitlines()[0]}",
        path=path,
        line=line,
        column=column,
        hint="look for an impossible date (2026-02-30) or a key given twice",
    ) from None


def plan_edit(
    path: str, operation: Operation, *, stages: tuple[str, ...] | None = None
) -> PlannedEdit:
    """Apply `operation` to the map at `path` in memory and validate the result; writes nothing.

    `stages` are the team's stages (default: the built-in ones), as for `plan_new`.

    Raises `MapLoadError` (the map does not load), `EditError` (the operation refuses) or
    `InvalidResultError` (the result would have structural errors the map did not have).
    """
    snapshot, before, newline, bom = read_source(path)
    doc = _round_trip(before, path=path, stages=stages)
    notes = []
    if _dump(doc, like=before) != before:
        notes.append(
            "this file's layout cannot be kept exactly everywhere; check the diff (--dry-run)"
        )
    message = operation(doc)
    after = _dump(doc, like=before)
    if after != before:
        fresh = new_errors(
            structural_errors(before, path=path, stages=stages),
            structural_errors(after, path=path, stages=stages),
        )
        if fresh:
            raise InvalidResultError(path, fresh)
    return PlannedEdit(path, before, after, message, snapshot, newline, bom, notes)


def plan_new(
    path: str, text: str, message: str, *, stages: tuple[str, ...] | None = None
) -> PlannedEdit:
    """A new map file with `text`; validated like an edit. Writing refuses to overwrite a file."""
    import os

    from accountmap_cli.edit.atomic import MapExistsError

    if os.path.lexists(path):
        raise MapExistsError(path)
    errors = structural_errors(text, path=path, stages=stages)
    if errors:
        raise InvalidResultError(path, errors)
    return PlannedEdit(path, "", text, message)
