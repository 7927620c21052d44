"""Regressions from a hostile-input review: each case once had a wrong answer or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_MAP, write_map


@pytest.mark.parametrize("day", ["2026-W05-1", "20260131", "2026-02-30"])
def test_as_of_takes_only_calendar_dates_written_as_yyyy_mm_dd(invoke, tmp_path, day) -> None:
    # date.fromisoformat alone reads the week date 2026-W05-1 as 2026-01-26.
    result = invoke("lint", write_map(tmp_path, VALID_MAP), "--as-of", day)
    assert result.exit_code == 2
    assert f"'{day}' is not a date; write it as YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("day", ["2026-W05-1", "20260131"])
def test_edit_dates_take_only_yyyy_mm_dd(invoke, tmp_path: Path, day: str) -> None:
    path = write_map(tmp_path, VALID_MAP)
    result = invoke("log", path, "--with", "pieter", "--summary", "Call", "--date", day)
    assert result.exit_code == 2
    assert result.stderr == (
        f"accountmap: error: --date: '{day}' is not a date\n  hint: write it as YYYY-MM-DD\n"
    )
    assert path.read_text(encoding="utf-8") == VALID_MAP
