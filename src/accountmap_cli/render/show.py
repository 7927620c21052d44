"""Rich renderables for `accountmap show` and `accountmap tree`.

Colour is only ever a second signal: every attitude and influence is also written as a word, so the
output reads the same with `NO_COLOR` set, piped into a file or printed in black and white.
"""

from __future__ import annotations

import datetime as dt

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from accountmap_cli.facts import DealFacts, reporting_children
from accountmap_cli.models import AccountMap, Attitude, Influence, Stakeholder
from accountmap_cli.money import format_money

ATTITUDE_STYLES: dict[Attitude, str] = {
    Attitude.CHAMPION: "bold green",
    Attitude.SUPPORTER: "green",
    Attitude.NEUTRAL: "",
    Attitude.SKEPTICAL: "yellow",
    Attitude.BLOCKER: "bold red",
    Attitude.UNKNOWN: "dim",
}

INFLUENCE_STYLES: dict[Influence, str] = {
    Influence.HIGH: "bold magenta",
    Influence.MEDIUM: "magenta",
    Influence.LOW: "",
    Influence.UNKNOWN: "dim",
}


def words(value: str) -> str:
    """An enum value as people say it: `economic_buyer` → `economic buyer`."""
    return value.replace("_", " ")


def attitude_text(attitude: Attitude) -> Text:
    return Text(attitude.value, style=ATTITUDE_STYLES[attitude])


def influence_text(influence: Influence) -> Text:
    return Text(influence.value, style=INFLUENCE_STYLES[influence])


def days_ago(days: int) -> str:
    """`today`, `1 day ago`, `21 days ago` (or `in 3 days` for a date after --as-of)."""
    if days == 0:
        return "today"
    if days < 0:
        return f"in {-days} day{'' if days == -1 else 's'}"
    return f"{days} day{'' if days == 1 else 's'} ago"


def contact_text(last: dt.date | None, days: int | None) -> Text:
    """A last-contact cell: `2026-11-13 (21 days ago)`, or `never` in red."""
    if last is None or days is None:
        return Text("never", style="red")
    return Text(f"{last.isoformat()} ({days_ago(days)})")


def _names(account_map: AccountMap, ids: tuple[str, ...]) -> str:
    """`Anouk`, `Anouk and the CFO`, `Anouk, Sjoerd and the CFO` (an unnamed seat is `the CFO`)."""
    by_id = {s.id: s for s in account_map.stakeholders}
    names = [by_id[i].name or f"the {by_id[i].title}" for i in ids]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _yes_no(answer: bool, detail: str) -> Text:
    text = Text("yes" if answer else "no", style="bold green" if answer else "bold red")
    if detail:
        text.append(f" ({detail})")
    return text


HEADER_LABEL_WIDTH = 24


def deal_header(account_map: AccountMap, facts: DealFacts) -> Text:
    """The deal at a glance: what it is worth, where it stands, and the method's key questions."""
    deal = account_map.opportunity
    team = {member.id: member.name for member in account_map.team}
    rows: list[tuple[str, str | Text]] = [
        ("Account", deal.account),
        ("Opportunity", deal.name),
        ("Value", format_money(deal.value, deal.currency)),
        ("Stage", deal.stage),
        ("Close date", deal.close_date.isoformat() if deal.close_date else "not set"),
    ]
    if deal.owner is not None:
        rows.append(("Owner", team.get(deal.owner, deal.owner)))
    rows.append(
        (
            "Stakeholders",
            f"{facts.identified} identified, {facts.named} named, {facts.engaged} engaged",
        )
    )
    rows.append(
        ("Champion named", _yes_no(facts.has_champion, _names(account_map, facts.champions)))
    )
    if facts.engaged_economic_buyers:
        buyer_detail = _names(account_map, facts.engaged_economic_buyers)
    elif facts.economic_buyers:
        verb = "has" if len(facts.economic_buyers) == 1 else "have"
        buyer_detail = f"{_names(account_map, facts.economic_buyers)} {verb} not been contacted"
    else:
        buyer_detail = "nobody on the map has that role"
    rows.append(("Economic buyer engaged", _yes_no(facts.economic_buyer_engaged, buyer_detail)))
    rows.append(("Last contact", contact_text(facts.last_contact, facts.days_silent)))
    rows.append(("As of", facts.as_of.isoformat()))
    # Plain padded lines rather than a grid: no trailing blanks when the output goes to a file.
    header = Text()
    for number, (label, value) in enumerate(rows):
        if number:
            header.append("\n")
        header.append(label.ljust(HEADER_LABEL_WIDTH), style="bold")
        header.append_text(value if isinstance(value, Text) else Text(value))
    return header


def stakeholder_table(account_map: AccountMap, facts: DealFacts) -> Table:
    """One row per stakeholder: who they are, their role, weight and stance, and when we last spoke.

    The last contact is the effective one: the later of `last_contact` and their interactions.
    """
    by_id = {s.id: s for s in account_map.stakeholders}
    table = Table(
        title="Stakeholders",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Name", min_width=10, overflow="fold")
    table.add_column("Title", min_width=10, overflow="fold")
    table.add_column("Role", min_width=10, overflow="fold")
    table.add_column("Influence", no_wrap=True)
    table.add_column("Attitude", no_wrap=True)
    table.add_column("Last contact", no_wrap=True)
    table.add_column("Days", justify="right", no_wrap=True)
    table.add_column("Reports to", min_width=10, overflow="fold")
    for person in account_map.stakeholders:
        person_facts = facts.stakeholders[person.id]
        last = person_facts.last_contact
        boss = by_id.get(person.reports_to) if person.reports_to else None
        table.add_row(
            person.label,
            person.title or "",
            words(person.role.value),
            influence_text(person.influence),
            attitude_text(person.attitude),
            Text(last.isoformat()) if last is not None else Text("never", style="red"),
            str(person_facts.days_since_contact) if last is not None else "-",
            boss.label if boss is not None else (person.reports_to or ""),
        )
    return table


NARROW_WIDTH = 100
"""Below this many columns the stakeholder table would be unreadable; a list is shown instead."""


def stakeholder_list(account_map: AccountMap, facts: DealFacts) -> Text:
    """The stakeholders for a narrow terminal: three lines per person instead of a table row."""
    by_id = {s.id: s for s in account_map.stakeholders}
    text = Text("Stakeholders", style="bold")
    for person in account_map.stakeholders:
        person_facts = facts.stakeholders[person.id]
        text.append("\n")
        text.append(person.label, style="bold")
        if person.name is not None and person.title:
            text.append(f", {person.title}")
        text.append(f"\n  {words(person.role.value)} · ")
        text.append_text(influence_text(person.influence))
        text.append(" influence · ")
        text.append_text(attitude_text(person.attitude))
        text.append("\n  last contact ")
        text.append_text(contact_text(person_facts.last_contact, person_facts.days_since_contact))
        boss = by_id.get(person.reports_to) if person.reports_to else None
        if boss is not None:
            text.append(f" · reports to {boss.label}")
    if not account_map.stakeholders:
        text.append("\nNo stakeholders on this map yet.")
    return text


def render_show(account_map: AccountMap, facts: DealFacts, *, width: int = 120) -> RenderableType:
    """Everything `accountmap show` prints: the deal header, the stakeholders, the power grid.

    `width` is the console's width: below `NARROW_WIDTH` the stakeholders are a list, not a table.
    """
    people: RenderableType
    if width < NARROW_WIDTH or not account_map.stakeholders:
        people = stakeholder_list(account_map, facts)
    else:
        people = stakeholder_table(account_map, facts)
    parts: list[RenderableType] = [deal_header(account_map, facts), Text(""), people]
    if account_map.stakeholders:
        from accountmap_cli.render.grid import grid_callouts, grid_table

        parts += [Text(""), grid_table(account_map)]
        parts += [Text(line) for line in grid_callouts(account_map)]
    return Group(*parts)


def tree_label(person: Stakeholder) -> Text:
    """A tree node: `Name, Title · role · attitude` (an unnamed seat shows its title once)."""
    label = Text(person.label, style="bold")
    if person.name is not None and person.title:
        label.append(f", {person.title}")
    label.append(f" · {words(person.role.value)} · ")
    label.append_text(attitude_text(person.attitude))
    return label


def reporting_tree(account_map: AccountMap) -> Tree:
    """The reporting lines as a tree under the account; everyone without a boss on the map is a root."""
    deal = account_map.opportunity
    tree = Tree(Text(f"{deal.account} · {deal.name}", style="bold"))
    children = reporting_children(account_map)
    placed: set[str] = set()
    # An explicit stack, not recursion: a map could be deep, and a cycle must not loop forever.
    roots = children.get(None, [])
    # People in a reporting cycle have no root above them; `lint` reports the cycle (AM006), and
    # should a team switch that check off, they still appear, each cycle from its first member.
    for start in [*roots, *account_map.stakeholders]:
        if start.id in placed:
            continue
        stack: list[tuple[Tree, Stakeholder]] = [(tree, start)]
        while stack:
            parent, person = stack.pop()
            if person.id in placed:
                continue
            placed.add(person.id)
            node = parent.add(tree_label(person))
            stack.extend((node, child) for child in reversed(children.get(person.id, [])))
    if not account_map.stakeholders:
        tree.add(Text("no stakeholders on this map yet", style="dim"))
    return tree
