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

NAME = "Salesforce"

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
    tables = [t for t in (ocr, people, opps, accts) if t is not None]
    result = ImportResult([])
    for table in tables:
        result.notes.extend(table.notes)
    if accts is not None:
        result.notes.extend(accts.problems)

    deals: dict[str, ImportedDeal] = {}
    roles: dict[tuple[str, str], list[tuple[str, Effect, CsvProblem]]] = {}
    for row in ocr.rows:
        opp_id, contact_id, role = row["OpportunityId"], row["ContactId"], row["Role"]
        if not opp_id:
            result.notes.append(CsvProblem(ocr.path, row.row, "empty OpportunityId; row skipped"))
            continue
        deal = deals.get(opp_id)
        if deal is None:
            deal = deals[opp_id] = _deal(
                opp_id, opps, accts, people, contact_id, settings, team_stages
            )
        if not contact_id:
            deal.errors.append(CsvProblem(ocr.path, row.row, "empty ContactId"))
            continue
        contact = people.by_key.get(contact_id)
        if contact is None:
            deal.errors.append(
                CsvProblem(
                    ocr.path,
                    row.row,
                    f"contact '{contact_id}' is not in {people.path}",
                    hint="export the contacts of this opportunity too",
                )
            )
            continue
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
                        hint="map it in a --roles file: [salesforce.roles] "
                        f'"{role}" = "influencer"',
                    )
                )
            else:
                effect = found
        entry = roles.setdefault((opp_id, contact_id), [])
        if not entry:
            deal.people.append(_person(contact, effect))
            deal.errors.extend(people.duplicate_keys.get(contact_id, ()))
        entry.append((role or "(empty)", effect, where))

    for (opp_id, contact_id), given in roles.items():
        if len(given) > 1:
            deal = deals[opp_id]
            effect, notes = combine(((name, e) for name, e, _ in given), where=given[0][2])
            person = deal.person(contact_id)
            if person is not None:
                person.effect = effect
            deal.notes.extend(notes)
    if opps is not None:
        unused = [key for key in opps.by_key if key not in deals]
        if unused:
            result.notes.append(
                CsvProblem(
                    opps.path,
                    0,
                    f"{len(unused)} opportunit{'y' if len(unused) == 1 else 'ies'} without "
                    "contact roles skipped",
                )
            )
    result.deals = list(deals.values())
    return result


def _person(contact, effect: Effect) -> ImportedPerson:
    name = " ".join(part for part in (contact["FirstName"], contact["LastName"]) if part)
    return ImportedPerson(
        crm_id=contact["Id"],
        name=name or None,
        title=contact["Title"] or None,
        effect=effect,
        reports_to_crm=contact["ReportsToId"] or None,
    )


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
        deal = ImportedDeal(opp_id, name=opp_id, account="unknown account")
        deal.errors.append(
            CsvProblem(
                opps.path,
                0,
                f"opportunity '{opp_id}' is not in this file",
                hint="export all opportunities that have contact roles",
            )
        )
        return deal
    account_id = row["AccountId"]
    account = _account_name(account_id, row["AccountName"], accts)
    deal = ImportedDeal(
        opp_id,
        name=row["Name"] or opp_id,
        account=account or account_id or "unknown account",
        account_crm_id=account_id or None,
        currency=row["CurrencyIsoCode"].upper() or None,
    )
    deal.errors.extend(opps.duplicate_keys.get(opp_id, ()))
    if not account:
        deal.notes.append(
            CsvProblem(
                opps.path,
                row.row,
                f"no account name for opportunity '{opp_id}'; using '{deal.account}'",
                hint="add --accounts ACCOUNTS.csv (the Account export)",
            )
        )
    if row["Amount"]:
        try:
            deal.value = parse_amount(row["Amount"], separator=opps.separator)
        except ValueError as exc:
            deal.errors.append(CsvProblem(opps.path, row.row, f"Amount {exc}"))
    else:
        deal.value = 0.0
    if row["CloseDate"]:
        try:
            deal.close_date = parse_date(row["CloseDate"], separator=opps.separator)
        except ValueError as exc:
            deal.errors.append(CsvProblem(opps.path, row.row, f"CloseDate {exc}"))
    stage = row["StageName"]
    if stage:
        deal.stage = settings.stage_of(stage)
        if deal.stage is None and stage.lower() in team_stages:
            deal.stage = stage.lower()
        if deal.stage is None:
            deal.errors.append(
                CsvProblem(
                    opps.path,
                    row.row,
                    f"StageName '{stage}' has no accountmap stage",
                    hint=f'map it in a --roles file: [salesforce.stages] "{stage}" = '
                    f'"{team_stages[0]}"',
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
