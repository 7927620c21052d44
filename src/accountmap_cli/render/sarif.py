"""Lint findings as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

The driver lists every rule of the catalogue with its documentation, so a viewer can explain a
finding without accountmap installed. Each result has a stable fingerprint (see `fingerprint.py`),
so re-running the lint after an edit does not open the same alert twice.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from accountmap_cli.findings import Finding, Severity
from accountmap_cli.lint import MapReport
from accountmap_cli.render.fingerprint import FINGERPRINT_KEY, fingerprints, report_path

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/accountmap/accountmap-cli"
"""Where users read about the tool (SARIF `informationUri`)."""

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
"""Our severity → SARIF level."""


def artifact_uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative to the current folder (the repository root in
    code scanning) with `/` and percent-encoding; paths outside it become `file://` URIs."""
    relative = report_path(path)
    if PurePath(relative).is_absolute():
        return PurePath(relative).as_uri()
    return quote(relative, safe="/")


def _first_section(doc: str) -> str:
    """The body of the documentation's first section ("What it finds"), as one paragraph."""
    lines = doc.splitlines()
    body: list[str] = []
    for line in lines[1:] if lines and lines[0].startswith("#") else lines:
        if line.startswith("#"):
            break
        body.append(line.strip())
    return " ".join(part for part in body if part)


def sarif_rules() -> list[dict[str, object]]:
    """Every rule of the catalogue as a SARIF `reportingDescriptor`, in catalogue order."""
    from accountmap_cli.rules import RULES

    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": _first_section(rule.doc) or rule.summary},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
        }
        for rule in RULES.values()
    ]


def _message(finding: Finding) -> str:
    if finding.hint:
        return f"{finding.message} (hint: {finding.hint})"
    return finding.message


def sarif_log(reports: list[MapReport]) -> dict[str, object]:
    """The SARIF log as plain data: one run of the accountmap driver."""
    from accountmap_cli import __version__

    rules = sarif_rules()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    findings = sorted(f for report in reports for f in report.findings)
    results = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        result: dict[str, object] = {"ruleId": finding.code}
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        result |= {
            "level": LEVELS[finding.severity],
            "message": {"text": _message(finding)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(finding.path)},
                        "region": {
                            "startLine": max(finding.line, 1),
                            "startColumn": max(finding.column, 1),
                        },
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        if finding.stakeholder:
            result["properties"] = {"stakeholder": finding.stakeholder}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "accountmap",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(reports: list[MapReport]) -> str:
    return json.dumps(sarif_log(reports), indent=2, ensure_ascii=False) + "\n"
