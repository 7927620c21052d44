"""Team configuration: which rules run at which severity, thresholds, risk weights and stages.

Settings come from, in order: the defaults below, the team's file, the command line. The team's file
is `[tool.accountmap]` in a `pyproject.toml`, or an `accountmap.toml` (settings at its top level),
found by searching upward from the first map given (or the working directory); `--config PATH`
names one explicitly. A broken file raises `ConfigError` with `file:line: message`.

Example (`pyproject.toml`)::

    [tool.accountmap]
    stages = ["lead", "discovery", "proposal", "negotiation", "won", "lost"]
    proposal-stage = "proposal"
    ignore = ["AM111"]

    [tool.accountmap.severity]
    AM110 = "error"      # error, warning, info or off
    AM112 = "off"

    [tool.accountmap.thresholds]
    stale-days = 21
    mandatory-mapping-value = 100000

    [tool.accountmap.risk]
    medium = 30
    high = 60
    weights = { AM101 = 40 }
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from accountmap_cli.errors import ConfigError, UsageError
from accountmap_cli.findings import Severity
from accountmap_cli.models import CLOSED_STAGES, DEFAULT_STAGES

CONFIG_FILE = "accountmap.toml"
PYPROJECT = "pyproject.toml"
SEVERITY_CHOICES = ("error", "warning", "info", "off")


def matches(code: str, patterns: tuple[str, ...]) -> bool:
    """True when `code` starts with one of the patterns (`AM1` matches `AM104`; `ALL` matches all)."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def _specificity(code: str, patterns: tuple[str, ...]) -> int:
    """Length of the longest pattern matching `code` (`ALL` counts as 0), or -1 for none."""
    best = -1
    for pattern in patterns:
        if pattern == "ALL":
            best = max(best, 0)
        elif code.startswith(pattern):
            best = max(best, len(pattern))
    return best


@dataclass(frozen=True)
class Settings:
    """The effective settings for one run (defaults, then the team's file, then the command line)."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    closed_stages: frozenset[str] = CLOSED_STAGES
    severities: dict[str, Severity | None] = field(default_factory=dict)
    """Per-rule severity overrides; `None` turns a rule off."""
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    proposal_stage: str = "proposal"
    """The first stage that counts as "proposal or later" (AM108)."""
    stale_days: int = 14
    """AM110: an open deal is stale after more than this many days without any contact."""
    champion_quiet_days: int = 30
    """AM114: a champion has gone quiet after more than this many days without contact."""
    mandatory_mapping_value: float = 50_000
    """AM107 is an error for deals whose value is above this (in the deal's own currency)."""
    min_stakeholders: int = 3
    """AM107: the fewest named stakeholders a deal should have."""
    min_engaged: int = 2
    """AM106: the fewest engaged stakeholders (anyone we have spoken to)."""
    min_sources: int = 2
    """AM109: the fewest different sources that confirm an economic buyer."""
    risk_weights: dict[str, int] = field(default_factory=dict)
    """Risk points per finding, by rule code, overriding `risk.DEFAULT_WEIGHTS`."""
    risk_caps: dict[str, int] = field(default_factory=dict)
    """Most risk points one rule can add however often it fires, overriding `risk.DEFAULT_CAPS`."""
    risk_medium: int = 30
    """A score at or above this is `medium` risk."""
    risk_high: int = 60
    """A score at or above this is `high` risk."""
    source: str | None = None
    """The file these settings were read from, if any."""

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The severity a finding of this rule gets, or `None` when the rule is not wanted.

        `select` and `ignore` match by prefix; when both match, the longer (more specific)
        pattern wins, and `ignore` wins a tie.
        """
        if self.select or self.ignore:
            selected = _specificity(code, self.select) if self.select else 0
            ignored = _specificity(code, self.ignore)
            if selected < 0 or ignored >= selected:
                return None
        return self.severities.get(code, default)

    def is_late_stage(self, stage: str) -> bool:
        """True when `stage` is the proposal stage or comes after it in the stage list."""
        if stage not in self.stages or self.proposal_stage not in self.stages:
            return False
        return self.stages.index(stage) >= self.stages.index(self.proposal_stage)


DEFAULT_SETTINGS = Settings()


# --- reading the team's file -------------------------------------------------------------------


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The team's config file for maps under `start`: the nearest `accountmap.toml`, or
    `pyproject.toml` with a `[tool.accountmap]` table, searching upward from `start`."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _holds_our_table(pyproject):
            return pyproject
    return None


_TOOL_TABLE = (
    r"""(?m)^[ \t]*(?:\[\[?[ \t]*["']?tool["']?[ \t]*(?:\]|\.[ \t]*["']?accountmap["']?[ \t]*[.\]])"""
    r"""|["']?tool["']?[ \t]*[.=])"""
)
"""Every way TOML can start `tool.accountmap`: a `[tool.accountmap...]` header, a `[tool]` table
(its keys may be `accountmap...`), a top-level `tool.accountmap... =` or `tool = {...}`. Compiled
on first use (`re` caches it): most runs never need it."""


def _holds_our_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    # Most pyproject.toml files cannot hold the table (no `[tool]`, no `[tool.accountmap]`), and
    # many name accountmap elsewhere (a dependency, a script): neither is worth parsing, or
    # importing tomllib, on every run.
    if "accountmap" not in text or not re.search(_TOOL_TABLE, text):
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml of another tool is not ours to judge unless it has our table.
        return "[tool.accountmap" in text
    return isinstance(data.get("tool"), dict) and "accountmap" in data["tool"]


def load_config(path: str | os.PathLike[str]) -> Settings:
    """Read settings from one file (`accountmap.toml`, or a `pyproject.toml`'s `[tool.accountmap]`)."""
    import tomllib

    shown = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            "config file does not exist", path=shown, hint="check the --config path"
        ) from None
    except OSError as error:
        raise ConfigError(f"cannot read config file: {error.strerror}", path=shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("config file is not UTF-8 text", path=shown) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "invalid TOML"
        raise ConfigError(f"invalid TOML: {message}", path=shown, line=line) from None
    if Path(path).name == PYPROJECT:
        table = data.get("tool", {}).get("accountmap", {}) if isinstance(data, dict) else {}
        prefix: tuple[str, ...] = ("tool", "accountmap")
    else:
        table = data
        prefix = ()
    reader = _Reader(shown, text, prefix)
    if not isinstance(table, dict):
        raise reader.error((), "[tool.accountmap] must be a table")
    return reader.settings(table)


def load_settings(
    paths: Iterable[str] = (),
    *,
    config: str | os.PathLike[str] | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Settings:
    """The effective settings of a run: the team's file (given, or found upward from the first
    path, else from the working directory), then `--select` (replaces) and `--ignore` (adds).

    Raises `ConfigError` for a broken file, `UsageError` for an unknown code on the command line.
    """
    if config is not None:
        settings = load_config(config)
    else:
        start = next(iter(paths), None) or os.getcwd()
        found = find_config(start)
        settings = load_config(found) if found is not None else DEFAULT_SETTINGS
    cli_select = _cli_patterns(select, "--select")
    cli_ignore = _cli_patterns(ignore, "--ignore")
    if cli_select:
        settings = replace(settings, select=cli_select)
    if cli_ignore:
        settings = replace(settings, ignore=settings.ignore + cli_ignore)
    return settings


def _cli_patterns(values: Iterable[str], option: str) -> tuple[str, ...]:
    """`--select AM1,AM2 --select AM3` → ("AM1", "AM2", "AM3"), each checked against the rules."""
    patterns = []
    for value in values:
        for part in value.split(","):
            part = part.strip().upper()
            if not part:
                continue
            problem = pattern_problem(part)
            if problem:
                message, hint = problem
                raise UsageError(f"{option}: {message}", hint=hint)
            patterns.append(part)
    return tuple(patterns)


def _rule_codes() -> list[str]:
    from accountmap_cli.rules import RULES

    return sorted(RULES)


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    if word[:2] == "AM":
        # The letter O for a zero, I for a one: the commonest way to mistype a code.
        fixed = "AM" + word[2:].replace("O", "0").replace("I", "1")
        if fixed in choices:
            return fixed
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def pattern_problem(pattern: str) -> tuple[str, str | None] | None:
    """Why `pattern` is not a rule code or code prefix (message, hint), or None when it is."""
    codes = _rule_codes()
    if pattern == "ALL" or any(code.startswith(pattern) for code in codes):
        return None
    suggestion = _did_you_mean(pattern, codes)
    hint = f"did you mean '{suggestion}'?" if suggestion else "run 'accountmap rules' for the codes"
    return f"unknown rule code '{pattern}'", hint


_THRESHOLDS: dict[str, tuple[str, type]] = {
    "stale-days": ("stale_days", int),
    "champion-quiet-days": ("champion_quiet_days", int),
    "mandatory-mapping-value": ("mandatory_mapping_value", float),
    "min-stakeholders": ("min_stakeholders", int),
    "min-engaged": ("min_engaged", int),
    "min-sources": ("min_sources", int),
}
_TOP_KEYS = (
    "stages",
    "closed-stages",
    "proposal-stage",
    "select",
    "ignore",
    "severity",
    "thresholds",
    "risk",
    "crm",
)
_RISK_KEYS = ("weights", "caps", "medium", "high")


class _Reader:
    """Turns one parsed TOML table into `Settings`, pointing every complaint at its line."""

    def __init__(self, path: str, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.prefix = prefix

    # Line numbers: tomllib gives none, so find the line that writes the key (or its table).
    def line_of(self, keys: tuple[str, ...]) -> int:
        wanted = self.prefix + keys
        best_line, best_depth = 1, -1
        table: tuple[str, ...] = ()
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if header:
                table = _split_key(header.group(1))
                full = table
            else:
                assignment = re.match(r"^([A-Za-z0-9_\-\"'. ]+?)\s*=", line)
                if not assignment:
                    continue
                full = table + _split_key(assignment.group(1))
                # Keys of an inline table on this line: `weights = { AM101 = 40 }`.
                for inner in re.finditer(r"[{,]\s*([A-Za-z0-9_\-\"']+)\s*=", line):
                    inner_full = (*full, _split_key(inner.group(1))[0])
                    if inner_full == wanted:
                        return number
            if full == wanted:
                return number
            depth = _common(full, wanted)
            if depth == len(full) and depth > best_depth:
                best_line, best_depth = number, depth
        return best_line

    def error(self, keys: tuple[str, ...], message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(message, path=self.path, line=self.line_of(keys), hint=hint)

    def name(self, keys: tuple[str, ...]) -> str:
        return ".".join(keys)

    def unknown_key(self, keys: tuple[str, ...], allowed: Iterable[str]) -> ConfigError:
        allowed = list(allowed)
        suggestion = _did_you_mean(keys[-1].replace("_", "-"), allowed)
        message = f"unknown setting '{self.name(keys)}'"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        hint = "allowed here: " + ", ".join(allowed)
        if keys == ("tool",) and not self.prefix:
            hint = (
                "in accountmap.toml, write the settings at the top level, without [tool.accountmap]"
            )
        return self.error(keys, message, hint)

    def table(self, value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(keys, f"'{self.name(keys)}' must be a table")
        return value

    def whole(self, value: Any, keys: tuple[str, ...], *, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(keys, f"'{self.name(keys)}' must be a whole number (got {value!r})")
        if value < minimum:
            raise self.error(keys, f"'{self.name(keys)}' must be {minimum} or more (got {value})")
        return value

    def number(self, value: Any, keys: tuple[str, ...]) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise self.error(keys, f"'{self.name(keys)}' must be a number (got {value!r})")
        if value < 0:
            raise self.error(keys, f"'{self.name(keys)}' must be 0 or more (got {value})")
        return float(value)

    def strings(self, value: Any, keys: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(keys, f"'{self.name(keys)}' must be a list of text values")
        return tuple(value)

    def code(self, code: str, keys: tuple[str, ...]) -> str:
        codes = _rule_codes()
        if code.upper() in codes:
            return code.upper()
        suggestion = _did_you_mean(code.upper(), codes)
        message = f"unknown rule '{code}' in '{self.name(keys[:-1])}'"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        raise self.error(keys, message, "run 'accountmap rules' for the codes")

    def patterns(self, value: Any, keys: tuple[str, ...]) -> tuple[str, ...]:
        patterns = tuple(p.upper() for p in self.strings(value, keys))
        for pattern in patterns:
            problem = pattern_problem(pattern)
            if problem:
                message, hint = problem
                raise self.error(keys, f"'{self.name(keys)}': {message}", hint)
        return patterns

    def code_table(
        self, value: Any, keys: tuple[str, ...], convert: Callable[[Any, tuple[str, ...]], Any]
    ) -> dict[str, Any]:
        return {
            self.code(code, (*keys, code)): convert(item, (*keys, code))
            for code, item in self.table(value, keys).items()
        }

    def severity(self, value: Any, keys: tuple[str, ...]) -> Severity | None:
        if not isinstance(value, str) or value.lower() not in SEVERITY_CHOICES:
            suggestion = _did_you_mean(str(value).lower(), SEVERITY_CHOICES)
            message = f"'{self.name(keys)}': {value!r} is not a severity"
            if suggestion:
                message += f"; did you mean '{suggestion}'?"
            raise self.error(keys, message, "choose one of: " + ", ".join(SEVERITY_CHOICES))
        return None if value.lower() == "off" else Severity(value.lower())

    def settings(self, table: Mapping[str, Any]) -> Settings:
        values: dict[str, Any] = {}
        for key, value in table.items():
            keys = (key,)
            normal = key.replace("_", "-")
            if normal == "stages":
                values["stages"] = self.strings(value, keys)
            elif normal == "closed-stages":
                values["closed_stages"] = frozenset(self.strings(value, keys))
            elif normal == "proposal-stage":
                if not isinstance(value, str) or not value:
                    raise self.error(keys, f"'{self.name(keys)}' must be a stage name")
                values["proposal_stage"] = value
            elif normal in ("select", "ignore"):
                values[normal] = self.patterns(value, keys)
            elif normal == "severity":
                values["severities"] = self.code_table(value, keys, self.severity)
            elif normal == "thresholds":
                for name, item in self.table(value, keys).items():
                    inner = (key, name)
                    known = _THRESHOLDS.get(name.replace("_", "-"))
                    if known is None:
                        raise self.unknown_key(inner, _THRESHOLDS)
                    attribute, kind = known
                    if kind is int:
                        values[attribute] = self.whole(item, inner, minimum=0)
                    else:
                        values[attribute] = self.number(item, inner)
            elif normal == "risk":
                for name, item in self.table(value, keys).items():
                    inner = (key, name)
                    if name == "weights":
                        values["risk_weights"] = self.code_table(item, inner, self.whole)
                    elif name == "caps":
                        values["risk_caps"] = self.code_table(item, inner, self.whole)
                    elif name in ("medium", "high"):
                        values[f"risk_{name}"] = self.whole(item, inner, minimum=1)
                        if values[f"risk_{name}"] > 100:
                            raise self.error(inner, f"'{self.name(inner)}' must be 100 or less")
                    else:
                        raise self.unknown_key(inner, _RISK_KEYS)
            elif normal == "crm":
                # CRM role and stage tables; read and checked by `accountmap import` (crm/mapping.py).
                self.table(value, keys)
            else:
                raise self.unknown_key(keys, _TOP_KEYS)
        settings = replace(DEFAULT_SETTINGS, source=self.path, **values)
        self._check_consistency(settings, table)
        return settings

    def _check_consistency(self, settings: Settings, table: Mapping[str, Any]) -> None:
        def key_of(normal: str) -> str:
            return next((k for k in table if k.replace("_", "-") == normal), normal)

        if len(set(settings.stages)) != len(settings.stages):
            raise self.error((key_of("stages"),), "'stages' lists a stage twice")
        if settings.proposal_stage not in settings.stages:
            where = "proposal-stage" if "proposal_stage" in _given(table) else "stages"
            suggestion = _did_you_mean(settings.proposal_stage, settings.stages)
            message = f"proposal stage '{settings.proposal_stage}' is not in 'stages'"
            if suggestion:
                message += f"; did you mean '{suggestion}'?"
            raise self.error(
                (key_of(where),),
                message,
                "set 'proposal-stage' to the first of your stages that counts as proposal or later",
            )
        for stage in sorted(settings.closed_stages):
            if stage not in settings.stages:
                where = "closed-stages" if "closed_stages" in _given(table) else "stages"
                raise self.error(
                    (key_of(where),),
                    f"closed stage '{stage}' is not in 'stages'",
                    "stages: " + ", ".join(settings.stages),
                )
        if settings.risk_medium > settings.risk_high:
            raise self.error(
                (key_of("risk"), "medium"),
                f"risk 'medium' ({settings.risk_medium}) must not be above 'high' "
                f"({settings.risk_high})",
            )


def _given(table: Mapping[str, Any]) -> set[str]:
    return {key.replace("-", "_") for key in table}


def _split_key(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in key.split("."))


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


__all__ = [
    "DEFAULT_SETTINGS",
    "Settings",
    "find_config",
    "load_config",
    "load_settings",
    "matches",
    "pattern_problem",
]
