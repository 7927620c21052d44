"""Who-is-who helpers for the deal-risk rules: names in messages, and who can introduce whom.

Hints name people: "book a meeting with Karin Smit (CFO) through Pieter de Vries". The person who can
open a door is found from the map itself: someone we already speak to who trusts or works with the
target, reports to them or is their boss, else our champion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accountmap_cli.rules.base import MapContext

if TYPE_CHECKING:
    from accountmap_cli.models import Stakeholder

# Enum values are compared as text (the model's enums are `StrEnum`s), so that listing the rules
# (`accountmap rules`) does not have to import pydantic and build the models.

_INFLUENCE_RANK = {"high": 3, "medium": 2, "low": 1, "unknown": 0}
_FRIENDLY_TIES = ("trusts", "collaborates")


def who(stakeholder: Stakeholder) -> str:
    """`Karin Smit (CFO)`, `Karin Smit`, or `the CFO` for an unnamed seat."""
    if stakeholder.name and stakeholder.title:
        return f"{stakeholder.name} ({stakeholder.title})"
    if stakeholder.name:
        return stakeholder.name
    return f"the {stakeholder.title}"


def as_role(role: str, stakeholder: Stakeholder) -> str:
    """`champion Pieter de Vries (Plant manager)`, or `the economic buyer (CFO)` for a seat."""
    if stakeholder.name:
        return f"{role} {who(stakeholder)}"
    return f"the {role} ({stakeholder.title})"


def short(stakeholder: Stakeholder) -> str:
    """The name alone (`Pieter de Vries`), or `the CFO` for an unnamed seat."""
    return stakeholder.name or f"the {stakeholder.title}"


def person(ctx: MapContext, stakeholder_id: str) -> Stakeholder:
    """The stakeholder with this id."""
    return ctx.map.stakeholders[ctx.stakeholder_path(stakeholder_id)[1]]


def engaged(ctx: MapContext, stakeholder: Stakeholder) -> bool:
    facts = ctx.facts.stakeholders.get(stakeholder.id)
    return bool(facts and facts.engaged)


def influence_rank(stakeholder: Stakeholder) -> int:
    return _INFLUENCE_RANK[stakeholder.influence]


def _preference(ctx: MapContext, stakeholder: Stakeholder) -> tuple[int, int, int]:
    """Sort key: champions first, then more influence, then the most recent contact."""
    facts = ctx.facts.stakeholders.get(stakeholder.id)
    recent = -(facts.days_since_contact or 0) if facts and facts.last_contact else -(10**6)
    return (
        0 if stakeholder.attitude == "champion" else 1,
        -influence_rank(stakeholder),
        -recent,
    )


_ranked: tuple[MapContext | None, list[Stakeholder], list[Stakeholder]] = (None, [], [])


def _ranked_contacts(ctx: MapContext) -> tuple[list[Stakeholder], list[Stakeholder]]:
    """Engaged stakeholders, best contact first, and the champions; computed once per map (the
    rules of one map run one after another, so remembering the last map is enough)."""
    global _ranked
    if _ranked[0] is not ctx:
        speaking = sorted(
            (s for s in ctx.map.stakeholders if engaged(ctx, s)),
            key=lambda s: _preference(ctx, s),
        )
        champions = [s for s in ctx.map.stakeholders if s.attitude == "champion"]
        _ranked = (ctx, speaking, champions)
    return _ranked[1], _ranked[2]


def contact_person(ctx: MapContext, *, exclude: str | None = None) -> Stakeholder | None:
    """The person to ask about the account: an engaged champion, else the engaged stakeholder with
    the most influence, else any champion; `None` when we speak to nobody."""
    speaking, champions = _ranked_contacts(ctx)
    for group in (speaking, champions):
        for stakeholder in group:
            if stakeholder.id != exclude:
                return stakeholder
    return None


def introducer(ctx: MapContext, target: Stakeholder) -> Stakeholder | None:
    """Someone we already speak to who can introduce us to `target`.

    Prefers a friendly tie (trusts, collaborates), then the reporting line (a direct report or the
    boss), then our best contact.
    """
    people = {s.id: s for s in ctx.map.stakeholders}
    friendly: list[Stakeholder] = []
    for tie in ctx.map.relationships:
        if tie.type not in _FRIENDLY_TIES:
            continue
        other = tie.to if tie.from_ == target.id else tie.from_ if tie.to == target.id else None
        if other is not None and other in people and other != target.id:
            friendly.append(people[other])
    line = [s for s in ctx.map.stakeholders if s.reports_to == target.id and s.id != target.id]
    if target.reports_to in people and target.reports_to != target.id:
        line.append(people[target.reports_to])
    for group in (friendly, line):
        speaking = [s for s in group if engaged(ctx, s)]
        if speaking:
            return min(speaking, key=lambda s: _preference(ctx, s))
    return contact_person(ctx, exclude=target.id)


def through(ctx: MapContext, target: Stakeholder) -> str:
    """` through Pieter de Vries` when someone can introduce us to `target`, else ``."""
    helper = introducer(ctx, target)
    return f" through {short(helper)}" if helper is not None else ""


def ask(ctx: MapContext) -> str:
    """`ask Pieter de Vries` (our best contact), or `ask your contacts at Acme`."""
    helper = contact_person(ctx)
    if helper is not None:
        return f"ask {short(helper)}"
    return f"ask your contacts at {ctx.map.opportunity.account}"


def team_name(ctx: MapContext, member_id: str | None) -> str | None:
    """The name of a member of our team, by id."""
    for member in ctx.map.team:
        if member.id == member_id:
            return member.name
    return None


def deal_owner(ctx: MapContext) -> str | None:
    """The name of the team member who owns the deal, if the map says so."""
    return team_name(ctx, ctx.map.opportunity.owner)


def money(ctx: MapContext, value: float | None = None) -> str:
    """`€280,000`: a value in the deal's currency, written for people."""
    from accountmap_cli.money import format_money

    amount = ctx.map.opportunity.value if value is None else value
    return format_money(amount, ctx.map.opportunity.currency)
