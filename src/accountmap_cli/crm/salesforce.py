"""Salesforce: read a data export (contact roles, contacts, opportunities) into deals.

The files and the columns read (header names as Salesforce's data export writes them; other
columns are ignored):

- `OpportunityContactRole`: `OpportunityId`, `ContactId`, `Role`, `IsPrimary`
- `Contact`: `Id`, `FirstName`, `LastName`, `Title`, `ReportsToId`, `AccountId`
- `Opportunity` (optional): `Id`, `Name`, `AccountId`, `Amount`, `StageName`, `CloseDate`,
  `CurrencyIsoCode` (and `AccountName`, as a report export writes it)
- `Account` (optional): `Id`, `Name`

One deal per opportunity that has contact roles. A contact with several roles on one opportunity
gets them combined (the first role listed wins a conflict).
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

NAME = "Salesforce"
SYSTEM = "salesforce"

CONTACT_ROLE_COLUMNS = ("OpportunityId", "ContactId")
CONTACT_ROLE_OPTIONAL = ("Role", "IsPrimary", "Id")
CONTACT_COLUMNS = ("Id", "FirstName", "LastName")
CONTACT_OPTIONAL = ("Title", "ReportsToId", "AccountId")
OPPORTUNITY_COLUMNS = ("Id", "Name")
OPPORTUNITY_OPTIONAL = (
    "AccountId",
    "AccountName",
    "Amount",
    "StageName",
    "CloseDate",
    "CurrencyIsoCode",
)
ACCOUNT_COLUMNS = ("Id", "Name")

ROLES = ValueTable(
    (
        ("Economic Buyer", Effect(role="economic_buyer")),
        ("Decision Maker", Effect(role="economic_buyer", influence="high")),
        ("Economic Decision Maker", Effect(role="economic_buyer", influence="high")),
        ("Technical Buyer", Effect(role="technical_buyer")),
        ("Evaluator", Effect(role="technical_buyer")),
        ("Business User", Effect(role="user_buyer")),
        ("Influencer", Effect(role="influencer")),
        ("Executive Sponsor", Effect(role="influencer", influence="high", attitude="supporter")),
        ("Procurement", Effect(role="procurement")),
        ("Gatekeeper", Effect(role="gatekeeper")),
        ("Other", Effect(role="unknown")),
    )
)
"""Contact Role → accountmap. The first nine are Salesforce's default picklist values;
`Procurement` and `Gatekeeper` are not, and are used by the export for those two roles."""

OTHER = "Other"
"""The export's value for a role the table cannot express."""

STAGES = {
    "Prospecting": "discovery",
    "Qualification": "qualification",
    "Needs Analysis": "discovery",
    "Value Proposition": "validation",
    "Id. Decision Makers": "validation",
    "Perception Analysis": "validation",
    "Proposal/Price Quote": "proposal",
    "Negotiation/Review": "negotiation",
    "Closed Won": "won",
    "Closed Lost": "lost",
}
"""Salesforce's default opportunity stages → accountmap stages."""

NAMES = ExportNames(
    system=SYSTEM,
    deal="opportunity",
    deals="opportunities",
    contacts="contact roles",
    deals_with="contact roles",
    link_deal="OpportunityId",
    link_contact="ContactId",
    first_name="FirstName",
    last_name="LastName",
    title="Title",
    deal_name="Name",
    amount="Amount",
    close_date="CloseDate",
    stage="StageName",
    currency="CurrencyIsoCode",
)


def read_export(
    *,
    contact_roles: str | os.PathLike[str],
    contacts: str | os.PathLike[str],
    opportunities: str | os.PathLike[str] | None,
    accounts: str | os.PathLike[str] | None,
    settings: CrmSettings,
    team_stages: tuple[str, ...],
) -> ImportResult:
    """Read the export files into deals. Raises `CsvError` when a file cannot be used at all."""
    ocr, people, opps, accts = read_all(
        [
            (
                contact_roles,
                dict(
                    required=CONTACT_ROLE_COLUMNS,
                    optional=CONTACT_ROLE_OPTIONAL,
                    what="OpportunityContactRole export",
                ),
            ),
            (
                contacts,
                dict(
                    required=CONTACT_COLUMNS,
                    optional=CONTACT_OPTIONAL,
                    key="Id",
                    what="Contact export",
                ),
            ),
            (
                opportunities,
                dict(
                    required=OPPORTUNITY_COLUMNS,
                    optional=OPPORTUNITY_OPTIONAL,
                    key="Id",
                    what="Opportunity export",
                ),
            ),
            (accounts, dict(required=ACCOUNT_COLUMNS, key="Id", what="Account export")),
        ]
    )
    assert ocr is not None and people is not None
    result = start_result((ocr, people, opps, accts))
    if accts is not None:
        result.notes.extend(accts.problems)

    deals: dict[str, ImportedDeal] = {}

    def new_deal(opp_id: str, first_contact: str) -> ImportedDeal:
        return _deal(opp_id, opps, accts, people, first_contact, settings, team_stages)

    roles: dict[tuple[str, str], list[tuple[str, Effect, CsvProblem]]] = {}
    for deal, row, contact, first in contacts_on_deals(
        ocr, people, names=NAMES, deals=deals, new_deal=new_deal, result=result, repeats=True
    ):
        opp_id, contact_id, role = row["OpportunityId"], row["ContactId"], row["Role"]
        where = CsvProblem(ocr.path, row.row, f"contact '{contact_id}'")
        effect = Effect(role="unknown")
        if role:
            found = settings.roles.lookup(role)
            if found is None:
                deal.notes.append(
                    CsvProblem(
                        ocr.path,
                        row.row,
                        f"Role '{role}' has no accountmap role; imported as unknown",
                        hint=roles_file_hint(NAMES, "roles", role, "influencer"),
                    )
                )
            else:
                effect = found
        if first:
            deal.people.append(
                new_person(
                    contact["Id"],
                    contact,
                    names=NAMES,
                    effect=effect,
                    reports_to_crm=contact["ReportsToId"] or None,
                )
            )
        roles.setdefault((opp_id, contact_id), []).append((role or "(empty)", effect, where))

    for (opp_id, contact_id), given in roles.items():
        if len(given) > 1:
            deal = deals[opp_id]
            effect, notes = combine(((name, e) for name, e, _ in given), where=given[0][2])
            person = deal.person(contact_id)
            if person is not None:
                person.effect = effect
            deal.notes.extend(notes)
    note_unused_deals(result, opps, deals, names=NAMES)
    result.deals = list(deals.values())
    return result


def _deal(
    opp_id: str,
    opps: CsvTable | None,
    accts: CsvTable | None,
    people: CsvTable,
    first_contact: str,
    settings: CrmSettings,
    team_stages: tuple[str, ...],
) -> ImportedDeal:
    if opps is None:
        contact = people.by_key.get(first_contact)
        account_id = contact["AccountId"] if contact is not None else ""
        deal = ImportedDeal(
            opp_id,
            name=opp_id,
            account=_account_name(account_id, "", accts) or account_id or "unknown account",
            account_crm_id=account_id or None,
            from_crm=False,
        )
        return deal
    row = opps.by_key.get(opp_id)
    if row is None:
        return missing_deal(opp_id, opps, names=NAMES, account="unknown account")
    account_id = row["AccountId"]
    account = _account_name(account_id, row["AccountName"], accts)
    deal = deal_from_row(
        opp_id,
        row,
        opps,
        names=NAMES,
        account=account or account_id or "unknown account",
        account_crm_id=account_id or None,
        settings=settings,
        team_stages=team_stages,
    )
    if not account:
        deal.notes.append(
            CsvProblem(
                opps.path,
                row.row,
                f"no account name for opportunity '{opp_id}'; using '{deal.account}'",
                hint="add --accounts ACCOUNTS.csv (the Account export)",
            )
        )
    return deal


def _account_name(account_id: str, given: str, accts: CsvTable | None) -> str:
    if given:
        return given
    if accts is not None and account_id:
        row = accts.by_key.get(account_id)
        if row is not None:
            return row["Name"]
    return ""
