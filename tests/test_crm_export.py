"""Maps back to CRM CSV, the role tables in both directions, and the import → export → import trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accountmap_cli.crm import hubspot, salesforce
from accountmap_cli.crm.export import (
    export_crm_csv,
    hubspot_buying_role,
    salesforce_role,
    split_name,
)
from accountmap_cli.crm.mapping import Effect, load_settings, parse_amount, parse_date, slugify
from accountmap_cli.loader import load
from accountmap_cli.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "crm"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("salesforce", "hubspot"):
        shutil.copytree(FIXTURES / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _export(path: Path, system: str) -> str:
    doc = load(path)
    model = validate(doc).model
    assert model is not None
    return export_crm_csv(model, system, data=doc.data)


SALESFORCE_CSV = (
    "OpportunityId,ContactId,Role,Id,FirstName,LastName,Title,ReportsToId,AccountId\r\n"
    "0065g00000Pack3AA,0035g00000JanAAA,Economic Buyer,0035g00000JanAAA,Jan,de Vries,CFO,"
    "0035g00000AnnAAA,0015g00000AcmeAAA\r\n"
    "0065g00000Pack3AA,0035g00000AnnAAA,Executive Sponsor,0035g00000AnnAAA,Anne-Marie,Jansen,"
    "CEO,,0015g00000AcmeAAA\r\n"
    "0065g00000Pack3AA,0035g00000PieAAA,Business User,0035g00000PieAAA,Pieter,Bakker,"
    "Production manager,0035g00000AnnAAA,0015g00000AcmeAAA\r\n"
    "0065g00000Pack3AA,0035g00000JurAAA,Technical Buyer,0035g00000JurAAA,Jürgen,"
    "Özdemir-Bakker,Head of IT,0035g00000JanAAA,0015g00000AcmeAAA\r\n"
    "0065g00000Pack3AA,0035g00000SanAAA,Other,0035g00000SanAAA,Sanne,Visser,Purchasing lead,"
    "0035g00000JanAAA,0015g00000AcmeAAA\r\n"
)

HUBSPOT_CSV = (
    "Record ID,First Name,Last Name,Job Title,Buying Role,Deal ID,Contact ID\r\n"
    "51,Anne-Marie,Jansen,CEO,EXECUTIVE_SPONSOR,9001,51\r\n"
    "52,Jan,de Vries,CFO,BUDGET_HOLDER,9001,52\r\n"
    "53,Pieter,Bakker,Production manager,END_USER;CHAMPION,9001,53\r\n"
    "54,Jürgen,Özdemir-Bakker,Head of IT,INFLUENCER;BLOCKER,9001,54\r\n"
    '55,Sanne,Visser,"Legal counsel, contracts",LEGAL_AND_COMPLIANCE,9001,55\r\n'
)


def _sf_import(invoke, *files: str, out: str):
    roles, contacts = files
    return invoke(
        "import", "salesforce", "--contact-roles", roles, "--contacts", contacts, "--out", out
    )


def test_salesforce_round_trip_is_stable(invoke, here: Path) -> None:
    first = invoke(
        "import", "salesforce",
        "--contact-roles", "salesforce/OpportunityContactRole.csv",
        "--contacts", "salesforce/Contact.csv",
        "--opportunities", "salesforce/Opportunity.csv",
        "--accounts", "salesforce/Account.csv",
        "--out", "maps",
    )  # fmt: skip
    assert first.exit_code == 0
    exported = _export(here / "maps/acme-bv-packaging-line-3.yaml", "salesforce-csv")
    assert exported == SALESFORCE_CSV
    (here / "export.csv").write_bytes(exported.encode("utf-8"))
    # The export goes back into the same map without changing a byte...
    again = _sf_import(invoke, "export.csv", "export.csv", out="maps")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "unchanged maps/acme-bv-packaging-line-3.yaml\n"
    # ...and into an empty folder as the same people with the same roles.
    fresh = _sf_import(invoke, "export.csv", "export.csv", out="fresh")
    assert fresh.exit_code == 0
    [path] = (here / "fresh").iterdir()
    first_people = load(here / "maps/acme-bv-packaging-line-3.yaml").data["stakeholders"]
    assert load(path).data["stakeholders"] == first_people
    assert _export(path, "salesforce") == SALESFORCE_CSV


def test_hubspot_round_trip_is_stable(invoke, here: Path) -> None:
    first = invoke(
        "import", "hubspot",
        "--contacts", "hubspot/contacts.csv",
        "--deal-associations", "hubspot/deal_contacts.csv",
        "--deals", "hubspot/deals.csv",
        "--out", "maps",
    )  # fmt: skip
    assert first.exit_code == 0
    exported = _export(here / "maps/acme-bv-packaging-line-3.yaml", "hubspot-csv")
    assert exported == HUBSPOT_CSV
    (here / "export.csv").write_bytes(exported.encode("utf-8"))
    args = ("import", "hubspot", "--contacts", "export.csv", "--deal-associations", "export.csv")
    again = invoke(*args, "--out", "maps")
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "unchanged maps/acme-bv-packaging-line-3.yaml\n"
    fresh = invoke(*args, "--out", "fresh")
    assert fresh.exit_code == 0, fresh.stderr
    [path] = (here / "fresh").iterdir()
    first_people = load(here / "maps/acme-bv-packaging-line-3.yaml").data["stakeholders"]
    assert load(path).data["stakeholders"] == first_people
    assert _export(path, "hubspot") == HUBSPOT_CSV


def test_export_of_a_hand_written_map(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "opportunity:\n  name: X\n  account: Y\n  value: 1\n  stage: discovery\n"
        "stakeholders:\n"
        "  - id: cfo\n    title: CFO\n    role: economic_buyer\n"
        "  - id: kim\n    name: Kim\n    role: gatekeeper\n    attitude: skeptical\n"
        "  - id: bo\n    name: Bo van Dam\n    role: economic_buyer\n    influence: high\n"
        "    attitude: champion\n    reports_to: cfo\n"
    )
    assert _export(path, "salesforce") == (
        "OpportunityId,ContactId,Role,Id,FirstName,LastName,Title,ReportsToId,AccountId\r\n"
        ",,Gatekeeper,,,Kim,,,\r\n"
        ",,Decision Maker,,Bo,van Dam,,,\r\n"
    )
    assert _export(path, "hubspot") == (
        "Record ID,First Name,Last Name,Job Title,Buying Role,Deal ID,Contact ID\r\n"
        ",,Kim,,OTHER,,\r\n"
        ",Bo,van Dam,,DECISION_MAKER;CHAMPION,,\r\n"
    )


def test_unknown_system() -> None:
    with pytest.raises(ValueError, match="unknown CRM 'pipedrive'"):
        export_crm_csv(None, "pipedrive")


@pytest.mark.parametrize(
    ("person", "role"),
    [
        ({"role": "economic_buyer"}, "Economic Buyer"),
        ({"role": "economic_buyer", "influence": "high"}, "Decision Maker"),
        ({"role": "influencer", "influence": "high", "attitude": "supporter"}, "Executive Sponsor"),
        ({"role": "influencer", "influence": "high"}, "Influencer"),
        ({"role": "technical_buyer"}, "Technical Buyer"),
        ({"role": "user_buyer"}, "Business User"),
        ({"role": "procurement"}, "Procurement"),
        ({"role": "unknown", "attitude": "champion"}, "Other"),
    ],
)
def test_salesforce_role_back(person: dict[str, str], role: str) -> None:
    assert salesforce_role(person) == role
    assert salesforce.ROLES.lookup(role).matches(person)


@pytest.mark.parametrize(
    ("person", "value"),
    [
        ({"role": "economic_buyer"}, "BUDGET_HOLDER"),
        ({"role": "economic_buyer", "influence": "high", "attitude": "blocker"},
         "DECISION_MAKER;BLOCKER"),
        ({"role": "influencer", "influence": "high", "attitude": "supporter"}, "EXECUTIVE_SPONSOR"),
        ({"role": "unknown", "attitude": "champion"}, "CHAMPION"),
        ({"role": "technical_buyer"}, "OTHER"),
        ({"role": "unknown"}, "OTHER"),
    ],
)  # fmt: skip
def test_hubspot_buying_role_back(person: dict[str, str], value: str) -> None:
    assert hubspot_buying_role(person) == value


def test_every_default_value_survives_the_trip_back() -> None:
    for table in (salesforce.ROLES, hubspot.ROLES):
        for name, effect in table.entries:
            person = {"role": "unknown", "influence": "unknown", "attitude": "unknown"}
            person.update(dict(effect.items()))
            back = (
                salesforce_role(person)
                if table is salesforce.ROLES
                else hubspot_buying_role(person)
            )
            effects = [table.lookup(value) for value in back.split(";")]
            combined = {k: v for e in effects for k, v in e.items()}
            assert {k: v for k, v in combined.items() if v != "unknown"} == {
                k: v for k, v in effect.items() if v != "unknown"
            }, name


def test_lookup_ignores_case_spaces_and_underscores() -> None:
    assert hubspot.ROLES.lookup("Decision maker") == Effect("economic_buyer", "high")
    assert hubspot.ROLES.lookup("legal-and-compliance") == Effect("procurement")
    assert salesforce.ROLES.lookup("ECONOMIC_BUYER") == Effect("economic_buyer")
    assert salesforce.ROLES.lookup("Inkoper") is None


def test_roles_file_adds_and_replaces_values(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.accountmap.crm.hubspot.roles]\n"CHAMPION" = { attitude = "supporter" }\n'
        '"EVALUATOR" = "technical_buyer"\n'
        '[tool.accountmap.crm.hubspot.stages]\n"Demo gepland" = "validation"\n'
    )
    settings = load_settings(
        "hubspot",
        defaults_roles=hubspot.ROLES,
        defaults_stages=hubspot.STAGES,
        team_stages=("discovery", "validation", "won"),
        roles_file=path,
    )
    assert settings.roles.lookup("champion") == Effect(attitude="supporter")
    assert settings.roles.lookup("Evaluator") == Effect(role="technical_buyer")
    assert settings.stage_of("demo gepland") == "validation"
    assert settings.stage_of("closedwon") == "won"
    assert hubspot_buying_role({"role": "technical_buyer"}, settings.roles) == "EVALUATOR"


@pytest.mark.parametrize(
    ("text", "separator", "value"),
    [
        ("280000", ",", 280000.0),
        ("45000.5", ",", 45000.5),
        ("280.000,00", ";", 280000.0),
        ("280000,50", ";", 280000.5),
        ("125.000", ";", 125000.0),
        ("125,000", ",", 125000.0),
        ("€ 1.250.000,00", ";", 1250000.0),
        ("$125,000.00", ",", 125000.0),
        ("12,5", ",", 12.5),
    ],
)
def test_parse_amount(text: str, separator: str, value: float) -> None:
    assert parse_amount(text, separator=separator) == value


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("2026-03-31", ","),
        ("2026-03-31 00:00", ","),
        ("2026-03-31T00:00:00.000Z", ","),
        ("31-3-2026", ";"),
        ("31/03/2026", ";"),
        ("3/31/2026", ","),
        ("31.03.2026", ";"),
    ],
)
def test_parse_date(text: str, separator: str) -> None:
    import datetime as dt

    assert parse_date(text, separator=separator) == dt.date(2026, 3, 31)


def test_bad_amounts_and_dates() -> None:
    with pytest.raises(ValueError, match="'veel' is not an amount"):
        parse_amount("veel", separator=",")
    with pytest.raises(ValueError, match="'2026-02-30' is not a date in the calendar"):
        parse_date("2026-02-30", separator=",")
    with pytest.raises(ValueError, match=r"'next week' is not a date \(expected YYYY-MM-DD\)"):
        parse_date("next week", separator=",")


def test_names_and_file_names() -> None:
    assert split_name("Jan de Vries") == ("Jan", "de Vries")
    assert split_name("Madonna") == ("", "Madonna")
    assert slugify("Acme B.V. Packaging line 3") == "acme-bv-packaging-line-3"
    assert slugify("Müller & Söhne GmbH Großauftrag") == "muller-sohne-gmbh-grossauftrag"
