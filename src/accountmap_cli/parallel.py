"""Check many maps on every core: a process pool above a threshold, results in file order.

Each map is independent, so `lint` and `review` hand the list of files to `ordered_map`, which runs
a function on each file in worker processes and yields the results in the order of the files —
the output is the same with and without the pool. Workers send back compact results only (a map's
findings, or a review row), never documents or models, so the main process stays small however
many maps there are.

A pool costs time to start and to pass results back, so small runs check the maps in this process:
measured on two cores, two workers win from about 200 maps on and lose below about 50.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from accountmap_cli.config import Settings
    from accountmap_cli.lint import MapReport
    from accountmap_cli.maphistory import MapHistory
    from accountmap_cli.review import DealRow, LoadProblem

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 200
"""With the default `--jobs`, a pool is used from this many maps on."""

PARALLEL_FROM_ENV = "ACCOUNTMAP_PARALLEL_FROM"
"""Environment variable that overrides `PARALLEL_FROM` (the tests use it to force a small pool)."""

MAX_CHUNK = 64
"""Most files a worker takes at once: big enough to keep messages few, small enough to share
the work evenly and to stream the output."""


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def jobs_for(requested: int | None, count: int) -> int:
    """How many processes check `count` maps: `requested` if given (1 = no pool), else one per
    CPU from `PARALLEL_FROM` maps on. Never more than there are maps."""
    if requested is None or requested <= 0:
        threshold = PARALLEL_FROM
        override = os.environ.get(PARALLEL_FROM_ENV, "")
        if override.strip().isdigit():
            threshold = int(override)
        requested = cpu_count() if count >= threshold else 1
    return max(1, min(requested, count))


_work: Callable | None = None


def _start_worker(work: Callable) -> None:
    global _work
    import signal

    # Ctrl-C reaches every process of the terminal's group: the main process stops the pool and
    # reports it; a worker must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _work = work


def _call(item: object) -> object:
    assert _work is not None
    return _work(item)


def ordered_map(
    work: Callable[[Item], Result], items: Iterable[Item], *, jobs: int = 1
) -> Iterator[Result]:
    """`work(item)` for every item, in the order of the items, in `jobs` processes.

    With `jobs` 1 everything runs here. Otherwise a pool of worker processes runs `work`; on Linux
    the workers are forked, so `work` may be any function (a closure, a partial) and the modules
    already imported are not imported again. Results must be picklable.
    """
    items = list(items)
    if jobs <= 1 or len(items) <= 1:
        yield from map(work, items)
        return
    import gc
    import multiprocessing

    # The first item is done here: whatever `work` imports and builds on first use (PyYAML, the
    # rules, pydantic's validators) is then inherited by the workers instead of redone in each.
    yield work(items[0])
    items = items[1:]
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, min(MAX_CHUNK, len(items) // (jobs * 16)))
    # Objects that exist now are never collected in the workers: frozen, their pages stay
    # shared with this process instead of being copied when the collector touches them.
    gc.freeze()
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(work,))
    try:
        yield from pool.imap(_call, items, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()


# --- what lint and review need from each map ---------------------------------------------------


def _lint_one(
    path: str,
    *,
    as_of: dt.date,
    settings: Settings,
    histories: Mapping[str, MapHistory] | None = None,
) -> MapReport:
    from accountmap_cli.lint import MapReport, check_file

    history = histories.get(path) if histories is not None else None
    report = check_file(path, as_of=as_of, settings=settings, history=history)
    return MapReport(report.path, report.findings)


def lint_reports(
    paths: list[str],
    *,
    as_of: dt.date,
    settings: Settings,
    jobs: int | None = None,
    histories: Mapping[str, MapHistory] | None = None,
) -> Iterator[MapReport]:
    """Check each map (as `lint.check_files` does); the reports keep the findings only (no
    model, no facts), in file order. `jobs` as in `jobs_for`."""
    from functools import partial

    work = partial(_lint_one, as_of=as_of, settings=settings, histories=histories)
    return ordered_map(work, paths, jobs=jobs_for(jobs, len(paths)))


def _review_one(path: str, *, as_of: dt.date, settings: Settings) -> DealRow | LoadProblem:
    from accountmap_cli.lint import check_file
    from accountmap_cli.review import deal_row, first_problem, structural_errors

    report = check_file(path, as_of=as_of, settings=settings)
    if report.model is None or structural_errors(report):
        return first_problem(report)
    return deal_row(report, settings)


def review_entries(
    paths: list[str], *, as_of: dt.date, settings: Settings, jobs: int | None = None
) -> Iterator[DealRow | LoadProblem]:
    """Each map as its review row, or as the problem that keeps it out of the review, in file
    order; `review.build_review` takes these as they are. `jobs` as in `jobs_for`."""
    from functools import partial

    work = partial(_review_one, as_of=as_of, settings=settings)
    return ordered_map(work, paths, jobs=jobs_for(jobs, len(paths)))
