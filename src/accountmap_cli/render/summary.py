"""Short views of a lint run: counts per rule (`--statistics`) and a Markdown summary for a
CI job page (`--summary-markdown`, `--step-summary`)."""

from __future__ import annotations

from collections import Counter

from accountmap_cli.findings import Finding, Severity
from accountmap_cli.lint import MapReport
from accountmap_cli.render.mdtext import md_text

MAX_LISTED = 50
"""Findings listed one by one in the Markdown summary; the rest are counted."""

_ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def _findings(reports: list[MapReport]) -> list[Finding]:
    return sorted(f for report in reports for f in report.findings)


def rule_counts(reports: list[MapReport]) -> list[tuple[str, str, int]]:
    """(code, rule name, count) per rule that found something: most findings first, then by code."""
    counts = Counter((f.code, f.rule) for f in _findings(reports))
    return sorted(((code, name, n) for (code, name), n in counts.items()), key=_by_count)


def _by_count(row: tuple[str, str, int]) -> tuple[int, str]:
    return (-row[2], row[0])


def render_statistics(reports: list[MapReport]) -> str:
    """`--statistics`: one line per rule, `count  CODE  rule-name`, then the total."""
    rows = rule_counts(reports)
    if not rows:
        return "No findings.\n"
    width = len(str(rows[0][2]))
    lines = [f"{n:>{width}}  {code}  {name}" for code, name, n in rows]
    total = sum(n for _, _, n in rows)
    lines.append(
        f"{total} finding{'' if total == 1 else 's'} from {len(rows)} rule"
        f"{'' if len(rows) == 1 else 's'}."
    )
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_summary_markdown(reports: list[MapReport]) -> str:
    """A short GitHub-flavoured Markdown summary: the verdict, counts per rule and the findings."""
    findings = _findings(reports)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    maps = _plural(len(reports), "map")
    lines = ["### accountmap lint", ""]
    if not reports:
        lines.append("No map files found.")
    elif not findings:
        lines.append(f"✅ All good: {maps} checked, no findings.")
    else:
        icon = "❌" if errors else "⚠️" if warnings else "ℹ️"
        lines.append(
            f"{icon} {_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {maps}."
        )
    if findings:
        lines += ["", "| Rule | Name | Findings |", "| --- | --- | ---: |"]
        lines += [f"| {code} | {md_text(name)} | {n} |" for code, name, n in rule_counts(reports)]
        lines += ["", "| | Where | Rule | Message |", "| --- | --- | --- | --- |"]
        for f in findings[:MAX_LISTED]:
            lines.append(
                f"| {_ICONS[f.severity]} | `{_code_text(f.location)}` | {f.code} | "
                f"{md_text(f.message)} |"
            )
        if len(findings) > MAX_LISTED:
            lines += ["", f"…and {len(findings) - MAX_LISTED} more."]
    return "\n".join(lines) + "\n\n"


def _code_text(text: str) -> str:
    """Text inside a `code span` in a table cell: no backticks, pipes or line breaks."""
    return " ".join(text.split()).replace("`", "'").replace("|", "\\|")
