"""AM100: a suppression comment that suppresses nothing (reported by `accountmap_cli.suppress`)."""

from __future__ import annotations

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import documented

UNUSED_SUPPRESSION = documented(
    "AM100",
    "unused-suppression",
    Severity.WARNING,
    "A `# accountmap: disable=...` comment that suppresses nothing.",
    """
    ## What it finds
    A suppression comment (`# accountmap: disable=AM103`) whose code has no finding where it
    applies: on its own line (a trailing comment), on the next line (a comment on a line of its
    own), or in the whole file (a comment in the comment block at the top of the file). Also an
    unknown code in such a comment. A suppression of a rule that did not run (turned off in the
    team's config, or a won or lost deal) is not reported.

    ## Why it matters
    A suppression hides a problem on purpose. Once the problem is fixed, a forgotten suppression
    would silently hide it the next time it comes back.

    ## Example
    ```yaml
    # accountmap: disable=AM103
    stakeholders:
      - id: pieter
        attitude: champion
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: pieter
        attitude: champion
    ```

    ## How to fix
    Remove the code from the comment (or the whole comment when no code is left).
    """,
)
