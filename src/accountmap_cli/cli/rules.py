"""`accountmap rules`: the rule catalogue, and the full documentation of one rule."""

from __future__ import annotations

from typing import Annotated

import typer

from accountmap_cli.cli.common import fail


def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="[CODE]",
            help="A rule code (AM104) or name (powerless-champion) to explain in full.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List every rule with its code, name, default severity and summary, or explain one rule.

    Severities are defaults: a team changes them in `\\[tool.accountmap.severity]`.

    Example: accountmap rules AM104
    """
    from accountmap_cli.docs_rules import find_rule, rule_text, rules_listing, suggest_rule

    if code is None:
        typer.echo(rules_listing(), nl=False)
        return
    rule = find_rule(code)
    if rule is None:
        suggestion = suggest_rule(code)
        fail(
            f"unknown rule '{code}'",
            hint=f"did you mean '{suggestion}'?" if suggestion else "run 'accountmap rules'",
        )
    typer.echo(rule_text(rule), nl=False)


def register(app: typer.Typer) -> None:
    app.command()(rules)
