"""A map file as a ruamel.yaml round-trip tree, dumped back in the file's own style.

ruamel's defaults rewrite most lines of a hand-written map. With quotes preserved, no line folding
and the indentation measured from the file itself, only the lines a change needs differ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_DEFAULT_INDENT = (2, 4, 2)
_KEY_LINE = re.compile(r"^( *)(?:[^\s#'\"-][^:#]*|'[^']*'|\"[^\"]*\"):(?:\s+#.*)?\s*$")
_ANY_KEY = re.compile(r"^( *)[^\s#-][^:#]*:(?:\s|$)")
_DASH = re.compile(r"^( *)-( +)\S")
_YAML11_SHORT_BOOLEANS = frozenset(("y", "Y", "n", "N"))
"""Booleans in the YAML 1.1 spec that PyYAML's resolver does not know (other tools do)."""
_DOCUMENT_START = re.compile(r"^---(?:\s.*)?$")


@dataclass(frozen=True, slots=True)
class Indent:
    """Indentation of a file, in ruamel's terms."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


@dataclass(slots=True)
class RoundTrip:
    """A parsed map: `data` is the ruamel tree; `header` is kept verbatim (text up to `---`)."""

    data: Any
    indent: Indent
    header: str
    quote: str
    """The quote character the file uses most (for text that must be quoted)."""


def detect_indent(text: str) -> Indent:
    """Measure how nested mappings and lists are indented; defaults for what the file lacks."""
    mapping = sequence = offset = None
    previous: tuple[int, bool] | None = None  # (indent, line ends with "key:")
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if previous is not None and previous[1]:
            parent = previous[0]
            dash = _DASH.match(line)
            if dash and sequence is None and indent >= parent:
                offset = indent - parent
                sequence = offset + 1 + len(dash.group(2))
            elif not dash and mapping is None and indent > parent:
                mapping = indent - parent
        if mapping is not None and sequence is not None:
            break
        previous = (indent, bool(_KEY_LINE.match(line)))
    if mapping is None and sequence is None:
        return Indent(*_DEFAULT_INDENT)
    if sequence is None:
        sequence, offset = _DEFAULT_INDENT[1], _DEFAULT_INDENT[2]
    assert offset is not None
    if sequence < offset + 2:
        sequence = offset + 2
    return Indent(mapping or _DEFAULT_INDENT[0], sequence, offset)


def _split_header(text: str) -> tuple[str, str]:
    """Split off comments and a `---` line at the top (ruamel would drop them), if there is one."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        stripped = line.strip()
        if _DOCUMENT_START.match(line.rstrip("\n")):
            return "".join(lines[: number + 1]), "".join(lines[number + 1 :])
        if stripped and not stripped.startswith(("#", "%")):
            break
    return "", text


def header_line_count(text: str) -> int:
    """How many lines at the top `load` keeps apart from what ruamel reads (its line 1 is after)."""
    return _split_header(text)[0].count("\n")


def _yaml(indent: Indent):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    return yaml


def load(text: str) -> RoundTrip:
    """Parse map text (LF line endings) into a round-trip tree."""
    header, body = _split_header(text)
    indent = detect_indent(body)
    data = _yaml(indent).load(body)
    doubles = len(re.findall(r":\s+\"", body))
    singles = len(re.findall(r":\s+'", body))
    return RoundTrip(data, indent, header, '"' if doubles > singles else "'")


def dump(doc: RoundTrip) -> str:
    """The tree as text (LF line endings), in the file's own indentation."""
    import io

    stream = io.StringIO()
    _yaml(doc.indent).dump(doc.data, stream)
    return doc.header + stream.getvalue()


def _yaml11_resolves_to_non_text(value: str) -> bool:
    import yaml

    resolver = yaml.resolver.Resolver()
    return resolver.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"


def needs_quotes(value: str) -> bool:
    """True for text that YAML 1.1 tools or the map loader would read as something else.

    `NO` and `on` (booleans), `0612345670` (octal), `1.10` (a number), `12:30` (base 60),
    `2026-12-04` (a date), `null`, `~` and the empty string all become quoted text.
    """
    if value == "" or value != value.strip() or value in _YAML11_SHORT_BOOLEANS:
        return True
    return _yaml11_resolves_to_non_text(value)


def _literal_safe(value: str) -> bool:
    """Whether a `|` block keeps this text exactly (no trailing blanks, no odd line breaks)."""
    lines = value.split("\n")
    return (
        all(line == line.rstrip(" \t") for line in lines)
        and not value.startswith((" ", "\n"))
        and not any(char in value for char in "\r\x85\u2028\u2029\t")
        and not value.endswith("\n\n")
    )


def text(value: str, *, quote: str = "'") -> Any:
    """A text value to put in the tree: plain when safe, quoted when it would be misread."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if "\n" in value.strip("\n") and _literal_safe(value):
        return LiteralScalarString(value)
    if not needs_quotes(value):
        return value
    if quote == '"' or "'" in value:
        return DoubleQuotedScalarString(value)
    return SingleQuotedScalarString(value)


def like(old: Any, value: Any, *, quote: str = "'") -> Any:
    """A new value written in the same quoting style as the value it replaces."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, str) and not isinstance(value, (dt.date,)):
        if isinstance(old, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(value)
        if isinstance(old, SingleQuotedScalarString) and "'" not in value:
            return SingleQuotedScalarString(value)
        return text(value, quote=quote)
    return value
