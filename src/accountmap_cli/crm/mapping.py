"""What CRM values mean on a map: role tables, stage tables, and the deal an import produces.

Both CRMs are read into the same neutral shape (`ImportedDeal` with `ImportedPerson`s); merging and
writing maps does not know which CRM the data came from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from accountmap_cli.crm.csvread import CsvProblem, normal_name
from accountmap_cli.errors import ConfigError
from accountmap_cli.models import Attitude, Influence, Role

SYSTEMS = ("salesforce", "hubspot")

_FIELDS = ("role", "influence", "attitude")
_CHOICES: dict[str, tuple[str, ...]] = {
    "role": tuple(r.value for r in Role),
    "influence": tuple(i.value for i in Influence),
    "attitude": tuple(a.value for a in Attitude),
}


@dataclass(frozen=True, slots=True)
class Effect:
    """What one CRM value says about a person: a role, an influence and/or an attitude."""

    role: str | None = None
    influence: str | None = None
    attitude: str | None = None

    def items(self) -> list[tuple[str, str]]:
        """The fields this value sets, in the order role, influence, attitude."""
        return [(name, value) for name in _FIELDS if (value := getattr(self, name)) is not None]

    def describe(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.items()) or "nothing"

    def matches(self, person: Mapping[str, str]) -> bool:
        """True when the person has every field this value sets (so exporting it loses nothing)."""
        return all(person.get(name, "unknown") == value for name, value in self.items())


@dataclass(frozen=True, slots=True)
class ValueTable:
    """CRM picklist values → `Effect`, in table order (the order decides the export)."""

    entries: tuple[tuple[str, Effect], ...]

    def lookup(self, value: str) -> Effect | None:
        """The effect of a CRM value, compared without case, spaces, `_` and `-`."""
        wanted = normal_name(value)
        for name, effect in self.entries:
            if normal_name(name) == wanted:
                return effect
        return None

    def with_overrides(self, overrides: Mapping[str, Effect]) -> ValueTable:
        """This table with a team's values added or replaced (the team's come first)."""
        replaced = {normal_name(name) for name in overrides}
        kept = tuple((n, e) for n, e in self.entries if normal_name(n) not in replaced)
        return ValueTable(tuple(overrides.items()) + kept)

    def best_for(self, person: Mapping[str, str], *, sets: str) -> str | None:
        """The most specific value that sets `sets` and matches the person (table order on ties)."""
        best: tuple[int, str] | None = None
        for name, effect in self.entries:
            if getattr(effect, sets) is None or not effect.matches(person):
                continue
            if best is None or len(effect.items()) > best[0]:
                best = (len(effect.items()), name)
        return best[1] if best else None


@dataclass(slots=True)
class CrmSettings:
    """One CRM's tables: contact roles and deal stages (defaults plus the team's own values)."""

    roles: ValueTable
    stages: dict[str, str]
    """Normalised CRM stage name → accountmap stage."""

    def stage_of(self, value: str) -> str | None:
        return self.stages.get(normal_name(value))


@dataclass(slots=True)
class ImportedPerson:
    """A contact on one deal, as the CRM knows them."""

    crm_id: str
    name: str | None
    title: str | None
    effect: Effect
    reports_to_crm: str | None = None
    company: str | None = None


@dataclass(slots=True)
class ImportedDeal:
    """One opportunity (deal) and its contacts, ready to become or update a map."""

    crm_id: str
    name: str
    account: str
    value: float | None = None
    currency: str | None = None
    stage: str | None = None
    close_date: dt.date | None = None
    account_crm_id: str | None = None
    people: list[ImportedPerson] = field(default_factory=list)
    errors: list[CsvProblem] = field(default_factory=list)
    notes: list[CsvProblem] = field(default_factory=list)
    from_crm: bool = True
    """False when the CRM export had no opportunity file: name, value and stage are placeholders."""

    def person(self, crm_id: str) -> ImportedPerson | None:
        return next((p for p in self.people if p.crm_id == crm_id), None)


@dataclass(slots=True)
class ImportResult:
    """Everything read from one CRM export: the deals, and the problems that belong to no deal."""

    deals: list[ImportedDeal]
    errors: list[CsvProblem] = field(default_factory=list)
    notes: list[CsvProblem] = field(default_factory=list)


def combine(effects: Iterable[tuple[str, Effect]], *, where: CsvProblem) -> tuple[Effect, list]:
    """Several CRM values for one person → one effect; the first value wins a conflict.

    Returns the effect and notes (CsvProblem) about values that were overruled.
    """
    chosen: dict[str, tuple[str, str]] = {}
    notes = []
    for value_name, effect in effects:
        for name, value in effect.items():
            if name not in chosen or chosen[name][1] == "unknown":
                chosen[name] = (value_name, value)
            elif chosen[name][1] != value and value != "unknown":
                notes.append(
                    CsvProblem(
                        where.path,
                        where.row,
                        f"'{value_name}' would make {where.message} {name} {value}; "
                        f"kept {chosen[name][1]} from '{chosen[name][0]}'",
                    )
                )
    return Effect(**{name: value for name, (_, value) in chosen.items()}), notes


# --- parsing cells ----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})([-./])(\d{1,2})\2(\d{4})(?: .*)?$")


def parse_amount(text: str, *, separator: str) -> float:
    """A money amount as exports write it: `125000`, `125000.50`, `125.000,50` (Dutch Excel).

    With `;`-separated files (European Excel) a lone `,` is the decimal mark; otherwise `.` is.
    Currency symbols, codes and spaces are ignored. Raises `ValueError` with a readable message.
    """
    cleaned = re.sub(r"[^\d.,\-]", "", text)
    if not re.search(r"\d", cleaned):
        raise ValueError(f"'{text}' is not an amount")
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif "," in cleaned:
        grouped = re.fullmatch(r"-?\d{1,3}(,\d{3})+", cleaned)
        decimal = "." if separator != ";" and grouped else ","
    else:
        grouped = re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned)
        decimal = "," if separator == ";" and grouped else "."
    thousands = "." if decimal == "," else ","
    number = cleaned.replace(thousands, "").replace(decimal, ".")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"'{text}' is not an amount") from None
    if value < 0:
        raise ValueError(f"'{text}' is negative")
    return value


def parse_date(text: str, *, separator: str) -> dt.date:
    """A date as exports write it: `2026-06-30` (also with a time), `30-6-2026` (Dutch Excel),
    `30/06/2026` in `;`-separated files, `6/30/2026` in `,`-separated ones."""
    match = _ISO_DATE.match(text)
    try:
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        match = _DMY.match(text)
        if match:
            first, mark, second, year = match.groups()
            if mark == "/" and separator != ";":
                month, day = int(first), int(second)
            else:
                day, month = int(first), int(second)
            return dt.date(int(year), month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the calendar") from None
    raise ValueError(f"'{text}' is not a date (expected YYYY-MM-DD)")


# --- ids and file names -------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l"}
)


def slugify(text: str, *, max_length: int = 64) -> str:
    """`Jürgen Ôzdemir-Bakker` → `jurgen-ozdemir-bakker`; `Acme B.V.` → `acme-bv`."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:max_length].rstrip("-")


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken yet."""
    if base not in taken:
        return base
    number = 2
    while f"{base[:60]}-{number}" in taken:
        number += 1
    return f"{base[:60]}-{number}"


# --- the team's own tables ----------------------------------------------------------------


def _effect_from(value: object, *, path: str, where: str) -> Effect:
    if isinstance(value, str):
        wanted = value.strip().lower()
        for name in _FIELDS:
            if wanted in _CHOICES[name]:
                return Effect(**{name: wanted})
        raise ConfigError(
            f"{where}: '{value}' is not a role or attitude",
            path=path,
            hint="roles: " + ", ".join(_CHOICES["role"]),
        )
    if isinstance(value, dict):
        unknown = [key for key in value if key not in _FIELDS]
        if unknown:
            raise ConfigError(
                f"{where}: unknown field '{unknown[0]}'",
                path=path,
                hint="a value maps to role, influence and/or attitude",
            )
        fields = {}
        for name, given in value.items():
            if not isinstance(given, str) or given not in _CHOICES[name]:
                raise ConfigError(
                    f"{where}.{name}: '{given}' is not a valid {name}",
                    path=path,
                    hint=f"{name}: " + ", ".join(_CHOICES[name]),
                )
            fields[name] = given
        return Effect(**fields)
    raise ConfigError(
        f"{where}: expected a role name or a table {{ role = ..., attitude = ... }}", path=path
    )


def crm_tables(data: Mapping[str, object], *, path: str) -> dict[str, dict[str, dict]]:
    """The `crm` tables of a TOML document: `[tool.accountmap.crm]`, `[crm]` or the top level."""
    tool = data.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("accountmap"), dict):
        data = tool["accountmap"]
    if isinstance(data.get("crm"), dict):
        data = data["crm"]  # type: ignore[assignment]
    tables: dict[str, dict[str, dict]] = {}
    for system in SYSTEMS:
        section = data.get(system, {})
        if not isinstance(section, dict):
            raise ConfigError(f"[{system}] must be a table", path=path)
        unknown = [key for key in section if key not in ("roles", "stages")]
        if unknown:
            raise ConfigError(
                f"[{system}]: unknown table '{unknown[0]}'",
                path=path,
                hint=f"use [{system}.roles] and [{system}.stages]",
            )
        tables[system] = {
            "roles": dict(section.get("roles", {})),
            "stages": dict(section.get("stages", {})),
        }
    return tables


def _line_of(text: str, key: str) -> int:
    """The line where a TOML key is written (1 when it cannot be found)."""
    pattern = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def load_settings(
    system: str,
    *,
    defaults_roles: ValueTable,
    defaults_stages: Mapping[str, str],
    team_stages: tuple[str, ...],
    roles_file: str | os.PathLike[str] | None = None,
) -> CrmSettings:
    """The role and stage tables for one CRM: the defaults, then the team's `--roles` file.

    The file is TOML with `[salesforce.roles]`, `[salesforce.stages]`, `[hubspot.roles]` and
    `[hubspot.stages]` tables, also accepted under `[crm]` (the team's `accountmap.toml`) or
    `[tool.accountmap.crm]` (a `pyproject.toml`).
    """
    roles = defaults_roles
    stages = {normal_name(k): v for k, v in defaults_stages.items()}
    if roles_file is None:
        return CrmSettings(roles, stages)
    import tomllib

    path = os.fspath(roles_file)
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError("roles file not found", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read roles file: {exc.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("roles file is not UTF-8 text", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "invalid TOML"
        line = int(found.group(1)) if found else 1
        raise ConfigError(f"invalid TOML: {message}", path=path, line=line) from None
    tables = crm_tables(data, path=path)[system]
    overrides = {}
    for name, value in tables["roles"].items():
        try:
            overrides[str(name)] = _effect_from(value, path=path, where=f"{system}.roles.'{name}'")
        except ConfigError as error:
            error.line = _line_of(text, str(name))
            raise
    for name, stage in tables["stages"].items():
        if not isinstance(stage, str) or stage not in team_stages:
            raise ConfigError(
                f"{system}.stages.'{name}': '{stage}' is not a stage",
                path=path,
                line=_line_of(text, str(name)),
                hint="stages: " + ", ".join(team_stages),
            )
        stages[normal_name(name)] = stage
    return CrmSettings(roles.with_overrides(overrides), stages)
