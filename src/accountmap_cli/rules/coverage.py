"""Coverage of the account: enough people, named, assessed and spoken to. AM106, AM107, AM111,
AM112."""

from __future__ import annotations

from collections.abc import Iterator

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import MapContext, Problem, rule
from accountmap_cli.rules.people import (
    ask,
    contact_person,
    engaged,
    influence_rank,
    money,
    short,
    who,
)


@rule(
    "AM106",
    "single-threaded",
    Severity.ERROR,
    "Fewer than two stakeholders are engaged.",
    deal_risk=True,
)
def single_threaded(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An open deal where fewer than two stakeholders are engaged (threshold `min-engaged`). A
    stakeholder is engaged once the map records contact with them: a `last_contact` date or an
    interaction they took part in.

    ## Why it matters
    A deal decided through one contact has one point of failure. When that person changes jobs,
    falls ill or loses the internal argument, the deal is gone, and you hear it last.

    ## Example
    ```yaml
    stakeholders:
      - id: pieter
        name: Pieter de Vries
        last_contact: 2026-11-20
      - id: karin
        name: Karin Smit
        title: CFO
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: pieter
        name: Pieter de Vries
        last_contact: 2026-11-20
      - id: karin
        name: Karin Smit
        title: CFO
        last_contact: 2026-11-24
    ```

    ## How to fix
    Ask your contact to introduce you to the other people in the decision, starting with the most
    influential, and record each meeting.
    """
    needed = ctx.settings.min_engaged
    count = ctx.facts.engaged
    if count >= needed:
        return
    speaking = [s for s in ctx.map.stakeholders if engaged(ctx, s)]
    if count == 0:
        message = "no stakeholder has been contacted yet: the deal has no thread at all"
    elif count == 1:
        message = f"only 1 stakeholder engaged ({short(speaking[0])}): one contact is one point of failure"
    else:
        message = f"only {count} stakeholders engaged; at least {needed} expected"
    others = sorted(
        (s for s in ctx.map.stakeholders if not engaged(ctx, s)),
        key=lambda s: (-influence_rank(s), s.role == "unknown"),
    )[:2]
    helper = contact_person(ctx)
    if others:
        targets = " and ".join(who(s) for s in others)
        hint = f"ask {short(helper)} to introduce you to {targets}" if helper else f"meet {targets}"
    else:
        hint = f"{ask(ctx)} who else takes part in this decision, and meet them"
    yield Problem(("stakeholders",), message, hint=hint, at_key=True)


@rule(
    "AM107",
    "too-few-stakeholders",
    Severity.WARNING,
    "Fewer than three named stakeholders; mandatory above the mandatory-mapping value.",
    deal_risk=True,
)
def too_few_stakeholders(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A deal with fewer than three named stakeholders (threshold `min-stakeholders`; unnamed seats do
    not count). It is an error when the deal value is above 50,000 in the deal's currency
    (threshold `mandatory-mapping-value`; exactly 50,000 is not above), a warning below.

    ## Why it matters
    Account mapping is mandatory for large deals, and every top opportunity should have at least
    three named people: a list of names, not just roles. Fewer than three means you do not know
    the buying side well enough to forecast it.

    ## Example
    ```yaml
    opportunity:
      value: 280000
    stakeholders:
      - {id: pieter, name: Pieter de Vries}
      - {id: cfo, title: CFO}
    ```

    ## Use instead
    ```yaml
    opportunity:
      value: 280000
    stakeholders:
      - {id: pieter, name: Pieter de Vries}
      - {id: karin, name: Karin Smit, title: CFO}
      - {id: ahmed, name: Ahmed Yilmaz, title: IT architect}
    ```

    ## How to fix
    Name the people behind the seats you know of, and map at least the economic buyer, the
    technical buyer and the main user.
    """
    needed = ctx.settings.min_stakeholders
    named = ctx.facts.named
    if named >= needed:
        return
    value = ctx.map.opportunity.value
    threshold = ctx.settings.mandatory_mapping_value
    mandatory = value > threshold
    message = (
        f"only {named} named stakeholder{'' if named == 1 else 's'}; at least {needed} expected"
    )
    if mandatory:
        message += f" (mapping is mandatory above {money(ctx, threshold)})"
    unnamed = [s for s in ctx.map.stakeholders if not s.name]
    if unnamed:
        hint = f"{ask(ctx)} for the name of {short(unnamed[0])}, and who else is involved"
    else:
        hint = f"{ask(ctx)} who else is involved in this decision, and add them by name"
    yield Problem(
        ("stakeholders",),
        message,
        hint=hint,
        severity=Severity.ERROR if mandatory else None,
        at_key=True,
    )


@rule(
    "AM111",
    "unnamed-stakeholder",
    Severity.INFO,
    "A seat with a title but no name.",
    deal_risk=True,
)
def unnamed_stakeholder(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A stakeholder written as a seat, with a `title` but no `name`.

    ## Why it matters
    An account map is a list of names, not just roles. You cannot call "the CFO", and you cannot
    tell whether the CFO has just been replaced.

    ## Example
    ```yaml
    - id: cfo
      title: CFO
      role: economic_buyer
    ```

    ## Use instead
    ```yaml
    - id: cfo
      name: Karin Smit
      title: CFO
      role: economic_buyer
    ```

    ## How to fix
    Ask your contact, or look up the company on LinkedIn, and add the person's `name`.
    """
    for position, stakeholder in enumerate(ctx.map.stakeholders):
        if stakeholder.name:
            continue
        helper = contact_person(ctx, exclude=stakeholder.id)
        source = f"ask {short(helper)}" if helper else "look on LinkedIn"
        yield Problem(
            ("stakeholders", position, "title"),
            f"the {stakeholder.title} has no name",
            stakeholder=stakeholder.id,
            hint=f"{source} who the {stakeholder.title} is, and add their name",
        )


@rule(
    "AM112",
    "unassessed-stakeholder",
    Severity.INFO,
    "A stakeholder's role, influence or attitude is still unknown.",
    deal_risk=True,
)
def unassessed_stakeholder(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A stakeholder whose `role`, `influence` or `attitude` is `unknown`, or left out (which means
    unknown). One finding per stakeholder, naming what is missing.

    ## Why it matters
    An unknown attitude may be a blocker you have not found yet; an unknown influence may be the
    person who decides. The map is only as good as its weakest assessment.

    ## Example
    ```yaml
    - id: ahmed
      name: Ahmed Yilmaz
      title: IT architect
    ```

    ## Use instead
    ```yaml
    - id: ahmed
      name: Ahmed Yilmaz
      title: IT architect
      role: technical_buyer
      influence: medium
      attitude: neutral
    ```

    ## How to fix
    After your next conversation with them, or by asking your champion, fill in what you learnt.
    """
    for position, stakeholder in enumerate(ctx.map.stakeholders):
        missing = [
            name
            for name, unknown in (
                ("role", stakeholder.role == "unknown"),
                ("influence", stakeholder.influence == "unknown"),
                ("attitude", stakeholder.attitude == "unknown"),
            )
            if unknown
        ]
        if not missing:
            continue
        where = ("stakeholders", position, missing[0])
        helper = contact_person(ctx, exclude=stakeholder.id)
        source = f", or ask {short(helper)}" if helper else ""
        yield Problem(
            where,
            f"{who(stakeholder)}: {_and(missing)} unknown",
            stakeholder=stakeholder.id,
            hint=f"after your next talk with {short(stakeholder)}{source}, set {_and(missing)}",
        )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
