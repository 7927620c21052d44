"""A map's stakeholders as CSV in a CRM's own vocabulary, for its import wizard.

- `salesforce-csv`: one row per named stakeholder with the columns `OpportunityId`, `ContactId`,
  `Role` (OpportunityContactRole) and `Id`, `FirstName`, `LastName`, `Title`, `ReportsToId`,
  `AccountId` (Contact). The same file can be given to `accountmap import salesforce` as both
  `--contact-roles` and `--contacts`.
- `hubspot-csv`: `Record ID`, `First Name`, `Last Name`, `Job Title`, `Buying Role` (contact) and
  `Deal ID`, `Contact ID` (deal association); usable as `--contacts` and `--deal-associations`.

Ids come from the map's `x-crm-id` keys (empty for people the CRM does not know yet). Unnamed seats
(a title without a name) are left out: a CRM contact needs a last name. The role is the CRM value
that says the most of what the map says without contradicting it; a role the CRM has no value for
becomes `Other` (`OTHER`). Output is UTF-8 with `,` separators and `\\r\\n` line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from accountmap_cli.crm import hubspot, salesforce
from accountmap_cli.crm.mapping import ValueTable

FORMATS = {"salesforce-csv": "salesforce", "hubspot-csv": "hubspot"}
"""Export format name → CRM."""

SALESFORCE_HEADER = (
    "OpportunityId",
    "ContactId",
    "Role",
    "Id",
    "FirstName",
    "LastName",
    "Title",
    "ReportsToId",
    "AccountId",
)
HUBSPOT_HEADER = (
    "Record ID",
    "First Name",
    "Last Name",
    "Job Title",
    "Buying Role",
    "Deal ID",
    "Contact ID",
)


def split_name(name: str) -> tuple[str, str]:
    """`Jan de Vries` → (`Jan`, `de Vries`); a single word is a last name."""
    first, _, last = name.strip().partition(" ")
    return (first, last.strip()) if last.strip() else ("", first)


def salesforce_role(person: Mapping[str, str], table: ValueTable = salesforce.ROLES) -> str:
    """The Contact Role that says the most of the person's role without contradicting it."""
    return table.best_for(person, sets="role") or salesforce.OTHER


def hubspot_buying_role(person: Mapping[str, str], table: ValueTable = hubspot.ROLES) -> str:
    """The buying role values (`;`-separated) for the person's role and attitude."""
    values: list[str] = []
    covered: set[str] = set()
    if person.get("role", "unknown") != "unknown":
        role_value = table.best_for(person, sets="role")
        if role_value is not None:
            values.append(role_value)
            effect = table.lookup(role_value)
            covered = {name for name, _ in effect.items()} if effect else set()
    if "attitude" not in covered and person.get("attitude", "unknown") != "unknown":
        attitude_value = table.best_for(person, sets="attitude")
        if attitude_value is not None:
            values.append(attitude_value)
    return hubspot.MULTI_SEPARATOR.join(values) or hubspot.OTHER


def export_crm_csv(
    model: Any,
    system: str,
    *,
    data: Mapping[str, Any] | None = None,
    roles: ValueTable | None = None,
) -> str:
    """The stakeholders of a map as CSV for `system` (`salesforce` or `hubspot`, or the format
    names `salesforce-csv`/`hubspot-csv`).

    `model` is the validated `AccountMap`; `data` is the loaded document's plain data
    (`Document.data`), which holds the `x-crm-id` keys the model leaves out. `roles` replaces
    the CRM's default role table (a team's own picklist values).
    """
    system = FORMATS.get(system, system)
    if system not in ("salesforce", "hubspot"):
        raise ValueError(f"unknown CRM '{system}'")
    raw_people = (data or {}).get("stakeholders") or []
    raw_opportunity = (data or {}).get("opportunity") or {}
    crm_ids = {
        str(entry.get("id")): _text(entry.get("x-crm-id"))
        for entry in raw_people
        if isinstance(entry, dict)
    }
    deal_id = _text(raw_opportunity.get("x-crm-id")) if isinstance(raw_opportunity, dict) else ""
    account_id = (
        _text(raw_opportunity.get("x-crm-account-id")) if isinstance(raw_opportunity, dict) else ""
    )
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(SALESFORCE_HEADER if system == "salesforce" else HUBSPOT_HEADER)
    for stakeholder in model.stakeholders:
        if not stakeholder.name:
            continue
        first, last = split_name(stakeholder.name)
        person = {
            "role": stakeholder.role.value,
            "influence": stakeholder.influence.value,
            "attitude": stakeholder.attitude.value,
        }
        contact_id = crm_ids.get(stakeholder.id, "")
        title = stakeholder.title or ""
        if system == "salesforce":
            boss = crm_ids.get(stakeholder.reports_to or "", "")
            role = salesforce_role(person, roles or salesforce.ROLES)
            writer.writerow(
                (deal_id, contact_id, role, contact_id, first, last, title, boss, account_id)
            )
        else:
            role = hubspot_buying_role(person, roles or hubspot.ROLES)
            writer.writerow((contact_id, first, last, title, role, deal_id, contact_id))
    return stream.getvalue()


def _text(value: object) -> str:
    return "" if value is None else str(value)
