"""`accountmap import salesforce|hubspot`: new maps, merges that lose nothing, messy exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CRM_FIXTURES as FIXTURES
from conftest import SALESFORCE_IMPORT as SF

HS = (
    "import",
    "hubspot",
    "--contacts",
    "hubspot/contacts.csv",
    "--deal-associations",
    "hubspot/deal_contacts.csv",
    "--deals",
    "hubspot/deals.csv",
)

SF_NOTES = (
    "accountmap: note: salesforce/Opportunity.csv: 1 opportunity without contact roles skipped\n"
    "accountmap: note: salesforce/OpportunityContactRole.csv:6: Role 'Inkoper' has no "
    "accountmap role; imported as unknown\n"
    '  hint: map it in a --roles file: [salesforce.roles] "Inkoper" = "influencer"\n'
)
SF_SERVICE_NOTE = (
    "accountmap: note: salesforce/OpportunityContactRole.csv:8: 'Evaluator' would make contact "
    "'0035g00000JanAAA' role technical_buyer; kept influencer from 'Influencer'\n"
)

PACKAGING_LINE_3 = """\
# Imported from Salesforce by `accountmap import salesforce`.
opportunity:
  name: Packaging line 3
  account: Acme B.V.
  value: 280000
  currency: EUR
  stage: proposal
  close_date: 2026-03-31
  x-crm-id: 0065g00000Pack3AA
  x-crm-account-id: 0015g00000AcmeAAA
stakeholders:
  - id: jan-de-vries
    name: Jan de Vries
    title: CFO
    role: economic_buyer
    influence: unknown
    attitude: unknown
    reports_to: anne-marie-jansen
    x-crm-id: 0035g00000JanAAA
  - id: anne-marie-jansen
    name: Anne-Marie Jansen
    title: CEO
    role: influencer
    influence: high
    attitude: supporter
    x-crm-id: 0035g00000AnnAAA
  - id: pieter-bakker
    name: Pieter Bakker
    title: Production manager
    role: user_buyer
    influence: unknown
    attitude: unknown
    reports_to: anne-marie-jansen
    x-crm-id: 0035g00000PieAAA
  - id: jurgen-ozdemir-bakker
    name: Jürgen Özdemir-Bakker
    title: Head of IT
    role: technical_buyer
    influence: unknown
    attitude: unknown
    reports_to: jan-de-vries
    x-crm-id: 0035g00000JurAAA
  - id: sanne-visser
    name: Sanne Visser
    title: Purchasing lead
    role: unknown
    influence: unknown
    attitude: unknown
    reports_to: jan-de-vries
    x-crm-id: 0035g00000SanAAA
"""

SERVICE_CONTRACT = """\
# Imported from Salesforce by `accountmap import salesforce`.
opportunity:
  name: Service contract 2027
  account: Acme B.V.
  value: 45000.5
  currency: EUR
  stage: negotiation
  close_date: 2026-01-15
  x-crm-id: 0065g00000ServAAA
  x-crm-account-id: 0015g00000AcmeAAA
stakeholders:
  - id: pieter-bakker
    name: Pieter Bakker
    title: Production manager
    role: economic_buyer
    influence: high
    attitude: unknown
    x-crm-id: 0035g00000PieAAA
  - id: jan-de-vries
    name: Jan de Vries
    title: CFO
    role: influencer
    influence: unknown
    attitude: unknown
    x-crm-id: 0035g00000JanAAA
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working folder with copies of the fixture exports."""
    for folder in ("salesforce", "hubspot", "messy"):
        shutil.copytree(FIXTURES / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_salesforce_creates_one_map_per_opportunity(invoke, here: Path) -> None:
    result = invoke(*SF, "--out", "maps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "created maps/acme-bv-packaging-line-3.yaml: 5 stakeholders\n"
        "created maps/acme-bv-service-contract-2027.yaml: 2 stakeholders\n"
    )
    assert result.stderr == SF_NOTES + SF_SERVICE_NOTE
    assert (here / "maps/acme-bv-packaging-line-3.yaml").read_text() == PACKAGING_LINE_3
    assert (here / "maps/acme-bv-service-contract-2027.yaml").read_text() == SERVICE_CONTRACT
    lint = invoke("lint", "maps", "--select", "AM0")
    assert lint.exit_code == 0, lint.stdout


def test_importing_again_changes_nothing(invoke, here: Path) -> None:
    assert invoke(*SF, "--out", "maps").exit_code == 0
    result = invoke(*SF, "--out", "maps")
    assert result.exit_code == 0
    assert result.stdout == (
        "unchanged maps/acme-bv-packaging-line-3.yaml\n"
        "unchanged maps/acme-bv-service-contract-2027.yaml\n"
    )
    assert (here / "maps/acme-bv-packaging-line-3.yaml").read_text() == PACKAGING_LINE_3


def test_team_roles_file_maps_custom_picklist_values(invoke, here: Path) -> None:
    result = invoke(*SF, "--out", "maps", "--roles", "salesforce/roles.toml")
    assert result.exit_code == 0
    assert "Inkoper" not in result.stderr
    text = (here / "maps/acme-bv-packaging-line-3.yaml").read_text()
    assert "    title: Purchasing lead\n    role: procurement\n" in text


EDITED = """\
# Acme: the big one this year.
opportunity:
  name: Packaging line 3
  account: Acme B.V.
  value: 250000   # before the second line was added
  currency: EUR
  stage: validation
  x-crm-id: 0065g00000Pack3AA

team:
  - id: sanne-b
    name: Sanne Bakker

stakeholders:
  # The money.
  - id: jan
    name: Jan de Vries
    role: technical_buyer  # he really checks the specs
    influence: high
    x-crm-id: 0035g00000JanAAA
    x-golf: true

  # Found on LinkedIn, not in the CRM yet.
  - id: controller
    title: Controller
    role: influencer

  - id: pieter
    name: Pieter Bakker
    attitude: champion

relationships:
  - from: pieter
    to: jan
    type: trusts
"""

MERGED_DIFF = """\
--- a/maps/acme.yaml
+++ b/maps/acme.yaml
@@ -2,9 +2,10 @@
 opportunity:
   name: Packaging line 3
   account: Acme B.V.
-  value: 250000   # before the second line was added
+  value: 280000   # before the second line was added
   currency: EUR
-  stage: validation
+  stage: proposal
+  close_date: 2026-03-31
   x-crm-id: 0065g00000Pack3AA
~
 team:
@@ -15,8 +16,10 @@
   # The money.
   - id: jan
     name: Jan de Vries
+    title: CFO
     role: technical_buyer  # he really checks the specs
     influence: high
+    reports_to: anne-marie-jansen
     x-crm-id: 0035g00000JanAAA
     x-golf: true
~
@@ -27,7 +30,37 @@
~
   - id: pieter
     name: Pieter Bakker
+    title: Production manager
+    role: user_buyer
     attitude: champion
+    reports_to: anne-marie-jansen
+    x-crm-id: 0035g00000PieAAA
+
+  - id: anne-marie-jansen
+    name: Anne-Marie Jansen
+    title: CEO
+    role: influencer
+    influence: high
+    attitude: supporter
+    x-crm-id: 0035g00000AnnAAA
+
+  - id: jurgen-ozdemir-bakker
+    name: Jürgen Özdemir-Bakker
+    title: Head of IT
+    role: technical_buyer
+    influence: unknown
+    attitude: unknown
+    reports_to: jan
+    x-crm-id: 0035g00000JurAAA
+
+  - id: sanne-visser
+    name: Sanne Visser
+    title: Purchasing lead
+    role: unknown
+    influence: unknown
+    attitude: unknown
+    reports_to: jan
+    x-crm-id: 0035g00000SanAAA
~
 relationships:
   - from: pieter
""".replace("\n~\n", "\n \n")  # a blank context line in a diff is one space


def test_merge_keeps_everything_and_dry_run_shows_the_diff(invoke, here: Path) -> None:
    (here / "maps").mkdir()
    (here / "maps/acme.yaml").write_text(EDITED)
    result = invoke(*SF, "--out", "maps", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (here / "maps/acme.yaml").read_text() == EDITED
    assert not (here / "maps/acme-bv-service-contract-2027.yaml").exists()
    packaging, service = result.stdout.split("--- /dev/null\n")
    assert packaging == MERGED_DIFF
    assert service.startswith("+++ b/maps/acme-bv-service-contract-2027.yaml\n")
    assert result.stderr == (
        SF_NOTES + "accountmap: note: maps/acme.yaml: kept role 'technical_buyer' of 'jan' "
        "(the CRM says 'economic_buyer')\n"
        "accountmap: note: maps/acme.yaml: 'pieter' matched by name to contact "
        "'0035g00000PieAAA'; added its x-crm-id\n"
        "would update maps/acme.yaml: 3 stakeholders added, 2 filled in, value 250000 → 280000, "
        "stage validation → proposal, close_date nothing → 2026-03-31\n"
        + SF_SERVICE_NOTE
        + "would create maps/acme-bv-service-contract-2027.yaml: 2 stakeholders\n"
    )
    written = invoke(*SF, "--out", "maps")
    assert written.exit_code == 0
    assert written.stdout.startswith("updated maps/acme.yaml: 3 stakeholders added")
    after = (here / "maps/acme.yaml").read_text()
    assert "# Acme: the big one this year.\n" in after
    assert "  # Found on LinkedIn, not in the CRM yet.\n  - id: controller\n" in after
    assert "    x-golf: true\n" in after
    again = invoke(*SF, "--out", "maps")
    assert again.stdout == (
        "unchanged maps/acme.yaml\nunchanged maps/acme-bv-service-contract-2027.yaml\n"
    )


def test_a_map_with_the_same_name_but_no_crm_id_is_not_touched(invoke, here: Path) -> None:
    (here / "maps").mkdir()
    mine = EDITED.replace("  x-crm-id: 0065g00000Pack3AA\n", "")
    (here / "maps/acme-bv-packaging-line-3.yaml").write_text(mine)
    result = invoke(*SF, "--out", "maps")
    assert result.exit_code == 1
    assert result.stdout == "created maps/acme-bv-service-contract-2027.yaml: 2 stakeholders\n"
    assert (
        "accountmap: error: maps/acme-bv-packaging-line-3.yaml exists and is not linked to "
        "opportunity '0065g00000Pack3AA'; not changed\n"
        "  hint: to merge into it, add 'x-crm-id: 0065g00000Pack3AA' under its 'opportunity:'; "
        "else move it away\n"
        "accountmap: error: maps/acme-bv-packaging-line-3.yaml: not written "
        "(opportunity '0065g00000Pack3AA')\n"
    ) in result.stderr
    assert (here / "maps/acme-bv-packaging-line-3.yaml").read_text() == mine


def test_a_map_that_does_not_load_is_never_rewritten(invoke, here: Path) -> None:
    (here / "maps").mkdir()
    broken = "opportunity:\n  name: x\n  x-crm-id: 0065g00000Pack3AA\n<<<<<<< HEAD\n"
    (here / "maps/acme.yaml").write_text(broken)
    (here / "maps/other.yaml").write_text(EDITED)
    result = invoke(*SF, "--out", "maps")
    # The broken file is not recognised as the deal's map; the map that is gets the merge.
    assert result.exit_code == 0, result.stderr
    assert (here / "maps/acme.yaml").read_text() == broken
    assert result.stdout.startswith("updated maps/other.yaml: ")


def test_dutch_excel_exports(invoke, here: Path) -> None:
    result = invoke(
        "import",
        "salesforce",
        "--contact-roles",
        "messy/OpportunityContactRole-nl.csv",
        "--contacts",
        "messy/Contact-nl-cp1252.csv",
        "--opportunities",
        "messy/Opportunity-nl-bom.csv",
        "--out",
        "maps",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "accountmap: note: messy/Contact-nl-cp1252.csv: not UTF-8 (byte 0xd6 on line 7); "
        "read as Windows-1252\n"
        "  hint: check names with accents; export as 'CSV UTF-8' to avoid the guess\n"
    )
    assert result.stdout == "created maps/acme-bv-packaging-line-3.yaml: 3 stakeholders\n"
    text = (here / "maps/acme-bv-packaging-line-3.yaml").read_text()
    assert "  value: 280000\n" in text
    assert "  close_date: 2026-03-31\n" in text
    assert "    name: Jürgen Özdemir-Bakker\n    title: Hoofd IT\n" in text


def test_problems_block_only_their_own_map(invoke, here: Path) -> None:
    result = invoke(
        "import",
        "salesforce",
        "--contact-roles",
        "messy/OpportunityContactRole-unknown-contact.csv",
        "--contacts",
        "messy/Contact-duplicate-ids.csv",
        "--opportunities",
        "messy/Opportunity-bad-values.csv",
        "--out",
        "maps",
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert not (here / "maps").exists()
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [
        "accountmap: error: messy/Opportunity-bad-values.csv:2: CloseDate '2026-02-30' is not "
        "a date in the calendar",
        "accountmap: error: messy/Opportunity-bad-values.csv:2: StageName 'Offerte' has no "
        "accountmap stage",
        "accountmap: error: messy/Contact-duplicate-ids.csv:4: duplicate Id '0035g00000JanAAA' "
        "(first at row 2)",
        "accountmap: error: messy/OpportunityContactRole-unknown-contact.csv:3: contact "
        "'0035g00000XyzAAA' is not in messy/Contact-duplicate-ids.csv",
        "accountmap: error: maps/0015g00000acmeaaa-packaging-line-3.yaml: not written "
        "(opportunity '0065g00000Pack3AA')",
        "accountmap: error: messy/Opportunity-bad-values.csv:3: Amount 'veel' is not an amount",
        "accountmap: error: messy/Contact-duplicate-ids.csv:4: duplicate Id '0035g00000JanAAA' "
        "(first at row 2)",
        "accountmap: error: maps/0015g00000acmeaaa-service-contract-2027.yaml: not written "
        "(opportunity '0065g00000ServAAA')",
    ]
    assert "accountmap: note: messy/Contact-duplicate-ids.csv:5: Id '0035g00000AnnAAA' " in (
        result.stderr
    )


def test_a_good_map_is_written_next_to_a_failing_one(invoke, here: Path) -> None:
    (here / "Opp.csv").write_text(
        "Id,AccountId,Name,StageName,Amount\n"
        "0065g00000Pack3AA,A1,Packaging line 3,Proposal/Price Quote,1\n"
        "0065g00000ServAAA,A1,Service,Closed Won,-5\n"
    )
    (here / "Acc.csv").write_text("Id,Name\nA1,Acme B.V.\n")
    result = invoke(*SF[:6], "--opportunities", "Opp.csv", "--accounts", "Acc.csv", "--out", "maps")
    assert result.exit_code == 1
    assert result.stdout == "created maps/acme-bv-packaging-line-3.yaml: 5 stakeholders\n"
    assert "accountmap: error: Opp.csv:3: Amount '-5' is negative\n" in result.stderr
    assert sorted(p.name for p in (here / "maps").iterdir()) == ["acme-bv-packaging-line-3.yaml"]


def test_missing_columns_in_several_files_are_all_reported(invoke, here: Path) -> None:
    result = invoke(
        "import",
        "salesforce",
        "--contact-roles",
        "messy/OpportunityContactRole-typo.csv",
        "--contacts",
        "messy/Contact-missing-column.csv",
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "accountmap: error: messy/OpportunityContactRole-typo.csv:1: missing column 'ContactId'; "
        "did you mean 'ContctId'?\n"
        "  hint: rename the column 'ContctId' to 'ContactId'\n"
        "accountmap: error: messy/Contact-missing-column.csv:1: missing column 'LastName'; "
        "did you mean 'LastNaam'?\n"
        "  hint: rename the column 'LastNaam' to 'LastName'\n"
    )


def test_without_opportunity_file_maps_get_placeholders(invoke, here: Path) -> None:
    result = invoke(*SF[:6], "--out", "maps")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "accountmap: note: without --opportunities, new maps get the Salesforce id as name, "
        "value 0 and stage 'discovery'; existing maps keep theirs\n"
    )
    text = (here / "maps/0015g00000acmeaaa-0065g00000pack3aa.yaml").read_text()
    assert text.startswith(
        "# Imported from Salesforce by `accountmap import salesforce`.\n"
        "opportunity:\n"
        "  name: 0065g00000Pack3AA\n"
        "  account: 0015g00000AcmeAAA\n"
        "  value: 0\n"
        "  stage: discovery\n"
    )


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (
            '[salesforce.roles]\n"Inkoper" = "buyer"\n',
            "roles.toml:2: salesforce.roles.'Inkoper': 'buyer' is not a role or attitude",
        ),
        (
            '[salesforce.stages]\nOfferte = "offer"\n',
            "roles.toml:2: salesforce.stages.'Offerte': 'offer' is not a stage",
        ),
        (
            '\n[salesforce.roles]\n"X" = { role = "economic_buyer", mood = "good" }\n',
            "roles.toml:3: salesforce.roles.'X': unknown field 'mood'",
        ),
        (
            "[salesforce.roles\n",
            "roles.toml:1: invalid TOML: Expected ']' at the end of a table declaration",
        ),
        ("[salesforce]\npeople = 1\n", "roles.toml:1: [salesforce]: unknown table 'people'"),
    ],
)
def test_broken_roles_file(invoke, here: Path, roles: str, message: str) -> None:
    (here / "roles.toml").write_text(roles)
    result = invoke(*SF, "--roles", "roles.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"accountmap: error: {message}"


def test_team_config_file_holds_the_tables(invoke, here: Path) -> None:
    (here / "accountmap.toml").write_text(
        'stages = ["lead", "offer", "won", "lost"]\nproposal-stage = "offer"\n'
        '[crm.salesforce.roles]\n"Inkoper" = "procurement"\n'
        '[crm.salesforce.stages]\n"Proposal/Price Quote" = "offer"\n"Negotiation/Review" = "offer"\n'
    )
    result = invoke(*SF, "--out", "maps")
    assert result.exit_code == 0, result.stderr
    text = (here / "maps/acme-bv-packaging-line-3.yaml").read_text()
    assert "  stage: offer\n" in text
    assert "    role: procurement\n" in text
    lint = invoke("lint", "maps", "--select", "AM0")
    assert lint.exit_code == 0, lint.stdout
    # A merge checks the result against the team's stages too.
    path = here / "maps/acme-bv-packaging-line-3.yaml"
    path.write_text(text.replace("  stage: offer\n", "  stage: lead\n"))
    again = invoke(*SF, "--out", "maps")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith(
        "updated maps/acme-bv-packaging-line-3.yaml: stage lead → offer\n"
    )


def test_missing_file_is_a_usage_error(invoke, here: Path) -> None:
    result = invoke(
        "import",
        "salesforce",
        "--contact-roles",
        "nope.csv",
        "--contacts",
        "salesforce/Contact.csv",
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "accountmap: error: nope.csv: OpportunityContactRole export not found\n"
    )


HUBSPOT_PACKAGING = """\
# Imported from HubSpot by `accountmap import hubspot`.
opportunity:
  name: Packaging line 3
  account: Acme B.V.
  value: 280000
  currency: EUR
  stage: proposal
  close_date: 2026-03-31
  x-crm-id: '9001'
stakeholders:
  - id: anne-marie-jansen
    name: Anne-Marie Jansen
    title: CEO
    role: influencer
    influence: high
    attitude: supporter
    x-crm-id: '51'
  - id: jan-de-vries
    name: Jan de Vries
    title: CFO
    role: economic_buyer
    influence: unknown
    attitude: unknown
    x-crm-id: '52'
  - id: pieter-bakker
    name: Pieter Bakker
    title: Production manager
    role: user_buyer
    influence: unknown
    attitude: champion
    x-crm-id: '53'
  - id: jurgen-ozdemir-bakker
    name: Jürgen Özdemir-Bakker
    title: Head of IT
    role: influencer
    influence: unknown
    attitude: blocker
    x-crm-id: '54'
  - id: sanne-visser
    name: Sanne Visser
    title: Legal counsel, contracts
    role: procurement
    influence: unknown
    attitude: unknown
    x-crm-id: '55'
"""


def test_hubspot_buying_roles_become_role_and_attitude(invoke, here: Path) -> None:
    result = invoke(*HS, "--out", "maps")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == (
        "created maps/acme-bv-packaging-line-3.yaml: 5 stakeholders\n"
        "created maps/acme-bv-spare-parts-2026.yaml: 2 stakeholders\n"
    )
    assert (here / "maps/acme-bv-packaging-line-3.yaml").read_text() == HUBSPOT_PACKAGING
    spare = (here / "maps/acme-bv-spare-parts-2026.yaml").read_text()
    assert "  value: 12500.75\n  currency: EUR\n  stage: negotiation\n" in spare
    assert spare.count("  - id: ") == 2  # Kees is associated twice, listed once
    assert invoke(*HS, "--out", "maps").stdout == (
        "unchanged maps/acme-bv-packaging-line-3.yaml\n"
        "unchanged maps/acme-bv-spare-parts-2026.yaml\n"
    )


def test_hubspot_conflicting_buying_roles_and_unknown_values(invoke, here: Path) -> None:
    (here / "c.csv").write_text(
        "Record ID,First Name,Last Name,Buying Role\n"
        '1,Ann,Smit,"BUDGET_HOLDER;END_USER;Gatekeeper"\n'
    )
    (here / "a.csv").write_text("Deal ID,Contact ID\n7,1\n7,2\n")
    result = invoke(
        "import", "hubspot", "--contacts", "c.csv", "--deal-associations", "a.csv", "--out", "maps"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "accountmap: note: without --deals, new maps get the HubSpot id as name, value 0 and "
        "stage 'discovery'; existing maps keep theirs\n"
        "accountmap: note: c.csv:2: Buying Role 'Gatekeeper' has no accountmap meaning; ignored\n"
        '  hint: map it in a --roles file: [hubspot.roles] "Gatekeeper" = "influencer"\n'
        "accountmap: note: c.csv:2: 'END_USER' would make this contact role user_buyer; kept "
        "economic_buyer from 'BUDGET_HOLDER'\n"
        "accountmap: error: a.csv:3: contact '2' is not in c.csv\n"
        "  hint: export the contacts of this deal too\n"
        "accountmap: error: maps/unknown-account-7.yaml: not written (opportunity '7')\n"
    )


def test_ids_that_yaml_1_1_would_misread_are_quoted(invoke, here: Path) -> None:
    # Contacts named "No" and "On": their ids (and the reports_to that points at one) are written
    # quoted, so no YAML 1.1 tool reads them as false / true.
    contacts = (here / "salesforce/Contact.csv").read_text()
    contacts = contacts.replace('"Jansen","Anne-Marie"', '"No",""').replace(
        '"de Vries","Jan"', '"On",""'
    )
    (here / "salesforce/Contact.csv").write_text(contacts)
    result = invoke(*SF, "--out", "maps")
    assert result.exit_code == 0, result.stderr
    text = (here / "maps/acme-bv-packaging-line-3.yaml").read_text()
    assert "  - id: 'on'\n    name: 'On'\n" in text
    assert "    reports_to: 'no'\n" in text
    assert "  - id: 'no'\n    name: 'No'\n" in text
    assert invoke("lint", "maps", "--select", "AM0").exit_code == 0


def test_a_map_that_cannot_be_written_is_an_error_not_a_traceback(
    invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    result = invoke(*SF, "--out", "maps")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        SF_NOTES + "accountmap: error: cannot write maps/acme-bv-packaging-line-3.yaml: "
        "No space left on device\n"
        + SF_SERVICE_NOTE
        + "accountmap: error: cannot write maps/acme-bv-service-contract-2027.yaml: "
        "No space left on device\n"
    )
    assert list((here / "maps").iterdir()) == []
