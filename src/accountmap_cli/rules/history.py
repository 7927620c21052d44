"""Rules that read a map's git history (only with `lint --history`). AM115."""

from __future__ import annotations

from collections.abc import Iterator

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import MapContext, Problem, rule


@rule(
    "AM115",
    "mapped-late",
    Severity.WARNING,
    "Stakeholders were first mapped when the deal was already at proposal or later.",
    deal_risk=True,
    needs_history=True,
)
def mapped_late(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An open deal whose map, in git, named its first stakeholder only in a commit where the deal
    was already at the proposal stage or later (team setting `proposal-stage`). It reads the
    map's history, so it runs only with `accountmap lint --history` inside a git repository; a
    map that was never committed is not judged.

    ## Why it matters
    Mapping the buying committee only when the proposal goes out is the method's first mistake:
    by then the scope, the budget and the shortlist were decided by people you never met. A map
    drawn that late is a map of the people who found you, not of the people who decide, and it
    usually misses the economic buyer's advisers and the quiet blockers.

    ## Example
    ```yaml
    # The first commit that names anyone (2026-11-02) already says:
    opportunity:
      stage: proposal
    stakeholders:
      - id: pieter
        name: Pieter de Vries
    ```

    ## Use instead
    ```yaml
    # Commit the map with the first people you meet, while the deal is in discovery:
    opportunity:
      stage: discovery
    stakeholders:
      - id: pieter
        name: Pieter de Vries
    ```

    ## How to fix
    The past cannot be changed, but its gap can be closed: check this map against a second source
    (the champion, the org chart, LinkedIn) for the people who shaped the deal before you came,
    and add them. When the committee is verified, silence the finding with
    `# accountmap: disable=AM115` at the top of the map and say why. For the next deal, commit the
    map at the first meeting.
    """
    if ctx.history is None:
        return
    from accountmap_cli.maphistory import mapped_late as evidence  # only with --history

    first = evidence(ctx.history, ctx.settings, checked=ctx.map)
    if first is None:
        return
    yield Problem(
        ("stakeholders",),
        f"mapping started late: the first stakeholders were added on {first.date.isoformat()} "
        f"(commit {first.commit[:7]}), when the deal was already at {first.stage}",
        hint="check the map against a second source (your champion, the org chart) for the "
        "people who shaped the deal before you came, and add them",
        at_key=True,
    )
