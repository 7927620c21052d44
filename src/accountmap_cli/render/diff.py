"""`accountmap diff` output: rich text (readable without colour) and the versioned JSON contract.

Warmer attitudes, lower risk and resolved findings are green; colder, higher and new ones red. The
words and arrows say the same, so the text reads the same in a terminal without colour.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from accountmap_cli.gitdiff import Side, TreeDiff
from accountmap_cli.mapdiff import Change, MapDiff, Risk

JSON_VERSION = 1

GOOD = "green"
BAD = "red"


def _value(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "(none)"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def who(details: dict[str, Any]) -> str:
    """`Jan Jansen (jan)`, or `the CFO (cfo)` for a seat with no name yet."""
    label = details.get("name") or (f"the {details['title']}" if details.get("title") else None)
    return f"{label} ({details['stakeholder']})" if label else details["stakeholder"]


def change_line(change: Change) -> tuple[str, str | None]:
    """One change as a line of text and the colour it deserves (`None`: no colour)."""
    d = change.details
    kind = change.kind
    if kind == "stage":
        if d["from"] is None:
            return f"stage: {d['to']}", None
        turn = {"forward": " (forward)", "back": " (back)"}.get(d["direction"] or "", "")
        style = {"forward": GOOD, "back": BAD}.get(d["direction"] or "")
        return f"stage: {d['from']} → {d['to']}{turn}", style
    if kind == "value":
        return f"value: {_value(d['from'])} → {_value(d['to'])} {d['currency']}", None
    if kind == "opportunity_field":
        return f"opportunity {d['field']}: {_value(d['from'])} → {_value(d['to'])}", None
    if kind == "stakeholder_added":
        return (
            f"+ stakeholder {who(d)}: {d['role']}, {d['influence']} influence, {d['attitude']}",
            GOOD,
        )
    if kind == "stakeholder_removed":
        return f"- stakeholder {who(d)}", BAD
    if kind == "attitude":
        word = f" ({d['direction']})" if d["direction"] else ""
        style = {"warmer": GOOD, "colder": BAD}.get(d["direction"] or "")
        return f"attitude of {who(d)}: {d['from']} → {d['to']}{word}", style
    if kind == "influence":
        word = f" ({d['direction']})" if d["direction"] else ""
        return f"influence of {who(d)}: {d['from']} → {d['to']}{word}", None
    if kind in ("role", "name", "title"):
        return f"{kind} of {d['stakeholder']}: {_value(d['from'])} → {_value(d['to'])}", None
    if kind == "stakeholder_field":
        return f"{d['field']} of {who(d)}: {_value(d['from'])} → {_value(d['to'])}", None
    if kind in ("relationship_added", "relationship_removed"):
        sign, style = ("+", GOOD) if kind == "relationship_added" else ("-", BAD)
        return f"{sign} relationship {d['from']} → {d['to']} ({d['type']})", style
    if kind in ("interaction_added", "interaction_removed"):
        sign = "+" if kind == "interaction_added" else "-"
        line = f"{sign} interaction {d['date']} with {', '.join(d['with'])}"
        if d["by"]:
            line += f" by {d['by']}"
        if d["summary"]:
            line += f": {d['summary']}"
        return line, None
    if kind.startswith("team_member_"):
        action = kind.removeprefix("team_member_")
        sign = {"added": "+ ", "removed": "- "}.get(action, "")
        suffix = " changed" if action == "changed" else ""
        return f"{sign}team member {d['name']} ({d['member']}){suffix}", None
    return kind, None


def _risk(risk: Risk) -> str:
    return f"{risk.score} ({risk.level})"


def _risk_line(diff: MapDiff) -> tuple[str, str | None] | None:
    before, after = diff.risk_before, diff.risk_after
    if before is None and after is None:
        return None
    if before is None or after is None:
        return f"risk: {_risk(before or after)}", None  # type: ignore[arg-type]
    if before.score == after.score:
        return f"risk: {_risk(after)}, unchanged", None
    delta = after.score - before.score
    word, style = ("higher", BAD) if delta > 0 else ("lower", GOOD)
    return f"risk: {_risk(before)} → {_risk(after)}, {abs(delta)} {word}", style


def _header(diff: MapDiff) -> str:
    if diff.status == "renamed":
        return f"{diff.old_path} → {diff.path} (renamed)"
    if diff.status in ("added", "deleted"):
        return f"{diff.path} ({diff.status})"
    return diff.path


def map_lines(diff: MapDiff, old: Side, new: Side) -> list[tuple[str, str | None]]:
    """The lines shown under one map's header, each with its colour."""
    lines: list[tuple[str, str | None]] = []
    for version, side in ((diff.old, old), (diff.new, new)):
        if version is not None and not version.valid:
            lines.append((f"not a valid map in {side.label}: {version.problem}", BAD))
    lines.extend(change_line(change) for change in diff.changes)
    risk = _risk_line(diff)
    if risk is not None:
        lines.append(risk)
    if diff.old is not None and diff.new is not None:
        for finding in diff.appeared:
            lines.append((f"new finding {finding.code} {finding.rule}: {finding.message}", BAD))
        for finding in diff.disappeared:
            lines.append((f"resolved {finding.code} {finding.rule}: {finding.message}", GOOD))
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(result: TreeDiff) -> Text:
    """The diff as rich text; `.plain` is the same without colour."""
    out = Text()
    out.append(f"Changes from {result.old.label} to {result.new.label}\n", style="bold")
    for diff in result.maps:
        out.append("\n")
        out.append(_header(diff) + "\n", style="bold")
        for line, style in map_lines(diff, result.old, result.new):
            out.append("  ")
            out.append(line, style=style)
            out.append("\n")
    out.append("\n")
    if not result.maps:
        out.append(f"No map changed ({_plural(result.compared, 'map')} compared).\n")
        return out
    parts = [
        f"{result.count(status)} {status}"
        for status in ("modified", "added", "deleted", "renamed")
        if result.count(status)
    ]
    out.append(
        f"{_plural(len(result.maps), 'map')} changed: {', '.join(parts)} "
        f"({_plural(result.compared, 'map')} compared).\n"
    )
    return out


def _side(side: Side) -> dict[str, Any]:
    if side.commit is None:
        return {"rev": None, "commit": None, "worktree": True}
    return {"rev": side.commit.rev, "commit": side.commit.sha, "worktree": False}


def _risk_json(risk: Risk | None) -> dict[str, Any] | None:
    return None if risk is None else {"score": risk.score, "level": risk.level}


def map_json(diff: MapDiff) -> dict[str, Any]:
    """One map's entry in the JSON contract."""
    return {
        "path": diff.path,
        "old_path": diff.old_path,
        "status": diff.status,
        "problems": {
            "before": diff.old.problem if diff.old is not None else None,
            "after": diff.new.problem if diff.new is not None else None,
        },
        "risk": {"before": _risk_json(diff.risk_before), "after": _risk_json(diff.risk_after)},
        "findings": {
            "appeared": [f.as_dict() for f in diff.appeared],
            "disappeared": [f.as_dict() for f in diff.disappeared],
        },
        "changes": [c.as_dict() for c in diff.changes],
    }


def diff_json(result: TreeDiff) -> dict[str, Any]:
    """The versioned JSON contract of `diff --format json` (documented in the README)."""
    return {
        "version": JSON_VERSION,
        "from": _side(result.old),
        "to": _side(result.new),
        "maps": [map_json(d) for d in result.maps],
        "summary": {
            "compared": result.compared,
            "changed": len(result.maps),
            **{s: result.count(s) for s in ("modified", "added", "deleted", "renamed")},
        },
    }


def render_json(result: TreeDiff) -> str:
    return json.dumps(diff_json(result), indent=2, ensure_ascii=False) + "\n"
