"""User text made safe for GitHub-flavoured markdown: tables, headings and lists."""

from __future__ import annotations

import re

from accountmap_cli.render.diagram import one_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def md_text(text: str | None, *, empty: str = "") -> str:
    """Text shown literally in markdown, on one line, also inside a table cell.

    Markdown punctuation gets a backslash (`\\*`, `\\|`, `\\<`), `&` becomes `&amp;` so nothing turns
    into an HTML entity, and newlines become spaces.
    """
    if text is None:
        return empty
    flat = one_line(text).replace("&", "&amp;")
    return _SPECIAL.sub(r"\\\1", flat) or empty


def md_cell(text: str | None, *, empty: str = "—") -> str:
    """Text for a table cell; keeps the writer's line breaks as `<br>`, and shows `empty` for none."""
    if text is None or not text.strip():
        return empty
    return "<br>".join(md_text(line) for line in text.splitlines() if line.strip())
