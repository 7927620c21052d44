"""The text `document.dump` writes for a tree built in code, written directly (no ruamel emitter).

A CRM import creates thousands of maps; ruamel's representer, serializer and emitter took about
90% of the time of each (~15 ms for a map of six people). This writer covers what new maps hold —
block mappings and lists, plain and single-quoted text, whole numbers, simple decimals, dates — and
answers `None` for anything else (comments, anchors, flow style, multi-line or double-quoted text,
odd characters, other indentation), so the caller falls back to ruamel. Where it answers, the text
is byte for byte what ruamel writes (tests compare the two on generated and hostile input).

The rules below mirror ruamel's `Emitter.analyze_scalar` and `choose_scalar_style` for a value in
block context (allow_unicode, width 4096) and the serializer's check that a plain scalar reads back
as text (its YAML 1.2 resolver): a rule that is not certain refuses instead.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from accountmap_cli.edit.document import Indent, RoundTrip

_MAX_TEXT = 1000
"""Longer text goes through ruamel (its line folding at width 4096 is not mirrored here)."""
_PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
"""Characters ruamel writes as they are, on one line (no line breaks, no escapes needed)."""
_PLAIN_BREAKERS = re.compile(r": |:$| #|^[-?:](?: |$)|^[#,\[\]{}&*!|>'\"%@`]|^---|^\.\.\.|^ | $")
"""What keeps a value from being written plain in block context (indicators, edge spaces)."""
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_STR_TAG = "tag:yaml.org,2002:str"

_resolvers: dict[str | None, tuple[tuple[str, Any], ...]] | None = None


def _reads_as_text(value: str) -> bool:
    """Whether ruamel's resolver (YAML 1.2, as when dumping) reads this plain value as text.

    The same test as `VersionedResolver.resolve`, on its table of implicit resolvers by first
    character, taken once (its own lookup of the YAML version costs more than the test).
    """
    global _resolvers
    if _resolvers is None:
        from ruamel.yaml.resolver import VersionedResolver

        table = VersionedResolver(version=None).versioned_resolver
        anywhere = tuple(table.get(None, ()))  # resolvers for any first character (none in 1.2)
        _resolvers = {
            key: tuple((str(tag), regexp) for tag, regexp in (*found, *anywhere))
            for key, found in table.items()
            if key is not None
        }
        _resolvers[None] = tuple((str(tag), regexp) for tag, regexp in anywhere)
    for tag, regexp in _resolvers.get(value[:1], _resolvers[None]):
        if regexp.match(value):
            return tag == _STR_TAG
    return True


def _simple(value: str) -> bool:
    """Not empty, not too long, one line of characters written as they are."""
    return 0 < len(value) <= _MAX_TEXT and _PRINTABLE.fullmatch(value) is not None


def _single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _double_quoted(value: str) -> str | None:
    return None if '"' in value or "\\" in value else f'"{value}"'


def _any_style(value: str) -> str | None:
    """A text value without a style of its own: plain when it can be, else quoted (ruamel's choice:
    double quotes when it holds a `'`, single quotes otherwise)."""
    if not _PLAIN_BREAKERS.search(value) and _reads_as_text(value):
        return value
    return _double_quoted(value) if "'" in value else _single_quoted(value)


def scalar_text(value: Any) -> str | None:
    """How ruamel writes this value after `key: ` (None: not sure, let ruamel write it)."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        ScalarString,
        SingleQuotedScalarString,
    )

    kind = type(value)
    if kind is str:
        return _any_style(value) if _simple(value) else None
    if isinstance(value, ScalarString):
        if value.anchor.value is not None or not _simple(value):
            return None
        if kind is SingleQuotedScalarString:
            return _single_quoted(str(value))
        if kind is DoubleQuotedScalarString:
            return _double_quoted(str(value))
        return None  # literal or folded text: ruamel's own block writing
    if kind is int:
        return str(value)
    if kind is float:
        shown = repr(value)
        return shown if _DECIMAL.fullmatch(shown) else None
    if kind is dt.date:
        return value.isoformat()
    return None


def _fresh(node: Any) -> bool:
    """True for a plain dict/list, or a ruamel container without comments, anchor, tag or style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    kind = type(node)
    if kind is dict or kind is list:
        return True
    if kind is not CommentedMap and kind is not CommentedSeq:
        return False
    comments = node.ca
    if comments.comment is not None or comments.items or comments.end:
        return False
    if node.anchor.value is not None or node.tag.value is not None:
        return False
    if node.fa.flow_style() is not None:
        return False
    return kind is CommentedSeq or not node.merge


class _Writer:
    """The lines of one document; `seen` holds what ruamel would write twice as `&anchor`/`*alias`
    (the same date or container object in two places), which makes the writer decline."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.seen: set[int] = set()

    def once(self, node: Any) -> bool:
        if id(node) in self.seen:
            return False
        self.seen.add(id(node))
        return True

    def scalar(self, value: Any) -> str | None:
        if type(value) is dt.date and not self.once(value):
            return None
        return scalar_text(value)

    def mapping(self, node: Any, indent: int, *, first: str | None = None) -> bool:
        """Write a mapping's entries at `indent`; the first line starts with `first` if given."""
        if not node or not _fresh(node) or not self.once(node):
            return False
        for key, value in node.items():
            if type(key) is not str or not _KEY.fullmatch(key) or not _reads_as_text(key):
                return False
            lead = " " * indent if first is None else first
            first = None
            if isinstance(value, dict):
                self.lines.append(f"{lead}{key}:")
                if not self.mapping(value, indent + 2):
                    return False
            elif isinstance(value, list):
                self.lines.append(f"{lead}{key}:")
                if not self.sequence(value, indent):
                    return False
            else:
                shown = self.scalar(value)
                if shown is None:
                    return False
                self.lines.append(f"{lead}{key}: {shown}")
        return True

    def sequence(self, node: Any, parent: int) -> bool:
        """Write a list that is the value of a key at `parent` (dash at +2, content at +4)."""
        if not node or not _fresh(node) or not self.once(node):
            return False
        dash = " " * (parent + 2) + "- "
        for item in node:
            if isinstance(item, dict):
                if not self.mapping(item, parent + 4, first=dash):
                    return False
            elif isinstance(item, list):
                return False
            else:
                shown = self.scalar(item)
                if shown is None:
                    return False
                self.lines.append(dash + shown)
        return True


def dump_fresh(doc: RoundTrip) -> str | None:
    """`document.dump(doc)` for a tree built in code, or None when ruamel must write it.

    Only the default indentation (mappings 2, lists 4 with the dash at 2) is covered.
    """
    if doc.indent != Indent(2, 4, 2) or not isinstance(doc.data, dict):
        return None
    writer = _Writer()
    try:
        written = writer.mapping(doc.data, 0)
    except (AttributeError, TypeError, KeyError):
        # The writer mirrors ruamel and reads some of its internals (the resolver table, the
        # comment and style attributes); a ruamel that changed them gets its own emitter.
        return None
    if not written:
        return None
    return doc.header + "\n".join(writer.lines) + "\n"
