"""Stable identities for findings, so CI tools recognise the same problem from run to run.

GitHub code scanning (SARIF `partialFingerprints`) and GitLab Code Quality (`fingerprint`) both
match a new report against the previous one by these values. They must stay the same when a rep
adds lines above a finding, and when a day passes (messages such as "no contact for 45 days"
count up), so they hash the rule, the file, the stakeholder and the message with its numbers
blanked out, never the line. Two findings that would hash alike get an occurrence counter.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Iterable
from pathlib import PurePath

from accountmap_cli.findings import Finding

FINGERPRINT_KEY = "accountmap/v1"
"""The name of our fingerprint in SARIF `partialFingerprints`; bump it if the recipe changes."""

_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def report_path(path: str) -> str:
    """The path as CI tools want it: relative to the current folder (the repository root in CI)
    when it lies inside it, with forward slashes and without `./` or `a/../`."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = os.pardir
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            path = relative
    return posixpath.normpath(PurePath(path).as_posix())


def _normalized(message: str) -> str:
    return _SPACE.sub(" ", _NUMBER.sub("#", message)).strip().casefold()


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """One fingerprint (64 hex digits) per finding, in the order given; unique within the list."""
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        identity = "\0".join(
            (
                finding.code,
                report_path(finding.path),
                finding.stakeholder or "",
                _normalized(finding.message),
            )
        )
        occurrence = seen.get(identity, 0) + 1
        seen[identity] = occurrence
        digest = hashlib.sha256(f"{identity}\0{occurrence}".encode()).hexdigest()
        result.append(digest)
    return result
