"""The rule catalogue: a literal registry, code → rule.

Each rule lives in a module of its family; its docstring is the user documentation shown by
`accountmap rules CODE` and in the README.
"""

from __future__ import annotations

from accountmap_cli.rules import (
    champion,
    coverage,
    dmu,
    engagement,
    format,
    history,
    references,
    suppression,
)
from accountmap_cli.rules.base import MapContext, Problem, Rule

__all__ = ["RULES", "MapContext", "Problem", "Rule"]

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        format.INVALID_YAML,
        format.DUPLICATE_KEY,
        format.INVALID_FIELD,
        references.duplicate_id,
        references.unknown_reference,
        references.reporting_cycle,
        suppression.UNUSED_SUPPRESSION,
        dmu.no_economic_buyer,
        dmu.economic_buyer_not_engaged,
        champion.no_champion,
        champion.powerless_champion,
        engagement.unaddressed_blocker,
        coverage.single_threaded,
        coverage.too_few_stakeholders,
        dmu.late_stage_gaps,
        dmu.unverified_decision_maker,
        engagement.stale_deal,
        coverage.unnamed_stakeholder,
        coverage.unassessed_stakeholder,
        engagement.no_engagement_plan,
        champion.champion_gone_quiet,
        history.mapped_late,
    )
}
