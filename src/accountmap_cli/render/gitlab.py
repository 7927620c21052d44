"""Lint findings as a GitLab Code Quality report (a JSON array of Code Climate issues).

GitLab shows them in the merge request widget and the changes tab; it tells new findings from
old ones by `fingerprint`, which is stable across runs and unique in one report.
"""

from __future__ import annotations

import json

from accountmap_cli.findings import Severity
from accountmap_cli.lint import MapReport
from accountmap_cli.render.fingerprint import fingerprints, report_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
"""Our severity → GitLab's (info, minor, major, critical, blocker)."""


def gitlab_report(reports: list[MapReport]) -> list[dict[str, object]]:
    """The Code Quality issues as plain data, sorted like the text output."""
    findings = sorted(f for report in reports for f in report.findings)
    issues = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        description = f"{finding.code} {finding.message}"
        if finding.hint:
            description += f" (hint: {finding.hint})"
        issues.append(
            {
                "type": "issue",
                "description": description,
                "check_name": finding.code,
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint,
                "severity": SEVERITIES[finding.severity],
                "location": {
                    "path": report_path(finding.path),
                    "lines": {"begin": max(finding.line, 1)},
                },
            }
        )
    return issues


def render_gitlab(reports: list[MapReport]) -> str:
    return json.dumps(gitlab_report(reports), indent=2, ensure_ascii=False) + "\n"
