"""Bytes on disk → plain Python data plus the line and column of every key and value.

The loader owns every way a file can be broken before the map format even applies: bytes that are
not UTF-8 text, git merge-conflict markers, tabs used for indentation, invalid YAML, several documents,
anchors and aliases, tags, absurd nesting, huge files and duplicate keys.

It reads libyaml's *events* (not PyYAML's generic constructor) and builds the data itself with an
explicit stack. That is faster than `yaml.safe_load`, never recurses (no crash on deep nesting), and
applies the map format's own scalar rules: a scalar is text exactly as written, or `None` when left
empty. PyYAML's YAML 1.1 surprises (``no`` → False, ``0612345670`` → octal, ``12:30`` → 750,
``2024-02-30`` → ValueError) therefore never happen; numbers and dates are parsed by the models.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from accountmap_cli.errors import MapLoadError

MAX_BYTES = 2 * 1024 * 1024
"""Largest map file we read; a real map is a few kilobytes."""

MAX_DEPTH = 64
"""Deepest nesting we accept; the map format needs five levels."""

MAP_SUFFIXES = (".yaml", ".yml")

Mark = tuple[int, int]
"""A 1-based (line, column) position in the file."""

FieldPath = tuple[str | int, ...]
"""Where a value sits in the document, e.g. ``("stakeholders", 2, "attitude")``."""

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_STR_TAG = "tag:yaml.org,2002:str"
_CONFLICT_RE = re.compile(r"^(<{7}|>{7}|\|{7}|={7})(?: |$)", re.MULTILINE)
# libyaml follows YAML 1.1, where these three also end a line: every line number after one
# would be off from what an editor shows, so they are refused up front.
_ODD_BREAKS_RE = re.compile("[\x85\u2028\u2029]")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_ODD_BREAK_NAMES = {
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}


class DuplicateKey(NamedTuple):
    """A key written twice in one mapping; the first value is the one kept."""

    path: FieldPath
    first: Mark
    second: Mark


@dataclass(slots=True)
class Document:
    """A parsed map file: the data and where every part of it was written.

    The positions are kept per container (the libyaml marks of a mapping's keys and values, or of
    a list's items, in order) rather than per path: building a path for every value costs more
    than the rest of the parse. `locate` walks the data to find them; `value_marks` and
    `key_marks` rebuild the by-path view when someone wants all of them.
    """

    path: str
    text: str
    data: object
    duplicates: list[DuplicateKey] = field(default_factory=list)
    root_mark: Mark = (1, 1)
    container_marks: dict[int, list] = field(default_factory=dict, repr=False)
    """`id(container)` → the start marks of its children (0-based libyaml marks): for a
    mapping key, value, key, value, ... in insertion order; for a list one per item."""
    extensions: list[FieldPath] = field(default_factory=list)
    """Where extension keys (`x-...`) are written, in the order of the file."""

    def _child_marks(self, where: FieldPath) -> tuple[object, object] | None:
        """(key mark, value mark) of the value at `where` (key mark None in a list), or None."""
        container = self.data
        for part in where[:-1]:
            if type(container) is dict:
                if part not in container:
                    return None
                container = container[part]
            elif type(container) is list and type(part) is int and 0 <= part < len(container):
                container = container[part]
            else:
                return None
        marks = self.container_marks.get(id(container))
        if marks is None:
            return None
        last = where[-1]
        if type(container) is dict:
            if last not in container:
                return None
            position = 2 * list(container).index(last)
            return marks[position], marks[position + 1]
        if type(container) is list and type(last) is int and 0 <= last < len(container):
            return None, marks[last]
        return None

    def locate(self, where: FieldPath, *, key: bool = False) -> Mark:
        """The position of the value at `where` (or of its key), else of its nearest ancestor."""
        while where:
            found = self._child_marks(where)
            if found is not None:
                key_mark, value_mark = found
                mark = key_mark if key and key_mark is not None else value_mark
                return (mark.line + 1, mark.column + 1)
            where = where[:-1]
            key = True
        return self.root_mark

    @property
    def value_marks(self) -> dict[FieldPath, Mark]:
        """Every value's position by path (built on demand)."""
        return self._all_marks(keys=False)

    @property
    def key_marks(self) -> dict[FieldPath, Mark]:
        """Every mapping key's position by the path of its value (built on demand)."""
        return self._all_marks(keys=True)

    def _all_marks(self, *, keys: bool) -> dict[FieldPath, Mark]:
        found: dict[FieldPath, Mark] = {} if keys else {(): self.root_mark}
        todo: list[tuple[FieldPath, object]] = [((), self.data)]
        while todo:
            where, container = todo.pop()
            marks = self.container_marks.get(id(container), ())
            if type(container) is dict:
                for position, (part, child) in enumerate(container.items()):
                    mark = marks[2 * position if keys else 2 * position + 1]
                    found[(*where, part)] = (mark.line + 1, mark.column + 1)
                    todo.append(((*where, part), child))
            elif type(container) is list:
                for position, child in enumerate(container):
                    if not keys:
                        mark = marks[position]
                        found[(*where, position)] = (mark.line + 1, mark.column + 1)
                    todo.append(((*where, position), child))
        return found


def _event_classes() -> tuple[type, ...]:
    from yaml import events

    return (
        events.ScalarEvent,
        events.MappingStartEvent,
        events.MappingEndEvent,
        events.SequenceStartEvent,
        events.SequenceEndEvent,
        events.AliasEvent,
        events.DocumentStartEvent,
        events.StreamEndEvent,
    )


def _parser(text: str):
    # `yaml.CParser` is not exported by PyYAML (only the C *loaders* are): take it from the
    # extension module itself, else fall back to the pure-Python parser.
    try:
        from yaml._yaml import CParser
    except ImportError:
        import yaml

        return yaml.SafeLoader(text)
    return CParser(text)


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a map file as text: UTF-8 (a BOM is allowed), no binary junk, not too big."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise MapLoadError(
            "file not found", path=name, hint="check the path; maps end in .yaml or .yml"
        ) from None
    except IsADirectoryError:
        raise MapLoadError("is a folder, not a map file", path=name) from None
    except OSError as exc:
        raise MapLoadError(f"cannot read file: {exc.strerror}", path=name) from None
    return decode(raw, path=name)


def decode(raw: bytes, *, path: str) -> str:
    """Turn the bytes of a map file into text, or explain why they are not a text file."""
    if len(raw) > MAX_BYTES:
        raise MapLoadError(
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; this is not an account map",
            path=path,
            hint="split it into one map per opportunity",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MapLoadError(
            "file is encoded as UTF-16",
            path=path,
            hint="save it as UTF-8 (most editors: 'Save with encoding')",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0 and _looks_like_utf16(raw):
        raise MapLoadError(
            "file looks like UTF-16 text (without a byte-order mark), not UTF-8",
            path=path,
            hint="save it as UTF-8 (most editors: 'Save with encoding')",
        )
    if nul >= 0:
        line, column = _mark_of_offset(raw, nul)
        raise MapLoadError(
            "file contains binary data (a NUL byte), not text",
            path=path,
            line=line,
            column=column,
            hint="is this really a map? maps are plain UTF-8 YAML",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _mark_of_offset(raw, exc.start)
        raise MapLoadError(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=path,
            line=line,
            column=column,
            hint="save it as UTF-8; Latin-1 or Windows-1252 files must be converted",
        ) from None


def _looks_like_utf16(raw: bytes) -> bool:
    # ASCII text in UTF-16 has a NUL in every other byte.
    head = raw[:200]
    pairs = len(head) // 2
    if pairs < 2:
        return False
    nuls = max(head[0::2].count(0), head[1::2].count(0))
    return nuls * 10 >= pairs * 9


def _mark_of_offset(raw: bytes, offset: int) -> Mark:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _may_have_conflict(text: str) -> bool:
    # A plain substring test is ~10× faster than the regex, which runs only when it may match.
    return "<<<<<<<" in text or ">>>>>>>" in text or "|||||||" in text or "=======" in text


def parse(text: str, *, path: str) -> Document:
    """Parse the text of one map file into a `Document`, or raise `MapLoadError` (code AM001)."""
    conflict = _CONFLICT_RE.search(text) if _may_have_conflict(text) else None
    if conflict is not None:
        line = text.count("\n", 0, conflict.start()) + 1
        raise MapLoadError(
            f"git merge-conflict marker '{conflict.group(1)}' at line {line}",
            path=path,
            line=line,
            hint="resolve the merge conflict and remove the <<<<<<< ======= >>>>>>> lines",
        )
    odd_break = None if text.isascii() else _ODD_BREAKS_RE.search(text)
    if odd_break is not None:
        line, column = _mark_of_text_offset(text, odd_break.start())
        raise MapLoadError(
            f"file contains an invisible line break, {_ODD_BREAK_NAMES[odd_break.group()]}",
            path=path,
            line=line,
            column=column,
            hint="replace it with a normal line break or a space; it comes with text pasted "
            "from Word or a PDF",
        )
    import yaml

    parser = None
    try:
        # The pure-Python parser checks the characters as soon as it is made: inside the `try`.
        parser = _parser(text)
        gc_enabled = gc.isenabled()
        gc.disable()
        try:
            return _build(parser, text, path)
        finally:
            if gc_enabled:
                gc.enable()
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        first_line = _one_line(str(exc).partition("\n")[0])
        raise MapLoadError(f"invalid YAML: {first_line}", path=path) from None
    except UnicodeEncodeError as exc:
        line, column = _mark_of_text_offset(text, exc.start)
        raise MapLoadError(
            "the text contains a character that is not valid Unicode",
            path=path,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def load(path: str | os.PathLike[str]) -> Document:
    """Read and parse one map file."""
    name = os.fspath(path)
    return parse(read_text(name), path=name)


def _one_line(text: str) -> str:
    """Text safe to show on one line of output: line breaks and control characters escaped."""
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


def _mark_of_text_offset(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _reader_error(exc: object, text: str, path: str) -> MapLoadError:
    character = getattr(exc, "character", None)
    # libyaml's position is unreliable after non-ASCII text; it stops at the first bad character.
    position = text.find(chr(character)) if isinstance(character, int) else -1
    if position < 0:
        position = getattr(exc, "position", 0) or 0
    line, column = _mark_of_text_offset(text, min(position, len(text)))
    shown = f" (U+{character:04X})" if isinstance(character, int) else ""
    return MapLoadError(
        f"file contains a control character{shown} that YAML does not allow",
        path=path,
        line=line,
        column=column,
        hint="delete the invisible character; it often comes from copying text out of a PDF",
    )


def _yaml_error(exc: object, text: str, path: str) -> MapLoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or "syntax error"
    context = getattr(exc, "context", None)
    lines = _LINE_BREAK_RE.split(text)
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    at_tab = 0 < column <= len(source_line) and source_line[column - 1] == "\t"
    if "\t" in indent or at_tab or "'\\t'" in problem or "tab character" in problem:
        tab = source_line.find("\t")
        return MapLoadError(
            "tab character used for indentation",
            path=path,
            line=line,
            column=tab + 1 if tab >= 0 else column,
            hint="YAML indents with spaces only; replace the tab with spaces",
        )
    if "maximum nesting depth" in problem:
        return MapLoadError(
            f"nesting deeper than {MAX_DEPTH} levels",
            path=path,
            line=line,
            column=column,
            hint="a map needs only a few levels; check the brackets and the indentation",
        )
    message = f"invalid YAML: {_one_line(problem)}"
    if context:
        message += f" ({_one_line(context)})"
    return MapLoadError(
        message,
        path=path,
        line=line,
        column=column,
        hint="check indentation and quoting around this place; quote text that contains ': '",
    )


def _build(parser: object, text: str, path: str) -> Document:
    (
        scalar_event,
        mapping_start,
        mapping_end,
        sequence_start,
        sequence_end,
        alias_event,
        document_start,
        stream_end,
    ) = _event_classes()
    get_event = parser.get_event  # type: ignore[attr-defined]
    container_marks: dict[int, list] = {}
    duplicates: list[DuplicateKey] = []
    extensions: list[FieldPath] = []
    may_extend = "x-" in text
    no_key, duplicate, in_list, top = _NO_KEY, _DUPLICATE, _IN_LIST, _TOP
    nulls, str_tag = _NULLS, _STR_TAG
    # This loop runs for every event of every file, so it does as little as it can: the innermost
    # open container lives in locals (`parent`, its path, the list of its children's marks,
    # whether marks are kept: not inside the value of a duplicate key), and `pending` says what
    # the next node is: _TOP (the document's root), _IN_LIST (a list item), _NO_KEY (a mapping's
    # key), _DUPLICATE (the value of a duplicate key, dropped) or the key whose value comes next.
    # Paths are built only for containers; `stack` saves the enclosing containers' locals and its
    # length is the nesting depth.
    stack: list[tuple] = []
    parent: dict | list | None = None
    parent_path: FieldPath = ()
    marks: list = []
    add_mark = marks.append
    pending: object = top
    keep = True
    root: object = _MISSING
    root_mark: Mark = (1, 1)
    documents = 0

    def fail(message: str, event: object, hint: str | None = None) -> MapLoadError:
        mark = event.start_mark  # type: ignore[attr-defined]
        return MapLoadError(
            message, path=path, line=mark.line + 1, column=mark.column + 1, hint=hint
        )

    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar_event:
            tag = event.tag
            if event.anchor is not None or (tag is not None and tag != "!" and tag != str_tag):
                raise _node_error(event, fail)
            value = event.value
            if value in nulls and tag is None and event.style in ("", None):
                value = None
            if pending is no_key:
                key = "" if value is None else value
                if key in parent:  # type: ignore[operator]
                    if keep:
                        first = marks[2 * list(parent).index(key)]  # type: ignore[arg-type]
                        second = event.start_mark
                        duplicates.append(
                            DuplicateKey(
                                (*parent_path, key),
                                (first.line + 1, first.column + 1),
                                (second.line + 1, second.column + 1),
                            )
                        )
                    pending = duplicate
                else:
                    add_mark(event.start_mark)
                    pending = key
                    if may_extend and keep and key.startswith("x-"):
                        extensions.append((*parent_path, key))
            elif pending is in_list:
                parent.append(value)  # type: ignore[union-attr]
                add_mark(event.start_mark)
            elif pending is duplicate:
                pending = no_key
            elif pending is top:
                root = value
                start = event.start_mark
                root_mark = (start.line + 1, start.column + 1)
            else:
                parent[pending] = value  # type: ignore[index]
                add_mark(event.start_mark)
                pending = no_key
        elif kind is mapping_end or kind is sequence_end:
            parent, parent_path, marks, add_mark, pending, keep = stack.pop()
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _node_error(event, fail)
            opened: dict | list = {} if kind is mapping_start else []
            child_keep = keep
            if pending is no_key:
                raise fail(
                    "a key must be plain text, not a list or mapping",
                    event,
                    "keys are field names such as 'name' or 'role'",
                )
            elif pending is in_list:
                child_path: FieldPath = (*parent_path, len(parent))  # type: ignore[arg-type]
                parent.append(opened)  # type: ignore[union-attr]
                add_mark(event.start_mark)
            elif pending is duplicate:
                child_path = parent_path
                child_keep = False
                pending = no_key
            elif pending is top:
                root = opened
                start = event.start_mark
                root_mark = (start.line + 1, start.column + 1)
                child_path = ()
            else:
                child_path = (*parent_path, pending)
                parent[pending] = opened  # type: ignore[index]
                add_mark(event.start_mark)
                pending = no_key
            if len(stack) >= MAX_DEPTH:
                raise fail(
                    f"nesting deeper than {MAX_DEPTH} levels",
                    event,
                    "a map needs only a few levels; check the indentation",
                )
            stack.append((parent, parent_path, marks, add_mark, pending, keep))
            parent, parent_path, keep = opened, child_path, child_keep
            marks = []
            add_mark = marks.append
            if child_keep:
                container_marks[id(opened)] = marks
            pending = no_key if kind is mapping_start else in_list
        elif kind is alias_event:
            raise fail(
                f"anchors and aliases are not allowed (*{event.anchor})",
                event,
                "write the values out in full; maps do not share parts",
            )
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise fail(
                    "several YAML documents in one file ('---' separates documents)",
                    event,
                    "keep one opportunity per file; remove the extra '---'",
                )
        elif kind is stream_end:
            break

    if root is _MISSING or root is None:
        raise MapLoadError(
            "the file is empty",
            path=path,
            hint="a map starts with 'opportunity:'; `accountmap new` writes a template",
        )
    if type(root) is not dict:
        line, column = root_mark
        what = "a list" if type(root) is list else "a single value"
        raise MapLoadError(
            f"the top level of a map must be a mapping of keys, not {what}",
            path=path,
            line=line,
            column=column,
            hint="a map starts with 'opportunity:' at the left margin",
        )
    return Document(path, text, root, duplicates, root_mark, container_marks, extensions)


def _node_error(event: object, fail) -> MapLoadError:
    """The error for an anchor or a tag on a node."""
    anchor = event.anchor  # type: ignore[attr-defined]
    if anchor is not None:
        return fail(
            f"anchors and aliases are not allowed (&{anchor})",
            event,
            "write the values out in full; maps do not share parts",
        )
    shown = event.tag.replace("tag:yaml.org,2002:", "!!")  # type: ignore[attr-defined]
    return fail(
        f"YAML tags are not allowed ({shown})",
        event,
        "remove the tag; maps hold only text, numbers, dates and lists",
    )


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_MISSING = _Sentinel("MISSING")
_NO_KEY = _Sentinel("NO_KEY")
_DUPLICATE = _Sentinel("DUPLICATE")
_IN_LIST = _Sentinel("IN_LIST")
_TOP = _Sentinel("TOP")


def discover(paths: list[str]) -> Iterator[str]:
    """Expand files and folders into map files, folders searched recursively, in sorted order.

    Files named explicitly are yielded whatever their suffix; in folders only ``*.yaml`` and
    ``*.yml`` count, and hidden folders (``.git``) are skipped. A file reached twice is yielded
    once. Raises `FileNotFoundError` for a path that does not exist.
    """
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.normpath(os.path.join(root, name))
                    for name in files
                    if name.endswith(MAP_SUFFIXES)
                )
            candidates = sorted(found)
        elif path.exists():
            candidates = [given]
        else:
            raise FileNotFoundError(given)
        for candidate in candidates:
            key = os.path.normcase(os.path.abspath(candidate))
            if key not in seen:
                seen.add(key)
                yield candidate
