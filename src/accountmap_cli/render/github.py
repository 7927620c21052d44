"""Lint findings as GitHub Actions workflow commands: one annotation per finding.

`::error file=PATH,line=L,col=C,title=CODE rule::message` — GitHub shows each on the changed line
of the pull request. Escaping follows GitHub's own toolkit (`@actions/core`, `command.ts`): the
message escapes `%`, CR and LF; property values also `:` and `,`.
"""

from __future__ import annotations

from accountmap_cli.findings import Finding, Severity
from accountmap_cli.lint import MapReport
from accountmap_cli.render.fingerprint import report_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
"""Our severity → the workflow command that shows it."""


def escape_data(text: str) -> str:
    """Escape a command's message, exactly as `@actions/core` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (file, title), exactly as `@actions/core` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One finding as a workflow command line (without the newline); the file relative to the
    current folder, which GitHub resolves against the repository root."""
    message = finding.message
    if finding.hint:
        message += f" (hint: {finding.hint})"
    properties = ",".join(
        (
            f"file={escape_property(report_path(finding.path))}",
            f"line={max(finding.line, 1)}",
            f"col={max(finding.column, 1)}",
            f"title={escape_property(f'{finding.code} {finding.rule}')}",
        )
    )
    return f"::{COMMANDS[finding.severity]} {properties}::{escape_data(message)}"


def render_github(reports: list[MapReport]) -> str:
    """Every finding as an annotation, then the one-line summary of the text output (a plain
    log line, so the job log still says how many maps were checked)."""
    from accountmap_cli.render.lint import render_text

    findings = sorted(f for report in reports for f in report.findings)
    summary = render_text(reports).splitlines(keepends=True)[-1]
    return "".join(annotation(f) + "\n" for f in findings) + summary
