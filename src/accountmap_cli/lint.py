"""Check maps: load, validate, derive facts, run the rules. Returns findings; never prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

from accountmap_cli.config import DEFAULT_SETTINGS, Settings
from accountmap_cli.errors import MapLoadError
from accountmap_cli.facts import DealFacts, derive_facts
from accountmap_cli.findings import Finding, Severity
from accountmap_cli.loader import Document, load
from accountmap_cli.models import AccountMap

if TYPE_CHECKING:
    from accountmap_cli.maphistory import MapHistory


class MapReport(NamedTuple):
    """The result of checking one map file."""

    path: str
    findings: list[Finding]
    model: AccountMap | None = None
    facts: DealFacts | None = None

    @property
    def loaded(self) -> bool:
        """True when the file is a valid map (the rules could run)."""
        return self.model is not None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def load_error_finding(error: MapLoadError) -> Finding:
    """A loader error as an AM001 finding."""
    return Finding(
        error.path,
        error.line,
        error.column,
        error.code,
        "invalid-yaml",
        Severity.ERROR,
        error.message,
        hint=error.hint,
    )


def _apply(findings: Iterable[Finding], settings: Settings) -> list[Finding]:
    kept = []
    for finding in findings:
        severity = settings.severity_of(finding.code, finding.severity)
        if severity is None:
            continue
        kept.append(
            finding if severity is finding.severity else finding._replace(severity=severity)
        )
    return kept


def check_document(
    doc: Document,
    *,
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
    history: MapHistory | None = None,
) -> MapReport:
    """Validate a parsed document and run every enabled rule on it.

    Rules that read the git history (AM115) run only when `history` is given.
    """
    from accountmap_cli.rules import RULES, MapContext
    from accountmap_cli.validate import validate

    validated = validate(doc, stages=settings.stages)
    findings = list(validated.findings)
    model = validated.model
    ran = {"AM002", "AM003"}
    if model is None:
        return MapReport(doc.path, _suppress(doc, _apply(findings, settings), ran, settings))
    facts = derive_facts(model, as_of=as_of)
    context = MapContext(doc, model, facts, as_of, settings, history=history)
    closed = model.opportunity.stage in settings.closed_stages
    for rule in RULES.values():
        if rule.check is None or (closed and rule.deal_risk):
            continue
        if rule.needs_history and history is None:
            continue
        severity = settings.severity_of(rule.code, rule.severity)
        if severity is None:
            continue
        ran.add(rule.code)
        for problem in rule.check(context):
            line, column = doc.locate(problem.where, key=problem.at_key)
            findings.append(
                Finding(
                    doc.path,
                    line,
                    column,
                    rule.code,
                    rule.name,
                    problem.severity or severity,
                    problem.message,
                    stakeholder=problem.stakeholder,
                    hint=problem.hint,
                )
            )
    return MapReport(
        doc.path, _suppress(doc, _apply(findings, settings), ran, settings), model, facts
    )


def _suppress(
    doc: Document, findings: list[Finding], ran: set[str], settings: Settings
) -> list[Finding]:
    """Apply the map's `# accountmap: disable=...` comments; report the unused ones (AM100)."""
    if "accountmap:" not in doc.text:
        return sorted(findings)
    from accountmap_cli.rules import RULES
    from accountmap_cli.suppress import UNUSED_CODE, apply_suppressions

    unused = settings.severity_of(UNUSED_CODE, RULES[UNUSED_CODE].severity)
    return apply_suppressions(
        findings, doc.text, path=doc.path, ran=ran, known=RULES, unused_severity=unused
    )


def check_file(
    path: str,
    *,
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
    history: MapHistory | None = None,
) -> MapReport:
    """Check one map file; a file that cannot be read is a report with one AM001 finding."""
    try:
        doc = load(path)
    except MapLoadError as error:
        return MapReport(path, _apply([load_error_finding(error)], settings))
    return check_document(doc, as_of=as_of, settings=settings, history=history)


def check_files(
    paths: Iterable[str],
    *,
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
    histories: Mapping[str, MapHistory] | None = None,
) -> Iterator[MapReport]:
    """Check many files, one at a time, keeping nothing but the reports.

    `histories` (path → git history, from `history.read_early_histories`) lets the rules that
    read history run; a path without one is checked without them.
    """
    for path in paths:
        history = histories.get(path) if histories is not None else None
        yield check_file(path, as_of=as_of, settings=settings, history=history)
