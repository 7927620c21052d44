"""The pipeline review as a table (rich on a terminal, plain text otherwise), GitHub Markdown,
JSON (versioned contract) or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from accountmap_cli.money import format_money
from accountmap_cli.review import DealRow, Review, SinceChange, Totals

JSON_VERSION = 1

CSV_COLUMNS = (
    "path",
    "account",
    "opportunity",
    "owner",
    "stage",
    "value",
    "currency",
    "close_date",
    "stakeholders_named",
    "stakeholders_identified",
    "stakeholders_engaged",
    "champion",
    "economic_buyer",
    "economic_buyer_engaged",
    "blockers",
    "blockers_without_strategy",
    "last_contact",
    "days_silent",
    "risk_score",
    "risk_level",
    "next_action",
)
SINCE_CSV_COLUMNS = ("since", "risk_change", "stakeholders_added")
"""Added at the end of each row with `review --since`."""


def _none(names: tuple[str, ...]) -> str:
    return ", ".join(names) if names else "none"


def _economic_buyer(row: DealRow) -> str:
    if row.engaged_economic_buyers:
        return "yes: " + ", ".join(row.engaged_economic_buyers)
    if row.economic_buyers:
        return "no: " + ", ".join(row.economic_buyers) + " not engaged"
    return "no: none mapped"


def _blockers(row: DealRow) -> str:
    if not row.blockers:
        return "0"
    if row.blockers_without_strategy:
        return f"{row.blockers} ({row.blockers_without_strategy} without strategy)"
    return str(row.blockers)


def _silent(row: DealRow) -> str:
    return "never contacted" if row.days_silent is None else f"{row.days_silent} d"


def _money_map(amounts: dict[str, float]) -> str:
    return ", ".join(format_money(v, c) for c, v in amounts.items()) or format_money(0)


def _count(number: int, sign: str) -> str:
    return f"{sign}{number} stakeholder" + ("" if number == 1 else "s")


def since_parts(since: SinceChange) -> list[str]:
    """What changed in one deal, in short phrases: `+12`, `+2 stakeholders`, `Jan neutral→champion`."""
    if since.status == "new":
        return ["new"]
    if since.status == "invalid":
        return ["was not a valid map"]
    if since.status == "same":
        return ["no change"]
    parts = []
    change = since.risk_change
    if change is not None:
        parts.append(f"{change:+d}" if change else "±0")
    if since.stakeholders_added:
        parts.append(_count(since.stakeholders_added, "+"))
    if since.stakeholders_removed:
        parts.append(_count(since.stakeholders_removed, "-"))
    parts.extend(f"{m.name} {m.before}→{m.after}" for m in since.attitude_moves)
    if since.renamed_from:
        parts.append(f"renamed from {since.renamed_from}")
    return parts


def since_heading(review: Review) -> str:
    assert review.since is not None
    return f"since {review.since.rev} ({review.since.short})"


def risk_up_lines(review: Review) -> list[str]:
    """One sentence per deal whose risk went up: scores before and after, and the new reasons."""
    lines = []
    for row in review.risk_up:
        since = row.since
        assert since is not None and since.risk_before is not None
        line = (
            f"{row.account} — {row.opportunity}: {since.risk_before} → {row.risk_score} "
            f"{row.risk_level} ({since.risk_change:+d})"
        )
        if since.risk_findings:
            line += ": " + "; ".join(f"{f.code} {f.message}" for f in since.risk_findings)
        lines.append(line)
    return lines


def totals_lines(totals: Totals) -> list[str]:
    """The totals as sentences, shared by the table and Markdown outputs."""
    return [
        f"Open deals: {totals.open_deals}",
        f"Pipeline value: {_money_map(totals.pipeline)}",
        f"Value in high-risk deals: {_money_map(totals.high_risk_value)}",
        f"Single-threaded deals: {totals.single_threaded}",
        f"Deals above the mandatory-mapping threshold that fail it: "
        f"{totals.failing_mandatory_mapping}",
        f"{_top(totals.top_deals)} by value with three or more named stakeholders: "
        f"{totals.top_deals_with_three_named} of {totals.top_deals}",
    ]


def _top(deals: int) -> str:
    return "The top deal" if deals == 1 else f"Top {deals} deals"


def _problem_lines(review: Review) -> list[str]:
    return [f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}" for p in review.problems]


# --- JSON ----------------------------------------------------------------------------------------


def since_json(since: SinceChange) -> dict[str, object]:
    """One deal's change since the earlier revision, in the review JSON contract."""
    return {
        "status": since.status,
        "renamed_from": since.renamed_from,
        "risk_before": since.risk_before,
        "risk_change": since.risk_change,
        "stakeholders_added": since.stakeholders_added,
        "stakeholders_removed": since.stakeholders_removed,
        "attitude_moves": [
            {
                "stakeholder": m.stakeholder,
                "name": m.name,
                "from": m.before,
                "to": m.after,
                "direction": m.direction,
            }
            for m in since.attitude_moves
        ],
        "risk_findings": [
            {"code": f.code, "rule": f.rule, "message": f.message, "stakeholder": f.stakeholder}
            for f in since.risk_findings
        ],
    }


def deal_json(row: DealRow) -> dict[str, object]:
    """One deal in the review JSON contract (version 1); `since` only with `review --since`."""
    found: dict[str, object] = {
        "path": row.path,
        "account": row.account,
        "opportunity": row.opportunity,
        "owner": row.owner_id,
        "owner_name": row.owner,
        "stage": row.stage,
        "value": row.value,
        "currency": row.currency,
        "close_date": row.close_date.isoformat() if row.close_date else None,
        "stakeholders": {
            "identified": row.identified,
            "named": row.named,
            "engaged": row.engaged,
        },
        "champions": list(row.champions),
        "economic_buyer": {
            "engaged": row.economic_buyer_engaged,
            "mapped": list(row.economic_buyers),
            "engaged_names": list(row.engaged_economic_buyers),
        },
        "blockers": {"count": row.blockers, "without_strategy": row.blockers_without_strategy},
        "last_contact": row.last_contact.isoformat() if row.last_contact else None,
        "days_silent": row.days_silent,
        "risk": {"score": row.risk_score, "level": row.risk_level},
        "next_action": row.next_action,
        "single_threaded": row.single_threaded,
        "closed": row.closed,
    }
    if row.since is not None:
        found["since"] = since_json(row.since)
    return found


def review_json(review: Review) -> dict[str, object]:
    """The review in its versioned JSON contract."""
    totals = review.totals
    assert totals is not None
    found: dict[str, object] = {
        "version": JSON_VERSION,
        "as_of": review.as_of.isoformat(),
        "deals": [deal_json(row) for row in review.rows],
        "totals": {
            "open_deals": totals.open_deals,
            "pipeline": totals.pipeline,
            "high_risk_value": totals.high_risk_value,
            "single_threaded": totals.single_threaded,
            "failing_mandatory_mapping": totals.failing_mandatory_mapping,
            "top_deals": totals.top_deals,
            "top_deals_with_three_named": totals.top_deals_with_three_named,
        },
        "errors": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "message": p.message,
            }
            for p in review.problems
        ],
    }
    if review.since is not None:
        found["since"] = {"rev": review.since.rev, "commit": review.since.commit}
        found["risk_up"] = [row.path for row in review.risk_up]
    return found


def render_json(review: Review) -> str:
    return json.dumps(review_json(review), indent=2, ensure_ascii=False) + "\n"


# --- CSV -----------------------------------------------------------------------------------------


def render_csv(review: Review) -> str:
    """One row per deal, for a spreadsheet; values are plain numbers and ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    with_since = review.since is not None
    writer.writerow(CSV_COLUMNS + (SINCE_CSV_COLUMNS if with_since else ()))
    for row in review.rows:
        extra: tuple[object, ...] = ()
        if row.since is not None:
            change = row.since.risk_change
            extra = (
                "; ".join(since_parts(row.since)),
                "" if change is None else change,
                row.since.stakeholders_added,
            )
        writer.writerow(
            (
                row.path,
                row.account,
                row.opportunity,
                row.owner or "",
                row.stage,
                f"{row.value:g}" if row.value == int(row.value) else f"{row.value:.2f}",
                row.currency,
                row.close_date.isoformat() if row.close_date else "",
                row.named,
                row.identified,
                row.engaged,
                "; ".join(row.champions),
                "; ".join(row.economic_buyers),
                "yes" if row.economic_buyer_engaged else "no",
                row.blockers,
                row.blockers_without_strategy,
                row.last_contact.isoformat() if row.last_contact else "",
                "" if row.days_silent is None else row.days_silent,
                row.risk_score,
                row.risk_level,
                row.next_action or "",
                *extra,
            )
        )
    return buffer.getvalue()


# --- Markdown ------------------------------------------------------------------------------------


def md_cell(text: object) -> str:
    """Text made safe for one GitHub Markdown table cell."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", "<br>")
        .replace("\n", "<br>")
        .replace("\r", "<br>")
    )


MD_HEADER = (
    "Deal",
    "Owner",
    "Stage",
    "Value",
    "Named / engaged",
    "Champion",
    "Economic buyer engaged",
    "Blockers",
    "Silent",
    "Risk",
    "Next action",
)


def render_markdown(review: Review) -> str:
    """A GitHub-flavoured Markdown report, ready for a meeting note or $GITHUB_STEP_SUMMARY."""
    assert review.totals is not None
    lines = [f"## Pipeline review, {review.as_of.isoformat()}", ""]
    header = MD_HEADER
    if review.since is not None:
        lines += [f"Changes {md_cell(since_heading(review))}.", ""]
        position = MD_HEADER.index("Risk") + 1
        header = (*MD_HEADER[:position], "Since", *MD_HEADER[position:])
    if review.rows:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for row in review.rows:
            cells = (
                f"**{row.account}**<br>{row.opportunity}",
                row.owner or "",
                row.stage,
                format_money(row.value, row.currency),
                f"{row.named} / {row.engaged}",
                _none(row.champions),
                _economic_buyer(row),
                _blockers(row),
                _silent(row),
                f"{row.risk_score} {row.risk_level}",
                row.next_action or "",
            )
            if row.since is not None:
                cells = (*cells[:-1], "\n".join(since_parts(row.since)), cells[-1])
            lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
    else:
        lines.append("_No deals match._")
    lines.append("")
    lines.extend(f"- {md_cell(line)}" for line in totals_lines(review.totals))
    if review.since is not None:
        lines += ["", f"### Risk went up {md_cell(since_heading(review))}", ""]
        risen = risk_up_lines(review)
        lines.extend(f"- {md_cell(line)}" for line in risen)
        if not risen:
            lines.append("_No deal's risk went up._")
    if review.problems:
        lines += ["", "### Maps that could not be reviewed", ""]
        lines.extend(f"- `{line}`" for line in _problem_lines(review))
    return "\n".join(lines) + "\n"


# --- plain text table (not a terminal) ------------------------------------------------------------


def review_text(review: Review, *, width: int) -> str:
    """The review table as plain text for a file, a pipe or an email: the same columns, totals
    and sections as the rich table on a terminal, without colour and without rich's cost."""
    from accountmap_cli.render.textgrid import Column, render_table

    assert review.totals is not None
    columns = [
        Column("Deal", ratio=3),
        Column("Value", justify="right", no_wrap=True),
        Column("Named/\nengaged", justify="center", ratio=0),
        Column("Champion", ratio=2),
        Column("Economic buyer\nengaged", ratio=2),
        Column("Blockers", ratio=1),
        Column("Silent", justify="right", no_wrap=True),
        Column("Risk", no_wrap=True),
    ]
    if review.since is not None:
        columns.append(Column("Since", ratio=2))
    columns.append(Column("Next action", ratio=3))
    rows = []
    for row in review.rows:
        deal = f"{row.account}\n{row.opportunity}\n{row.stage}"
        cells = [
            deal + (f" · {row.owner}" if row.owner else ""),
            format_money(row.value, row.currency),
            f"{row.named}/{row.engaged}",
            _none(row.champions),
            _economic_buyer(row),
            _blockers(row),
            _silent(row),
            f"{row.risk_score} {row.risk_level}",
        ]
        if row.since is not None:
            cells.append("\n".join(since_parts(row.since)))
        cells.append(row.next_action or "")
        rows.append(cells)
    if rows:
        text = render_table(columns, rows, width=width, title=_table_title(review))
    else:
        text = "No deals match.\n"
    text += "\n".join(totals_lines(review.totals)) + "\n"
    if review.since is not None:
        risen = risk_up_lines(review)
        text += f"Risk went up {since_heading(review)}:\n"
        text += ("\n".join(f"- {line}" for line in risen) or "none") + "\n"
    if review.problems:
        text += "Maps that could not be reviewed:\n" + "\n".join(_problem_lines(review)) + "\n"
    return text


def _table_title(review: Review) -> str:
    title = f"Pipeline review, {review.as_of.isoformat()}"
    if review.since is not None:
        title += f", changes {since_heading(review)}"
    return title


# --- rich table (a terminal) ---------------------------------------------------------------------

LEVEL_STYLES = {"high": "bold red", "medium": "yellow", "low": "green"}


def review_table(review: Review):
    """The review as rich renderables: the table, the totals and the unreadable maps."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_table_title(review), show_lines=True)
    table.add_column("Deal", ratio=3, overflow="fold")
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Named/\nengaged", justify="center")
    table.add_column("Champion", ratio=1)
    table.add_column("Economic buyer\nengaged", ratio=2)
    table.add_column("Blockers", ratio=1)
    table.add_column("Silent", justify="right", no_wrap=True)
    table.add_column("Risk", no_wrap=True)
    if review.since is not None:
        table.add_column("Since", ratio=2, overflow="fold")
    table.add_column("Next action", ratio=3, overflow="fold")
    for row in review.rows:
        deal = Text()
        deal.append(row.account, style="bold")
        deal.append("\n" + row.opportunity)
        deal.append(f"\n{row.stage}" + (f" · {row.owner}" if row.owner else ""), style="dim")
        champion = Text(_none(row.champions), style="" if row.champions else "red")
        economic = Text(
            _economic_buyer(row), style="green" if row.economic_buyer_engaged else "red"
        )
        blockers = Text(_blockers(row), style="red" if row.blockers_without_strategy else "")
        risk = Text(f"{row.risk_score} {row.risk_level}", style=LEVEL_STYLES[row.risk_level])
        since = () if row.since is None else (_since_text(row.since),)
        table.add_row(
            deal,
            format_money(row.value, row.currency),
            f"{row.named}/{row.engaged}",
            champion,
            economic,
            blockers,
            _silent(row),
            risk,
            *since,
            row.next_action or "",
        )
    assert review.totals is not None
    parts: list = [table] if review.rows else [Text("No deals match.")]
    parts.append(Text("\n".join(totals_lines(review.totals))))
    if review.since is not None:
        risen = risk_up_lines(review)
        section = Text(f"Risk went up {since_heading(review)}:", style="bold")
        section.append("\n" + ("\n".join(f"- {line}" for line in risen) or "none"), style="")
        parts.append(section)
    if review.problems:
        problems = Text("Maps that could not be reviewed:\n", style="bold red")
        problems.append("\n".join(_problem_lines(review)))
        parts.append(problems)
    return Group(*parts)


def _since_text(since: SinceChange):
    """The Since cell: rises in red, falls and warmer moves in green."""
    from rich.text import Text

    text = Text()
    for position, part in enumerate(since_parts(since)):
        if position:
            text.append("\n")
        style = ""
        if position == 0 and since.risk_change:
            style = "red" if since.risk_change > 0 else "green"
        for move in since.attitude_moves:
            if part == f"{move.name} {move.before}→{move.after}" and move.direction:
                style = "green" if move.direction == "warmer" else "red"
        text.append(part, style=style)
    return text


REVIEW_FORMATS: dict[str, Callable[[Review], str] | None] = {
    "table": None,  # review_text, or review_table through a rich console on a terminal
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}
