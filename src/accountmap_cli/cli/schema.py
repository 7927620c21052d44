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

    from accountmap_cli.cli.common import write_output
    from accountmap_cli.models import json_schema

    write_output(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", output)


def register(app: typer.Typer) -> None:
    app.command()(schema)
