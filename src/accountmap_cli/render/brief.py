"""The one-page deal brief in GitHub markdown: facts, people, the diagram, risks and the plan.

Paste it in a pull request, an issue or a wiki page: GitHub draws the ```mermaid block as the org
chart. Every piece of user text is escaped, so a `|` in a title cannot break a table.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from accountmap_cli.models import Attitude, Influence
from accountmap_cli.plan import engagement_plan, unplanned
from accountmap_cli.render.diagram import ROLE_TEXT, marks
from accountmap_cli.render.grid import render_grid_markdown
from accountmap_cli.render.mdtext import md_cell, md_text
from accountmap_cli.render.mermaid import render_mermaid
from accountmap_cli.render.plan import render_plan_markdown

if TYPE_CHECKING:
    from accountmap_cli.config import Settings
    from accountmap_cli.lint import MapReport


def _money(value: float, currency: str) -> str:
    try:
        from accountmap_cli.money import format_money
    except ImportError:  # the shared formatter is optional; this is the same format
        symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency)
        amount = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
        return f"{symbol}{amount}" if symbol else f"{currency} {amount}"
    return format_money(value, currency)


def _days_ago(date: dt.date | None, as_of: dt.date) -> str:
    if date is None:
        return "never"
    days = (as_of - date).days
    if days == 0:
        return f"{date.isoformat()} (today)"
    if days < 0:
        return f"{date.isoformat()} (in {-days} days)"
    return f"{date.isoformat()} ({days} day{'s' if days != 1 else ''} ago)"


def _yes_no(flag: bool, names: list[str]) -> str:
    if not flag:
        return "**no**"
    return "yes (" + ", ".join(md_text(n) for n in names) + ")"


def _header(report: MapReport, as_of: dt.date) -> list[str]:
    model, facts = report.model, report.facts
    assert model is not None and facts is not None
    opportunity = model.opportunity
    team = {member.id: member.name for member in model.team}
    people = {}
    for stakeholder in model.stakeholders:
        people.setdefault(stakeholder.id, stakeholder)  # with duplicate ids the first one wins
    owner = team.get(opportunity.owner or "", opportunity.owner)
    champions = [people[i].label for i in facts.champions]
    engaged_buyers = [people[i].label for i in facts.engaged_economic_buyers]
    rows = [
        ("Account", md_text(opportunity.account)),
        ("Opportunity", md_text(opportunity.name)),
        ("Value", md_text(_money(opportunity.value, opportunity.currency))),
        ("Stage", md_text(opportunity.stage)),
        (
            "Close date",
            opportunity.close_date.isoformat() if opportunity.close_date else "not set",
        ),
        ("Owner", md_text(owner, empty="—") if owner else "—"),
        (
            "Competitors",
            ", ".join(md_text(c) for c in opportunity.competitors) or "none known",
        ),
        (
            "Stakeholders",
            f"{facts.identified} identified, {facts.named} named, {facts.engaged} engaged",
        ),
        ("Champion named", _yes_no(facts.has_champion, champions)),
        ("Economic buyer engaged", _yes_no(facts.economic_buyer_engaged, engaged_buyers)),
        ("Last contact", _days_ago(facts.last_contact, as_of)),
    ]
    out = [
        f"# Deal brief: {md_text(opportunity.name)}",
        "",
        f"_{md_text(opportunity.account)} · as of {as_of.isoformat()}_",
        "",
        "| | |",
        "|---|---|",
    ]
    out.extend(f"| **{name}** | {value} |" for name, value in rows)
    return out


def _stakeholder_table(report: MapReport, as_of: dt.date) -> list[str]:
    model, facts = report.model, report.facts
    assert model is not None and facts is not None
    people = {}
    for stakeholder in model.stakeholders:
        people.setdefault(stakeholder.id, stakeholder)
    out = [
        "| name | title | role | influence | attitude | last contact | reports to |",
        "|---|---|---|---|---|---|---|",
    ]
    for stakeholder in model.stakeholders:
        mark = marks(stakeholder)
        name = md_text(stakeholder.name) if stakeholder.name else "_unnamed seat_"
        boss = people.get(stakeholder.reports_to or "")
        known = facts.stakeholders.get(stakeholder.id)
        attitude = stakeholder.attitude.value
        if stakeholder.attitude in (Attitude.BLOCKER, Attitude.CHAMPION):
            attitude = f"**{attitude}**"
        influence = stakeholder.influence.value
        if stakeholder.influence is Influence.HIGH:
            influence = f"**{influence}**"
        cells = [
            f"{mark} {name}" if mark else name,
            md_cell(stakeholder.title),
            ROLE_TEXT[stakeholder.role],
            influence,
            attitude,
            _days_ago(known.last_contact if known else None, as_of),
            md_text(boss.label) if boss else md_cell(stakeholder.reports_to),
        ]
        out.append("| " + " | ".join(cells) + " |")
    if not model.stakeholders:
        out = ["_No stakeholders mapped yet._"]
    return out


def _risk_from_module(report: MapReport, settings: Settings) -> list[str] | None:
    """Risk factors from `accountmap_cli.risk.score_report`, when that module is available."""
    import importlib

    try:
        risk = importlib.import_module("accountmap_cli.risk")
    except ImportError:
        return None
    score_report = getattr(risk, "score_report", None)
    if score_report is None:
        return None
    try:
        score: Any = score_report(report, settings)
        factors = list(score.factors)
        out = [f"Risk score **{score.score}** / 100 ({md_text(str(score.level))})", ""]
        for factor in factors:
            hint = getattr(factor, "hint", None)
            line = f"- **{md_text(factor.code)}** (+{factor.points}) {md_text(factor.message)}"
            if hint:
                line += f" — _{md_text(hint)}_"
            out.append(line)
    except (AttributeError, TypeError):
        return None  # a risk module with another shape: fall back to the lint findings
    if not factors:
        out.append("No risk factors found.")
    return out


def _risk_from_findings(report: MapReport) -> list[str]:
    """The deal-risk findings of the lint rules, as a list with their hints."""
    from accountmap_cli.rules import RULES

    risky = [f for f in report.findings if f.code in RULES and RULES[f.code].deal_risk]
    if not risky:
        return ["No risk factors found by the deal-risk rules."]
    out = []
    for finding in risky:
        line = f"- **{finding.code}** {md_text(finding.message)}"
        if finding.hint:
            line += f" — _{md_text(finding.hint)}_"
        out.append(line)
    return out


def render_brief(report: MapReport, *, as_of: dt.date, settings: Settings) -> str:
    """The deal brief of a checked map (a report whose map was valid), ending in a newline."""
    model = report.model
    assert model is not None
    rows = engagement_plan(model, stages=settings.stages, closed_stages=settings.closed_stages)
    risk = _risk_from_module(report, settings) or _risk_from_findings(report)
    out = [
        *_header(report, as_of),
        "",
        "## Stakeholders",
        "",
        *_stakeholder_table(report, as_of),
        "",
        "## Buying committee",
        "",
        "```mermaid",
        render_mermaid(model).rstrip("\n"),
        "```",
        "",
        "## Power grid",
        "",
        render_grid_markdown(model).rstrip("\n"),
        "",
        "## Risk factors",
        "",
        *risk,
        "",
        "## Engagement plan",
        "",
        render_plan_markdown(rows, unplanned(model, rows)).rstrip("\n"),
    ]
    return "\n".join(out) + "\n"
