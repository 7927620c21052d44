"""HubSpot: read contact, deal-association and deal exports into deals.

The files and the columns read (header names as HubSpot's export writes them; other columns are
ignored):

- contacts: `Record ID`, `First Name`, `Last Name`, `Job Title`, `Buying Role`, `Company Name`
- deal associations: `Deal ID`, `Contact ID` (one row per contact on a deal)
- deals (optional): `Record ID`, `Deal Name`, `Amount`, `Deal Stage`, `Close Date`, `Currency`,
  `Associated Company`

`Buying Role` is a multiple-choice property: values are separated by `;`, and may be written as
labels (`Decision Maker`) or internal values (`DECISION_MAKER`). HubSpot mixes roles and attitudes
in it (`CHAMPION`, `BLOCKER`), so one contact's values are combined into role, influence and
attitude; the first value listed wins a conflict.
"""

from __future__ import annotations

import os

from accountmap_cli.crm.csvread import CsvProblem, CsvTable, read_all
from accountmap_cli.crm.mapping import (
    CrmSettings,
    Effect,
    ImportedDeal,
    ImportedPerson,
    ImportResult,
    ValueTable,
    combine,
    parse_amount,
    parse_date,
)

NAME = "HubSpot"

CONTACT_COLUMNS = ("Record ID", "First Name", "Last Name")
CONTACT_OPTIONAL = ("Job Title", "Buying Role", "Company Name")
ASSOCIATION_COLUMNS = ("Deal ID", "Contact ID")
DEAL_COLUMNS = ("Record ID", "Deal Name")
DEAL_OPTIONAL = ("Amount", "Deal Stage", "Close Date", "Currency", "Associated Company")

ROLES = ValueTable(
    (
        ("BUDGET_HOLDER", Effect(role="economic_buyer")),
        ("DECISION_MAKER", Effect(role="economic_buyer", influence="high")),
        ("END_USER", Effect(role="user_buyer")),
        ("INFLUENCER", Effect(role="influencer")),
        ("EXECUTIVE_SPONSOR", Effect(role="influencer", influence="high", attitude="supporter")),
        ("LEGAL_AND_COMPLIANCE", Effect(role="procurement")),
        ("CHAMPION", Effect(attitude="champion")),
        ("BLOCKER", Effect(attitude="blocker")),
        ("OTHER", Effect(role="unknown")),
    )
)
"""HubSpot buying role → accountmap (role, influence, attitude)."""

OTHER = "OTHER"
"""The export's value when nothing else fits."""

STAGES = {
    "appointmentscheduled": "discovery",
    "qualifiedtobuy": "qualification",
    "presentationscheduled": "validation",
    "decisionmakerboughtin": "proposal",
    "contractsent": "negotiation",
    "closedwon": "won",
    "closedlost": "lost",
}
"""HubSpot's default sales pipeline stages (internal value or label) → accountmap stages."""

MULTI_SEPARATOR = ";"


def read_export(
    *,
    contacts: str | os.PathLike[str],
    associations: str | os.PathLike[str],
    deals: str | os.PathLike[str] | None,
    settings: CrmSettings,
    team_stages: tuple[str, ...],
) -> ImportResult:
    """Read the export files into deals. Raises `CsvError` when a file cannot be used at all."""
    people, links, deal_table = read_all(
        [
            (
                contacts,
                dict(
                    required=CONTACT_COLUMNS,
                    optional=CONTACT_OPTIONAL,
                    key="Record ID",
                    what="HubSpot contacts export",
                ),
            ),
            (
                associations,
                dict(required=ASSOCIATION_COLUMNS, what="HubSpot deal associations export"),
            ),
            (
                deals,
                dict(
                    required=DEAL_COLUMNS,
                    optional=DEAL_OPTIONAL,
                    key="Record ID",
                    what="HubSpot deals export",
                ),
            ),
        ]
    )
    assert people is not None and links is not None
    result = ImportResult([])
    for table in (people, links, deal_table):
        if table is not None:
            result.notes.extend(table.notes)
    found: dict[str, ImportedDeal] = {}
    seen: set[tuple[str, str]] = set()
    for row in links.rows:
        deal_id, contact_id = row["Deal ID"], row["Contact ID"]
        if not deal_id:
            result.notes.append(CsvProblem(links.path, row.row, "empty Deal ID; row skipped"))
            continue
        deal = found.get(deal_id)
        if deal is None:
            deal = found[deal_id] = _deal(
                deal_id, deal_table, people, contact_id, settings, team_stages
            )
        if not contact_id:
            deal.errors.append(CsvProblem(links.path, row.row, "empty Contact ID"))
            continue
        if (deal_id, contact_id) in seen:
            continue
        seen.add((deal_id, contact_id))
        contact = people.by_key.get(contact_id)
        if contact is None:
            deal.errors.append(
                CsvProblem(
                    links.path,
                    row.row,
                    f"contact '{contact_id}' is not in {people.path}",
                    hint="export the contacts of this deal too",
                )
            )
            continue
        deal.errors.extend(people.duplicate_keys.get(contact_id, ()))
        effect, notes = buying_role(
            contact["Buying Role"], settings.roles, people.path, contact.row
        )
        deal.notes.extend(notes)
        name = " ".join(p for p in (contact["First Name"], contact["Last Name"]) if p)
        deal.people.append(
            ImportedPerson(
                crm_id=contact_id,
                name=name or None,
                title=contact["Job Title"] or None,
                effect=effect,
                company=contact["Company Name"] or None,
            )
        )
    for deal in found.values():
        if deal.account == "":
            company = next((p.company for p in deal.people if p.company), None)
            deal.account = company or "unknown account"
    if deal_table is not None:
        unused = [key for key in deal_table.by_key if key not in found]
        if unused:
            result.notes.append(
                CsvProblem(
                    deal_table.path,
                    0,
                    f"{len(unused)} deal{'' if len(unused) == 1 else 's'} without contacts skipped",
                )
            )
    result.deals = list(found.values())
    return result


def buying_role(
    text: str, table: ValueTable, path: str, row: int
) -> tuple[Effect, list[CsvProblem]]:
    """A `Buying Role` cell (`CHAMPION;DECISION_MAKER`) → one effect, and notes."""
    values = [v.strip() for v in text.split(MULTI_SEPARATOR) if v.strip()]
    notes: list[CsvProblem] = []
    effects: list[tuple[str, Effect]] = []
    for value in values:
        effect = table.lookup(value)
        if effect is None:
            notes.append(
                CsvProblem(
                    path,
                    row,
                    f"Buying Role '{value}' has no accountmap meaning; ignored",
                    hint=f'map it in a --roles file: [hubspot.roles] "{value}" = "influencer"',
                )
            )
        else:
            effects.append((value, effect))
    effect, overruled = combine(effects, where=CsvProblem(path, row, "this contact"))
    if effect.role is None:
        effect = Effect("unknown", effect.influence, effect.attitude)
    return effect, notes + overruled


def _deal(
    deal_id: str,
    deal_table: CsvTable | None,
    people: CsvTable,
    first_contact: str,
    settings: CrmSettings,
    team_stages: tuple[str, ...],
) -> ImportedDeal:
    if deal_table is None:
        return ImportedDeal(deal_id, name=deal_id, account="", from_crm=False)
    row = deal_table.by_key.get(deal_id)
    if row is None:
        deal = ImportedDeal(deal_id, name=deal_id, account="")
        deal.errors.append(
            CsvProblem(
                deal_table.path,
                0,
                f"deal '{deal_id}' is not in this file",
                hint="export all deals that have associated contacts",
            )
        )
        return deal
    deal = ImportedDeal(
        deal_id,
        name=row["Deal Name"] or deal_id,
        account=row["Associated Company"],
        currency=row["Currency"].upper() or None,
    )
    deal.errors.extend(deal_table.duplicate_keys.get(deal_id, ()))
    if row["Amount"]:
        try:
            deal.value = parse_amount(row["Amount"], separator=deal_table.separator)
        except ValueError as exc:
            deal.errors.append(CsvProblem(deal_table.path, row.row, f"Amount {exc}"))
    else:
        deal.value = 0.0
    if row["Close Date"]:
        try:
            deal.close_date = parse_date(row["Close Date"], separator=deal_table.separator)
        except ValueError as exc:
            deal.errors.append(CsvProblem(deal_table.path, row.row, f"Close Date {exc}"))
    stage = row["Deal Stage"]
    if stage:
        deal.stage = settings.stage_of(stage)
        if deal.stage is None and stage.lower() in team_stages:
            deal.stage = stage.lower()
        if deal.stage is None:
            deal.errors.append(
                CsvProblem(
                    deal_table.path,
                    row.row,
                    f"Deal Stage '{stage}' has no accountmap stage",
                    hint=f'map it in a --roles file: [hubspot.stages] "{stage}" = '
                    f'"{team_stages[0]}"',
                )
            )
    return deal
