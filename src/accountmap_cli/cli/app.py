"""The `accountmap` Typer application: one module per command group, registered here."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from accountmap_cli import __version__

app = typer.Typer(
    name="accountmap",
    help="Map the buying side of your B2B deals: who decides, who champions, who blocks.\n\n"
    "Start with the weekly pipeline review: accountmap review maps/\n\n"
    "Example: accountmap lint maps/ --format github",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

COMMAND_MODULES = (
    "review",
    "lint",
    "risk",
    "show",
    "export",
    "diff",
    "edit",
    "crm",
    "rules",
    "schema",
)
"""Modules under accountmap_cli.cli that add commands with a `register(app)` function, in the
order `accountmap --help` lists them: the weekly job first."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accountmap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Map the buying side of your B2B deals: who decides, who champions, who blocks."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"accountmap_cli.cli.{_name}").register(app)


def run() -> None:
    """Run the application (the console script's entry point after the --version fast path)."""
    app()
