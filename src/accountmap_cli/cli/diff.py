"""`accountmap diff` and `accountmap history`: what changed in the deals, read from git."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_OK,
    AsOf,
    ConfigPath,
    as_of_or_today,
    fail,
    settings_or_fail,
)

FORMATS = ("text", "json")


def _print(output: object, output_format: str) -> None:
    if output_format == "json":
        typer.echo(output, nl=False)
        return
    from rich.console import Console

    Console(highlight=False).print(output, soft_wrap=True, end="")


def _check_format(output_format: str) -> None:
    if output_format not in FORMATS:
        fail(f"unknown format '{output_format}'", hint="choose one of: " + ", ".join(FORMATS))


def split_revisions(args: list[str]) -> tuple[str, str | None, list[str]]:
    """`[REV] [PATH...]` → (old revision, new revision or None for the working tree, paths).

    The first argument is a revision when it contains `..`, or when it is neither an existing
    file or folder nor a name ending in `.yaml`/`.yml`.
    """
    if not args:
        return "HEAD", None, []
    first, rest = args[0], args[1:]
    if "..." in first:
        fail(
            f"'{first}': the A...B form is not supported",
            hint="use A..B to compare two revisions",
        )
    if ".." in first:
        old, _, new = first.partition("..")
        return old or "HEAD", new or "HEAD", rest
    if os.path.exists(first) or first.endswith((".yaml", ".yml")):
        return "HEAD", None, args  # a map deleted since HEAD is still a path
    return first, None, rest


def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV] [PATH]...",
            help="A revision (HEAD~1, main, a tag) or REV..REV, then map files or folders.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    ] = "text",
    as_of: AsOf = None,
    config: ConfigPath = None,
) -> None:
    """Show what changed in the deals: stakeholders, attitudes, stage, value, risk and findings.

    Compares maps as maps, not as text: moving a key or editing a comment is no change. Without a
    revision it compares the working tree with HEAD; with REV, that revision with the working
    tree; with REV..REV, two revisions. Maps added, deleted or renamed are shown as such. Both
    sides are judged as of the same date (--as-of, default today) and with today's team settings,
    so the risk change is what the edits did.

    Example: accountmap diff main~5..main maps/
    """
    from accountmap_cli.errors import AccountmapError
    from accountmap_cli.gitdiff import diff_revisions
    from accountmap_cli.gitio import open_repo
    from accountmap_cli.render import diff as render

    _check_format(output_format)
    old, new, paths = split_revisions(list(args or []))
    settings = settings_or_fail(paths, config=config)
    try:
        repo = open_repo(paths[0] if paths else ".")
        result = diff_revisions(
            repo, old, new, paths, as_of=as_of_or_today(as_of), settings=settings
        )
    except AccountmapError as error:
        hint = error.hint
        if (
            not paths
            and new is None
            and old == (args or [""])[0]
            and "unknown revision" in error.message
        ):
            hint = f"'{old}' is neither a revision nor a file or folder"
        fail(error.message, hint=hint)
    if output_format == "json":
        _print(render.render_json(result), output_format)
    else:
        _print(render.render_text(result), output_format)
    raise typer.Exit(EXIT_OK)


def history(
    map_path: Annotated[
        str,
        typer.Argument(
            metavar="MAP", help="The map file (it may since have been deleted).", show_default=False
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    ] = "text",
    rev: Annotated[
        str, typer.Option("--rev", help="Read the history up to this revision.")
    ] = "HEAD",
    config: ConfigPath = None,
) -> None:
    """Show the timeline of one map from git: stakeholders added, attitude and stage changes.

    Each entry gives the date, the commit and its author, so a team can see when mapping began
    (at discovery, or only at proposal?) and when a champion cooled off. Renames are followed.

    Example: accountmap history maps/acme-packaging.yaml
    """
    from accountmap_cli.errors import AccountmapError
    from accountmap_cli.gitio import open_repo
    from accountmap_cli.history import read_history
    from accountmap_cli.render import history as render

    _check_format(output_format)
    settings = settings_or_fail([map_path], config=config)
    try:
        repo = open_repo(map_path)
        result = read_history(repo, map_path, rev=rev, settings=settings)
    except AccountmapError as error:
        fail(error.message, hint=error.hint)
    if output_format == "json":
        _print(render.render_json(result), output_format)
    else:
        _print(render.render_text(result), output_format)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(diff)
    app.command()(history)
