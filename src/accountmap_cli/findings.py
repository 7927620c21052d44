"""The diagnostic value every check produces: a finding with a stable code and a location."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

STRUCTURAL_PREFIX = "AM0"
"""Codes of the format checks (AM001-AM006): a map with such an error is not a valid map."""


class Severity(StrEnum):
    """How much a finding matters: errors fail `lint`, warnings and info are advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one map, at one place.

    Ordered by path, line, column and code, so sorting a list of findings gives the order users read.
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

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # Pickled as its fields (the worker processes of `parallel` send findings back): half the
        # time of the generic way for a frozen dataclass with slots.
        return (
            Finding,
            (
                self.path,
                self.line,
                self.column,
                self.code,
                self.rule,
                self.severity,
                self.message,
                self.stakeholder,
                self.hint,
            ),
        )

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
