"""Keeping every thread alive: blockers handled, plans owned, no silence. AM105, AM110, AM113."""

from __future__ import annotations

from collections.abc import Iterator

from accountmap_cli.findings import Severity
from accountmap_cli.loader import FieldPath
from accountmap_cli.rules.base import MapContext, Problem, rule
from accountmap_cli.rules.people import as_role, deal_owner, person, short, through, who


@rule(
    "AM105",
    "unaddressed-blocker",
    Severity.ERROR,
    "A blocker has no strategy.",
    deal_risk=True,
)
def unaddressed_blocker(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A stakeholder with `attitude: blocker` and no `strategy`. One finding per blocker.

    ## Why it matters
    A blocker does not go away because you do not look. Decide on purpose what you do: ignore
    (little influence), neutralize (take away the concern), bypass (go around, through someone
    with more influence) or convert (make them a supporter).

    ## Example
    ```yaml
    - id: jan
      name: Jan Bakker
      title: Head of IT
      attitude: blocker
    ```

    ## Use instead
    ```yaml
    - id: jan
      name: Jan Bakker
      title: Head of IT
      attitude: blocker
      concerns: Another system to maintain
      strategy: neutralize
    ```

    ## How to fix
    Find out the blocker's concern, choose a `strategy` and write the plan under `engagement`.
    """
    for blocker_id in ctx.facts.blockers:
        blocker = person(ctx, blocker_id)
        if blocker.strategy is not None:
            continue
        about = f" (their concern: {blocker.concerns})" if blocker.concerns else ""
        if blocker.concerns:
            hint = f"choose a strategy for {short(blocker)}: neutralize the concern{through(ctx, blocker)}"
        else:
            hint = (
                f"find out what worries {short(blocker)}{through(ctx, blocker)}, then choose "
                "a strategy: ignore, neutralize, bypass or convert"
            )
        yield Problem(
            (*ctx.stakeholder_path(blocker_id), "attitude"),
            f"{as_role('blocker', blocker)} has no strategy{about}",
            stakeholder=blocker_id,
            hint=hint,
        )


@rule(
    "AM110",
    "stale-deal",
    Severity.WARNING,
    "No contact with anyone on an open deal for more than 14 days.",
    deal_risk=True,
)
def stale_deal(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An open deal where the latest contact with anyone (a `last_contact` or an interaction) is more
    than 14 days before `--as-of` (threshold `stale-days`; exactly 14 days is not stale). A deal
    nobody has spoken to at all is reported by AM106 instead.

    ## Why it matters
    Silence kills deals. A €280,000 deal was lost after two, then three weeks of silence: the
    customer took the quiet as a lack of interest, and a competitor filled it.

    ## Example
    ```yaml
    stakeholders:
      - id: pieter
        last_contact: 2026-11-10   # 21 days before 2026-12-01
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: pieter
        last_contact: 2026-11-24
    ```

    ## How to fix
    Contact the account this week with a reason that matters to them and agree on a dated next
    step. This rule depends on the date, so it warns by default: a green commit does not turn
    red as time passes. Use `--as-of` to pin the date in CI.
    """
    days = ctx.facts.days_silent
    last = ctx.facts.last_contact
    if days is None or last is None or days <= ctx.settings.stale_days:
        return
    where, latest = _latest_contact(ctx)
    owner = deal_owner(ctx)
    caller = f"{owner}: call" if owner else "call"
    whom = short(latest) if latest is not None else "your contact"
    with_whom = f" with {short(latest)}" if latest is not None else ""
    yield Problem(
        where,
        f"no contact with anyone for {days} days (last: {last.isoformat()}{with_whom})",
        hint=f"{caller} {whom} this week and agree a next step with a date",
    )


def _latest_contact(ctx: MapContext):
    """Where the latest contact is written, and with whom."""
    last = ctx.facts.last_contact
    for position, stakeholder in enumerate(ctx.map.stakeholders):
        if stakeholder.last_contact == last:
            return ("stakeholders", position, "last_contact"), stakeholder
    for position, interaction in enumerate(ctx.map.interactions):
        if interaction.date == last:
            people = [s for s in ctx.map.stakeholders if s.id in interaction.with_]
            where: FieldPath = ("interactions", position, "date")
            return where, people[0] if people else None
    return ("stakeholders",), None


@rule(
    "AM113",
    "no-engagement-plan",
    Severity.WARNING,
    "A high-influence stakeholder has no engagement plan or no owner on our team.",
    deal_risk=True,
)
def no_engagement_plan(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A stakeholder with `influence: high` without an `engagement` plan, or whose plan has no `owner`
    from our team.

    ## Why it matters
    The people who carry the decision need a plan: who on our side talks to them, with which
    message, when, to reach what. A plan without an owner is a wish.

    ## Example
    ```yaml
    - id: karin
      name: Karin Smit
      influence: high
    ```

    ## Use instead
    ```yaml
    - id: karin
      name: Karin Smit
      influence: high
      engagement:
        owner: anna
        message: Payback within 18 months
        timing: before proposal
        goal: Budget confirmed
    ```

    ## How to fix
    Write an `engagement` plan with an `owner` from the `team`, a message that answers their
    concern, the timing and the goal.
    """
    owner = deal_owner(ctx)
    for position, stakeholder in enumerate(ctx.map.stakeholders):
        if stakeholder.influence != "high":
            continue
        plan = stakeholder.engagement
        suggested = f" (e.g. {owner})" if owner else ""
        if plan is None:
            about = f" answering '{stakeholder.concerns}'" if stakeholder.concerns else ""
            yield Problem(
                ("stakeholders", position),
                f"{who(stakeholder)} has high influence but no engagement plan",
                stakeholder=stakeholder.id,
                hint=f"write an engagement plan for {short(stakeholder)}: an owner from our "
                f"team{suggested}, a message{about}, timing and goal",
            )
        elif plan.owner is None:
            yield Problem(
                ("stakeholders", position, "engagement"),
                f"the engagement plan for {who(stakeholder)} has no owner on our team",
                stakeholder=stakeholder.id,
                hint=f"give the plan for {short(stakeholder)} an owner from our team{suggested}",
            )
