"""`accountmap review`: the weekly pipeline review across every map."""

from __future__ import annotations

from typing import Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    AsOf,
    ConfigPath,
    Jobs,
    as_of_or_today,
    fail,
    make_console,
    settings_or_fail,
)

REVIEW_FORMATS = ("table", "markdown", "json", "csv")
SORTS = ("attention", "value", "risk", "stage", "close-date", "days-silent")
LEVELS = ("low", "medium", "high")
PROGRESS_FROM = 200
"""Show a progress bar on a terminal from this many maps on; smaller runs finish in a blink."""


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def review(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Map files or folders (default: maps/).", show_default=False),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, markdown, json or csv.")
    ] = "table",
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="attention (risk level, then value; default), value, risk, stage, close-date "
            "or days-silent.",
        ),
    ] = "attention",
    owner: Annotated[
        list[str] | None,
        typer.Option("--owner", help="Only deals of this owner (team id or name); repeatable."),
    ] = None,
    stage: Annotated[
        list[str] | None, typer.Option("--stage", help="Only deals in this stage; repeatable.")
    ] = None,
    account: Annotated[
        list[str] | None,
        typer.Option("--account", help="Only accounts whose name contains this text; repeatable."),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option("--level", help="Only deals at this risk level (low, medium, high)."),
    ] = None,
    min_value: Annotated[
        float | None,
        typer.Option("--min-value", help="Only deals worth at least this much.", min=0),
    ] = None,
    include_closed: Annotated[
        bool, typer.Option("--all", help="Include won and lost deals.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV|DATE",
            help="Also show what changed since a git revision (HEAD~3, main@{2026-11-27}, a "
            "commit) or date (2026-11-27, 7.days.ago): risk change, stakeholders added, "
            "attitude moves, and the deals whose risk went up.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOf = None,
    config: ConfigPath = None,
    jobs: Jobs = None,
) -> None:
    """The weekly pipeline review: one row per open deal, those that most need attention on top.

    Each row shows the stakeholders, the economic buyer, the champion, the blockers, the days of
    silence, the risk and the next action.

    Maps that cannot be read are listed under the table with their first error; the exit code is
    then 1. Filters combine (all must match).

    With --since, the maps are compared with their versions in git at that revision (a date
    means the last commit before it; YYYY-MM-DD: before that day began). Both sides are judged as
    of the same date (--as-of), so a risk change is what the edits did.

    Example: accountmap review maps/ --owner sanne --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from accountmap_cli.loader import discover
    from accountmap_cli.parallel import review_entries
    from accountmap_cli.render.review import REVIEW_FORMATS as RENDERERS
    from accountmap_cli.review import Filters, build_review

    if output_format not in RENDERERS:
        fail(f"unknown format '{output_format}'", hint="choose one of: " + ", ".join(RENDERERS))
    if sort not in SORTS:
        fail(f"unknown sort '{sort}'", hint="choose one of: " + ", ".join(SORTS))
    levels = _split(level)
    for name in levels:
        if name not in LEVELS:
            fail(f"unknown risk level '{name}'", hint="choose from: low, medium, high")
    paths = paths or ["maps"]
    try:
        files = list(discover(paths))
    except FileNotFoundError as missing:
        fail(f"path '{missing.args[0]}' does not exist", hint="give a map file or a folder of maps")
    settings = settings_or_fail(paths, config=config)
    for name in _split(stage):
        if name not in settings.stages:
            fail(f"unknown stage '{name}'", hint="stages: " + ", ".join(settings.stages))
    filters = Filters(
        owners=_split(owner),
        stages=_split(stage),
        accounts=_split(account),
        levels=levels,
        min_value=min_value,
        include_closed=include_closed,
    )
    day = as_of_or_today(as_of)
    changes = _since(since, files, paths, as_of=day, settings=settings) if since else None
    reports = review_entries(files, as_of=day, settings=settings, jobs=jobs)
    reports = _with_progress(reports, total=len(files))
    result = build_review(
        reports, as_of=day, settings=settings, filters=filters, sort=sort, since=changes
    )
    renderer = RENDERERS[output_format]
    if renderer is None and not _stdout_is_terminal():
        from accountmap_cli.render.review import review_text

        typer.echo(review_text(result, width=_plain_width()), nl=False)
    elif renderer is None:
        from accountmap_cli.render.review import review_table

        make_console().print(review_table(result))
    else:
        typer.echo(renderer(result), nl=False)
    raise typer.Exit(EXIT_FINDINGS if result.problems else EXIT_OK)


def _stdout_is_terminal() -> bool:
    """Whether rich would treat stdout as a terminal (its rules, without importing it):
    TTY_COMPATIBLE=0/1 decides, then FORCE_COLOR (set and not empty), then isatty."""
    import os
    import sys

    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return sys.stdout.isatty()
    except ValueError:  # closed
        return False


def _plain_width() -> int:
    """COLUMNS when it is a number, else the width rich gets in a pipe (`make_console`)."""
    import os

    from accountmap_cli.cli.common import PIPE_WIDTH

    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else PIPE_WIDTH


def _since(since: str, files: list[str], paths: list[str], *, as_of, settings):
    """The maps' changes since a revision or date, or a usage error (exit 2)."""
    from accountmap_cli.errors import AccountmapError
    from accountmap_cli.gitio import open_repo, resolve_since
    from accountmap_cli.review import read_since

    try:
        repo = open_repo(paths[0])
        commit = resolve_since(repo, since)
        return read_since(repo, commit, files, folders=paths, as_of=as_of, settings=settings)
    except AccountmapError as error:
        hint = error.hint
        if error.message.startswith("unknown revision") and "no commits" not in error.message:
            hint = (
                "give a revision (HEAD~1, main, main@{2026-11-27}, a commit) or a date "
                "(2026-11-27, 7.days.ago, 2.weeks.ago)"
            )
        fail(error.message, hint=hint)


def _with_progress(reports, *, total: int):
    """Wrap the reports in a transient progress bar when many maps are read on a terminal."""
    import sys

    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield from reports
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("Reading maps", total=total)
        for report in reports:
            progress.advance(task)
            yield report


def register(app: typer.Typer) -> None:
    app.command()(review)
