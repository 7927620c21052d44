"""The Decision Making Unit: is the economic buyer known, engaged and confirmed? AM101, AM102, AM108,
AM109."""

from __future__ import annotations

from collections.abc import Iterator

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import MapContext, Problem, rule
from accountmap_cli.rules.people import (
    as_role,
    ask,
    contact_person,
    money,
    person,
    short,
    through,
)


@rule(
    "AM101",
    "no-economic-buyer",
    Severity.ERROR,
    "Nobody on the map is the economic buyer.",
    deal_risk=True,
)
def no_economic_buyer(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An open deal where no stakeholder has `role: economic_buyer`: the person who controls the
    budget and signs off on the purchase.

    ## Why it matters
    The economic buyer can say yes when everyone else says no, and no when everyone else says yes.
    A deal where you do not know who signs is a forecast, not a deal.

    ## Example
    ```yaml
    stakeholders:
      - id: pieter
        name: Pieter de Vries
        title: Plant manager
        role: user_buyer
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: pieter
        name: Pieter de Vries
        title: Plant manager
        role: user_buyer
        reports_to: karin
      - id: karin
        name: Karin Smit
        title: CFO
        role: economic_buyer
    ```

    ## How to fix
    Ask your contact who approves a purchase of this size and add that person with
    `role: economic_buyer` (an unnamed seat with only a `title` is a good start).
    """
    if ctx.facts.economic_buyers:
        return
    yield Problem(
        ("stakeholders",),
        "nobody on the map is the economic buyer (role: economic_buyer)",
        hint=f"{ask(ctx)} who signs off on {money(ctx)} and add them with role: economic_buyer",
        at_key=True,
    )


@rule(
    "AM102",
    "economic-buyer-not-engaged",
    Severity.WARNING,
    "The economic buyer is known but nobody has spoken to them.",
    deal_risk=True,
)
def economic_buyer_not_engaged(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A map with an economic buyer, where no economic buyer has been contacted: no `last_contact`
    and no interaction with them.

    ## Why it matters
    Knowing who decides is half the work. Until you have spoken to the economic buyer yourself,
    you only know what others think they want, and a competitor who did speak to them wins.

    ## Example
    ```yaml
    - id: karin
      name: Karin Smit
      title: CFO
      role: economic_buyer
    ```

    ## Use instead
    ```yaml
    - id: karin
      name: Karin Smit
      title: CFO
      role: economic_buyer
      last_contact: 2026-11-20
    ```

    ## How to fix
    Book a meeting with the economic buyer, preferably introduced by your champion, and record it
    as an interaction or `last_contact`.
    """
    if not ctx.facts.economic_buyers or ctx.facts.engaged_economic_buyers:
        return
    buyer = person(ctx, ctx.facts.economic_buyers[0])
    yield Problem(
        ctx.stakeholder_path(buyer.id),
        f"{as_role('economic buyer', buyer)} has not been contacted",
        stakeholder=buyer.id,
        hint=f"book a meeting with {short(buyer)}{through(ctx, buyer)}",
    )


_CORE_ROLES = (
    ("economic_buyer", "economic buyer", "who signs off on the budget"),
    ("technical_buyer", "technical buyer", "who checks that the solution fits technically"),
    ("user_buyer", "user buyer", "who will work with the solution every day"),
    ("procurement", "procurement", "who runs purchasing and the contract"),
)


@rule(
    "AM108",
    "late-stage-gaps",
    Severity.ERROR,
    "At proposal or later, a core DMU role has nobody mapped.",
    deal_risk=True,
)
def late_stage_gaps(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A deal at the proposal stage or later (the team's `proposal-stage` setting) where one of the
    core roles of the Decision Making Unit has nobody on the map: economic buyer, technical buyer,
    user buyer, procurement. One finding per missing role.

    ## Why it matters
    Mapping starts in discovery, not at proposal. A proposal that procurement or the technical
    buyer has never seen comes back late, cut, or not at all.

    ## Example
    ```yaml
    opportunity:
      stage: proposal
    stakeholders:
      - id: karin
        role: economic_buyer
        title: CFO
    ```

    ## Use instead
    ```yaml
    opportunity:
      stage: proposal
    stakeholders:
      - {id: karin, title: CFO, role: economic_buyer}
      - {id: ahmed, title: IT architect, role: technical_buyer}
      - {id: pieter, title: Plant manager, role: user_buyer}
      - {id: inkoop, title: Purchasing, role: procurement}
    ```

    ## How to fix
    Find out who holds each missing role and add them, even as an unnamed seat with a `title`.
    """
    stage = ctx.map.opportunity.stage
    if not ctx.settings.is_late_stage(stage):
        return
    mapped = {s.role for s in ctx.map.stakeholders}
    for role, label, duty in _CORE_ROLES:
        if role in mapped:
            continue
        yield Problem(
            ("opportunity", "stage"),
            f"at stage '{stage}' nobody is mapped as {label} (role: {role})",
            hint=f"{ask(ctx)} {duty}, and add them with role: {role}",
        )


@rule(
    "AM109",
    "unverified-decision-maker",
    Severity.WARNING,
    "An economic buyer is confirmed by fewer than two sources.",
    deal_risk=True,
)
def unverified_decision_maker(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An economic buyer whose role is confirmed by fewer than two different `sources` (threshold
    `min-sources`, default 2): contact, linkedin, news, history, other.

    ## Why it matters
    "He said he decides" is not enough. People overstate their say in a purchase; the real
    decision is often taken one level up. A second source protects you from building the deal on
    the wrong person.

    ## Example
    ```yaml
    - id: jan
      name: Jan Bakker
      role: economic_buyer
      sources: [contact]
    ```

    ## Use instead
    ```yaml
    - id: jan
      name: Jan Bakker
      role: economic_buyer
      sources: [contact, linkedin]
    ```

    ## How to fix
    Confirm the role a second way: the org chart on LinkedIn, a news item, an earlier deal with
    the account, or a second person inside, and list it under `sources`.
    """
    needed = ctx.settings.min_sources
    for buyer_id in ctx.facts.economic_buyers:
        buyer = person(ctx, buyer_id)
        sources = sorted({source.value for source in buyer.sources})
        if len(sources) >= needed:
            continue
        if sources:
            confirmed = f"confirmed by only {len(sources)} source"
            confirmed += ("" if len(sources) == 1 else "s") + f" ({', '.join(sources)})"
        else:
            confirmed = "not confirmed by any source"
        where = (*ctx.stakeholder_path(buyer_id), "sources")
        yield Problem(
            where,
            f"{as_role('economic buyer', buyer)} is {confirmed}; needs {needed}",
            stakeholder=buyer_id,
            hint=f"confirm that {short(buyer)} decides through a second source: "
            f"LinkedIn, news, {_second_person(ctx, buyer_id)}",
        )


def _second_person(ctx: MapContext, buyer_id: str) -> str:
    other = contact_person(ctx, exclude=buyer_id)
    return f"or ask {short(other)}" if other is not None else "or a second person inside"
