"""`accountmap risk`: how risky is each deal, why, and what to do next."""

from __future__ import annotations

from typing import Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    AsOf,
    ConfigPath,
    as_of_or_today,
    fail,
    settings_or_fail,
)

RISK_FORMATS = ("text", "json")


def risk(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="MAP...",
            help="Map files or folders (searched recursively for *.yaml and *.yml).",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(RISK_FORMATS)}."),
    ] = "text",
    as_of: AsOf = None,
    config: ConfigPath = None,
) -> None:
    """Score each deal's risk from 0 to 100 (low, medium, high), with factors and next actions.

    The score adds up the points of the deal-risk findings (AM101-AM115); `accountmap rules` explains
    each one. Maps that cannot be read are reported on stderr and make the exit code 1.

    Example: accountmap risk maps/heijden-packaging-line.yaml --as-of 2026-12-04
    """
    import sys

    from accountmap_cli.lint import check_files
    from accountmap_cli.loader import discover
    from accountmap_cli.render.risk import DealRisk, render_risk_json, risk_panel
    from accountmap_cli.risk import score_report

    if output_format not in RISK_FORMATS:
        fail(f"unknown format '{output_format}'", hint="choose one of: " + ", ".join(RISK_FORMATS))
    try:
        files = list(discover(paths))
    except FileNotFoundError as missing:
        fail(f"path '{missing.args[0]}' does not exist", hint="give a map file or a folder of maps")
    if not files:
        fail("no map files found", hint="give a map file or a folder with *.yaml maps")
    settings = settings_or_fail(paths, config=config)
    deals: list[DealRisk] = []
    failed = []
    for report in check_files(files, as_of=as_of_or_today(as_of), settings=settings):
        if report.model is None:
            failed.append(report)
            continue
        closed = report.model.opportunity.stage in settings.closed_stages
        deals.append(DealRisk(report, score_report(report, settings), closed))
    if output_format == "json":
        typer.echo(render_risk_json(deals), nl=False)
    else:
        console = _console()
        for deal in deals:
            console.print(risk_panel(deal))
    for report in failed:
        lines = [f"accountmap: error: {report.path}: cannot be scored, the map is invalid"]
        lines += [
            f"  {f.location}: {f.code} {f.message}"
            for f in report.findings
            if f.severity == "error"
        ]
        sys.stderr.write("\n".join(lines) + "\n")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _console():
    import os

    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
        console = Console(highlight=False, width=120)
    return console


def register(app: typer.Typer) -> None:
    app.command()(risk)
