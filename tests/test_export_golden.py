"""Golden files for every export format, the grid and the plan, on the example maps and on a
fixture full of hostile names. Regenerate after an intended change with

    ACCOUNTMAP_UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_export_golden.py

and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "export"
HOSTILE = ROOT / "tests" / "fixtures" / "maps" / "hostile-names.yaml"
AS_OF = "2026-12-04"
UPDATE = os.environ.get("ACCOUNTMAP_UPDATE_GOLDENS") == "1"

EXAMPLE_MAPS = sorted((ROOT / "maps").glob("*.yaml"))
ALL_MAPS = [*EXAMPLE_MAPS, HOSTILE]

OUTPUTS: dict[str, list[str]] = {
    "mmd": ["export", "--format", "mermaid"],
    "dot": ["export", "--format", "dot"],
    "json": ["export", "--format", "json"],
    "md": ["export", "--format", "markdown"],
    "grid.txt": ["grid"],
    "grid.md": ["grid", "--format", "markdown"],
    "plan.txt": ["plan"],
    "plan.md": ["plan", "--format", "markdown"],
}


def check_golden(name: str, actual: str) -> None:
    """Compare with `tests/golden/export/NAME`, or write it when ACCOUNTMAP_UPDATE_GOLDENS=1."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run with ACCOUNTMAP_UPDATE_GOLDENS=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs; ACCOUNTMAP_UPDATE_GOLDENS=1 regenerates it"


@pytest.mark.parametrize("suffix", list(OUTPUTS))
@pytest.mark.parametrize("map_path", ALL_MAPS, ids=lambda p: p.stem)
def test_output_matches_golden(invoke, map_path: Path, suffix: str) -> None:
    args = OUTPUTS[suffix]
    extra = [] if args[0] == "grid" else ["--as-of", AS_OF]
    result = invoke(*args, map_path, *extra)
    assert result.exit_code == 0, result.stderr
    check_golden(f"{map_path.stem}.{suffix}", result.stdout)


def test_every_golden_file_belongs_to_a_map() -> None:
    stems = {p.stem for p in ALL_MAPS}
    stray = [p.name for p in GOLDEN.iterdir() if p.name.split(".")[0] not in stems and not UPDATE]
    assert stray == [], "golden files of maps that are gone; delete them"
