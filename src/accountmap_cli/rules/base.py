"""What a rule is, and what it sees: the shape every rule module follows."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from accountmap_cli.findings import Severity

if TYPE_CHECKING:
    from accountmap_cli.config import Settings
    from accountmap_cli.facts import DealFacts
    from accountmap_cli.loader import Document, FieldPath
    from accountmap_cli.maphistory import MapHistory
    from accountmap_cli.models import AccountMap


class Problem(NamedTuple):
    """What a rule reports; the engine adds the file, the location, the code and the severity."""

    where: FieldPath
    message: str
    stakeholder: str | None = None
    hint: str | None = None
    severity: Severity | None = None
    """Overrides the rule's severity for this one problem (e.g. AM107 above the value threshold)."""
    at_key: bool = False


@dataclass(slots=True)
class MapContext:
    """Everything a rule may look at for one map."""

    doc: Document
    map: AccountMap
    facts: DealFacts
    as_of: dt.date
    settings: Settings
    _index: dict[str, int] = field(default_factory=dict)
    history: MapHistory | None = None
    """The map's git history when the run asked for it (`lint --history`): at least its revisions
    up to the first that names a stakeholder. `None` otherwise; rules that need it then skip."""

    def stakeholder_path(self, stakeholder_id: str) -> FieldPath:
        """Where the stakeholder with this id is written (`("stakeholders", i)`)."""
        if not self._index:
            for position, stakeholder in enumerate(self.map.stakeholders):
                self._index.setdefault(stakeholder.id, position)
        return ("stakeholders", self._index[stakeholder_id])


Check = Callable[[MapContext], Iterator[Problem]]


class Rule(NamedTuple):
    """A rule: a stable code and name, a default severity, and its documentation.

    `doc` is the user documentation (markdown, in the sections: what it finds, why it matters,
    example, how to fix). Rules without `check` are reported by the loader or validator.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None = None
    deal_risk: bool = False
    """Deal-risk rules judge open deals only; won and lost deals get the structural checks."""
    needs_history: bool = False
    """The rule reads the map's git history; it runs only when the history was read."""


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    deal_risk: bool = False,
    needs_history: bool = False,
) -> Callable[[Check], Rule]:
    """Make a `Rule` from a check function; the function's docstring is the rule's documentation."""

    def make(check: Check) -> Rule:
        return Rule(
            code,
            name,
            severity,
            summary,
            inspect.cleandoc(check.__doc__ or ""),
            check,
            deal_risk,
            needs_history,
        )

    return make


def documented(code: str, name: str, severity: Severity, summary: str, doc: str) -> Rule:
    """A rule whose findings come from the loader or validator, documented like any other."""
    return Rule(code, name, severity, summary, inspect.cleandoc(doc))
