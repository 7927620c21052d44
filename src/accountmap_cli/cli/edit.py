"""`accountmap new`, `add`, `update`, `link`, `unlink`, `log`, `remove`: edit maps from the shell.

Every command keeps the map's comments, blank lines, key order and quoting; `git diff` afterwards
shows only the change asked for. The result is checked before it is written: a change that would
make the map invalid changes nothing (exit 1). `--dry-run` prints the diff and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from accountmap_cli.cli.common import EXIT_FINDINGS, EXIT_USAGE, fail, iso_date
from accountmap_cli.vocabulary import (
    DEFAULT_STAGES,
    Attitude,
    Influence,
    RelationshipType,
    Role,
    Source,
    Strategy,
)

ROLES = tuple(Role)
INFLUENCES = tuple(Influence)
ATTITUDES = tuple(Attitude)
SOURCES = tuple(Source)
STRATEGIES = tuple(Strategy)
RELATIONSHIP_TYPES = tuple(RelationshipType)
__all__ = ["DEFAULT_STAGES", "register"]


def _interactive() -> bool:
    """Whether we may ask for a missing option (a person at a terminal)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _normal_choice(value: str, allowed: Sequence[str]) -> str:
    """`user-buyer`, `User Buyer` and ` user_buyer` all mean `user_buyer` on the command line."""
    if value in allowed:
        return value
    normal = "_".join(value.strip().lower().replace("-", " ").split())
    return normal if normal in allowed else value


def _check_choice(option: str, value: str, allowed: Sequence[str]) -> str:
    value = _normal_choice(value, allowed)
    if value not in allowed:
        import difflib

        close = difflib.get_close_matches(value, allowed, n=1)
        message = f"{option}: '{value}' is not allowed"
        if close:
            message += f"; did you mean '{close[0]}'?"
        fail(message, hint="allowed values: " + ", ".join(allowed), code=EXIT_USAGE)
    return value


def _choice(option: str, value: str | None, allowed: Sequence[str]) -> str | None:
    return None if value is None else _check_choice(option, value, allowed)


def _parse_date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return iso_date(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date", hint="write it as YYYY-MM-DD", code=EXIT_USAGE)


def _required(
    option: str,
    value: Any,
    *,
    label: str,
    allowed: Sequence[str] | None = None,
    convert: Callable[[str], Any] | None = None,
) -> Any:
    """The option's value; asked for at a terminal when missing, else a usage error (exit 2)."""
    if value is not None:
        return value
    if not _interactive():
        hint = f"give {option}" + (f" (one of: {', '.join(allowed)})" if allowed else "")
        fail(f"missing option '{option}'", hint=hint, code=EXIT_USAGE)

    def check(answer: str) -> Any:
        answer = answer.strip()
        if allowed is not None:
            answer = _normal_choice(answer, allowed)
        if allowed is not None and answer not in allowed:
            raise typer.BadParameter("choose one of: " + ", ".join(allowed))
        if convert is not None:
            try:
                return convert(answer)
            except ValueError:
                raise typer.BadParameter(f"'{answer}' is not valid here") from None
        if not answer:
            raise typer.BadParameter("this cannot be empty")
        return answer

    text = label + (f" ({', '.join(allowed)})" if allowed else "")
    return typer.prompt(text, value_proc=check)


def _not_found(path: str) -> None:
    if not os.path.exists(path):
        fail(
            f"map '{path}' does not exist",
            hint="give the path of a map file; `accountmap new` creates one",
            code=EXIT_USAGE,
        )


def _finish(planned: Any, *, dry_run: bool) -> None:
    from accountmap_cli.edit.atomic import MapChangedError, MapExistsError

    for note in planned.notes:
        typer.echo(f"accountmap: note: {note}", err=True)
    if dry_run:
        typer.echo(planned.diff(), nl=False)
        typer.echo(f"dry run, nothing written: {planned.message}", err=True)
        return
    try:
        planned.write()
    except (MapChangedError, MapExistsError) as error:
        fail(error.message, hint=error.hint, code=EXIT_FINDINGS)
    except OSError as error:
        fail(f"cannot write {planned.path}: {error.strerror}", code=EXIT_FINDINGS)
    typer.echo(planned.message)


def _edit(path: str, change: Callable[[Any], Any], *, dry_run: bool) -> None:
    """Run one change on a map: read, refuse broken maps, change, validate, write (or show diff)."""
    from accountmap_cli.edit.session import EditError, InvalidResultError, plan_edit
    from accountmap_cli.errors import MapLoadError

    _not_found(path)
    try:
        planned = plan_edit(path, lambda doc: change(doc).describe(path))
    except MapLoadError as error:
        fail(
            f"{error}; a map that does not load is never rewritten",
            hint=error.hint or "fix it by hand first; `accountmap lint` shows the problem",
            code=EXIT_FINDINGS,
        )
    except (EditError, InvalidResultError) as error:
        fail(error.message, hint=error.hint, code=EXIT_FINDINGS)
    _finish(planned, dry_run=dry_run)


def _stages(path: str) -> tuple[str, ...]:
    """The team's stages (from its settings file when there is one), else the default stages."""
    try:
        from accountmap_cli.config import load_settings
    except ImportError:  # pragma: no cover - settings files arrive with the config work
        return DEFAULT_STAGES
    from accountmap_cli.errors import ConfigError, UsageError

    folder = os.path.dirname(os.path.abspath(path))
    try:
        return tuple(load_settings([folder]).stages)
    except (ConfigError, UsageError) as error:
        fail(str(error), hint=error.hint, code=EXIT_USAGE)


DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print the diff the command would apply; write nothing.")
]
MapPath = Annotated[
    str, typer.Argument(metavar="MAP", help="The map file to edit.", show_default=False)
]
StakeholderId = Annotated[
    str, typer.Argument(metavar="ID", help="The stakeholder's id.", show_default=False)
]


def _opt(help_text: str, *names: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help_text, metavar=metavar, show_default=False)


Name = Annotated[str | None, _opt("Full name.", "--name")]
RoleOption = Annotated[str | None, _opt("Role: " + ", ".join(ROLES) + ".", "--role")]
InfluenceOption = Annotated[
    str | None, _opt("Influence: " + ", ".join(INFLUENCES) + ".", "--influence")
]
AttitudeOption = Annotated[
    str | None, _opt("Attitude: " + ", ".join(ATTITUDES) + ".", "--attitude")
]
ReportsTo = Annotated[
    str | None, _opt("Id of their boss on the map.", "--reports-to", metavar="ID")
]
LastContact = Annotated[
    str | None, _opt("Date of the last contact.", "--last-contact", metavar="YYYY-MM-DD")
]
Concerns = Annotated[str | None, _opt("Their primary concern.", "--concerns")]
FromId = Annotated[str, typer.Argument(metavar="FROM", help="Id of one stakeholder.")]
ToId = Annotated[str, typer.Argument(metavar="TO", help="Id of the other stakeholder.")]


def new(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The map file to create.")],
    account: Annotated[str | None, _opt("The buying company.", "--account")] = None,
    name: Annotated[str | None, _opt("Name of the opportunity.", "--name")] = None,
    value: Annotated[float | None, _opt("Deal value, a number of 0 or more.", "--value")] = None,
    stage: Annotated[
        str | None, _opt("Sales stage: " + ", ".join(DEFAULT_STAGES) + ".", "--stage")
    ] = None,
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code.")] = "EUR",
    close_date: Annotated[
        str | None, _opt("Expected close date.", "--close-date", metavar="YYYY-MM-DD")
    ] = None,
    owner: Annotated[
        str | None,
        _opt("Who on our team owns the deal (a name or an id); added to `team`.", "--owner"),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Create a map from a commented template that explains every field.

    The first line links the team's schema file for editor hints when one is found above the
    map's folder (accountmap.schema.json or schema.json). Never overwrites an existing file.

    Example: accountmap new maps/acme-line3.yaml --account ACME --name 'Line 3' --value 280000 --stage discovery
    """
    from accountmap_cli.edit.session import InvalidResultError, plan_new
    from accountmap_cli.edit.template import find_schema, render

    closes = _parse_date("--close-date", close_date)
    if os.path.lexists(path):
        fail(
            f"{path} already exists; not overwriting it",
            hint="choose another file name",
            code=EXIT_FINDINGS,
        )
    stages = _stages(path)
    if stage is not None:
        stage = _check_choice("--stage", stage, stages)
    account = _required("--account", account, label="Account (the buying company)")
    name = _required("--name", name, label="Opportunity name")
    value = _required("--value", value, label="Deal value", convert=float)
    if value < 0:
        fail("--value must be 0 or more", code=EXIT_USAGE)
    stage = _required("--stage", stage, label="Stage", allowed=stages)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        fail(f"folder '{os.path.dirname(path)}' does not exist", hint="create it first")
    text = render(
        account=account,
        name=name,
        value=value,
        stage=stage,
        currency=currency,
        close_date=closes,
        owner=owner,
        schema=find_schema(folder),
    )
    try:
        planned = plan_new(path, text, f"created {path}", stages=stages)
    except InvalidResultError as error:
        fail(error.message, hint=error.hint, code=EXIT_FINDINGS)
    _finish(planned, dry_run=dry_run)


def add(
    path: MapPath,
    name: Name = None,
    title: Annotated[str | None, _opt("Job title, e.g. 'CFO'.", "--title")] = None,
    role: RoleOption = None,
    influence: InfluenceOption = None,
    attitude: AttitudeOption = None,
    reports_to: ReportsTo = None,
    source: Annotated[
        list[str] | None,
        _opt(
            "How role and influence were confirmed (repeatable): " + ", ".join(SOURCES) + ".",
            "--source",
        ),
    ] = None,
    last_contact: LastContact = None,
    concerns: Concerns = None,
    person_id: Annotated[
        str | None, _opt("Id to use instead of one made from the name.", "--id", metavar="ID")
    ] = None,
    team: Annotated[
        bool, typer.Option("--team", help="Add a member of our team instead of a stakeholder.")
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Add a stakeholder (or, with --team, a member of our team) and print the new id.

    The id is made from the name (`Jürgen Ôzdemir-Bakker` → jurgen-ozdemir-bakker); a taken id
    gets -2, -3, ... appended.

    Example: accountmap add maps/acme.yaml --name 'Anna Jansen' --title CFO --role economic_buyer
    """
    from accountmap_cli.edit import operations

    role = _choice("--role", role, ROLES)
    influence = _choice("--influence", influence, INFLUENCES)
    attitude = _choice("--attitude", attitude, ATTITUDES)
    source = [_check_choice("--source", item, SOURCES) for item in source or ()]
    contacted = _parse_date("--last-contact", last_contact)
    if team:
        extra = [
            option
            for option, given in (
                ("--role", role),
                ("--influence", influence),
                ("--attitude", attitude),
                ("--reports-to", reports_to),
                ("--source", source),
                ("--last-contact", last_contact),
                ("--concerns", concerns),
            )
            if given
        ]
        if extra:
            fail(f"{extra[0]} is for stakeholders, not for --team", code=EXIT_USAGE)
    _not_found(path)
    name = _required("--name", name, label="Full name")
    if team:
        _edit(
            path,
            lambda doc: operations.add_team_member(
                doc, name=name, member_id=person_id, title=title
            ),
            dry_run=dry_run,
        )
        return
    _edit(
        path,
        lambda doc: operations.add_stakeholder(
            doc,
            name=name,
            stakeholder_id=person_id,
            title=title,
            role=role,
            influence=influence,
            attitude=attitude,
            reports_to=reports_to,
            sources=source or (),
            last_contact=contacted,
            concerns=concerns,
        ),
        dry_run=dry_run,
    )


def update(
    path: MapPath,
    stakeholder_id: StakeholderId,
    name: Name = None,
    title: Annotated[str | None, _opt("Job title.", "--title")] = None,
    role: RoleOption = None,
    influence: InfluenceOption = None,
    attitude: AttitudeOption = None,
    reports_to: ReportsTo = None,
    strategy: Annotated[
        str | None, _opt("For skeptics and blockers: " + ", ".join(STRATEGIES) + ".", "--strategy")
    ] = None,
    last_contact: LastContact = None,
    concerns: Concerns = None,
    source: Annotated[
        list[str] | None,
        _opt("Replace the sources (repeatable): " + ", ".join(SOURCES) + ".", "--source"),
    ] = None,
    notes: Annotated[str | None, _opt("Free notes.", "--notes")] = None,
    plan_timing: Annotated[
        str | None, _opt("Engagement plan: when, e.g. 'before proposal'.", "--plan-timing")
    ] = None,
    plan_message: Annotated[
        str | None, _opt("Engagement plan: the message for them.", "--plan-message")
    ] = None,
    plan_owner: Annotated[
        str | None, _opt("Engagement plan: id of our team member.", "--plan-owner", metavar="ID")
    ] = None,
    plan_goal: Annotated[
        str | None, _opt("Engagement plan: what the contact should achieve.", "--plan-goal")
    ] = None,
    unset: Annotated[
        list[str] | None,
        _opt(
            "Remove a field (repeatable), e.g. --unset reports_to or --unset plan-goal.",
            "--unset",
            metavar="FIELD",
        ),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Change fields of one stakeholder; --unset FIELD removes a field.

    Only the lines of the changed fields differ afterwards; comments on them are kept.

    Example: accountmap update maps/acme.yaml anna-jansen --attitude champion --plan-goal 'Sponsor the case'
    """
    from accountmap_cli.edit import operations

    role = _choice("--role", role, ROLES)
    influence = _choice("--influence", influence, INFLUENCES)
    attitude = _choice("--attitude", attitude, ATTITUDES)
    strategy = _choice("--strategy", strategy, STRATEGIES)
    if source is not None:
        source = [_check_choice("--source", item, SOURCES) for item in source]
    fields = [
        field if field.startswith("x-") else field.replace("-", "_").replace("engagement.", "plan_")
        for field in unset or ()
    ]
    for field in fields:
        if not field.startswith("x-"):
            _check_choice("--unset", field, operations.UNSETTABLE)
    changes = {
        "name": name,
        "title": title,
        "role": role,
        "influence": influence,
        "attitude": attitude,
        "reports_to": reports_to,
        "strategy": strategy,
        "last_contact": _parse_date("--last-contact", last_contact),
        "concerns": concerns,
        "sources": list(source) if source else None,
        "notes": notes,
        "plan_timing": plan_timing,
        "plan_message": plan_message,
        "plan_owner": plan_owner,
        "plan_goal": plan_goal,
    }
    if all(value is None for value in changes.values()) and not fields:
        fail("nothing to change", hint="give a field option such as --attitude, or --unset FIELD")
    _edit(
        path,
        lambda doc: operations.update_stakeholder(
            doc, stakeholder_id, changes=changes, unset=fields
        ),
        dry_run=dry_run,
    )


def link(
    path: MapPath,
    source: FromId,
    target: ToId,
    kind: Annotated[
        str | None, _opt("Type: " + ", ".join(RELATIONSHIP_TYPES) + ".", "--type")
    ] = None,
    note: Annotated[str | None, _opt("What we know about it.", "--note")] = None,
    dry_run: DryRun = False,
) -> None:
    """Record an informal tie between two stakeholders.

    Example: accountmap link maps/acme.yaml anna-jansen piet-bakker --type trusts --note 'Old colleagues'
    """
    from accountmap_cli.edit import operations

    kind = _choice("--type", kind, RELATIONSHIP_TYPES)
    _not_found(path)
    kind = _required("--type", kind, label="Type", allowed=RELATIONSHIP_TYPES)
    _edit(
        path,
        lambda doc: operations.link(doc, source, target, kind=kind, note=note),
        dry_run=dry_run,
    )


def unlink(
    path: MapPath,
    source: FromId,
    target: ToId,
    kind: Annotated[
        str | None,
        _opt("Only ties of this type: " + ", ".join(RELATIONSHIP_TYPES) + ".", "--type"),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Remove the ties between two stakeholders (in either direction).

    Example: accountmap unlink maps/acme.yaml anna-jansen piet-bakker --type tension
    """
    from accountmap_cli.edit import operations

    kind = _choice("--type", kind, RELATIONSHIP_TYPES)
    _edit(path, lambda doc: operations.unlink(doc, source, target, kind=kind), dry_run=dry_run)


def log(
    path: MapPath,
    people: Annotated[
        list[str] | None,
        _opt("Ids of the stakeholders, comma-separated (repeatable).", "--with", metavar="ID,ID"),
    ] = None,
    summary: Annotated[str | None, _opt("What was said and agreed.", "--summary")] = None,
    date: Annotated[
        str | None, _opt("When (default: today).", "--date", metavar="YYYY-MM-DD")
    ] = None,
    by: Annotated[
        str | None, _opt("Id of our team member who spoke to them.", "--by", metavar="ID")
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Record a meeting, call or visit; their engagement status follows from it.

    Example: accountmap log maps/acme.yaml --with anna-jansen,piet-bakker --summary 'Plant visit' --by sanne
    """
    from accountmap_cli.edit import operations

    when = _parse_date("--date", date) or dt.date.today()
    _not_found(path)
    if not people:
        answer = _required("--with", None, label="With (ids, comma-separated)")
        people = [answer]
    ids = [part.strip() for item in people for part in item.split(",") if part.strip()]
    if not ids:
        fail("--with needs at least one stakeholder id", code=EXIT_USAGE)
    summary = _required("--summary", summary, label="Summary")
    _edit(
        path,
        lambda doc: operations.log_interaction(doc, people=ids, summary=summary, date=when, by=by),
        dry_run=dry_run,
    )


def remove(
    path: MapPath,
    stakeholder_id: StakeholderId,
    cascade: Annotated[
        bool,
        typer.Option(
            "--cascade",
            help="Also remove what refers to them: reports_to lines, ties and their place in "
            "interactions (an interaction with nobody else left is removed).",
        ),
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Remove a stakeholder; refuses while others still refer to them, unless --cascade.

    Example: accountmap remove maps/acme.yaml piet-bakker --cascade --dry-run
    """
    from accountmap_cli.edit import operations

    _edit(
        path,
        lambda doc: operations.remove_stakeholder(doc, stakeholder_id, cascade=cascade),
        dry_run=dry_run,
    )


def register(app: typer.Typer) -> None:
    for command in (new, add, update, link, unlink, log, remove):
        app.command()(command)
