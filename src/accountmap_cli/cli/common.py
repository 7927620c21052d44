"""Options shared by several commands, and the one place errors become messages and exit codes.

Exit codes: 0 ok, 1 findings or an invalid map, 2 usage or configuration error.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def iso_date(value: str) -> dt.date:
    """A date written exactly as YYYY-MM-DD; `ValueError` otherwise.

    `date.fromisoformat` alone also takes `20260131` and the week date `2026-W05-1`.
    """
    if len(value) != 10 or not value[:4].isdigit() or value[4::3] != "--":
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return iso_date(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


AsOf = Annotated[
    dt.date | None,
    typer.Option(
        "--as-of",
        parser=_parse_date,
        metavar="YYYY-MM-DD",
        help="Compute 'days since' and date rules as of this date (default: today).",
        show_default=False,
    ),
]


Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        metavar="N",
        help="Processes that check maps: 1 checks them one by one here; default (or 0): one per "
        "CPU from 200 maps on. The output is the same either way.",
        show_default=False,
    ),
]


def as_of_or_today(as_of: dt.date | None) -> dt.date:
    """The reference date of a run: the --as-of date, else today (read here, never in the core)."""
    return as_of if as_of is not None else dt.date.today()


def fail(message: str, *, hint: str | None = None, code: int = EXIT_USAGE) -> NoReturn:
    """Print `accountmap: error: message` (and a hint) to stderr and exit with `code`."""
    text = f"accountmap: error: {message}"
    if hint:
        text += f"\n  hint: {hint}"
    sys.stderr.write(text + "\n")
    raise typer.Exit(code)


def collect_cycles() -> None:
    """Turn the cycle collector back on (the entry point turns it off for start-up), for a command
    that makes cyclic garbage in bulk; what start-up built is frozen first, so it is not walked."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def write_output(text: str, output: Path | None) -> None:
    """Print `text`, or write it to `output` and say so on stderr; a file that cannot be written
    is a usage error, never a traceback."""
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(
            f"cannot write '{output}': {error.strerror or error}",
            hint="give a file in a folder that exists and that you may write to",
        )
    typer.echo(f"wrote {output}", err=True)


ConfigPath = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="PATH",
        help="Team settings file (accountmap.toml or pyproject.toml); default: searched upward "
        "from the first map.",
        show_default=False,
    ),
]
Select = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="CODES",
        help="Only these rules: codes or prefixes, comma-separated, repeatable (e.g. AM1,AM005).",
        show_default=False,
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        metavar="CODES",
        help="Skip these rules: codes or prefixes, comma-separated, repeatable (e.g. AM111).",
        show_default=False,
    ),
]


def settings_or_fail(
    paths: list[str],
    *,
    config: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
):
    """The run's `Settings` (team file, then --select/--ignore); a config error exits 2."""
    from accountmap_cli.config import load_settings
    from accountmap_cli.errors import ConfigError, UsageError

    try:
        return load_settings(paths, config=config, select=select or (), ignore=ignore or ())
    except ConfigError as error:
        fail(str(error), hint=error.hint)
    except UsageError as error:
        fail(error.message, hint=error.hint)


PIPE_WIDTH = 160
"""Width used when output is not a terminal and COLUMNS is not set: a file has no width."""


def make_console(*, stderr: bool = False):
    """A rich console that follows the conventions: NO_COLOR disables colour, FORCE_COLOR forces
    it, none when piped; pipes get a wide fixed width instead of rich's 80 columns."""
    import os

    from rich.console import Console

    console = Console(highlight=False, stderr=stderr)
    if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
        console = Console(highlight=False, stderr=stderr, width=PIPE_WIDTH)
    return console
