"""Structural changes to a ruamel round-trip tree that keep every comment where the reader expects it.

ruamel.yaml stores the comment lines *between* two entries at the end of the first entry (on the
deepest last key of a stakeholder, say). Appending a stakeholder naively therefore puts the new one
below the comment that introduced the next section, and deleting one deletes that comment. The
helpers here move those "following lines" so that:

- lines after an entry stay after it, or move down with the end of the list when an entry is added;
- a removed entry takes with it its own lines: its end-of-line comments, the comments inside it,
  and the block of comment lines directly above it (no blank line in between, indented at least as
  far as the entry). Everything else survives.

A "following" is a list of text lines (blank or comment, with their indentation) that come after the
last line of an entry and before the next one.
"""

from __future__ import annotations

from typing import Any

Lines = list[str]


def _classes() -> tuple[type, type]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return CommentedMap, CommentedSeq


def is_block_collection(value: Any) -> bool:
    """A non-empty mapping or list written in block style (its comments live inside it)."""
    cmap, cseq = _classes()
    if not isinstance(value, (cmap, cseq)) or not value:
        return False
    return not value.fa.flow_style()


def _last(container: Any) -> Any:
    _, cseq = _classes()
    return len(container) - 1 if isinstance(container, cseq) else list(container)[-1]


def _slot(container: Any, key: Any) -> tuple[dict, Any, int]:
    """Where the comment after the last line of `container[key]` is stored."""
    _, cseq = _classes()
    value = container[key]
    if is_block_collection(value):
        return _slot(value, _last(value))
    return container.ca.items, key, 0 if isinstance(container, cseq) else 2


def _split(value: str) -> tuple[str, Lines]:
    """A comment token's text → (end-of-line comment or '', following lines)."""
    if value.startswith("#"):
        eol, _, rest = value.partition("\n")
        return eol, rest.splitlines()
    return "", (value[1:] if value.startswith("\n") else value).splitlines()


def _get(container: Any, key: Any) -> tuple[str, Lines]:
    items, k, index = _slot(container, key)
    slot = items.get(k)
    token = slot[index] if slot and len(slot) > index else None
    if token is None:
        return "", []
    return _split(token.value)


def _set(container: Any, key: Any, eol: str, lines: Lines) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    items, k, index = _slot(container, key)
    slot = items.setdefault(k, [None, None, None, None])
    while len(slot) <= index:
        slot.append(None)
    value = eol + "\n" + "".join(line + "\n" for line in lines)
    if value == "\n":
        slot[index] = None
        if not any(slot):
            del items[k]
        return
    token = slot[index]
    if token is None:
        slot[index] = CommentToken(value, CommentMark(0), None)
    else:
        token.value = value


def following(container: Any, key: Any) -> Lines:
    """The blank and comment lines after the entry `container[key]`."""
    return _get(container, key)[1]


def set_following(container: Any, key: Any, lines: Lines) -> None:
    """Replace the lines after `container[key]`, keeping its end-of-line comment."""
    eol, _ = _get(container, key)
    _set(container, key, eol, lines)


def _start_list(container: Any) -> list | None:
    comment = container.ca.comment
    if comment is None or len(comment) < 2 or not comment[1]:
        return None
    return comment[1]


def start_lines(container: Any) -> Lines:
    """The comment lines written above the first entry of a block collection."""
    tokens = _start_list(container)
    if not tokens:
        return []
    lines: Lines = []
    for token in tokens:
        column = getattr(token, "column", 0) or 0
        lines.extend((" " * column + token.value).splitlines())
    return lines


def set_start_lines(
    container: Any, lines: Lines, *, parent: Any = None, parent_key: Any = None
) -> None:
    """Replace the comment lines above the first entry.

    ruamel shares that list with the parent's slot for the key, and it is the parent's slot that
    is written out: an empty list there still emits a stray indentation, so it is cleared.
    """
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tokens = _start_list(container)
    if tokens is None:
        if not lines:
            return
        container.ca.comment = [None, []]
        tokens = container.ca.comment[1]
    if not lines:
        tokens[:] = []
        container.ca.comment[1] = None
        slot = parent.ca.items.get(parent_key) if parent is not None else None
        for index, held in enumerate(slot or ()):
            if held is tokens:
                slot[index] = None
        return
    first = lines[0]
    column = len(first) - len(first.lstrip(" "))
    value = first.lstrip(" ") + "\n" + "".join(line + "\n" for line in lines[1:])
    tokens[:] = [CommentToken(value, CommentMark(column), None)]


def _is_comment(line: str) -> bool:
    return line.lstrip(" ").startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def split_attached(lines: Lines, column: int) -> tuple[Lines, Lines]:
    """Split lines above an entry into (the rest, the comment block directly above the entry)."""
    cut = len(lines)
    while cut > 0 and _is_comment(lines[cut - 1]) and _indent(lines[cut - 1]) >= column:
        cut -= 1
    return lines[:cut], lines[cut:]


def join(first: Lines, second: Lines) -> Lines:
    """Two runs of lines as one, with the blank lines where they meet not doubled."""
    core = list(first)
    trailing = 0
    while core and not core[-1].strip():
        core.pop()
        trailing += 1
    leading = 0
    while leading < len(second) and not second[leading].strip():
        leading += 1
    return core + [""] * max(trailing, leading) + list(second[leading:])


def entry_column(container: Any, key: Any) -> int:
    """The column where the entry starts (the '-' of a list item, the key of a mapping entry)."""
    _, cseq = _classes()
    try:
        if isinstance(container, cseq):
            line_col = container.lc.item(key)
            return max(line_col[1] - 2, 0)
        return container.lc.key(key)[1]
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0


def separator(container: Any) -> Lines:
    """The blank lines the existing entries of `container` are separated by ([''] or [])."""
    keys = list(range(len(container))) if not hasattr(container, "keys") else list(container)
    for key in keys[:-1]:
        lines = following(container, key)
        if lines and not lines[0].strip():
            return [""]
    return []


def append_entry(container: Any, key: Any, value: Any, *, position: int | None = None) -> None:
    """Add `value` to a block list (key ignored) or `key: value` to a block mapping.

    `position` inserts before the entry at that position instead of at the end. The lines that
    followed the entry before the insertion point now follow the new entry; the entry before it is
    followed by the usual separator.
    """
    cmap, cseq = _classes()
    size = len(container)
    at = size if position is None else position
    gap = separator(container) if size >= 2 else []
    if at > 0:
        before = at - 1 if isinstance(container, cseq) else list(container)[at - 1]
        moved = following(container, before)
        if isinstance(container, cmap) and position is not None and position < size:
            # A key inserted in the middle: comments above the next key stay above it.
            gap, moved = [], moved
        set_following(container, before, gap)
    else:
        moved = []
    if isinstance(container, cseq):
        container.insert(at, value)
        new_key: Any = at
    else:
        container.insert(at, key, value)
        new_key = key
    if moved:
        set_following(container, new_key, join(following(container, new_key), moved))


def remove_entry(
    container: Any, key: Any, *, parent: Any = None, parent_key: Any = None
) -> tuple[Any, Lines]:
    """Remove one entry (a list index or a mapping key) with the comments attached to it.

    Returns the removed value and the lines that no entry is left to carry (when the collection is
    now empty; the caller puts them after the collection's key). When the entry was the first one,
    the comment block above it is taken from the collection's start comment. The lines that
    followed the entry survive. `parent[parent_key]` is the collection, when it has a parent.
    """
    _, cseq = _classes()
    keys = list(range(len(container))) if isinstance(container, cseq) else list(container)
    position = keys.index(key)
    column = entry_column(container, key)
    own = following(container, key)
    removed = container[key]
    if position > 0:
        before = keys[position - 1]
        rest, _ = split_attached(following(container, before), column)
        del container[key]
        set_following(container, before, join(rest, own))
        return removed, []
    start = start_lines(container)
    rest, _ = split_attached(start, column)
    del container[key]
    if len(container):
        lines = join(rest, own)
        if not (start and not start[0].strip()):
            # The first entry was not preceded by a blank line, so its successor is not either.
            while lines and not lines[0].strip():
                lines.pop(0)
        set_start_lines(container, lines, parent=parent, parent_key=parent_key)
        return removed, []
    set_start_lines(container, [], parent=parent, parent_key=parent_key)
    container.fa.set_flow_style()
    return removed, join(rest, own)


def key_following(parent: Any, key: Any) -> tuple[str, Lines]:
    """(end-of-line comment, following lines) stored on the key itself (for flow or scalar values)."""
    slot = parent.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    return _split(token.value) if token is not None else ("", [])


def set_key_following(parent: Any, key: Any, eol: str, lines: Lines) -> None:
    """Store an end-of-line comment and following lines on the key itself."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = parent.ca.items.setdefault(key, [None, None, None, None])
    value = eol + "\n" + "".join(line + "\n" for line in lines)
    if value == "\n":
        slot[2] = None
        if not any(slot):
            del parent.ca.items[key]
    elif slot[2] is None:
        slot[2] = CommentToken(value, CommentMark(0), None)
    else:
        slot[2].value = value
