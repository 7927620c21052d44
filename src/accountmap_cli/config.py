"""Team configuration: which rules run at which severity, thresholds, and the stage list."""

from __future__ import annotations

from dataclasses import dataclass, field

from accountmap_cli.findings import Severity
from accountmap_cli.models import CLOSED_STAGES, DEFAULT_STAGES


def matches(code: str, patterns: tuple[str, ...]) -> bool:
    """True when `code` starts with one of the patterns (`AM1` matches `AM104`; `ALL` matches all)."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


@dataclass(frozen=True)
class Settings:
    """The effective settings for one run (defaults, then the team's file, then the command line)."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    closed_stages: frozenset[str] = CLOSED_STAGES
    severities: dict[str, Severity | None] = field(default_factory=dict)
    """Per-rule severity overrides; `None` turns a rule off."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The severity a finding of this rule gets, or `None` when the rule is not wanted."""
        if self.select and not matches(code, self.select):
            return None
        if self.ignore and matches(code, self.ignore):
            return None
        return self.severities.get(code, default)


DEFAULT_SETTINGS = Settings()
