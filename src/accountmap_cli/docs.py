"""The README's map-format reference, generated from the field descriptions in `models.py`.

Run ``python -m accountmap_cli.docs --write-readme`` after changing a model to refresh the block
between the README's ``format-reference`` markers; ``--check`` exits 1 when the README is stale.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
import typing
from enum import Enum
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from accountmap_cli.models import (
    CURRENCY_PATTERN,
    ID_PATTERN,
    AccountMap,
    Engagement,
    Interaction,
    Opportunity,
    Relationship,
    Stakeholder,
    TeamMember,
)

START_MARKER = "<!-- format-reference:start -->"
END_MARKER = "<!-- format-reference:end -->"
REGENERATE = "python -m accountmap_cli.docs --write-readme"

SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("Top level", AccountMap),
    ("`opportunity`", Opportunity),
    ("`team[]`", TeamMember),
    ("`stakeholders[]`", Stakeholder),
    ("`stakeholders[].engagement`", Engagement),
    ("`relationships[]`", Relationship),
    ("`interactions[]`", Interaction),
)
"""Every part of a map, in the order a map is written."""

_SECTION_NAMES = {model: title for title, model in SECTIONS}


def _constraints(metadata: list[object]) -> dict[str, object]:
    found: dict[str, object] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_constraints(item.metadata))
            continue
        for name in ("pattern", "ge", "min_length", "max_length"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
    return found


def describe_type(annotation: object, metadata: list[object] | None = None) -> str:
    """A field's type in words: `text`, `id`, `date (YYYY-MM-DD)`, `list of id`, `one of: ...`."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return describe_type(inner, metadata + extra)
    if origin in (typing.Union, types.UnionType):
        present = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return " or ".join(describe_type(arg, metadata) for arg in present)
    if origin is list:
        (item,) = typing.get_args(annotation)
        at_least = _constraints(metadata).get("min_length")
        suffix = ""
        if at_least:
            suffix = " (at least one)" if at_least == 1 else f" (at least {at_least})"
        if isinstance(item, type) and issubclass(item, Enum):
            return "list of: " + ", ".join(f"`{member.value}`" for member in item) + suffix
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"list of mappings, see {_SECTION_NAMES[item]}" + suffix
        kind = describe_type(item)
        return f"list of {'ids' if kind == 'id' else kind}{suffix}"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of: " + ", ".join(f"`{member.value}`" for member in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mapping, see {_SECTION_NAMES[annotation]}"
    if annotation is dt.date:
        return "date (YYYY-MM-DD)"
    constraints = _constraints(metadata)
    if annotation is float:
        return "number ≥ 0" if constraints.get("ge") == 0 else "number"
    if annotation is str:
        if constraints.get("pattern") == ID_PATTERN:
            return "id"
        if constraints.get("pattern") == CURRENCY_PATTERN:
            return "currency code (3 capital letters)"
        return "text"
    return getattr(annotation, "__name__", str(annotation))


def _requirement(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        return "optional (empty)"
    if info.default is None:
        return "optional"
    default = info.default.value if isinstance(info.default, Enum) else info.default
    return f"default `{default}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _section(title: str, model: type[BaseModel]) -> list[str]:
    lines = [f"#### {title}", "", _cell(model.__doc__ or ""), ""]
    lines += ["| Field | Type | Required / default | Description |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        key = info.alias or name
        kind = describe_type(info.annotation, info.metadata)
        lines.append(
            f"| `{key}` | {_cell(kind)} | {_requirement(info)} | {_cell(info.description or '')} |"
        )
    return [*lines, ""]


def format_reference_markdown() -> str:
    """The map-format field reference as Markdown, one table per section of a map."""
    lines = [
        "<!-- Generated from src/accountmap_cli/models.py; do not edit by hand. "
        f"Regenerate with: {REGENERATE} -->",
        "",
    ]
    for title, model in SECTIONS:
        lines += _section(title, model)
    lines.append(
        "An *id* is lowercase: letters `a-z`, digits, `-` and `_`, starting with a letter or digit "
        f"(`{ID_PATTERN}`), at most 64 characters, unique across `team` and `stakeholders`. "
        "*Text* is never empty or only white space. Every mapping also accepts extension keys starting with `x-`."
    )
    return "\n".join(lines) + "\n"


def replace_reference(readme: str, reference: str) -> str:
    """The README text with the block between the markers replaced by `reference`."""
    start = readme.index(START_MARKER) + len(START_MARKER)
    end = readme.index(END_MARKER)
    return readme[:start] + "\n" + reference + readme[end:]


def readme_reference(readme: str) -> str:
    """The block currently between the README's markers."""
    start = readme.index(START_MARKER) + len(START_MARKER)
    end = readme.index(END_MARKER)
    return readme[start:end].lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    """`python -m accountmap_cli.docs [--write-readme | --check] [README]`; prints the block."""
    args = list(sys.argv[1:] if argv is None else argv)
    mode = args.pop(0) if args and args[0].startswith("--") else "--print"
    readme_path = Path(args[0] if args else "README.md")
    reference = format_reference_markdown()
    if mode == "--print":
        sys.stdout.write(reference)
        return 0
    if mode not in ("--write-readme", "--check"):
        sys.stderr.write("usage: python -m accountmap_cli.docs [--write-readme|--check] [README]\n")
        return 2
    readme = readme_path.read_text(encoding="utf-8")
    if START_MARKER not in readme or END_MARKER not in readme:
        sys.stderr.write(f"{readme_path}: markers {START_MARKER} / {END_MARKER} not found\n")
        return 2
    updated = replace_reference(readme, reference)
    if mode == "--check":
        if updated != readme:
            sys.stderr.write(f"{readme_path}: format reference is stale; run {REGENERATE}\n")
            return 1
        return 0
    if updated != readme:
        readme_path.write_text(updated, encoding="utf-8")
        sys.stderr.write(f"updated {readme_path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
