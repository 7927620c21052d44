"""Deal risk → a rich panel per deal, or the JSON contract of `accountmap risk --format json`.

Colour is a second signal only: the level is always written as a word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accountmap_cli.risk import RiskScore, next_actions

if TYPE_CHECKING:
    from rich.console import RenderableType

    from accountmap_cli.lint import MapReport

LEVEL_STYLES = {"high": "bold red", "medium": "bold yellow", "low": "bold green"}


@dataclass(frozen=True, slots=True)
class DealRisk:
    """One checked map and its risk score."""

    report: MapReport
    risk: RiskScore
    closed: bool = False
    """A won or lost deal: the deal-risk rules do not judge it."""


def risk_json(deals: list[DealRisk]) -> dict[str, object]:
    """`{"maps": [{"path", "score", "level", "factors": [...]}]}`."""
    return {"maps": [deal.risk.as_dict() for deal in deals]}


def render_risk_json(deals: list[DealRisk]) -> str:
    return json.dumps(risk_json(deals), indent=2, ensure_ascii=False) + "\n"


def risk_panel(deal: DealRisk) -> RenderableType:
    """One deal: title, score and level, the factors with their points, the next actions."""
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from accountmap_cli.money import format_money

    model = deal.report.model
    risk = deal.risk
    style = LEVEL_STYLES[risk.level]
    title = f"{model.opportunity.name} — {model.opportunity.account}" if model else deal.report.path
    parts: list[RenderableType] = []
    if model is not None:
        opportunity = model.opportunity
        parts.append(
            Text(
                f"{format_money(opportunity.value, opportunity.currency)} · "
                f"{opportunity.stage} · {deal.report.path}",
                style="dim",
            )
        )
    headline = Text("Risk ")
    headline.append(f"{risk.score}/100 {risk.level.upper()}", style=style)
    parts.append(headline)
    if risk.factors:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        table.add_column("points", justify="right", no_wrap=True)
        table.add_column("code", no_wrap=True)
        table.add_column("finding", ratio=1)
        table.add_column("stakeholder", no_wrap=True)
        for factor in risk.factors:
            table.add_row(
                f"+{factor.points}", factor.code, factor.message, factor.stakeholder or ""
            )
        parts.append(table)
        parts.append(Text("Next actions", style="bold"))
        for number, action in enumerate(next_actions(risk), start=1):
            parts.append(Text(f"{number}. {action}"))
    elif deal.closed and model is not None:
        parts.append(Text(f"Closed ({model.opportunity.stage}): deal-risk rules do not apply."))
    else:
        parts.append(Text("No risk factors: every thread is covered."))
    return Panel(Group(*parts), title=title, title_align="left", border_style=style)
