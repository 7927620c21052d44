"""`accountmap import salesforce|hubspot`: bootstrap and update maps from a CRM's CSV export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from accountmap_cli.cli.common import EXIT_FINDINGS, EXIT_OK, collect_cycles, fail

if TYPE_CHECKING:
    from types import ModuleType

    from accountmap_cli.crm.mapping import CrmSettings, ImportResult

import_app = typer.Typer(
    name="import",
    help="Create or update maps from a CRM export (Salesforce, HubSpot).\n\n"
    "Example: accountmap import salesforce --contact-roles OpportunityContactRole.csv "
    "--contacts Contact.csv --opportunities Opportunity.csv --out maps/",
    no_args_is_help=True,
)

OutDir = Annotated[
    str,
    typer.Option(
        "--out", metavar="DIR", help="Folder of maps to create or update (made when missing)."
    ),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run", help="Print what would be written (a diff per map) and write nothing."
    ),
]
RolesFile = Annotated[
    str | None,
    typer.Option(
        "--roles",
        metavar="PATH",
        help="TOML file with the team's own role and stage values (tables salesforce.roles, "
        "salesforce.stages, hubspot.roles, hubspot.stages; see the README).",
        show_default=False,
    ),
]


def _csv_option(flag: str, what: str) -> object:
    return typer.Option(flag, metavar="CSV", help=what, show_default=False)


def salesforce(
    contact_roles: Annotated[
        str, _csv_option("--contact-roles", "OpportunityContactRole export (CSV).")
    ],
    contacts: Annotated[str, _csv_option("--contacts", "Contact export (CSV).")],
    opportunities: Annotated[
        str | None,
        _csv_option(
            "--opportunities", "Opportunity export (CSV): name, amount, stage, close date."
        ),
    ] = None,
    accounts: Annotated[
        str | None, _csv_option("--accounts", "Account export (CSV): account names.")
    ] = None,
    out: OutDir = "maps",
    roles: RolesFile = None,
    dry_run: DryRun = False,
) -> None:
    """Write one map per Salesforce opportunity with contact roles, or merge into its map.

    People are matched by `x-crm-id`; nothing already on a map is lost (the map wins, the CRM fills gaps). A map with a problem in its part of the export is not written at all. Exits 0 when every map was written, 1 when any map was not, 2 when a file cannot be used.

    Example: accountmap import salesforce --contact-roles OpportunityContactRole.csv --contacts Contact.csv --opportunities Opportunity.csv --out maps/ --dry-run
    """
    from accountmap_cli.crm import salesforce as sf

    _import(
        sf,
        dict(
            contact_roles=contact_roles,
            contacts=contacts,
            opportunities=opportunities,
            accounts=accounts,
        ),
        missing="--opportunities" if opportunities is None else None,
        roles=roles,
        out=out,
        dry_run=dry_run,
    )


def hubspot(
    contacts: Annotated[str, _csv_option("--contacts", "Contacts export (CSV).")],
    deal_associations: Annotated[
        str,
        _csv_option("--deal-associations", "Deal–contact associations (CSV: Deal ID, Contact ID)."),
    ],
    deals: Annotated[
        str | None,
        _csv_option("--deals", "Deals export (CSV): name, amount, stage, close date."),
    ] = None,
    out: OutDir = "maps",
    roles: RolesFile = None,
    dry_run: DryRun = False,
) -> None:
    """Write one map per HubSpot deal with contacts, or merge into its map.

    Buying roles become role and attitude (`CHAMPION` is an attitude, `BUDGET_HOLDER` a role). People are matched by `x-crm-id`; nothing already on a map is lost. Exits 0 when every map was written, 1 when any map was not, 2 when a file cannot be used.

    Example: accountmap import hubspot --contacts contacts.csv --deal-associations deal-contacts.csv --deals deals.csv --out maps/
    """
    from accountmap_cli.crm import hubspot as hs

    _import(
        hs,
        dict(contacts=contacts, associations=deal_associations, deals=deals),
        missing="--deals" if deals is None else None,
        roles=roles,
        out=out,
        dry_run=dry_run,
    )


def _import(
    crm: ModuleType,
    files: dict[str, str | None],
    *,
    missing: str | None,
    roles: str | None,
    out: str,
    dry_run: bool,
) -> None:
    """Import one CRM's export (`crm`: its module in `accountmap_cli.crm`; `files`: the
    `read_export` arguments naming files; `missing`: the option whose file was not given)."""
    # Merging into existing maps builds ruamel round-trip documents, which hold reference cycles:
    # thousands of them need the cycle collector that the entry point turned off for start-up.
    collect_cycles()
    settings, stages = _settings(crm.SYSTEM, crm.ROLES, crm.STAGES, roles, out)
    result = _read(lambda: crm.read_export(**files, settings=settings, team_stages=stages))
    _run(result, system=crm.NAME, out=out, stages=stages, dry_run=dry_run, missing=missing)


def _settings(system, roles_table, stage_table, roles_file, out) -> tuple[CrmSettings, tuple]:
    from accountmap_cli import config as config_module
    from accountmap_cli.crm.mapping import load_settings
    from accountmap_cli.errors import AccountmapError

    try:
        team = config_module.load_settings([out])
        stages = team.stages
        if roles_file is None:
            roles_file = team.source
        settings = load_settings(
            system,
            defaults_roles=roles_table,
            defaults_stages=stage_table,
            team_stages=stages,
            roles_file=roles_file,
        )
    except AccountmapError as error:
        fail(str(error), hint=error.hint)
    return settings, stages


def _read(reader) -> ImportResult:
    from accountmap_cli.crm.csvread import CsvError

    try:
        return reader()
    except CsvError as error:
        for problem in error.problems[:-1]:
            _say("error", str(problem), problem.hint)
        last = error.problems[-1]
        fail(str(last), hint=last.hint)


def _say(kind: str, message: str, hint: str | None = None) -> None:
    text = f"accountmap: {kind}: {message}"
    if hint:
        text += f"\n  hint: {hint}"
    typer.echo(text, err=True)


def _run(
    result: ImportResult,
    *,
    system: str,
    out: str,
    stages: tuple,
    dry_run: bool,
    missing: str | None,
) -> None:
    import os

    from accountmap_cli.crm.merge import plan_maps
    from accountmap_cli.edit.atomic import FolderSyncs
    from accountmap_cli.errors import AccountmapError

    for note in result.notes:
        _say("note", str(note), note.hint)
    for problem in result.errors:
        _say("error", str(problem), problem.hint)
    if missing is not None:
        _say(
            "note",
            f"without {missing}, new maps get the {system} id as name, value 0 and stage "
            f"'{stages[0]}'; existing maps keep theirs",
        )
    if not result.deals:
        fail(
            "the export has no opportunity with contacts; nothing to import",
            hint="check that the contact-role (association) file belongs to this export",
            code=EXIT_FINDINGS,
        )
    if os.path.exists(out) and not os.path.isdir(out):
        fail(f"--out '{out}' is a file, not a folder")
    plans = plan_maps(result, out_dir=out, system=system, stages=stages)
    failed = bool(result.errors)
    if not dry_run and any(p.action == "create" for p in plans):
        try:
            os.makedirs(out, exist_ok=True)
        except OSError as error:
            fail(f"cannot create folder '{out}': {error.strerror}")
    verbs = {
        "create": ("would create", "created"),
        "update": ("would update", "updated"),
        "unchanged": ("unchanged", "unchanged"),
    }
    # One fsync per folder at the end instead of one per map (each map's bytes are on disk
    # before it takes its name either way).
    with FolderSyncs() as later:
        for plan in plans:
            for note, hint in plan.notes:
                _say("note", note, hint)
            if plan.action == "failed":
                failed = True
                for error, hint in plan.errors:
                    _say("error", error, hint)
                _say("error", f"{plan.path}: not written (opportunity '{plan.deal.crm_id}')")
                continue
            if dry_run:
                typer.echo(plan.diff(), nl=False)
            else:
                try:
                    plan.write(later=later)
                except AccountmapError as error:
                    failed = True
                    _say("error", error.message, error.hint)
                    continue
                except OSError as error:
                    failed = True
                    _say("error", f"cannot write {plan.path}: {error.strerror}")
                    continue
            verb = verbs[plan.action][0 if dry_run else 1]
            summary = f": {plan.summary}" if plan.summary and plan.action != "unchanged" else ""
            typer.echo(f"{verb} {plan.path}{summary}", err=dry_run)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


import_app.command()(salesforce)
import_app.command()(hubspot)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
