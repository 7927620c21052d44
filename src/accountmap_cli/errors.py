"""The project's exceptions. The core raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class AccountmapError(Exception):
    """Base class: a problem the user can fix, with a one-line message and an optional hint."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AccountmapError):
    """Bad arguments or a path that does not exist (exit code 2)."""


class ConfigError(AccountmapError):
    """A broken team configuration (exit code 2); carries the file and line."""

    def __init__(self, message: str, *, path: str, line: int = 1, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class MapLoadError(AccountmapError):
    """A map file that cannot be read as a map at all (bad bytes, bad YAML, wrong shape)."""

    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int = 1,
        column: int = 1,
        hint: str | None = None,
        code: str = "AM001",
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line
        self.column = column
        self.code = code

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"
