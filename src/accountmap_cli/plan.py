"""The engagement plan of a deal: who on our team talks to whom, when, about what — and the gaps.

A row per stakeholder who has a plan or should have one. Rows are ordered by when they are due in
the sales process: the `timing` text is matched against the team's stages ("before proposal",
"during negotiation", "after the welding trial"), recurring or immediate timings ("weekly", "now")
come first and anything we cannot place comes last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accountmap_cli.models import AccountMap, Attitude, Influence, Stakeholder

GAP_NO_PLAN = "no-plan"
GAP_NO_OWNER = "no-owner"
GAP_NO_STRATEGY = "no-strategy"

GAP_TEXT: dict[str, str] = {
    GAP_NO_PLAN: "high influence, no plan",
    GAP_NO_OWNER: "high influence, no owner",
    GAP_NO_STRATEGY: "no strategy",
}
"""What each gap means, in the words the plan table shows."""

STAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "validation": ("demo", "trial", "pilot", "proof of concept", "poc", "test"),
    "negotiation": ("contract", "signing", "signature"),
}
"""Words reps write for the default stages; used only when the stage is in the team's list.

Deliberately short: "offer" or "quote" is not here, because a "final offer" is made during
negotiation as often as at proposal.
"""

ONGOING_WORDS = (
    "now",
    "asap",
    "immediately",
    "today",
    "this week",
    "weekly",
    "daily",
    "ongoing",
    "every",
)
"""Timings that are due right away or keep recurring: they sort before every stage."""

_BEFORE, _DURING, _AFTER = 0, 1, 2
_MODIFIERS = (("before", _BEFORE), ("prior to", _BEFORE), ("after", _AFTER))


@dataclass(frozen=True, slots=True)
class Due:
    """When a plan row is due: a stage (with before/during/after), ongoing, or unscheduled."""

    stage: str | None
    """The matched stage, or None."""
    order: tuple[int, int, int]
    """Sort key: (group, stage index, before/during/after); group 0 ongoing, 1 staged, 2 text only, 3 none."""
    overdue: bool = False
    """True when the deal is already past the point this row was due (open deals only)."""


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the engagement plan."""

    stakeholder: Stakeholder
    timing: str | None
    concern: str | None
    message: str | None
    owner: str | None
    """The owner's name from `team`, or the id when it names nobody."""
    goal: str | None
    due: Due
    gaps: tuple[str, ...]


def _word(text: str) -> re.Pattern[str]:
    words = re.split(r"[\s_-]+", text.strip().lower())
    return re.compile(r"\b" + r"[\s_-]+".join(map(re.escape, words)) + r"s?\b")


def match_timing(
    timing: str | None,
    *,
    stages: tuple[str, ...],
    current_stage: str | None = None,
    closed_stages: frozenset[str] = frozenset(),
) -> Due:
    """Place a timing text in the sales process.

    The earliest stage named in the text wins ("negotiation, week 49" → negotiation); "before"
    sorts a row ahead of "during", "after" behind it. A row is overdue when the open deal's
    current stage is already past it ("before proposal" on a deal at proposal).
    """
    if timing is None or not timing.strip():
        return Due(None, (3, 0, 0))
    text = timing.lower()
    found: list[tuple[int, int, str]] = []
    for index, stage in enumerate(stages):
        names = (stage, *STAGE_SYNONYMS.get(stage, ()))
        for name in names:
            hit = _word(name).search(text)
            if hit:
                found.append((hit.start(), index, stage))
                break
    if not found:
        if any(_word(word).search(text) for word in ONGOING_WORDS):
            return Due(None, (0, 0, 0))
        return Due(None, (2, 0, 0))
    position, index, stage = min(found, key=lambda item: (item[1], item[0]))
    before_hit = text[:position]
    modifier = _DURING
    for word, value in _MODIFIERS:
        if _word(word).search(before_hit):
            modifier = value
    overdue = False
    if current_stage in stages and current_stage not in closed_stages:
        current = stages.index(current_stage)
        overdue = index < current or (index == current and modifier == _BEFORE)
    return Due(stage, (1, index, modifier), overdue)


def _gaps(stakeholder: Stakeholder) -> tuple[str, ...]:
    gaps = []
    if stakeholder.influence is Influence.HIGH:
        if stakeholder.engagement is None:
            gaps.append(GAP_NO_PLAN)
        elif stakeholder.engagement.owner is None:
            gaps.append(GAP_NO_OWNER)
    if (
        stakeholder.attitude in (Attitude.BLOCKER, Attitude.SKEPTICAL)
        and stakeholder.strategy is None
    ):
        gaps.append(GAP_NO_STRATEGY)
    return tuple(gaps)


def engagement_plan(
    account_map: AccountMap,
    *,
    stages: tuple[str, ...],
    closed_stages: frozenset[str] = frozenset(),
) -> list[PlanRow]:
    """The plan rows of a valid map, sorted by when they are due (map order breaks ties).

    A stakeholder gets a row when they have an `engagement` or a gap: high influence without a
    plan or without an owner, a blocker or skeptic without a strategy.
    """
    team = {member.id: member.name for member in account_map.team}
    rows = []
    for stakeholder in account_map.stakeholders:
        gaps = _gaps(stakeholder)
        plan = stakeholder.engagement
        if plan is None and not gaps:
            continue
        timing = plan.timing if plan else None
        owner = plan.owner if plan else None
        rows.append(
            PlanRow(
                stakeholder,
                timing=timing,
                concern=stakeholder.concerns,
                message=plan.message if plan else None,
                owner=team.get(owner, owner) if owner else None,
                goal=plan.goal if plan else None,
                due=match_timing(
                    timing,
                    stages=stages,
                    current_stage=account_map.opportunity.stage,
                    closed_stages=closed_stages,
                ),
                gaps=gaps,
            )
        )
    return sorted(rows, key=lambda row: row.due.order)


def unplanned(account_map: AccountMap, rows: list[PlanRow]) -> list[Stakeholder]:
    """Stakeholders without a plan row (no plan, and no gap that calls for one)."""
    planned = {id(row.stakeholder) for row in rows}
    return [s for s in account_map.stakeholders if id(s) not in planned]
