"""`accountmap new`: a map from the commented template that teaches the format."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources

from accountmap_cli.edit import comments, document
from accountmap_cli.edit.slug import unique_id

SCHEMA_NAMES = ("accountmap.schema.json", "schema.json")
"""Schema files a team may keep next to (or above) its maps; the first one found is linked."""


def template_text() -> str:
    """The template as shipped, with placeholder values."""
    return resources.files("accountmap_cli").joinpath("templates/new-map.yaml").read_text("utf-8")


def find_schema(folder: str) -> str | None:
    """The team's schema file, searched from `folder` upwards (stopping at the git root).

    Returns its path relative to `folder`, as the editor's `$schema=` line wants it.
    """
    start = os.path.abspath(folder)
    current = start
    while True:
        for name in SCHEMA_NAMES:
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):
                return os.path.relpath(candidate, start).replace(os.sep, "/")
        parent = os.path.dirname(current)
        if parent == current or os.path.exists(os.path.join(current, ".git")):
            return None
        current = parent


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def render(
    *,
    account: str,
    name: str,
    value: float,
    stage: str,
    currency: str = "EUR",
    close_date: dt.date | None = None,
    owner: str | None = None,
    schema: str | None = None,
) -> str:
    """The text of a new map. An `owner` given as a name becomes the first team member."""
    doc = document.load(template_text())
    opportunity = doc.data["opportunity"]
    opportunity["name"] = document.text(name)
    opportunity["account"] = document.text(account)
    opportunity["value"] = _number(value)
    opportunity["currency"] = document.text(currency)
    opportunity["stage"] = document.text(stage)
    if close_date is None:
        comments.remove_entry(opportunity, "close_date", parent=doc.data, parent_key="opportunity")
    else:
        opportunity["close_date"] = close_date
    if owner is None:
        comments.remove_entry(opportunity, "owner", parent=doc.data, parent_key="opportunity")
    else:
        from accountmap_cli.edit.operations import add_team_member

        member = add_team_member(doc, name=owner, member_id=_owner_id(owner)).summary
        opportunity["owner"] = document.text(member.split("'")[1])
    text = document.dump(doc)
    if schema is not None:
        text = f"# yaml-language-server: $schema={schema}\n" + text
    return text


def _owner_id(owner: str) -> str | None:
    import re

    from accountmap_cli.models import ID_PATTERN

    return owner if re.match(ID_PATTERN, owner) else unique_id(owner, ())
