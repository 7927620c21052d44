"""Rules for files that are not a readable map: AM001-AM003 (reported by the loader and validator)."""

from __future__ import annotations

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import documented

INVALID_YAML = documented(
    "AM001",
    "invalid-yaml",
    Severity.ERROR,
    "The file cannot be read as one YAML mapping.",
    """
    ## What it finds
    A file that is not a readable map: invalid YAML, git merge-conflict markers, tabs used for
    indentation, several documents in one file, a top level that is not a mapping, an empty file,
    bytes that are not UTF-8 text, anchors and aliases, YAML tags, nesting deeper than 64 levels,
    or a file over 2 MiB.

    ## Why it matters
    A map nobody can read is a deal nobody reviews. Anchors, aliases and tags are refused because
    they let a small file expand without limit or run code in other tools.

    ## Example
    ```yaml
    stakeholders:
    <<<<<<< HEAD
      - id: pieter
    =======
      - id: pieter-de-vries
    >>>>>>> feature
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: pieter-de-vries
    ```

    ## How to fix
    Fix the place the message points at: resolve the merge conflict, indent with spaces, quote
    text that contains `: `, keep one opportunity per file.
    """,
)

DUPLICATE_KEY = documented(
    "AM002",
    "duplicate-key",
    Severity.ERROR,
    "A key is written twice in one mapping.",
    """
    ## What it finds
    The same key twice in one mapping, e.g. two `attitude:` lines for one stakeholder.

    ## Why it matters
    Most YAML tools silently keep the last value, so one of the two judgements is lost without a
    word. accountmap keeps the first and reports both lines.

    ## Example
    ```yaml
    - id: jan
      attitude: supporter
      attitude: blocker
    ```

    ## Use instead
    ```yaml
    - id: jan
      attitude: blocker   # since the steering committee of 12 May
    ```

    ## How to fix
    Keep the value that is true today and delete the other line.
    """,
)

INVALID_FIELD = documented(
    "AM003",
    "invalid-field",
    Severity.ERROR,
    "A field is missing, unknown, of the wrong type or has a value that is not allowed.",
    """
    ## What it finds
    A required field left out (`opportunity.name`, a stakeholder's `id`), an unknown key (a typo
    such as `atitude`), a wrong type (a list where text belongs), or a value outside the format
    (`champoin`, a date that is not `YYYY-MM-DD`, a negative deal value, an unknown stage).
    Extension keys starting with `x-` are always allowed.

    ## Why it matters
    A misspelt `atitude: blocker` is a blocker nobody sees in the review.

    ## Example
    ```yaml
    - id: jan
      atitude: champoin
    ```

    ## Use instead
    ```yaml
    - id: jan
      attitude: champion
    ```

    ## How to fix
    Follow the did-you-mean in the message; the README lists every field and allowed value.
    """,
)
