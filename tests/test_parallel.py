"""The process pool of `lint` and `review` (`--jobs`): the same output as one process, in order."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

from accountmap_cli import parallel
from accountmap_cli.config import DEFAULT_SETTINGS
from accountmap_cli.parallel import PARALLEL_FROM, jobs_for, ordered_map

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = ("--as-of", "2026-01-15")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~40 maps: valid, invalid (every AM001-AM006 case) and rule cases, in nested folders."""
    root = tmp_path_factory.mktemp("maps")
    sources = [
        *sorted((FIXTURES / "maps" / "valid").glob("*.yaml")),
        *sorted((FIXTURES / "maps" / "invalid").glob("am00[1-6]-*.yaml"))[::2],
        *sorted((FIXTURES / "rules").glob("AM1*.yaml"))[::3],
    ]
    for number, source in enumerate(sources):
        target = root / f"team-{number % 3}" / source.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    assert 30 <= len(sources) <= 50
    return root


def _same_with_and_without_pool(invoke, *args: str) -> str:
    alone = invoke(*args, *AS_OF, "--jobs", "1")
    pooled = invoke(*args, *AS_OF, "--jobs", "2")
    assert pooled.exit_code == alone.exit_code
    assert pooled.stdout == alone.stdout
    assert pooled.stderr == alone.stderr
    return alone.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_lint_output_is_the_same_with_two_processes(invoke, folder: Path, output_format) -> None:
    out = _same_with_and_without_pool(invoke, "lint", str(folder), "--format", output_format)
    assert "AM001" in out and "AM003" in out and "AM1" in out


def test_lint_with_statistics_and_files_out_of_order(invoke, folder: Path) -> None:
    # Files named out of path order: findings are sorted over all maps, not streamed per map.
    later, earlier = sorted(folder.glob("team-*/am00*.yaml"))[:2][::-1]
    out = _same_with_and_without_pool(
        invoke, "lint", str(later), str(earlier), str(folder / "team-2"), "--statistics"
    )
    assert out.index(str(earlier)) < out.index(str(later))


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_review_output_is_the_same_with_two_processes(
    invoke, folder: Path, output_format: str
) -> None:
    out = _same_with_and_without_pool(invoke, "review", str(folder), "--format", output_format)
    assert "AM001" in out


def test_text_output_streams_the_same_as_the_whole_render(invoke, folder: Path) -> None:
    from accountmap_cli.render.lint import render_text

    reports = list(
        parallel.lint_reports(
            sorted(str(p) for p in folder.rglob("*.yaml")),
            as_of=dt.date(2026, 1, 15),
            settings=DEFAULT_SETTINGS,
            jobs=1,
        )
    )
    assert invoke("lint", str(folder), *AS_OF).stdout == render_text(reports)


def test_the_pool_starts_from_the_threshold_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    monkeypatch.delenv(parallel.PARALLEL_FROM_ENV, raising=False)
    assert jobs_for(None, PARALLEL_FROM - 1) == 1
    assert jobs_for(None, PARALLEL_FROM) == 2
    assert jobs_for(0, PARALLEL_FROM) == 2
    assert jobs_for(1, 10_000) == 1
    assert jobs_for(4, 3) == 3
    monkeypatch.setenv(parallel.PARALLEL_FROM_ENV, "10")
    assert jobs_for(None, 10) == 2
    assert jobs_for(None, 9) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_ordered_map_keeps_the_order_of_the_items() -> None:
    offset = 1000  # a closure: the workers are forked, nothing is pickled but items and results
    assert list(ordered_map(lambda n: n + offset, range(300), jobs=2)) == [
        n + offset for n in range(300)
    ]


def test_jobs_must_not_be_negative(invoke, folder: Path) -> None:
    result = invoke("lint", str(folder), "--jobs", "-1")
    assert result.exit_code == 2


def test_findings_survive_pickling_unchanged() -> None:
    import pickle

    from accountmap_cli.findings import Finding, Severity

    finding = Finding(
        "m.yaml", 3, 5, "AM101", "no-economic-buyer", Severity.WARNING, "x", None, "h"
    )
    assert pickle.loads(pickle.dumps(finding)) == finding
