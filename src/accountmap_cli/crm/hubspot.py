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
from accountmap_cli.crm.import_steps import (
    ExportNames,
    contacts_on_deals,
    deal_from_row,
    missing_deal,
    new_person,
    note_unused_deals,
    roles_file_hint,
    start_result,
)
from accountmap_cli.crm.mapping import (
    CrmSettings,
    Effect,
    ImportedDeal,
    ImportResult,
    ValueTable,
    combine,
)

NAME = "HubSpot"
SYSTEM = "hubspot"

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

NAMES = ExportNames(
    system=SYSTEM,
    deal="deal",
    deals="deals",
    contacts="contacts",
    deals_with="associated contacts",
    link_deal="Deal ID",
    link_contact="Contact ID",
    first_name="First Name",
    last_name="Last Name",
    title="Job Title",
    deal_name="Deal Name",
    amount="Amount",
    close_date="Close Date",
    stage="Deal Stage",
    currency="Currency",
)


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
    result = start_result((people, links, deal_table))
    found: dict[str, ImportedDeal] = {}

    def new_deal(deal_id: str, first_contact: str) -> ImportedDeal:
        return _deal(deal_id, deal_table, settings, team_stages)

    for deal, _, contact, _ in contacts_on_deals(
        links, people, names=NAMES, deals=found, new_deal=new_deal, result=result, repeats=False
    ):
        effect, notes = buying_role(
            contact["Buying Role"], settings.roles, people.path, contact.row
        )
        deal.notes.extend(notes)
        deal.people.append(
            new_person(
                contact["Record ID"],
                contact,
                names=NAMES,
                effect=effect,
                company=contact["Company Name"] or None,
            )
        )
    for deal in found.values():
        if deal.account == "":
            company = next((p.company for p in deal.people if p.company), None)
            deal.account = company or "unknown account"
    note_unused_deals(result, deal_table, found, names=NAMES)
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
                    hint=roles_file_hint(NAMES, "roles", value, "influencer"),
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
    settings: CrmSettings,
    team_stages: tuple[str, ...],
) -> ImportedDeal:
    if deal_table is None:
        return ImportedDeal(deal_id, name=deal_id, account="", from_crm=False)
    row = deal_table.by_key.get(deal_id)
    if row is None:
        return missing_deal(deal_id, deal_table, names=NAMES, account="")
    return deal_from_row(
        deal_id,
        row,
        deal_table,
        names=NAMES,
        account=row["Associated Company"],
        settings=settings,
        team_stages=team_stages,
    )
