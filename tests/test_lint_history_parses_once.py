"""`lint --history` parses each version of a map once: the newest committed version, when the file
on disk still holds it, is parsed by the check only (not also by the history reader)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

import accountmap_cli.loader as loader
from accountmap_cli.gitio import open_repo
from accountmap_cli.history import read_early_histories
from accountmap_cli.lint import check_files

HEADER = (
    "opportunity:\n  name: Line 3\n  account: Acme\n  value: 90000\n  stage: {stage}\n"
    "  owner: sanne\nteam:\n  - id: sanne\n    name: Sanne Bakker\n"
)
JAN = "  - id: jan\n    name: Jan Jansen\n    title: CFO\n    role: economic_buyer\n"
PIET = "  - id: piet\n    name: Piet Pieters\n    role: user_buyer\n"
PATHS = ["maps/edited.yaml", "maps/empty.yaml", "maps/one.yaml", "maps/two.yaml"]


def acme(stage: str, *people: str) -> str:
    text = HEADER.format(stage=stage)
    return text + ("stakeholders:\n" + "".join(people) if people else "")


@pytest.fixture
def maps(git_repo) -> dict[str, str]:
    """Four maps; returns the sha of the commit each was first mapped in (AM115's evidence)."""
    git_repo.write("maps/one.yaml", acme("proposal", JAN))  # one commit, file unchanged since
    git_repo.write("maps/two.yaml", acme("discovery"))
    git_repo.write("maps/empty.yaml", acme("proposal"))  # nobody mapped yet
    first = git_repo.commit("Start", date="2026-09-01T10:00:00+02:00")
    git_repo.write("maps/two.yaml", acme("proposal", JAN))
    git_repo.write("maps/edited.yaml", acme("negotiation", JAN))
    second = git_repo.commit("Proposals", date="2026-10-03T10:00:00+02:00")
    git_repo.write("maps/edited.yaml", acme("negotiation", JAN, PIET))  # not committed
    return {"maps/one.yaml": first, "maps/two.yaml": second, "maps/edited.yaml": second}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Counts `loader.parse` calls by path: the history reader (`mapdiff.load_version`) and the
    check (`loader.load`) both parse through it."""
    counted: Counter = Counter()
    real = loader.parse

    def counting(text: str, *, path: str):
        counted[path] += 1
        return real(text, path=path)

    monkeypatch.setattr(loader, "parse", counting)
    return counted


def test_lint_history_parses_each_version_once(maps, parses, invoke) -> None:
    result = invoke("lint", "maps/", "--history", "--format", "json", "--as-of", "2026-12-01")
    assert result.exit_code == 1, result.stderr
    assert dict(parses) == {
        "maps/one.yaml": 1,  # was 2: the commit's bytes, then the same bytes from the file
        "maps/two.yaml": 2,  # the empty first version, then the file (was 3)
        "maps/edited.yaml": 2,  # the file differs from its commit: both are read
        "maps/empty.yaml": 1,  # was 2
    }
    late = {
        f["path"]: f["message"]
        for f in json.loads(result.stdout)["findings"]
        if f["code"] == "AM115"
    }
    assert late == {
        path: f"mapping started late: the first stakeholders were added on "
        f"{'2026-09-01' if path == 'maps/one.yaml' else '2026-10-03'} (commit {sha[:7]}), "
        f"when the deal was already at {'negotiation' if path == 'maps/edited.yaml' else 'proposal'}"
        for path, sha in maps.items()
    }


def test_without_history_each_map_is_parsed_once(maps, parses, invoke) -> None:
    invoke("lint", "maps/", "--format", "json")
    assert dict(parses) == dict.fromkeys(PATHS, 1)


def test_leaving_the_checked_version_out_changes_no_finding(maps, git_repo) -> None:
    """The same reports whether the newest version is parsed by the history reader or not,
    also for a map whose file has nobody in it any more."""
    git_repo.write("maps/gone.yaml", acme("proposal", JAN))
    git_repo.commit("Mapped", date="2026-10-05T10:00:00+02:00")
    git_repo.write("maps/gone.yaml", acme("proposal"))
    git_repo.commit("Everyone removed", date="2026-10-06T10:00:00+02:00")
    paths = [*PATHS, "maps/gone.yaml"]
    reports = {}
    for leave in (False, True):
        histories = read_early_histories(
            open_repo("."), paths, folders=["maps"], leave_checked=leave
        )
        reports[leave] = [
            (r.path, r.findings)
            for r in check_files(paths, as_of=dt.date(2026, 12, 1), histories=histories)
        ]
    assert reports[True] == reports[False]
    gone = dict(reports[True])["maps/gone.yaml"]
    assert [f.message[:38] for f in gone if f.code == "AM115"] == [
        "mapping started late: the first stakeh"
    ]


def test_only_the_newest_version_is_left_to_the_check(maps) -> None:
    histories = read_early_histories(open_repo("."), PATHS, folders=["maps"], leave_checked=True)
    marks = {
        path: [(r.entry.subject, r.is_checked_file) for r in history.revisions]
        for path, history in histories.items()
    }
    assert marks == {
        "maps/one.yaml": [("Start", True)],
        "maps/two.yaml": [("Start", False), ("Proposals", True)],
        "maps/edited.yaml": [("Proposals", False)],  # the file on disk differs from the commit
        "maps/empty.yaml": [("Start", True)],
    }
