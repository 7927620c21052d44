"""The engagement plan as a table: stakeholder, timing, concern, message, owner, goal — and gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accountmap_cli.models import Stakeholder
from accountmap_cli.plan import GAP_TEXT, PlanRow
from accountmap_cli.render.diagram import one_line
from accountmap_cli.render.mdtext import md_cell, md_text

if TYPE_CHECKING:
    from rich.table import Table

GAP_MARK = "⚠"
OVERDUE_NOTE = "overdue"


def _who(stakeholder: Stakeholder) -> str:
    text = one_line(stakeholder.label)
    if stakeholder.name and stakeholder.title:
        text += f" ({one_line(stakeholder.title)})"
    return text


def _timing(row: PlanRow) -> str | None:
    if row.timing is None:
        return None
    timing = one_line(row.timing)
    return f"{timing} ({OVERDUE_NOTE})" if row.due.overdue else timing


def gap_lines(row: PlanRow) -> list[str]:
    """Each gap of a row in words, e.g. `⚠ no strategy (ignore, neutralize, bypass or convert)`."""
    return [f"{GAP_MARK} {GAP_TEXT[gap]}" for gap in row.gaps]


def plan_table(rows: list[PlanRow]) -> Table:
    """The plan as a rich table for the terminal; missing parts show as `—`.

    Cells are plain text, never rich markup: a `[bold]` in a message is shown as written.
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Engagement plan", title_justify="left", show_lines=True)
    for heading in ("stakeholder", "timing", "concern", "message", "owner", "goal"):
        table.add_column(heading, overflow="fold")
    for row in rows:
        who = _who(row.stakeholder)
        if row.gaps:
            who += "\n" + "\n".join(gap_lines(row))
        table.add_row(
            Text(who),
            *(
                Text(one_line(value) if value else "—")
                for value in (_timing(row), row.concern, row.message, row.owner, row.goal)
            ),
            style="bold" if row.gaps else None,
        )
    return table


def plan_summary(rows: list[PlanRow], unplanned: list[Stakeholder]) -> list[str]:
    """Sentences under the table: how many gaps, who has no plan and needs none yet."""
    gaps = sum(len(row.gaps) for row in rows)
    lines = []
    if gaps:
        lines.append(f"{gaps} gap{'s' if gaps != 1 else ''} to close ({GAP_MARK}).")
    elif rows:
        lines.append("No gaps: every powerful stakeholder has a plan and an owner.")
    else:
        lines.append("No engagement plans on this map yet.")
    if unplanned:
        names = ", ".join(one_line(s.label) for s in unplanned)
        lines.append(f"Without a plan (no gap): {names}.")
    return lines


def render_plan_markdown(rows: list[PlanRow], unplanned: list[Stakeholder]) -> str:
    """The plan as a GitHub markdown table, then the summary sentences."""
    out = []
    if rows:
        out.append("| stakeholder | timing | concern | message | owner | goal | gaps |")
        out.append("|---|---|---|---|---|---|---|")
    for row in rows:
        cells = [
            md_text(_who(row.stakeholder)),
            md_cell(_timing(row)),
            md_cell(row.concern),
            md_cell(row.message),
            md_cell(row.owner),
            md_cell(row.goal),
            "<br>".join(md_text(line) for line in gap_lines(row)) or "—",
        ]
        out.append("| " + " | ".join(cells) + " |")
    if rows:
        out.append("")
    out.extend(f"- {md_text(line)}" for line in plan_summary(rows, unplanned))
    return "\n".join(out) + "\n"
