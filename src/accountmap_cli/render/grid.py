"""The power grid: influence (rows) against attitude (columns), with names in the cells.

A rep sees at once the powerful blockers (top left) and the powerless champions (bottom right). The
grid reads the same without colour: rows and columns are labelled, and the two cells that matter
most are called out in words underneath.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accountmap_cli.models import AccountMap, Attitude, Influence, Role, Stakeholder
from accountmap_cli.render.diagram import ECONOMIC_BUYER_MARK, one_line
from accountmap_cli.render.mdtext import md_text
from accountmap_cli.vocabulary import ATTITUDE_SCALE

if TYPE_CHECKING:
    from rich.table import Table

GRID_ROWS: tuple[Influence, ...] = (
    Influence.HIGH,
    Influence.MEDIUM,
    Influence.LOW,
    Influence.UNKNOWN,
)
GRID_COLUMNS: tuple[Attitude, ...] = (*ATTITUDE_SCALE, Attitude.UNKNOWN)
_COLUMN_STYLE: dict[Attitude, str] = {
    Attitude.BLOCKER: "bold red",
    Attitude.SKEPTICAL: "dark_orange",
    Attitude.NEUTRAL: "",
    Attitude.SUPPORTER: "green",
    Attitude.CHAMPION: "bold green",
    Attitude.UNKNOWN: "dim",
}

Grid = dict[Influence, dict[Attitude, list[Stakeholder]]]


def power_grid(account_map: AccountMap) -> Grid:
    """Stakeholders placed by influence and attitude, in map order within each cell."""
    grid: Grid = {row: {column: [] for column in GRID_COLUMNS} for row in GRID_ROWS}
    for stakeholder in account_map.stakeholders:
        grid[stakeholder.influence][stakeholder.attitude].append(stakeholder)
    return grid


def cell_name(stakeholder: Stakeholder) -> str:
    """A name as the grid shows it: 💰 in front of an economic buyer, a seat's title in brackets."""
    name = one_line(stakeholder.label)
    if stakeholder.role is Role.ECONOMIC_BUYER:
        return f"{ECONOMIC_BUYER_MARK} {name}"
    return name


def grid_callouts(account_map: AccountMap) -> list[str]:
    """The warnings a sales manager looks for first, as sentences (empty when all is well)."""
    powerful_blockers = [
        one_line(s.label)
        for s in account_map.stakeholders
        if s.attitude is Attitude.BLOCKER and s.influence is Influence.HIGH
    ]
    champions = [s for s in account_map.stakeholders if s.attitude is Attitude.CHAMPION]
    powerless = [
        one_line(s.label) for s in champions if s.influence in (Influence.LOW, Influence.UNKNOWN)
    ]
    lines = []
    if powerful_blockers:
        lines.append("Powerful blockers (high influence): " + ", ".join(powerful_blockers) + ".")
    if powerless:
        lines.append(
            "Champions without power (low or unknown influence): " + ", ".join(powerless) + "."
        )
    if not champions:
        lines.append("No champion on the map.")
    return lines


def grid_table(account_map: AccountMap) -> Table:
    """The grid as a rich table for the terminal (names are plain text, never rich markup)."""
    from rich.table import Table
    from rich.text import Text

    grid = power_grid(account_map)
    table = Table(
        title="Power grid: influence × attitude",
        show_lines=True,
        title_justify="left",
    )
    table.add_column("influence", style="bold", no_wrap=True)
    for column in GRID_COLUMNS:
        table.add_column(column.value, header_style=_COLUMN_STYLE[column] or "bold")
    for row in GRID_ROWS:
        cells = [
            Text("\n".join(cell_name(s) for s in grid[row][column]) or "·")
            for column in GRID_COLUMNS
        ]
        table.add_row(row.value, *cells)
    return table


def render_grid_markdown(account_map: AccountMap) -> str:
    """The grid as a GitHub markdown table, then the call-outs as a list."""
    grid = power_grid(account_map)
    out = [
        "| influence | " + " | ".join(c.value for c in GRID_COLUMNS) + " |",
        "|---|" + "---|" * len(GRID_COLUMNS),
    ]
    for row in GRID_ROWS:
        cells = [
            "<br>".join(md_text(cell_name(s)) for s in grid[row][column]) or "·"
            for column in GRID_COLUMNS
        ]
        out.append(f"| **{row.value}** | " + " | ".join(cells) + " |")
    callouts = grid_callouts(account_map)
    if callouts:
        out.append("")
        out.extend(f"- {md_text(line)}" for line in callouts)
    return "\n".join(out) + "\n"
