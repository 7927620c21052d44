"""Inline suppressions in a map: `# accountmap: disable=AM103` (several codes: `AM103,AM111`).

- A comment at the end of a line suppresses those codes for findings on that line.
- A comment on a line of its own suppresses them on the next line that holds YAML.
- A comment in the comment block at the top of the file (before any YAML, e.g. on the first line)
  suppresses them in the whole file.

A suppression that suppresses nothing is reported as AM100 (unused-suppression), so stale ones do
not pile up; an unknown code is reported the same way. AM001 (unreadable file) and AM100 itself
cannot be suppressed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from accountmap_cli.findings import Finding, Severity

UNUSED_CODE = "AM100"
UNUSED_NAME = "unused-suppression"
_NEVER_SUPPRESSED = frozenset(("AM001", UNUSED_CODE))
_DIRECTIVE = re.compile(
    r"(?:^|\s)(#\s*accountmap:\s*disable\s*=\s*)([A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)"
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """One `# accountmap: disable=...` comment."""

    line: int
    """Line of the comment (1-based)."""
    column: int
    """Column of the `#` (1-based)."""
    codes: tuple[str, ...]
    target: int | None
    """The line whose findings it suppresses; `None` for the whole file."""

    def covers(self, finding: Finding) -> bool:
        return finding.code in self.codes and (self.target is None or finding.line == self.target)


def parse_suppressions(text: str) -> list[Suppression]:
    """Every suppression comment in a map's text, with the line it applies to."""
    if "accountmap:" not in text:
        return []
    lines = text.splitlines()
    found: list[Suppression] = []
    pending: list[tuple[int, int, tuple[str, ...]]] = []
    in_header = True
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        # The last directive on a line is the comment; an earlier one sits inside quoted text.
        match = None
        for match in _DIRECTIVE.finditer(raw):  # noqa: B007
            pass
        codes = tuple(code.strip().upper() for code in match.group(2).split(",")) if match else ()
        column = match.start(1) + 1 if match else 0
        if not stripped or stripped.startswith("#"):
            if match:
                if in_header:
                    found.append(Suppression(number, column, codes, None))
                else:
                    pending.append((number, column, codes))
            continue
        if stripped == "---" and in_header:
            continue
        in_header = False
        found.extend(Suppression(line, col, c, number) for line, col, c in pending)
        pending.clear()
        if match:
            found.append(Suppression(number, column, codes, number))
    # A comment at the very end of the file applies to nothing: it is reported as unused.
    found.extend(Suppression(line, col, c, -1) for line, col, c in pending)
    return found


def apply_suppressions(
    findings: Iterable[Finding],
    text: str,
    *,
    path: str,
    ran: Iterable[str],
    known: Iterable[str],
    unused_severity: Severity | None = Severity.WARNING,
) -> list[Finding]:
    """Drop the findings a suppression covers; add an AM100 finding for each code that covered
    nothing. `ran` are the codes whose checks ran on this map (a suppression of a rule that is
    turned off or skipped is not unused); `known` are all rule codes."""
    findings = list(findings)
    suppressions = parse_suppressions(text)
    if not suppressions:
        return findings
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        covering = [
            s for s in suppressions if finding.code not in _NEVER_SUPPRESSED and s.covers(finding)
        ]
        if covering:
            for suppression in covering:
                used.add((suppression.line, finding.code))
        else:
            kept.append(finding)
    if unused_severity is None:
        return kept
    ran = set(ran)
    known = sorted(known)
    for suppression in suppressions:
        for code in suppression.codes:
            if (suppression.line, code) in used:
                continue
            if code not in known:
                close = difflib.get_close_matches(code, known, n=1, cutoff=0.6)
                message = f"unknown rule code '{code}' in suppression"
                hint = f"did you mean '{close[0]}'?" if close else "run 'accountmap rules'"
            elif code in _NEVER_SUPPRESSED:
                message = f"{code} cannot be suppressed"
                hint = "remove it from the comment"
            elif code not in ran:
                continue
            else:
                scope = "in this file" if suppression.target is None else "on this line"
                if suppression.target == -1:
                    scope = "below it (end of file)"
                elif suppression.target not in (None, suppression.line):
                    scope = f"on line {suppression.target}"
                message = f"unused suppression: no {code} finding {scope}"
                hint = f"remove '{code}' from the comment; the problem it hid is fixed"
            kept.append(
                Finding(
                    path,
                    suppression.line,
                    suppression.column,
                    UNUSED_CODE,
                    UNUSED_NAME,
                    unused_severity,
                    message,
                    hint=hint,
                )
            )
    return sorted(kept)
