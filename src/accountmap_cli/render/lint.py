"""Lint reports → text, JSON, GitHub annotations, SARIF or GitLab Code Quality.

A registry name → renderer; each returns the whole output."""

from __future__ import annotations

from collections.abc import Callable

from accountmap_cli.findings import Finding
from accountmap_cli.lint import MapReport

JSON_VERSION = 1


def _all_findings(reports: list[MapReport]) -> list[Finding]:
    return sorted(f for report in reports for f in report.findings)


def one_line(text: str) -> str:
    """Text that stays on one output line: line breaks, tabs and control characters escaped.

    Rule messages quote what the user wrote (a title, a key); a tab or a line break in there
    must not break the one-finding-per-line contract that editors and CI parse.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _text_line(f: Finding) -> str:
    line = f"{one_line(f.location)}: {f.code} {one_line(f.message)}"
    if f.hint:
        line += f" (hint: {one_line(f.hint)})"
    return line


def _text_summary(files: int, errors: int, warnings: int) -> str:
    if not files:
        return "No map files found."
    maps = _plural(files, "map")
    if errors or warnings:
        return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {maps}."
    return f"All good: {maps} checked, no findings."


def render_text(reports: list[MapReport]) -> str:
    """`path:line:col: CODE message (hint: ...)` per finding, then a one-line summary."""
    lines = [_text_line(f) for f in _all_findings(reports)]
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    lines.append(_text_summary(len(reports), errors, warnings))
    return "\n".join(lines) + "\n"


class TextWriter:
    """`render_text`'s output a map at a time, for maps checked in increasing path order.

    Findings sort by path first, so the output is the same as `render_text`'s, but each map's
    lines can be printed as soon as it is checked and nothing needs to be kept but the counts.
    """

    def __init__(self) -> None:
        self.files = 0
        self.errors = 0
        self.warnings = 0

    def add(self, report: MapReport) -> str:
        """The lines of one map's findings (an empty string when it has none)."""
        self.files += 1
        if not report.findings:
            return ""
        self.errors += report.errors
        self.warnings += report.warnings
        return "".join(_text_line(f) + "\n" for f in sorted(report.findings))

    def summary(self) -> str:
        """The closing line, once every map was added."""
        return _text_summary(self.files, self.errors, self.warnings) + "\n"


def lint_json(reports: list[MapReport]) -> dict[str, object]:
    """The versioned JSON contract of `lint --format json`."""
    return {
        "version": JSON_VERSION,
        "findings": [
            {**f.as_dict(), "message": one_line(f.message)} for f in _all_findings(reports)
        ],
        "summary": {
            "files": len(reports),
            "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
        },
    }


def render_json(reports: list[MapReport]) -> str:
    import json

    return json.dumps(lint_json(reports), indent=2, ensure_ascii=False) + "\n"


# The CI formats are imported when asked for: the plain-text run (a pre-commit hook) skips them.


def render_github(reports: list[MapReport]) -> str:
    from accountmap_cli.render.github import render_github

    return render_github(reports)


def render_sarif(reports: list[MapReport]) -> str:
    from accountmap_cli.render.sarif import render_sarif

    return render_sarif(reports)


def render_gitlab(reports: list[MapReport]) -> str:
    from accountmap_cli.render.gitlab import render_gitlab

    return render_gitlab(reports)


LINT_RENDERERS: dict[str, Callable[[list[MapReport]], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "gitlab": render_gitlab,
}
"""Output formats of `accountmap lint --format`; `auto` (github on GitHub Actions, else text) is
resolved by the command."""

MACHINE_FORMATS = frozenset({"json", "sarif", "gitlab"})
"""Formats whose stdout a program parses whole: `--statistics` goes to stderr for these."""
