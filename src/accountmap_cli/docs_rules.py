"""The rule catalogue as documentation: the README table, the text of `accountmap rules CODE`.

Regenerate the README table with `python -m accountmap_cli.docs_rules README.md`; a test fails when
the README and the rules drift apart.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable

from accountmap_cli.rules import RULES, Rule

TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"

SEVERITY_NOTES = {"AM107": "warning (error above the mandatory-mapping value)"}
"""Default severities that depend on the deal, as the table and `accountmap rules` show them."""


def severity_label(rule: Rule) -> str:
    """The default severity as people read it (`warning (error above ...)` for AM107)."""
    return SEVERITY_NOTES.get(rule.code, rule.severity.value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_table(rules: Iterable[Rule] | None = None) -> str:
    """A Markdown table of every rule: code, name, default severity, summary."""
    rows = [
        "| code | name | default severity | summary |",
        "|---|---|---|---|",
    ]
    for rule in rules if rules is not None else RULES.values():
        rows.append(
            f"| {rule.code} | {rule.name} | {_cell(severity_label(rule))} | {_cell(rule.summary)} |"
        )
    return "\n".join(rows) + "\n"


def replace_rules_table(readme: str) -> str:
    """The README text with the generated table between the markers (which must both exist)."""
    start = readme.index(TABLE_START) + len(TABLE_START)
    end = readme.index(TABLE_END, start)
    return readme[:start] + "\n" + rules_table() + readme[end:]


def find_rule(query: str) -> Rule | None:
    """The rule with this code (any case) or name, else None."""
    wanted = query.strip()
    rule = RULES.get(wanted.upper())
    if rule is not None:
        return rule
    return next((r for r in RULES.values() if r.name == wanted.lower()), None)


def suggest_rule(query: str) -> str | None:
    """The closest code or name to a mistyped query, for a did-you-mean."""
    query = query.strip()
    if query[:2].upper() == "AM":
        # The letter O for a zero, I or l for a one: the commonest way to mistype a code.
        fixed = "AM" + query[2:].upper().replace("O", "0").replace("I", "1").replace("L", "1")
        if fixed in RULES:
            return fixed
    choices = [*RULES, *(r.name for r in RULES.values())]
    close = difflib.get_close_matches(query, choices, n=1, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(query.upper(), list(RULES), n=1, cutoff=0.5)
    return close[0] if close else None


def rule_text(rule: Rule) -> str:
    """The full documentation of one rule, as `accountmap rules CODE` prints it."""
    scope = (
        "Deal-risk rule: judges open deals only (won and lost deals are skipped)."
        if rule.deal_risk
        else "Structural check: runs on every map."
    )
    return (
        f"{rule.code} {rule.name}\n"
        f"Default severity: {severity_label(rule)}. {scope}\n\n"
        f"{rule.summary}\n\n"
        f"{rule.doc}\n"
    )


def rules_listing() -> str:
    """One line per rule: code, name, default severity, summary (plain aligned text)."""
    name_width = max(len(r.name) for r in RULES.values())
    lines = []
    for rule in RULES.values():
        lines.append(
            f"{rule.code}  {rule.name:<{name_width}}  {rule.severity.value:<7}  {rule.summary}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """`python -m accountmap_cli.docs_rules README.md`: rewrite the table in place."""
    from pathlib import Path

    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        updated = replace_rules_table(text)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"updated {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
