"""Lint reports → text or JSON. A registry name → renderer; each returns the whole output."""

from __future__ import annotations

import json
from collections.abc import Callable

from accountmap_cli.findings import Finding
from accountmap_cli.lint import MapReport

JSON_VERSION = 1


def _all_findings(reports: list[MapReport]) -> list[Finding]:
    return sorted(f for report in reports for f in report.findings)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(reports: list[MapReport]) -> str:
    """`path:line:col: CODE message (hint: ...)` per finding, then a one-line summary."""
    lines = []
    for f in _all_findings(reports):
        line = f"{f.location}: {f.code} {f.message}"
        if f.hint:
            line += f" (hint: {f.hint})"
        lines.append(line)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    files = _plural(len(reports), "map")
    if not reports:
        lines.append("No map files found.")
    elif errors or warnings:
        lines.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {files}.")
    else:
        lines.append(f"All good: {files} checked, no findings.")
    return "\n".join(lines) + "\n"


def lint_json(reports: list[MapReport]) -> dict[str, object]:
    """The versioned JSON contract of `lint --format json`."""
    return {
        "version": JSON_VERSION,
        "findings": [f.as_dict() for f in _all_findings(reports)],
        "summary": {
            "files": len(reports),
            "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
        },
    }


def render_json(reports: list[MapReport]) -> str:
    return json.dumps(lint_json(reports), indent=2, ensure_ascii=False) + "\n"


LINT_RENDERERS: dict[str, Callable[[list[MapReport]], str]] = {
    "text": render_text,
    "json": render_json,
}
