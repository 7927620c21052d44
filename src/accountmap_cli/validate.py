"""A parsed `Document` → an `AccountMap` model, or findings in the user's words at the right place.

pydantic's errors are translated here: a location path becomes `line:col`, a misspelt key or enum
value gets a did-you-mean, and the message reads like the README, not like a type checker.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import NamedTuple

from accountmap_cli.findings import Finding, Severity
from accountmap_cli.loader import Document, FieldPath
from accountmap_cli.models import (
    DEFAULT_STAGES,
    ID_PATTERN,
    TEXT_PATTERN,
    AccountMap,
    field_names,
    validate_plain,
    without_extensions,
)

_SECTION_MODELS = {
    (): "AccountMap",
    ("opportunity",): "Opportunity",
    ("team", 0): "TeamMember",
    ("stakeholders", 0): "Stakeholder",
    ("stakeholders", 0, "engagement"): "Engagement",
    ("relationships", 0): "Relationship",
    ("interactions", 0): "Interaction",
}

_PLAIN_MESSAGES = {
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "string_too_short": "must not be empty",
    "too_short": "must list at least one entry",
    "greater_than_equal": "must be 0 or more",
    "string_too_long": "is too long",
    "date_type": "must be a date written as YYYY-MM-DD",
}

_PATTERN_MESSAGES = {
    "currency": "must be a three-letter ISO 4217 currency code such as EUR",
}
_ID_MESSAGE = (
    "must be a lowercase id: letters a-z, digits, '-' and '_', starting with a letter or digit"
)

_TYPE_HINTS = {
    "list_type": "write a list: one '- item' per line, or [a, b] on one line",
    "dict_type": "write the fields indented under this key, one 'field: value' per line",
    "model_type": "write the fields indented under this key, one 'field: value' per line",
    "model_attributes_type": "write the fields indented under this key, one 'field: value' per line",
    "float_parsing": "write the amount as a plain number without currency or separators: 280000",
    "float_type": "write the amount as a plain number without currency or separators: 280000",
    "string_type": "write the text after the colon; quote it if it contains ': ' or starts with [ or {",
    "string_too_short": "fill it in, or leave the field out if it is optional",
    "greater_than_equal": "amounts cannot be negative",
    "too_short": "list at least one id, e.g. [pieter]",
}

_QUOTED = re.compile(r"'([^']*)'")
_ID_RE = re.compile(ID_PATTERN)
_LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class Validated(NamedTuple):
    """The outcome of validating one document: a model when valid, and the findings either way."""

    model: AccountMap | None
    findings: list[Finding]


def describe(where: FieldPath) -> str:
    """`("stakeholders", 2, "attitude")` → `stakeholders[2].attitude`."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = _one_line(str(part))
            text += f".{name}" if text else name
    return text or "the map"


def _one_line(text: str, limit: int = 60) -> str:
    """Text as it may appear inside a one-line message: escaped line breaks, bounded length."""
    shown = "".join(
        char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text
    )
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _quote(text: object) -> str:
    """A key or value quoted for a message: `'atitude'`."""
    return f"'{_one_line(str(text))}'"


def _field_names(section: FieldPath) -> list[str]:
    from accountmap_cli import models

    normal = tuple(0 if isinstance(part, int) else part for part in section)
    name = _SECTION_MODELS.get(normal)
    if name is None:
        return []
    model = getattr(models, name)
    return list(field_names(model))


def _suggest(word: object, choices: Iterable[str]) -> str | None:
    if not isinstance(word, str):
        return None
    matches = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _stakeholder_id(data: object, where: FieldPath) -> str | None:
    if len(where) >= 2 and where[0] == "stakeholders" and isinstance(where[1], int):
        try:
            entry = data["stakeholders"][where[1]]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(entry, dict):
            stakeholder_id = entry.get("id")
            # Only a well-formed id identifies a stakeholder (JSON consumers group by it).
            if isinstance(stakeholder_id, str) and _ID_RE.fullmatch(stakeholder_id):
                return stakeholder_id
    return None


def _shown(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-_")


def _date_hint(value: object) -> str:
    loose = _LOOSE_DATE.match(value) if isinstance(value, str) else None
    if loose is not None:
        year, month, day = (int(part) for part in loose.groups())
        fixed = f"{year:04d}-{month:02d}-{day:02d}"
        if fixed != value:
            return f"write the month and day with two digits: {fixed}"
    return "write dates as YYYY-MM-DD, e.g. 2026-03-31"


def _translate(error: dict, doc: Document) -> Finding:
    where: FieldPath = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    at_key = False
    hint = None
    if kind == "missing":
        field = where[-1]
        parent = where[:-1]
        message = f"{describe(parent)}: missing required field '{field}'"
        where = parent
        at_key = True
        hint = f"add '{field}:' here; see the map format in the README"
    elif kind == "extra_forbidden":
        field = where[-1]
        suggestion = _suggest(field, _field_names(where[:-1]))
        message = f"{describe(where[:-1])}: unknown field {_quote(field)}"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
            hint = f"rename {_quote(field)} to '{suggestion}'"
        else:
            allowed = ", ".join(_field_names(where[:-1]))
            hint = f"allowed fields: {allowed}; extension keys start with 'x-'"
        at_key = True
    elif kind == "enum":
        expected = _QUOTED.findall(error.get("ctx", {}).get("expected", ""))
        field = next((part for part in reversed(where) if isinstance(part, str)), "value")
        message = f"{describe(where)}: {_shown(value)} is not a valid {field.rstrip('s')}"
        suggestion = _suggest(value, expected)
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        hint = "expected one of: " + ", ".join(expected)
    elif kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        message = f"{describe(where)}: {reason}" if where else reason
        if "YYYY-MM-DD" in reason or "calendar" in reason:
            if isinstance(value, str) and value not in reason:
                message += f" (got {_shown(value)})"
            hint = _date_hint(value)
        elif "`name`" in reason:
            hint = "add the person's 'name:', or a 'title:' such as 'CFO' for a seat not yet named"
    elif kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == TEXT_PATTERN:
        message = f"{describe(where)} must not be blank"
        hint = "write the text, or leave the field out"
    elif kind == "string_pattern_mismatch":
        field = where[-1] if where else ""
        reason = _PATTERN_MESSAGES.get(str(field), _ID_MESSAGE)
        message = f"{describe(where)} {reason} (got {_shown(value)})"
        if str(field) == "currency":
            hint = "use the ISO code: EUR, USD, GBP, CHF, ..."
        elif isinstance(value, str) and _slug(value):
            hint = f"for example '{_slug(value)}'"
    else:
        reason = _PLAIN_MESSAGES.get(kind, error["msg"][:1].lower() + error["msg"][1:])
        message = f"{describe(where)} {_one_line(reason, 200)} (got {_shown(value)})"
        hint = _TYPE_HINTS.get(kind)
    return invalid_field(doc, where, message, hint=hint, at_key=at_key)


def invalid_field(
    doc: Document, where: FieldPath, message: str, *, hint: str | None, at_key: bool = False
) -> Finding:
    """An AM003 finding at `where` (at its key with `at_key`), naming the stakeholder it is in."""
    line, column = doc.locate(where, key=at_key)
    return Finding(
        doc.path,
        line,
        column,
        "AM003",
        "invalid-field",
        Severity.ERROR,
        message,
        stakeholder=_stakeholder_id(doc.data, where),
        hint=hint,
    )


def duplicate_key_findings(doc: Document) -> list[Finding]:
    """AM002: every key written twice in one mapping, located at the second one."""
    findings = []
    for duplicate in doc.duplicates:
        key = duplicate.path[-1]
        line, column = duplicate.second
        findings.append(
            Finding(
                doc.path,
                line,
                column,
                "AM002",
                "duplicate-key",
                Severity.ERROR,
                f"duplicate key {_quote(key)} in {describe(duplicate.path[:-1])} "
                f"(first at line {duplicate.first[0]}, again at line {line})",
                stakeholder=_stakeholder_id(doc.data, duplicate.path),
                hint="keep one of the two; other YAML tools silently keep the last one",
            )
        )
    return findings


def validate(doc: Document, *, stages: tuple[str, ...] = DEFAULT_STAGES) -> Validated:
    """Validate a parsed document against the map format (codes AM002 and AM003)."""
    from pydantic import ValidationError

    findings = duplicate_key_findings(doc)
    try:
        # The loader noted where `x-` keys are: most maps have none and skip the copy.
        model = validate_plain(without_extensions(doc.data) if doc.extensions else doc.data)
    except ValidationError as exc:
        findings.extend(_translate(error, doc) for error in exc.errors(include_url=False))
        return Validated(None, findings)
    stage = model.opportunity.stage
    if stage not in stages:
        suggestion = _suggest(stage, stages)
        message = f"opportunity.stage: '{stage}' is not a stage of this team"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        findings.append(
            invalid_field(
                doc, ("opportunity", "stage"), message, hint="stages: " + ", ".join(stages)
            )
        )
        return Validated(None, findings)
    return Validated(model, findings)
