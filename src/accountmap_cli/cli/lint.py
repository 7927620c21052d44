"""`accountmap lint`: check maps against the format and the team's rules."""

from __future__ import annotations

from typing import Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    AsOf,
    ConfigPath,
    Ignore,
    Select,
    as_of_or_today,
    fail,
    settings_or_fail,
)

LINT_FORMATS = ("text", "json")


def lint(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Map files or folders (searched recursively for *.yaml and *.yml).",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(LINT_FORMATS)}."),
    ] = "text",
    as_of: AsOf = None,
    config: ConfigPath = None,
    select: Select = None,
    ignore: Ignore = None,
) -> None:
    """Check maps for broken YAML, invalid fields, bad references and the team's rules.

    Prints one line per finding, `path:line:col: CODE message`, then a summary. Exits 0 when no
    finding is an error, 1 when any is, 2 on a usage error.

    Team settings (severities, thresholds) come from `[tool.accountmap]` in pyproject.toml or an
    accountmap.toml found upward from the first map, or from --config.

    Example: accountmap lint maps/ --format json
    """
    from accountmap_cli.lint import check_files
    from accountmap_cli.loader import discover
    from accountmap_cli.render.lint import LINT_RENDERERS

    if output_format not in LINT_RENDERERS:
        fail(
            f"unknown format '{output_format}'",
            hint="choose one of: " + ", ".join(LINT_RENDERERS),
        )
    try:
        files = list(discover(paths))
    except FileNotFoundError as missing:
        fail(f"path '{missing.args[0]}' does not exist", hint="give a map file or a folder of maps")
    settings = settings_or_fail(paths, config=config, select=select, ignore=ignore)
    reports = list(check_files(files, as_of=as_of_or_today(as_of), settings=settings))
    typer.echo(LINT_RENDERERS[output_format](reports), nl=False)
    raise typer.Exit(EXIT_FINDINGS if any(r.errors for r in reports) else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(lint)
