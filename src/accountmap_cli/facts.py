"""Deal facts derived from a valid map: who is engaged, when we last spoke, who reports to whom.

Everything that depends on the date takes an explicit `as_of`; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from accountmap_cli.models import AccountMap, Attitude, Role, Stakeholder


class StakeholderFacts(NamedTuple):
    """What the map tells about one stakeholder beyond what was written."""

    id: str
    engaged: bool
    last_contact: dt.date | None
    """The latest of `last_contact` and the interactions they were part of."""
    days_since_contact: int | None


class DealFacts(NamedTuple):
    """The account-mapping method's questions about one deal, answered from its map."""

    as_of: dt.date
    stakeholders: dict[str, StakeholderFacts]
    identified: int
    named: int
    engaged: int
    champions: tuple[str, ...]
    economic_buyers: tuple[str, ...]
    engaged_economic_buyers: tuple[str, ...]
    blockers: tuple[str, ...]
    last_contact: dt.date | None
    days_silent: int | None

    @property
    def has_champion(self) -> bool:
        return bool(self.champions)

    @property
    def economic_buyer_engaged(self) -> bool:
        return bool(self.engaged_economic_buyers)


def effective_last_contacts(account_map: AccountMap) -> dict[str, dt.date | None]:
    """Each stakeholder's latest contact: their `last_contact` or an interaction, whichever is later."""
    latest: dict[str, dt.date | None] = {s.id: s.last_contact for s in account_map.stakeholders}
    for interaction in account_map.interactions:
        for person in interaction.with_:
            if person in latest:
                known = latest[person]
                if known is None or interaction.date > known:
                    latest[person] = interaction.date
    return latest


def derive_facts(account_map: AccountMap, *, as_of: dt.date) -> DealFacts:
    """Compute the deal facts of a valid map as of a given date."""
    contacts = effective_last_contacts(account_map)
    people: dict[str, StakeholderFacts] = {}
    for stakeholder in account_map.stakeholders:
        last = contacts.get(stakeholder.id)
        people.setdefault(
            stakeholder.id,
            StakeholderFacts(
                stakeholder.id,
                engaged=last is not None,
                last_contact=last,
                days_since_contact=(as_of - last).days if last is not None else None,
            ),
        )
    everyone = account_map.stakeholders

    def ids(predicate) -> tuple[str, ...]:
        return tuple(s.id for s in everyone if predicate(s))

    economic = ids(lambda s: s.role is Role.ECONOMIC_BUYER)
    dates = [d for d in contacts.values() if d is not None]
    last_contact = max(dates) if dates else None
    return DealFacts(
        as_of=as_of,
        stakeholders=people,
        identified=len(everyone),
        named=sum(1 for s in everyone if s.name),
        engaged=sum(1 for facts in people.values() if facts.engaged),
        champions=ids(lambda s: s.attitude is Attitude.CHAMPION),
        economic_buyers=economic,
        engaged_economic_buyers=tuple(e for e in economic if people[e].engaged),
        blockers=ids(lambda s: s.attitude is Attitude.BLOCKER),
        last_contact=last_contact,
        days_silent=(as_of - last_contact).days if last_contact is not None else None,
    )


def reporting_children(account_map: AccountMap) -> dict[str | None, list[Stakeholder]]:
    """Stakeholders grouped by whom they report to; key `None` holds the roots.

    A `reports_to` that names nobody on the map counts as a root, so every person appears once.
    """
    known = {s.id for s in account_map.stakeholders}
    children: dict[str | None, list[Stakeholder]] = {}
    for stakeholder in account_map.stakeholders:
        boss = stakeholder.reports_to if stakeholder.reports_to in known else None
        if boss == stakeholder.id:
            boss = None
        children.setdefault(boss, []).append(stakeholder)
    return children
