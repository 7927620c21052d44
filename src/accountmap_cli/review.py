"""The weekly pipeline review: one row per deal with the method's four questions, plus totals.

Who are the stakeholders? Have we spoken to the economic buyer? Who is the champion? Are there
blockers? Each checked map becomes a small `DealRow` at once, so a review over thousands of maps
keeps rows, not documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from accountmap_cli.config import DEFAULT_SETTINGS, Settings
from accountmap_cli.findings import Severity
from accountmap_cli.lint import MapReport
from accountmap_cli.risk import next_actions, score_report, weights_of

if TYPE_CHECKING:
    from accountmap_cli.gitdiff import TreeDiff
    from accountmap_cli.gitio import Commit, Repo
    from accountmap_cli.mapdiff import FindingChange, MapDiff

LEVEL_RANK = {"low": 0, "medium": 1, "high": 2}
SORT_KEYS = ("attention", "value", "risk", "stage", "close-date", "days-silent")


@dataclass(frozen=True, slots=True)
class AttitudeMove:
    """A stakeholder whose attitude changed since the earlier revision."""

    stakeholder: str
    name: str
    before: str
    after: str
    direction: str | None
    """``warmer``, ``colder``, or `None` for a move from or to ``unknown``."""


@dataclass(frozen=True, slots=True)
class SinceChange:
    """What happened to one deal since the earlier revision (`review --since`).

    `status` is ``same`` (no change in meaning), ``changed``, ``new`` (the map did not exist
    then) or ``invalid`` (it existed but was not a valid map then). Both revisions are judged on
    the same date with the same team settings, so a risk change is what the edits did.
    """

    status: str
    risk_before: int | None = None
    risk_change: int | None = None
    stakeholders_added: int = 0
    stakeholders_removed: int = 0
    attitude_moves: tuple[AttitudeMove, ...] = ()
    renamed_from: str | None = None
    """The map's path then, when it was renamed since."""
    risk_findings: tuple[FindingChange, ...] = ()
    """Deal-risk findings that appeared since (the reasons a risk went up)."""


@dataclass(frozen=True, slots=True)
class Since:
    """The earlier revision a review compares with, and each deal's change by path."""

    rev: str
    """The revision or date as the user wrote it."""
    commit: str
    changes: Mapping[str, SinceChange] = field(default_factory=dict)
    """By path as the review reads it; a path not here has not changed (status ``same``)."""

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True, slots=True)
class DealRow:
    """One deal in the review."""

    path: str
    account: str
    opportunity: str
    owner: str | None
    """The owner's name (or id when the team list does not name them)."""
    owner_id: str | None
    stage: str
    value: float
    currency: str
    close_date: dt.date | None
    named: int
    identified: int
    engaged: int
    champions: tuple[str, ...]
    economic_buyers: tuple[str, ...]
    engaged_economic_buyers: tuple[str, ...]
    blockers: int
    blockers_without_strategy: int
    last_contact: dt.date | None
    days_silent: int | None
    risk_score: int
    risk_level: str
    next_action: str | None
    closed: bool
    single_threaded: bool
    fails_mandatory_mapping: bool
    since: SinceChange | None = None
    """What changed since the earlier revision, with `review --since` only."""

    @property
    def economic_buyer_engaged(self) -> bool:
        return bool(self.engaged_economic_buyers)

    @property
    def risk_went_up(self) -> bool:
        return self.since is not None and (self.since.risk_change or 0) > 0


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A map that could not be reviewed, with its first error."""

    path: str
    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Totals:
    """The numbers under the review table."""

    open_deals: int
    pipeline: dict[str, float]
    high_risk_value: dict[str, float]
    single_threaded: int
    failing_mandatory_mapping: int
    top_deals: int
    top_deals_with_three_named: int


@dataclass(frozen=True, slots=True)
class Filters:
    """Which deals a review shows. Empty means no filter on that field."""

    owners: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    min_value: float | None = None
    include_closed: bool = False

    def accepts(self, row: DealRow) -> bool:
        if row.closed and not self.include_closed:
            return False
        if self.owners and not any(
            o.casefold() in {(row.owner or "").casefold(), (row.owner_id or "").casefold()}
            for o in self.owners
        ):
            return False
        if self.stages and row.stage not in self.stages:
            return False
        if self.accounts and not any(a.casefold() in row.account.casefold() for a in self.accounts):
            return False
        if self.levels and row.risk_level not in self.levels:
            return False
        return self.min_value is None or row.value >= self.min_value


@dataclass(slots=True)
class Review:
    """The whole review: rows in display order, totals, and the maps that could not be read."""

    as_of: dt.date
    rows: list[DealRow] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    totals: Totals | None = None
    since: Since | None = None

    @property
    def risk_up(self) -> list[DealRow]:
        """The deals whose risk went up since the earlier revision, the biggest rise first."""
        rows = [row for row in self.rows if row.risk_went_up]
        return sorted(rows, key=lambda r: (-(r.since.risk_change or 0), r.path))  # type: ignore[union-attr]


def deal_row(report: MapReport, settings: Settings = DEFAULT_SETTINGS) -> DealRow:
    """Summarise one valid map's report as a review row."""
    model, facts = report.model, report.facts
    assert model is not None and facts is not None, "only loaded maps become rows"
    opportunity = model.opportunity
    people = {s.id: s for s in model.stakeholders}
    team = {m.id: m for m in model.team}

    def names(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(people[i].label for i in ids)

    owner = None
    if opportunity.owner:
        member = team.get(opportunity.owner)
        owner = member.name if member else opportunity.owner
    blockers = [people[i] for i in facts.blockers]
    risk = score_report(report, settings)
    actions = next_actions(risk, limit=1)
    closed = opportunity.stage in settings.closed_stages
    return DealRow(
        path=report.path,
        account=opportunity.account,
        opportunity=opportunity.name,
        owner=owner,
        owner_id=opportunity.owner,
        stage=opportunity.stage,
        value=opportunity.value,
        currency=opportunity.currency,
        close_date=opportunity.close_date,
        named=facts.named,
        identified=facts.identified,
        engaged=facts.engaged,
        champions=names(facts.champions),
        economic_buyers=names(facts.economic_buyers),
        engaged_economic_buyers=names(facts.engaged_economic_buyers),
        blockers=len(blockers),
        blockers_without_strategy=sum(1 for b in blockers if b.strategy is None),
        last_contact=facts.last_contact,
        days_silent=facts.days_silent,
        risk_score=risk.score,
        risk_level=risk.level,
        next_action=actions[0] if actions else None,
        closed=closed,
        single_threaded=facts.engaged < settings.min_engaged,
        fails_mandatory_mapping=opportunity.value > settings.mandatory_mapping_value
        and facts.named < settings.min_stakeholders,
    )


def structural_errors(report: MapReport) -> list:
    """The format errors (AM0xx) of a map: a map with any of them is not reviewed."""
    return [f for f in report.findings if f.structural and f.severity is Severity.ERROR]


def first_problem(report: MapReport) -> LoadProblem:
    """The first error of a map that could not be reviewed."""
    candidates = structural_errors(report) or report.findings
    if not candidates:  # every format error was switched off in the team's config
        return LoadProblem(report.path, 1, 1, "AM003", "the map is not valid")
    first = min(candidates)
    return LoadProblem(first.path, first.line, first.column, first.code, first.message)


def sort_key(sort: str, settings: Settings):
    """The ordering of rows for `--sort`. The default, `attention`, puts the deals that most need
    attention on top: risk level first, then value, then score."""
    stages = {stage: position for position, stage in enumerate(settings.stages)}
    far = dt.date.max
    keys = {
        "attention": lambda r: (-LEVEL_RANK[r.risk_level], -r.value, -r.risk_score, r.path),
        "value": lambda r: (-r.value, r.path),
        "risk": lambda r: (-r.risk_score, -r.value, r.path),
        "stage": lambda r: (-stages.get(r.stage, -1), -r.value, r.path),
        "close-date": lambda r: (r.close_date or far, -r.value, r.path),
        "days-silent": lambda r: (
            -(r.days_silent if r.days_silent is not None else 10**6),
            -r.value,
            r.path,
        ),
    }
    return keys[sort]


def totals_of(rows: list[DealRow], *, top: int = 5, min_named: int = 3) -> Totals:
    """Totals over the rows shown (open deals unless closed ones were asked for)."""
    pipeline: dict[str, float] = {}
    high: dict[str, float] = {}
    for row in rows:
        if row.closed:
            continue
        pipeline[row.currency] = pipeline.get(row.currency, 0) + row.value
        if row.risk_level == "high":
            high[row.currency] = high.get(row.currency, 0) + row.value
    open_rows = [r for r in rows if not r.closed]
    biggest = sorted(open_rows, key=lambda r: (-r.value, r.path))[:top]
    return Totals(
        open_deals=len(open_rows),
        pipeline=dict(sorted(pipeline.items())),
        high_risk_value=dict(sorted(high.items())),
        single_threaded=sum(1 for r in open_rows if r.single_threaded),
        failing_mandatory_mapping=sum(1 for r in open_rows if r.fails_mandatory_mapping),
        top_deals=len(biggest),
        top_deals_with_three_named=sum(1 for r in biggest if r.named >= min_named),
    )


def build_review(
    reports: Iterable[MapReport | DealRow | LoadProblem],
    *,
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
    filters: Filters = Filters(),
    sort: str = "attention",
    since: Since | None = None,
) -> Review:
    """Turn checked maps into the review: rows filtered and sorted, totals, load problems.

    With `since`, each row also says what changed since that revision.
    """
    review = Review(as_of, since=since)
    for report in reports:
        # A row or a problem made already (by `parallel.review_entries`) is taken as it is.
        if isinstance(report, LoadProblem):
            review.problems.append(report)
            continue
        if isinstance(report, DealRow):
            row = report
        elif report.model is None or structural_errors(report):
            review.problems.append(first_problem(report))
            continue
        else:
            row = deal_row(report, settings)
        if filters.accepts(row):
            if since is not None:
                change = since.changes.get(row.path) or SinceChange(
                    "same", risk_before=row.risk_score, risk_change=0
                )
                row = replace(row, since=change)
            review.rows.append(row)
    review.rows.sort(key=sort_key(sort, settings))
    review.problems.sort(key=lambda p: (p.path, p.line, p.column))
    review.totals = totals_of(review.rows, min_named=settings.min_stakeholders)
    return review


# --- review --since ------------------------------------------------------------------------------


def since_change(
    diff: MapDiff, *, risk_now: int | None = None, settings: Settings = DEFAULT_SETTINGS
) -> SinceChange:
    """One map's change between the earlier revision and now, from its semantic diff."""
    if diff.old is None:
        added = len(diff.new.model.stakeholders) if diff.new and diff.new.model else 0
        return SinceChange("new", stakeholders_added=added)
    renamed_from = diff.old.path if diff.status == "renamed" else None
    if diff.old.model is None:
        return SinceChange("invalid", renamed_from=renamed_from)
    before = diff.risk_before.score if diff.risk_before is not None else None
    if risk_now is None and diff.risk_after is not None:
        risk_now = diff.risk_after.score
    moves = tuple(
        AttitudeMove(
            c.details["stakeholder"],
            c.details.get("name") or c.details.get("title") or c.details["stakeholder"],
            c.details["from"],
            c.details["to"],
            c.details.get("direction"),
        )
        for c in diff.changes
        if c.kind == "attitude"
    )
    weights = weights_of(settings)
    return SinceChange(
        "changed",
        risk_before=before,
        risk_change=risk_now - before if before is not None and risk_now is not None else None,
        stakeholders_added=sum(1 for c in diff.changes if c.kind == "stakeholder_added"),
        stakeholders_removed=sum(1 for c in diff.changes if c.kind == "stakeholder_removed"),
        attitude_moves=moves,
        renamed_from=renamed_from,
        risk_findings=tuple(f for f in diff.appeared if weights.get(f.code, 0) > 0),
    )


def since_changes(
    tree: TreeDiff,
    *,
    existed: Collection[str],
    paths: Mapping[str, str],
    settings: Settings = DEFAULT_SETTINGS,
) -> dict[str, SinceChange]:
    """Each reviewed map's change, by the path the review reads it from.

    `paths` maps those paths to repository paths; `existed` holds the repository paths of the
    maps at the earlier revision. A map not in the diff is unchanged if it existed then, else new.
    """
    by_repo_path = {d.path: d for d in tree.maps if d.new is not None}
    changes: dict[str, SinceChange] = {}
    for path, repo_path in paths.items():
        diff = by_repo_path.get(repo_path)
        if diff is not None:
            changes[path] = since_change(diff, settings=settings)
        elif repo_path not in existed:
            changes[path] = SinceChange("new")
    return changes


def read_since(
    repo: Repo,
    commit: Commit,
    files: Sequence[str],
    *,
    folders: Sequence[str],
    as_of: dt.date,
    settings: Settings = DEFAULT_SETTINGS,
) -> Since:
    """Compare the maps in `files` (as the review reads them) with their versions at `commit`.

    The old versions are read with one `git cat-file --batch` (through `gitdiff`); only the maps
    whose bytes changed are parsed again. Raises `GitError`.
    """
    from accountmap_cli.gitdiff import diff_revisions

    if not files:
        return Since(commit.rev, commit.sha)
    tree = diff_revisions(repo, commit.sha, None, folders, as_of=as_of, settings=settings)
    paths = repo.relative_files(files)
    changes = since_changes(tree, existed=tree.old_paths, paths=paths, settings=settings)
    return Since(commit.rev, commit.sha, changes)
