"""Ids from names: `Jürgen Ôzdemir-Bakker` → `jurgen-ozdemir-bakker`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_NOT_ID = re.compile(r"[^a-z0-9]+")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th"})
MAX_LENGTH = 64


def slugify(name: str) -> str:
    """A lowercase id made of the name's letters and digits joined by '-', accents removed.

    Returns an empty string when the name has no letters or digits that survive (e.g. '李雷').
    """
    text = name.lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", text).strip("-")[:MAX_LENGTH].rstrip("-")


def unique_id(name: str, taken: Container[str], *, fallback: str = "person") -> str:
    """The slug of `name`, with `-2`, `-3`, ... appended while that id is already taken."""
    base = slugify(name) or fallback
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
