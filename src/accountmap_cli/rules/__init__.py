"""The rule catalogue: a literal registry, code → rule.

Each rule lives in a module of its family; its docstring is the user documentation shown by
`accountmap rules CODE` and in the README.
"""

from __future__ import annotations

from accountmap_cli.rules import format, references
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
    )
}
