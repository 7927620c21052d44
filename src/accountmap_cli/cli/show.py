"""`accountmap show` and `accountmap tree`: one map as a deal summary with a table, or as a tree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_FINDINGS,
    AsOf,
    ConfigPath,
    as_of_or_today,
    fail,
    make_console,
    settings_or_fail,
)
from accountmap_cli.findings import STRUCTURAL_PREFIX

if TYPE_CHECKING:
    from accountmap_cli.lint import MapReport

MapArgument = Annotated[
    str, typer.Argument(metavar="MAP", help="The map file (one opportunity).", show_default=False)
]

STRUCTURAL_CODES = (STRUCTURAL_PREFIX,)
"""Only a map that loads and passes the structural checks can be shown; deal-risk advice cannot
stop anyone from looking at their map."""


def _checked_map(path: str, *, as_of: dt.date, config: str | None) -> MapReport:
    """Load and structurally check one map; print its errors and exit 1 when it cannot be shown."""
    import sys
    from dataclasses import replace

    from accountmap_cli.lint import check_file
    from accountmap_cli.render.lint import render_text

    given = Path(path)
    if not given.exists():
        fail(f"map '{path}' does not exist", hint="give the path of one .yaml map file")
    if given.is_dir():
        fail(f"'{path}' is a folder", hint="give one map file, e.g. maps/kuipers-cnc-cell.yaml")
    # The team's file still matters (its own stage names); its rule selection does not.
    settings = replace(settings_or_fail([path], config=config), select=STRUCTURAL_CODES, ignore=())
    report = check_file(path, as_of=as_of, settings=settings)
    if report.model is None or report.facts is None or report.errors:
        sys.stderr.write(render_text([report]))
        raise typer.Exit(EXIT_FINDINGS)
    return report


def show(map_path: MapArgument, as_of: AsOf = None, config: ConfigPath = None) -> None:
    """Show one deal: value, stage and the account-mapping facts, then every stakeholder.

    The header answers the method's questions (how many people identified, named and engaged; is
    there a champion; is the economic buyer engaged). The table lists each stakeholder with role,
    influence, attitude, the last contact and the days since, and whom they report to. Exits 1
    with the findings when the map is broken.

    Example: accountmap show maps/kuipers-cnc-cell.yaml --as-of 2026-12-04
    """
    from accountmap_cli.render.show import render_show

    report = _checked_map(map_path, as_of=as_of_or_today(as_of), config=config)
    assert report.model is not None and report.facts is not None
    console = make_console()
    console.print(render_show(report.model, report.facts, width=console.width))


def tree(map_path: MapArgument, config: ConfigPath = None) -> None:
    """Show the reporting lines of one deal's buying side as a tree.

    Everyone without a `reports_to` on the map is at the top; each person shows title, role and
    attitude. Exits 1 with the findings when the map is broken.

    Example: accountmap tree maps/kuipers-cnc-cell.yaml
    """
    from accountmap_cli.render.show import reporting_tree

    report = _checked_map(map_path, as_of=as_of_or_today(None), config=config)
    assert report.model is not None
    make_console().print(reporting_tree(report.model))


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command()(tree)
