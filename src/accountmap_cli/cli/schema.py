"""`accountmap schema`: print the map format as JSON Schema, for editors and validators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the schema to this file instead of printing it."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the map format (version 1).

    Point your editor's YAML extension at it to get completion and checks while you type.

    Example: accountmap schema --output accountmap.schema.json
    """
    import json

    from accountmap_cli.models import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def register(app: typer.Typer) -> None:
    app.command()(schema)
