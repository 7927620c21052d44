"""`accountmap export`, `grid` and `plan`: a map as a picture, a power grid and an action list."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_FINDINGS,
    AsOf,
    ConfigPath,
    as_of_or_today,
    fail,
    settings_or_fail,
    write_output,
)

if TYPE_CHECKING:
    from accountmap_cli.config import Settings
    from accountmap_cli.lint import MapReport
    from accountmap_cli.loader import Document

EXPORT_FORMATS = ("mermaid", "dot", "json", "markdown", "salesforce-csv", "hubspot-csv")
TABLE_FORMATS = ("text", "markdown")

MapArgument = Annotated[
    str, typer.Argument(help="The map file (.yaml or .yml).", show_default=False, metavar="MAP")
]


def _checked(path: str, as_of: AsOf, config: str | None) -> tuple[MapReport, Settings, Document]:
    """Read and check the map like `lint` does (the file is read once); a map that cannot be read
    is exit 1 with its findings."""
    if not os.path.exists(path):
        fail(f"path '{path}' does not exist", hint="give the path of one map file")
    if os.path.isdir(path):
        fail(f"'{path}' is a folder", hint="give one map file, e.g. maps/deal.yaml")
    from accountmap_cli.errors import MapLoadError
    from accountmap_cli.lint import MapReport, check_document, load_error_finding
    from accountmap_cli.loader import load
    from accountmap_cli.render.lint import render_text

    settings = settings_or_fail([path], config=config)
    try:
        document = load(path)
    except MapLoadError as error:
        report = MapReport(path, [load_error_finding(error)])
    else:
        report = check_document(document, as_of=as_of_or_today(as_of), settings=settings)
    if not report.loaded:
        typer.echo(render_text([report]), err=True, nl=False)
        fail(
            f"'{path}' is not a valid map",
            hint=f"fix the errors above; `accountmap lint {path}` checks it again",
            code=EXIT_FINDINGS,
        )
    return report, settings, document


def _print_rich(*renderables: object) -> None:
    """Print tables and sentences; sentences hold names, so they are text, never rich markup."""
    from rich.text import Text

    from accountmap_cli.cli.common import make_console

    console = make_console()
    for renderable in renderables:
        console.print(Text(renderable) if isinstance(renderable, str) else renderable)


def export(
    path: MapArgument,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(EXPORT_FORMATS)}."),
    ] = "mermaid",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of printing."),
    ] = None,
    as_of: AsOf = None,
    config: ConfigPath = None,
) -> None:
    """Draw a map as an org chart, write a one-page deal brief, or export JSON.

    --format mermaid: a flowchart; GitHub draws it inside a ```mermaid block.
    --format dot: the same picture for Graphviz (dot -Tsvg).
    --format markdown: a deal brief with facts, people, diagram, risks and plan.
    --format json: the map with its derived facts (version 1).
    --format salesforce-csv / hubspot-csv: the stakeholders in the CRM's vocabulary, for its
    import wizard.

    Example: accountmap export maps/deal.yaml --format markdown --output brief.md
    """
    if output_format not in EXPORT_FORMATS:
        fail(
            f"unknown format '{output_format}'",
            hint="choose one of: " + ", ".join(EXPORT_FORMATS),
        )
    report, settings, document = _checked(path, as_of, config)
    model = report.model
    assert model is not None
    if output_format == "mermaid":
        from accountmap_cli.render.mermaid import render_mermaid

        text = render_mermaid(model)
    elif output_format == "dot":
        from accountmap_cli.render.dot import render_dot

        text = render_dot(model)
    elif output_format == "json":
        from accountmap_cli.render.export_json import render_export_json

        text = render_export_json(model, as_of=as_of_or_today(as_of))
    elif output_format.endswith("-csv"):
        from accountmap_cli.crm.export import export_crm_csv

        # The CRM ids live in `x-crm-id` keys, which the model leaves out: read them from the data.
        text = export_crm_csv(model, output_format, data=document.data)
    else:
        from accountmap_cli.render.brief import render_brief

        text = render_brief(report, as_of=as_of_or_today(as_of), settings=settings)
    write_output(text, output)


def grid(
    path: MapArgument,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(TABLE_FORMATS)}."),
    ] = "text",
    config: ConfigPath = None,
) -> None:
    """Show the power grid: influence (rows) against attitude (columns), names in the cells.

    Powerful blockers sit top left, champions without power bottom right.
    Both are named under the grid, so it reads the same without colour.

    Example: accountmap grid maps/deal.yaml
    """
    if output_format not in TABLE_FORMATS:
        fail(f"unknown format '{output_format}'", hint="choose one of: " + ", ".join(TABLE_FORMATS))
    report, _, _ = _checked(path, None, config)
    model = report.model
    assert model is not None
    from accountmap_cli.render.grid import grid_callouts, grid_table, render_grid_markdown

    if output_format == "markdown":
        typer.echo(render_grid_markdown(model), nl=False)
        return
    _print_rich(grid_table(model), *grid_callouts(model))


def plan(
    path: MapArgument,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(TABLE_FORMATS)}."),
    ] = "text",
    as_of: AsOf = None,
    config: ConfigPath = None,
) -> None:
    """Show the engagement plan: who talks to whom, when, about what, and the gaps.

    Sorted by when each row is due: "before proposal" is matched to the stages,
    recurring timings ("weekly") come first and unscheduled rows last.
    Gaps (⚠): high influence without a plan or an owner; a blocker or skeptic
    without a strategy.

    Example: accountmap plan maps/deal.yaml
    """
    if output_format not in TABLE_FORMATS:
        fail(f"unknown format '{output_format}'", hint="choose one of: " + ", ".join(TABLE_FORMATS))
    report, settings, _ = _checked(path, as_of, config)
    model = report.model
    assert model is not None
    from accountmap_cli.plan import engagement_plan, unplanned
    from accountmap_cli.render.plan import plan_summary, plan_table, render_plan_markdown

    rows = engagement_plan(model, stages=settings.stages, closed_stages=settings.closed_stages)
    rest = unplanned(model, rows)
    if output_format == "markdown":
        typer.echo(render_plan_markdown(rows, rest), nl=False)
        return
    if rows:
        _print_rich(plan_table(rows), *plan_summary(rows, rest))
    else:
        _print_rich(*plan_summary(rows, rest))


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(grid)
    app.command()(plan)
