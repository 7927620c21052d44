"""Benchmark of `review --since` and `lint --history` over a generated repository (not run by tests).

    python bench/bench_review_since.py                      # 1,000 maps, 100 edited
    python bench/bench_review_since.py --maps 5000 --changed 500

The repository is built as in `bench_git.py`: the maps of `bench/generate.py` in one commit and a
second commit that edits `--changed` of them. Timed end to end (new process, as a user runs it):
`review maps --format json` without and with `--since HEAD~1`, and `lint maps` without and with
`--history`; then the `--since` work alone, in-process (`read_since`: git plus parsing the
changed maps twice). Each timing is the median of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_git import ACCOUNTMAP, _ms, build_diff_repo, median_seconds  # noqa: E402

AS_OF = "2026-12-04"


def since_phase(repo: Path) -> tuple[float, int]:
    """Seconds of `read_since` alone, and how many deals it found changed."""
    import datetime as dt

    from accountmap_cli.gitio import open_repo, resolve_since
    from accountmap_cli.loader import discover
    from accountmap_cli.review import read_since

    here = os.getcwd()
    os.chdir(repo)
    try:
        files = list(discover(["maps"]))
        start = time.perf_counter()
        handle = open_repo("maps")
        commit = resolve_since(handle, "HEAD~1")
        since = read_since(
            handle, commit, files, folders=["maps"], as_of=dt.date.fromisoformat(AS_OF)
        )
        return time.perf_counter() - start, len(since.changes)
    finally:
        os.chdir(here)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accountmap-bench-since-") as tmp:
        repo = Path(tmp, "repo")
        repo.mkdir()
        start = time.perf_counter()
        build_diff_repo(repo, args.maps, args.changed)
        print(
            f"built {args.maps} maps, {args.changed} edited in HEAD, "
            f"in {time.perf_counter() - start:.1f} s"
        )
        review = [*ACCOUNTMAP, "review", "maps", "--format", "json", "--as-of", AS_OF]
        lint = [*ACCOUNTMAP, "lint", "maps", "--format", "json", "--as-of", AS_OF, "--exit-zero"]
        runs = {
            "review": review,
            "review --since HEAD~1": [*review, "--since", "HEAD~1"],
            "review (table)": [*ACCOUNTMAP, "review", "maps", "--as-of", AS_OF],
            "review --since HEAD~1 (table)": [
                *ACCOUNTMAP,
                "review",
                "maps",
                "--as-of",
                AS_OF,
                "--since",
                "HEAD~1",
            ],
            "lint": lint,
            "lint --history": [*lint, "--history"],
        }
        for name, command in runs.items():
            print(f"{name:<32} {_ms(median_seconds(command, repo, args.repeat))}")
        seconds, changed = since_phase(repo)
        print(
            f"{'read_since alone (in-process)':<32} {seconds * 1000:.0f} ms, {changed} deals changed"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
