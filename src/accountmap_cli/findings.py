"""The diagnostic value every check produces: a finding with a stable code and a location."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

STRUCTURAL_PREFIX = "AM0"
"""Codes of the format checks (AM001-AM006): a map with such an error is not a valid map."""


class Severity(StrEnum):
    """How much a finding matters: errors fail `lint`, warnings and info are advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(NamedTuple):
    """One problem in one map, at one place.

    Ordered by path, line, column and code, so sorting a list of findings gives the order users read.
    (A NamedTuple rather than a dataclass: the worker processes send findings back pickled, and the
    class is built at every start-up, where a frozen, ordered dataclass costs ~3 ms.)
    """

    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity
    message: str
    stakeholder: str | None = None
    hint: str | None = None

    @property
    def structural(self) -> bool:
        """True for the format checks (AM0xx), as opposed to the account-mapping rules."""
        return self.code.startswith(STRUCTURAL_PREFIX)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, object]:
        """The finding in the versioned JSON contract (`lint --format json`, version 1)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "stakeholder": self.stakeholder,
        }
