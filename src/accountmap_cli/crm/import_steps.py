"""The steps every CRM import takes, whatever the CRM: link rows → contacts on deals, a deal row →
name, value, close date and stage, and the notes about what was left out.

Each importer (`salesforce.py`, `hubspot.py`) describes its export with an `ExportNames` (column
names and what it calls a deal) and keeps only what is its own: which files there are, how a
contact's role values combine, where the account name comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from accountmap_cli.crm.csvread import CsvProblem, CsvRow, CsvTable
from accountmap_cli.crm.mapping import (
    CrmSettings,
    Effect,
    ImportedDeal,
    ImportedPerson,
    ImportResult,
    parse_amount,
    parse_date,
)


@dataclass(frozen=True, slots=True)
class ExportNames:
    """The names one CRM's export uses: its columns, and the words its messages use."""

    system: str
    """The CRM's table names in a `--roles` file: `[hubspot.roles]`, `[hubspot.stages]`."""
    deal: str
    """What the CRM calls a deal, in messages: `deal`, `opportunity`."""
    deals: str
    """The plural of `deal`."""
    contacts: str
    """What links a contact to a deal, in "N deals without ... skipped"."""
    deals_with: str
    """The same, in "export all deals that have ..."."""
    link_deal: str
    """Columns of the link file (one row per contact on a deal): the deal's id..."""
    link_contact: str
    """... and the contact's id."""
    first_name: str
    """Columns of the contacts file."""
    last_name: str
    title: str
    deal_name: str
    """Columns of the deals file."""
    amount: str
    close_date: str
    stage: str
    currency: str


def start_result(tables: tuple[CsvTable | None, ...]) -> ImportResult:
    """An empty result with the notes of the files that were read, in the order given."""
    result = ImportResult([])
    for table in tables:
        if table is not None:
            result.notes.extend(table.notes)
    return result


def roles_file_hint(names: ExportNames, table: str, value: str, example: str) -> str:
    """How to give a CRM value a meaning: `map it in a --roles file: [hubspot.roles] ...`."""
    return f'map it in a --roles file: [{names.system}.{table}] "{value}" = "{example}"'


def contacts_on_deals(
    links: CsvTable,
    people: CsvTable,
    *,
    names: ExportNames,
    deals: dict[str, ImportedDeal],
    new_deal: Callable[[str, str], ImportedDeal],
    result: ImportResult,
    repeats: bool,
) -> Iterator[tuple[ImportedDeal, CsvRow, CsvRow, bool]]:
    """The link rows that put a known contact on a deal: (deal, link row, contact row, first).

    A deal is made with `new_deal(deal id, first contact id)` the first time its id is seen and
    kept in `deals`. Rows without a deal id are skipped with a note in `result`; rows without a
    contact, or with one not in the contacts file, are errors of their deal. `first` is True for
    the first row of a (deal, contact) pair, which also brings the contact file's duplicate-id
    errors to the deal; with `repeats=False` later rows of a pair are skipped silently instead.
    """
    seen: set[tuple[str, str]] = set()
    for row in links.rows:
        deal_id, contact_id = row[names.link_deal], row[names.link_contact]
        if not deal_id:
            result.notes.append(
                CsvProblem(links.path, row.row, f"empty {names.link_deal}; row skipped")
            )
            continue
        deal = deals.get(deal_id)
        if deal is None:
            deal = deals[deal_id] = new_deal(deal_id, contact_id)
        if not contact_id:
            deal.errors.append(CsvProblem(links.path, row.row, f"empty {names.link_contact}"))
            continue
        first = (deal_id, contact_id) not in seen
        if not first and not repeats:
            continue
        seen.add((deal_id, contact_id))
        contact = people.by_key.get(contact_id)
        if contact is None:
            deal.errors.append(
                CsvProblem(
                    links.path,
                    row.row,
                    f"contact '{contact_id}' is not in {people.path}",
                    hint=f"export the contacts of this {names.deal} too",
                )
            )
            continue
        if first:
            deal.errors.extend(people.duplicate_keys.get(contact_id, ()))
        yield deal, row, contact, first


def new_person(
    contact_id: str, contact: CsvRow, *, names: ExportNames, effect: Effect, **more: str | None
) -> ImportedPerson:
    """A contact row → a person on a deal (`more`: the fields only this CRM's export has)."""
    name = " ".join(part for part in (contact[names.first_name], contact[names.last_name]) if part)
    return ImportedPerson(
        crm_id=contact_id,
        name=name or None,
        title=contact[names.title] or None,
        effect=effect,
        **more,
    )


def missing_deal(
    deal_id: str, deals: CsvTable, *, names: ExportNames, account: str
) -> ImportedDeal:
    """A deal whose id the link file has but the deals file has not: an error of that deal."""
    deal = ImportedDeal(deal_id, name=deal_id, account=account)
    deal.errors.append(
        CsvProblem(
            deals.path,
            0,
            f"{names.deal} '{deal_id}' is not in this file",
            hint=f"export all {names.deals} that have {names.deals_with}",
        )
    )
    return deal


def deal_from_row(
    deal_id: str,
    row: CsvRow,
    deals: CsvTable,
    *,
    names: ExportNames,
    account: str,
    account_crm_id: str | None = None,
    settings: CrmSettings,
    team_stages: tuple[str, ...],
) -> ImportedDeal:
    """A deals-file row → a deal: name, currency, value, close date and stage.

    An empty amount is a value of 0; a cell that cannot be read, and a stage that is neither in
    the CRM's stage table nor one of the team's stages, is an error of the deal.
    """
    deal = ImportedDeal(
        deal_id,
        name=row[names.deal_name] or deal_id,
        account=account,
        account_crm_id=account_crm_id,
        currency=row[names.currency].upper() or None,
    )
    deal.errors.extend(deals.duplicate_keys.get(deal_id, ()))
    if row[names.amount]:
        try:
            deal.value = parse_amount(row[names.amount], separator=deals.separator)
        except ValueError as exc:
            deal.errors.append(CsvProblem(deals.path, row.row, f"{names.amount} {exc}"))
    else:
        deal.value = 0.0
    if row[names.close_date]:
        try:
            deal.close_date = parse_date(row[names.close_date], separator=deals.separator)
        except ValueError as exc:
            deal.errors.append(CsvProblem(deals.path, row.row, f"{names.close_date} {exc}"))
    stage = row[names.stage]
    if stage:
        deal.stage = settings.stage_of(stage)
        if deal.stage is None and stage.lower() in team_stages:
            deal.stage = stage.lower()
        if deal.stage is None:
            deal.errors.append(
                CsvProblem(
                    deals.path,
                    row.row,
                    f"{names.stage} '{stage}' has no accountmap stage",
                    hint=roles_file_hint(names, "stages", stage, team_stages[0]),
                )
            )
    return deal


def note_unused_deals(
    result: ImportResult,
    deals: CsvTable | None,
    used: dict[str, ImportedDeal],
    *,
    names: ExportNames,
) -> None:
    """A note when the deals file has deals that no link row names (they are not imported)."""
    if deals is None:
        return
    unused = [key for key in deals.by_key if key not in used]
    if unused:
        noun = names.deal if len(unused) == 1 else names.deals
        result.notes.append(
            CsvProblem(deals.path, 0, f"{len(unused)} {noun} without {names.contacts} skipped")
        )
