"""`accountmap history` output: a timeline grouped by commit, as rich text or versioned JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from accountmap_cli.mapdiff import Change
from accountmap_cli.maphistory import HistoryEvent, MapHistory, first_stakeholders_commit
from accountmap_cli.render.diff import BAD, change_line

JSON_VERSION = 1


def event_line(event: HistoryEvent) -> tuple[str, str | None]:
    """One event as a line of text and its colour."""
    if event.kind == "created":
        return f"created as {event.entry.path}", None
    if event.kind == "renamed":
        return f"renamed: {event.details['from']} → {event.details['to']}", None
    if event.kind == "deleted":
        return "deleted", BAD
    if event.kind == "invalid":
        return f"not a valid map: {event.details['problem']}", BAD
    return change_line(Change(event.kind, event.details))


def render_text(history: MapHistory) -> Text:
    """The timeline as rich text; `.plain` is the same without colour."""
    out = Text()
    commits = len(history.revisions)
    out.append(
        f"History of {history.path} ({commits} commit{'' if commits == 1 else 's'})\n",
        style="bold",
    )
    current = None
    for event in history.events:
        entry = event.entry
        if entry.sha != current:
            current = entry.sha
            out.append("\n")
            out.append(f"{entry.date[:10]}  {entry.sha[:7]}  {entry.author}", style="bold")
            out.append(f"  {entry.subject}\n")
        line, style = event_line(event)
        out.append("  ")
        out.append(line, style=style)
        out.append("\n")
    first = first_stakeholders_commit(history)
    out.append("\n")
    if first is None:
        out.append("No stakeholder has been mapped yet.\n")
    else:
        out.append(
            f"Mapping started on {first.date.isoformat()} ({first.commit[:7]}) "
            f"at stage {first.stage}.\n"
        )
    return out


def history_json(history: MapHistory) -> dict[str, Any]:
    """The versioned JSON contract of `history --format json` (documented in the README)."""
    first = first_stakeholders_commit(history)
    return {
        "version": JSON_VERSION,
        "path": history.path,
        "commits": len(history.revisions),
        "events": [e.as_dict() for e in history.events],
        "first_stakeholders": None
        if first is None
        else {"commit": first.commit, "date": first.date.isoformat(), "stage": first.stage},
    }


def render_json(history: MapHistory) -> str:
    return json.dumps(history_json(history), indent=2, ensure_ascii=False) + "\n"
