"""The markdown deal brief: escaping for GitHub tables, and risk factors with or without `risk`."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from accountmap_cli.config import DEFAULT_SETTINGS
from accountmap_cli.lint import check_document
from accountmap_cli.loader import parse
from accountmap_cli.render.brief import render_brief
from accountmap_cli.render.mdtext import md_cell, md_text

AS_OF = dt.date(2026, 12, 4)
MAP = """\
opportunity:
  name: "Line | 3"
  account: "A*B <C>"
  value: 280000
  stage: proposal
stakeholders:
  - id: marco
    name: "Marco | Peeters"
    title: "Prod\\nmanager"
    attitude: champion
    influence: low
    concerns: "Downtime\\nand | cost"
    engagement:
      timing: before proposal
"""


def brief(text: str = MAP) -> str:
    report = check_document(parse(text, path="deal.yaml"), as_of=AS_OF)
    return render_brief(report, as_of=AS_OF, settings=DEFAULT_SETTINGS)


def test_markdown_specials_are_escaped() -> None:
    assert md_text("a|b *c* _d_ `e` <f> [g] & #h ~i \\") == (
        "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\[g\\] &amp; \\#h \\~i \\\\"
    )
    assert md_text("one\ntwo") == "one two"
    assert md_cell("one\ntwo | three") == "one<br>two \\| three"
    assert md_cell(None) == "—"


def test_brief_has_every_section_and_escaped_tables() -> None:
    text = brief()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Deal brief: Line \\| 3",
        "## Stakeholders",
        "## Buying committee",
        "## Power grid",
        "## Risk factors",
        "## Engagement plan",
    ]
    assert "| **Value** | €280,000 |" in text
    assert "| ★ Marco \\| Peeters | Prod<br>manager | role unknown | low | **champion** |" in text
    assert "```mermaid\nflowchart TD\n" in text
    assert "| before proposal (overdue) | Downtime<br>and \\| cost |" in text
    # every table row has as many cells as its header
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            widths = {len(row.replace("\\|", "").split("|")) for row in rows}
            assert len(widths) == 1, block


def test_risk_factors_come_from_the_risk_module_when_there_is_one() -> None:
    pytest.importorskip("accountmap_cli.risk")
    section = brief().split("## Risk factors\n\n")[1].split("\n## ")[0]
    assert section.startswith("Risk score **")
    assert "- **AM101** (+" in section


def test_without_a_risk_module_the_deal_risk_findings_are_listed(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "accountmap_cli.risk", None)  # import now fails
    section = brief().split("## Risk factors\n\n")[1].split("\n## ")[0]
    from accountmap_cli.rules import RULES

    if not any(rule.deal_risk for rule in RULES.values()):
        assert section == "No risk factors found by the deal-risk rules.\n"
    else:
        assert section.startswith("- **AM1")
        assert "Risk score" not in section


def table_rows(markdown: str) -> list[list[str]]:
    """Every table row as the cells' plain text, read by a CommonMark parser with GFM tables."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    rows: list[list[str]] = []
    row: list[str] | None = None
    for token in parser.parse(markdown):
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            parts = [c.content for c in token.children or [] if c.type in ("text", "html_inline")]
            row.append("".join(parts))
        elif token.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
    return rows


def test_hostile_names_come_out_of_a_markdown_parser_as_written() -> None:
    from pathlib import Path

    from accountmap_cli.render.diagram import marks, one_line

    path = Path(__file__).parent / "fixtures" / "maps" / "hostile-names.yaml"
    text = path.read_text(encoding="utf-8")
    report = check_document(parse(text, path=str(path)), as_of=AS_OF)
    assert report.model is not None
    rows = table_rows(render_brief(report, as_of=AS_OF, settings=DEFAULT_SETTINGS))
    header = rows.index(["name", "title", "role", "influence", "attitude", "last contact",
                         "reports to"])  # fmt: skip
    people = rows[header + 1 : header + 1 + len(report.model.stakeholders)]
    for row, stakeholder in zip(people, report.model.stakeholders, strict=True):
        assert len(row) == 7
        name = one_line(stakeholder.name) if stakeholder.name else "unnamed seat"
        mark = marks(stakeholder)
        assert row[0] == (f"{mark} {name}" if mark else name)
        assert row[1] == (one_line(stakeholder.title) if stakeholder.title else "—")
    facts = dict(row for row in rows if len(row) == 2)
    assert facts["Account"] == one_line(report.model.opportunity.account)
    assert facts["Opportunity"] == one_line(report.model.opportunity.name)
    assert facts["Competitors"] == ", ".join(report.model.opportunity.competitors)
