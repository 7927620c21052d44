"""`accountmap export --format salesforce-csv|hubspot-csv`: the CRM export through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_map

MAP = """\
opportunity:
  name: Line 3
  account: Acme BV
  value: 120000
  stage: proposal
  x-crm-id: 006A1
stakeholders:
  - id: eva
    name: Eva de Bruijn
    title: CFO
    role: economic_buyer
    influence: high
    x-crm-id: 003E1
  - id: piet
    name: Piet Kok
    title: Production manager
    role: user_buyer
    attitude: champion
    reports_to: eva
    x-crm-id: 003P2
  - id: board
    title: Board
"""


def test_salesforce_csv_uses_the_crm_ids_and_salesforce_roles(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP)
    result = invoke("export", path, "--format", "salesforce-csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "OpportunityId,ContactId,Role,Id,FirstName,LastName,Title,ReportsToId,AccountId"
    )
    assert lines[1].startswith("006A1,003E1,Decision Maker,003E1,Eva,de Bruijn,CFO,")
    assert lines[2].startswith("006A1,003P2,Business User,003P2,Piet,Kok,Production manager,003E1,")
    assert len(lines) == 3  # the unnamed board seat is left out


def test_hubspot_csv_writes_the_champion_as_a_buying_role(invoke, tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP)
    result = invoke("export", path, "-f", "hubspot-csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Record ID,First Name,Last Name,Job Title,Buying Role,Deal ID,Contact ID"
    assert "CHAMPION" in lines[2]
    assert lines[2].startswith("003P2,Piet,Kok,Production manager,")


def test_unknown_export_format_lists_the_crm_formats(invoke, tmp_path: Path) -> None:
    result = invoke("export", write_map(tmp_path, MAP), "-f", "pipedrive-csv")
    assert result.exit_code == 2
    assert "salesforce-csv, hubspot-csv" in result.stderr
