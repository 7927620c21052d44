"""The account-map format, version 1: pydantic models and enums.

This module is the single source of the field documentation: the README reference, the JSON Schema
(`accountmap schema`) and the editor hints are all generated from the descriptions below.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from accountmap_cli.vocabulary import (
    CLOSED_STAGES,
    DEFAULT_STAGES,
    Attitude,
    Influence,
    RelationshipType,
    Role,
    Source,
    Strategy,
)

__all__ = [
    "CLOSED_STAGES",
    "DEFAULT_STAGES",
    "AccountMap",
    "Attitude",
    "Engagement",
    "Influence",
    "Interaction",
    "Relationship",
    "RelationshipType",
    "Role",
    "Source",
    "Stakeholder",
    "Strategy",
    "TeamMember",
]

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"

_GROUPED_NUMBER = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def _plain_amount(value: Any) -> Any:
    # YAML reads `280.000` as 280.0 and `280,000` as text; a Dutch or German rep means 280000.
    if isinstance(value, str):
        grouped = _GROUPED_NUMBER.match(value.strip())
        if grouped:
            digits = value.strip().replace(grouped.group(1), "")
            raise ValueError(
                f"'{value}' looks like {int(digits):,} written with '{grouped.group(1)}' between "
                f"thousands; write it without separators: {digits}"
            )
        if "_" in value:
            raise ValueError(f"'{value}' must be written without '_': {value.replace('_', '')}")
    return value


Amount = Annotated[float, BeforeValidator(_plain_amount)]
"""A deal value: a plain number, never one with thousands separators that YAML would misread."""


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError("must be a date written as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a date in the calendar") from None
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date written as YYYY-MM-DD, without a time")
    if not isinstance(value, dt.date):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A calendar date written as YYYY-MM-DD, and nothing else (no timestamps, no times)."""

TEXT_PATTERN = r"\S"
"""Text must hold something other than white space."""

Text = Annotated[str, Field(min_length=1, pattern=TEXT_PATTERN)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


def _no_items() -> list:
    # Not `list`: pydantic reads a factory's signature, and for a builtin that means parsing its
    # text signature with `tokenize`, whose regex takes ~5 ms to compile at start-up.
    return []


# Building a model makes pydantic look for plugins in the metadata of every installed package (a few
# ms here, more in a big environment); the map format has no use for them, and Typer skips them
# for its own adapters the same way. The setting is put back once the models are built.
_PLUGINS_SETTING = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"


class _Strict(BaseModel):
    """Unknown keys are errors; extension keys starting with `x-` are allowed and ignored.

    The extension keys are taken out before validation (`AccountMap.model_validate` does it, and
    `validate.validate` uses the positions the loader recorded), not by a validator on every
    model: that ran for each stakeholder and cost a quarter of the validation time.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Opportunity(_Strict):
    """The deal this map is about."""

    name: Text = Field(description="Name of the opportunity, e.g. 'Packaging line 3'.")
    account: Text = Field(description="The buying company.")
    value: Amount = Field(
        ge=0, allow_inf_nan=False, description="Deal value in `currency`, a number ≥ 0."
    )
    currency: str = Field(
        "EUR",
        pattern=CURRENCY_PATTERN,
        description="ISO 4217 code of the currency of `value`, e.g. EUR, USD, GBP, CHF.",
    )
    stage: Text = Field(
        description="Sales stage: discovery, qualification, validation, proposal, negotiation, "
        "won or lost (a team may configure its own stages)."
    )
    close_date: IsoDate | None = Field(None, description="Expected close date, YYYY-MM-DD.")
    owner: Id | None = Field(None, description="Id of the `team` member who owns the deal.")
    competitors: list[Text] = Field(
        default_factory=_no_items, description="Competitors in the deal, by name."
    )


class TeamMember(_Strict):
    """Someone on our side of the deal."""

    id: Id = Field(description="Unique id, used as an `owner` and in an interaction's `by`.")
    name: Text = Field(description="Full name.")
    title: Text | None = Field(None, description="Job title.")


class Engagement(_Strict):
    """The plan for engaging one stakeholder: who on our team says what, when, to reach what."""

    timing: Text | None = Field(
        None, description="When in the sales process, e.g. 'before proposal'."
    )
    message: Text | None = Field(None, description="The message that answers their concern.")
    owner: Id | None = Field(None, description="Id of the `team` member who owns this contact.")
    goal: Text | None = Field(None, description="What this contact should achieve.")


class Stakeholder(_Strict):
    """A person (or a known seat not yet named) on the buying side."""

    id: Id = Field(description="Unique id, used in `reports_to`, relationships and interactions.")
    name: Text | None = Field(
        None,
        description="Full name. May be left out for a known seat not yet named (then `title` "
        "is required).",
    )
    title: Text | None = Field(
        None, description="Job title, e.g. 'CFO'. Required when `name` is left out."
    )
    role: Role = Field(
        Role.UNKNOWN, description="Role in the Decision Making Unit (DMU) for this deal."
    )
    influence: Influence = Field(
        Influence.UNKNOWN, description="How much weight their voice carries in the decision."
    )
    attitude: Attitude = Field(
        Attitude.UNKNOWN, description="How they stand towards us, from champion to blocker."
    )
    reports_to: Id | None = Field(None, description="Id of the stakeholder this person reports to.")
    last_contact: IsoDate | None = Field(
        None,
        description="Date we last spoke to them, YYYY-MM-DD. Interactions count too: the later "
        "date wins.",
    )
    sources: list[Source] = Field(
        default_factory=_no_items,
        description="How role and influence were confirmed; a decision maker needs two or more.",
    )
    concerns: Text | None = Field(None, description="Their primary concern, in their words.")
    strategy: Strategy | None = Field(
        None, description="For blockers and skeptics: what we do about them."
    )
    engagement: Engagement | None = Field(None, description="The plan for this person.")
    notes: Text | None = Field(None, description="Free notes.")

    @model_validator(mode="after")
    def _named_or_titled(self) -> Stakeholder:
        if self.name is None and self.title is None:
            raise ValueError("a stakeholder needs a `name`, or a `title` for an unnamed seat")
        return self

    @property
    def label(self) -> str:
        """How people refer to this stakeholder: the name, else the seat's title."""
        return self.name or f"({self.title})"


class Relationship(_Strict):
    """An informal tie between two stakeholders."""

    from_: Id = Field(
        alias="from", description="Id of one stakeholder (for `trusts`: the one who trusts)."
    )
    to: Id = Field(description="Id of the other stakeholder (for `trusts`: the one trusted).")
    type: RelationshipType = Field(description="The kind of tie.")
    note: Text | None = Field(None, description="What we know about it.")

    model_config = ConfigDict(populate_by_name=True)


class Interaction(_Strict):
    """A meeting, call or visit with one or more stakeholders."""

    date: IsoDate = Field(description="When it happened, YYYY-MM-DD.")
    with_: list[Id] = Field(
        alias="with",
        min_length=1,
        description="Ids of the stakeholders we spoke to; each of them counts as engaged.",
    )
    by: Id | None = Field(None, description="Id of the `team` member who spoke to them.")
    summary: Text | None = Field(None, description="What was said and agreed.")

    model_config = ConfigDict(populate_by_name=True)


class AccountMap(_Strict):
    """One opportunity's account map."""

    opportunity: Opportunity = Field(description="The deal this map is about.")
    team: list[TeamMember] = Field(default_factory=_no_items, description="Our side of the deal.")
    stakeholders: list[Stakeholder] = Field(
        default_factory=_no_items, description="The buying side: everyone in the DMU we know of."
    )
    relationships: list[Relationship] = Field(
        default_factory=_no_items, description="Informal ties between stakeholders."
    )
    interactions: list[Interaction] = Field(
        default_factory=_no_items, description="Meetings, calls and visits."
    )

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> AccountMap:  # type: ignore[override]
        """Validate map data; extension keys (`x-...`) in any section are ignored."""
        return validate_plain(without_extensions(obj), **kwargs)


if _PLUGINS_SETTING is None:
    del os.environ["PYDANTIC_DISABLE_PLUGINS"]
else:
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = _PLUGINS_SETTING


MODEL_SECTIONS: frozenset[tuple[str | int, ...]] = frozenset(
    {
        (),
        ("opportunity",),
        ("team", 0),
        ("stakeholders", 0),
        ("stakeholders", 0, "engagement"),
        ("relationships", 0),
        ("interactions", 0),
    }
)
"""Where the map's models sit (list positions as 0): the mappings whose `x-` keys are ignored."""


def validate_plain(data: Any, **kwargs: Any) -> AccountMap:
    """Validate map data that holds no extension keys where the models sit (faster)."""
    return super(AccountMap, AccountMap).model_validate(data, **kwargs)


def without_extensions(data: Any, where: tuple[str | int, ...] = ()) -> Any:
    """`data` with the extension keys (`x-...`) of its model sections left out.

    Copies only what changes; `data` itself is not modified.
    """
    if type(data) is dict:
        normal = tuple(0 if type(part) is int else part for part in where)
        in_model = normal in MODEL_SECTIONS
        changed = False
        kept = {}
        for key, value in data.items():
            if in_model and type(key) is str and key.startswith("x-"):
                changed = True
                continue
            new = without_extensions(value, (*where, key))
            changed = changed or new is not value
            kept[key] = new
        return kept if changed else data
    if type(data) is list:
        items = [without_extensions(value, (*where, n)) for n, value in enumerate(data)]
        return items if any(a is not b for a, b in zip(items, data, strict=True)) else data
    return data


def field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys of a model as written in a map, in the documented order (`from`, not `from_`)."""
    return tuple(info.alias or name for name, info in model.model_fields.items())


def json_schema() -> dict[str, Any]:
    """The map format as a JSON Schema (draft 2020-12), for editors and validators."""
    schema = AccountMap.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "accountmap map (format version 1)"
    schema["patternProperties"] = {"^x-": {}}
    for definition in schema.get("$defs", {}).values():
        if definition.get("type") == "object":
            definition["patternProperties"] = {"^x-": {}}
    # pydantic leaves out the field's description next to a `$ref` (e.g. `opportunity`); editors
    # show it on hover, so every field gets the description the README reference shows.
    models = {"": AccountMap} | {
        name: model
        for name in schema.get("$defs", {})
        if isinstance(model := globals().get(name), type) and issubclass(model, BaseModel)
    }
    for name, model in models.items():
        properties = (schema if not name else schema["$defs"][name]).get("properties", {})
        for field_name, info in model.model_fields.items():
            prop = properties.get(info.alias or field_name)
            if prop is not None and info.description:
                prop.setdefault("description", info.description)
    return schema
