"""The `accountmap` Typer application: one module per command group, registered here."""

from __future__ import annotations

import importlib
import inspect
import sys
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


def unwrap_help(text: str) -> str:
    """A docstring as help text: each paragraph one line, list items (`-...`) on lines of their own.

    Typer keeps the line breaks of a docstring, so a paragraph wrapped at 100 columns in the source
    came out broken in mid-sentence once rich wrapped it again to the terminal's width.
    """
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not line.lstrip().startswith(("-", "*")):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _unwrap_all_help(group: typer.Typer) -> None:
    for info in group.registered_commands:
        text = info.help or inspect.getdoc(info.callback)
        if text:
            info.help = unwrap_help(text)
    for sub in group.registered_groups:
        _unwrap_all_help(sub.typer_instance)


_unwrap_all_help(app)


def run(args: list[str] | None = None) -> None:
    """Run the application (the console script's entry point after the --version fast path)."""
    args = sys.argv[1:] if args is None else args
    if args and not args[0].startswith("-"):
        only_command(args[0])
    app(args)


def only_command(name: str) -> None:
    """Keep only the command (or command group) called `name`, when there is one.

    Before it parses anything, Typer turns every registered command into a click command, a few
    milliseconds each: a run of one command needs only that one. (`accountmap --help` and
    unknown names keep them all, so help and "No such command" stay complete.)
    """
    from typer.main import get_command_name

    commands = [
        info
        for info in app.registered_commands
        if (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == name
    ]
    groups = [info for info in app.registered_groups if info.name == name]
    if commands or groups:
        app.registered_commands = commands
        app.registered_groups = groups
