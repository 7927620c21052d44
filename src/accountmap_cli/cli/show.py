"""`accountmap show` and `accountmap tree` (being written)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
