"""The champion: is there one, do they have power, are we still in touch? AM103, AM104, AM114."""

from __future__ import annotations

from collections.abc import Iterator

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import MapContext, Problem, rule
from accountmap_cli.rules.people import (
    as_role,
    contact_person,
    deal_owner,
    engaged,
    influence_rank,
    person,
    short,
    through,
    who,
)

_POWERLESS = ("low", "unknown")


@rule(
    "AM103",
    "no-champion",
    Severity.ERROR,
    "Nobody on the map is a champion.",
    deal_risk=True,
)
def no_champion(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An open deal where no stakeholder has `attitude: champion`: someone inside the account who
    wants you to win and sells for you when you are not in the room.

    ## Why it matters
    Decisions are made in meetings you do not attend. Without a champion nobody there speaks for
    your proposal, warns you of a blocker, or tells you the budget moved.

    ## Example
    ```yaml
    - id: pieter
      name: Pieter de Vries
      attitude: supporter
    ```

    ## Use instead
    ```yaml
    - id: pieter
      name: Pieter de Vries
      attitude: champion
      influence: high
    ```

    ## How to fix
    Pick the supporter with the most influence, learn what they gain from the project, and help
    them win it inside: give them the material to sell for you. Mark them `attitude: champion`
    only when they act like one.
    """
    if ctx.facts.champions:
        return
    supporters = [s for s in ctx.map.stakeholders if s.attitude == "supporter"]
    if supporters:
        best = max(supporters, key=influence_rank)
        hint = (
            f"develop {short(best)} (supporter) into a champion: learn what they gain "
            "from this deal and help them sell it inside"
        )
    else:
        contact = contact_person(ctx)
        hint = (
            f"ask {short(contact)} who inside would gain most from this deal, and win them over"
            if contact is not None
            else "find someone inside who would gain from this deal, and win them over"
        )
    yield Problem(
        ("stakeholders",),
        "nobody on the map is a champion (attitude: champion)",
        hint=hint,
        at_key=True,
    )


@rule(
    "AM104",
    "powerless-champion",
    Severity.WARNING,
    "Every champion has low or unknown influence.",
    deal_risk=True,
)
def powerless_champion(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A deal whose champions all have `influence: low` or `influence: unknown`. Reported once, at the
    first champion.

    ## Why it matters
    A champion without power is no champion. Someone who likes you but carries no weight in the
    decision cannot move it; they can only tell you how it went.

    ## Example
    ```yaml
    - id: lisa
      name: Lisa Jansen
      title: Planner
      attitude: champion
      influence: low
    ```

    ## Use instead
    ```yaml
    - id: pieter
      name: Pieter de Vries
      title: Plant manager
      attitude: champion
      influence: high
    ```

    ## How to fix
    Ask your champion to introduce you to someone with real influence (often their boss), and
    develop that person into a champion too. If the influence is unknown, find out.
    """
    champions = [person(ctx, c) for c in ctx.facts.champions]
    if not champions or any(c.influence not in _POWERLESS for c in champions):
        return
    champion = champions[0]
    if champion.influence == "unknown":
        message = (
            f"{as_role('champion', champion)} has unknown influence: is this champion powerful?"
        )
        hint = f"find out how much weight {short(champion)} carries in the decision"
    else:
        message = f"{as_role('champion', champion)} has low influence: a champion without power is no champion"
        hint = _powerful_candidate_hint(ctx, champion)
    yield Problem(
        (*ctx.stakeholder_path(champion.id), "influence"),
        message,
        stakeholder=champion.id,
        hint=hint,
    )


def _powerful_candidate_hint(ctx: MapContext, champion) -> str:
    people = {s.id: s for s in ctx.map.stakeholders}
    boss = people.get(champion.reports_to) if champion.reports_to else None
    if boss is not None and boss.id != champion.id and boss.influence == "high":
        return f"ask {short(champion)} to introduce you to {who(boss)} and win them over"
    candidates = [
        s for s in ctx.map.stakeholders if s.attitude == "supporter" and s.influence == "high"
    ]
    if candidates:
        target = candidates[0]
        return f"develop {who(target)} (supporter, high influence) into a champion{through(ctx, target)}"
    if boss is not None and boss.id != champion.id:
        return f"ask {short(champion)} to introduce you to {who(boss)}"
    return f"ask {short(champion)} who carries weight in this decision, and meet them"


@rule(
    "AM114",
    "champion-gone-quiet",
    Severity.WARNING,
    "A champion has not been contacted for more than 30 days.",
    deal_risk=True,
)
def champion_gone_quiet(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A champion with no contact for more than 30 days (threshold `champion-quiet-days`; exactly 30
    days is still fine), or a champion nobody has ever contacted. Contact is the later of their
    `last_contact` and the interactions they took part in, counted up to `--as-of`.

    ## Why it matters
    Keep them informed. A champion who hears nothing from you stops selling for you, and learns
    the news from your competitor instead.

    ## Example
    ```yaml
    - id: pieter
      attitude: champion
      last_contact: 2026-09-01   # 91 days before 2026-12-01
    ```

    ## Use instead
    ```yaml
    - id: pieter
      attitude: champion
      last_contact: 2026-11-20
    ```

    ## How to fix
    Call your champion this week with news they can use inside, and record the contact. This rule
    depends on the date, so it warns by default: a green commit does not turn red as time passes.
    """
    limit = ctx.settings.champion_quiet_days
    owner = deal_owner(ctx)
    for champion_id in ctx.facts.champions:
        champion = person(ctx, champion_id)
        facts = ctx.facts.stakeholders[champion_id]
        caller = f"{owner}: call" if owner else "call"
        if not engaged(ctx, champion):
            yield Problem(
                ctx.stakeholder_path(champion_id),
                f"{as_role('champion', champion)} has never been contacted",
                stakeholder=champion_id,
                hint=f"{caller} {short(champion)} and record the contact",
            )
        elif facts.days_since_contact is not None and facts.days_since_contact > limit:
            where = (*ctx.stakeholder_path(champion_id), "last_contact")
            yield Problem(
                where,
                f"{as_role('champion', champion)} not contacted for {facts.days_since_contact} days "
                f"(since {facts.last_contact.isoformat()})",
                stakeholder=champion_id,
                hint=f"{caller} {short(champion)} this week with news they can use inside",
            )
