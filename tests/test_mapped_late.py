"""AM115 mapped-late on real temporary git repositories: `lint --history`, renames, no history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import accountmap_cli.gitio as gitio
from accountmap_cli.gitio import open_repo
from accountmap_cli.history import read_early_histories

HEADER = (
    "opportunity:\n  name: Line 3\n  account: Acme\n  value: 90000\n  stage: {stage}\n"
    "  owner: sanne\nteam:\n  - id: sanne\n    name: Sanne Bakker\n"
)
JAN = "  - id: jan\n    name: Jan Jansen\n    title: CFO\n    role: economic_buyer\n"
PIET = "  - id: piet\n    name: Piet Pieters\n    role: user_buyer\n"


def acme(stage: str, *people: str, top: str = "") -> str:
    text = top + HEADER.format(stage=stage)
    return text + ("stakeholders:\n" + "".join(people) if people else "")


def am115(result) -> list[dict]:
    assert result.exit_code in (0, 1), result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["code"] == "AM115"]


@pytest.fixture
def late(git_repo) -> str:
    """maps/acme.yaml: empty at discovery, first people only at proposal. Returns that sha."""
    git_repo.write("maps/acme.yaml", acme("discovery"))
    git_repo.commit("Start", date="2026-09-01T10:00:00+02:00")
    git_repo.write("maps/acme.yaml", "opportunity: [\n")  # a broken version in between
    git_repo.commit("Oops", date="2026-09-10T10:00:00+02:00")
    git_repo.write("maps/acme.yaml", acme("proposal", JAN))
    sha = git_repo.commit("Proposal sent", date="2026-10-03T10:00:00+02:00")
    git_repo.write("maps/acme.yaml", acme("proposal", JAN, PIET))
    git_repo.commit("Met Piet", date="2026-10-20T10:00:00+02:00")
    return sha


def test_mapping_started_at_proposal_is_reported_with_history(late, invoke) -> None:
    result = invoke("lint", "maps/", "--history", "--as-of", "2026-12-01", "--format", "text")
    assert result.exit_code == 1  # other rules (no champion, ...) are errors on this small map
    [line] = [line for line in result.stdout.splitlines() if "AM115" in line]
    assert line == (
        f"maps/acme.yaml:10:1: AM115 mapping started late: the first stakeholders were added on "
        f"2026-10-03 (commit {late[:7]}), when the deal was already at proposal (hint: check the "
        "map against a second source (your champion, the org chart) for the people who shaped "
        "the deal before you came, and add them)"
    )
    [finding] = am115(invoke("lint", "maps/", "--history", "--format", "json"))
    assert (finding["rule"], finding["severity"], finding["line"], finding["column"]) == (
        "mapped-late",
        "warning",
        10,
        1,
    )


def test_without_history_the_rule_is_silent(late, invoke) -> None:
    assert am115(invoke("lint", "maps/", "--format", "json")) == []


def test_mapping_started_in_discovery_passes(git_repo, invoke) -> None:
    git_repo.write("maps/acme.yaml", acme("discovery", JAN))
    git_repo.commit("Start", date="2026-09-01T10:00:00+02:00")
    git_repo.write("maps/acme.yaml", acme("proposal", JAN, PIET))
    git_repo.commit("Proposal", date="2026-10-03T10:00:00+02:00")
    assert am115(invoke("lint", "maps/", "--history", "--format", "json")) == []


def test_a_rename_is_followed_to_the_first_commit(git_repo, invoke) -> None:
    git_repo.write("maps/old-name.yaml", acme("discovery", JAN))
    git_repo.commit("Start", date="2026-09-01T10:00:00+02:00")
    git_repo.git("mv", "maps/old-name.yaml", "maps/acme.yaml")
    git_repo.write("maps/acme.yaml", acme("proposal", JAN, PIET))
    git_repo.commit("Rename and proposal", date="2026-10-03T10:00:00+02:00")
    assert am115(invoke("lint", "maps/acme.yaml", "--history", "--format", "json")) == []
    history = read_early_histories(open_repo("."), ["maps/acme.yaml"], folders=["maps"])
    [revision] = history["maps/acme.yaml"].revisions
    assert revision.entry.path == "maps/old-name.yaml"


def test_a_copied_map_starts_its_own_history(git_repo, invoke) -> None:
    git_repo.write("maps/template.yaml", acme("discovery", JAN))
    git_repo.commit("Template", date="2026-09-01T10:00:00+02:00")
    git_repo.write("maps/acme.yaml", acme("proposal", JAN))
    git_repo.commit("Copy for Acme at proposal", date="2026-10-03T10:00:00+02:00")
    findings = am115(invoke("lint", "maps/acme.yaml", "--history", "--format", "json"))
    assert [f["path"] for f in findings] == ["maps/acme.yaml"]


def test_closed_and_never_mapped_and_uncommitted_maps_are_not_judged(git_repo, invoke) -> None:
    git_repo.write("maps/won.yaml", acme("won", JAN))
    git_repo.write("maps/empty.yaml", acme("proposal"))
    git_repo.commit("Two maps", date="2026-10-03T10:00:00+02:00")
    git_repo.write("maps/new.yaml", acme("proposal", JAN))  # never committed
    assert am115(invoke("lint", "maps/", "--history", "--format", "json")) == []


def test_suppressed_with_a_comment_and_not_unused_without_history(late, git_repo, invoke) -> None:
    top = "# accountmap: disable=AM115  (committee checked with Jan on 2026-10-25)\n"
    git_repo.write("maps/acme.yaml", acme("proposal", JAN, PIET, top=top))
    for args in (("--history",), ()):
        result = invoke("lint", "maps/", *args, "--format", "json")
        codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
        assert "AM115" not in codes and "AM100" not in codes


def test_history_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a.yaml").write_text(acme("proposal", JAN), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("lint", "maps/", "--history")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"accountmap: error: '{tmp_path / 'maps'}' is not in a git repository\n"
    )


def test_one_log_and_one_cat_file_for_all_maps(git_repo, monkeypatch) -> None:
    for number in range(6):
        git_repo.write(f"maps/m{number}.yaml", acme("discovery"))
    git_repo.commit("Empty maps", date="2026-09-01T10:00:00+02:00")
    for number in range(6):
        git_repo.write(f"maps/m{number}.yaml", acme("proposal", JAN))
        git_repo.commit(f"Map {number}", date=f"2026-10-0{number + 1}T10:00:00+02:00")
    runs: list[str] = []
    readers: list[str] = []
    real_run, real_init = gitio._run, gitio.BlobReader.__init__

    def counting_run(args, **kwargs):
        runs.append(args[0])
        return real_run(args, **kwargs)

    def counting_init(self, root):
        readers.append(root)
        real_init(self, root)

    monkeypatch.setattr(gitio, "_run", counting_run)
    monkeypatch.setattr(gitio.BlobReader, "__init__", counting_init)
    paths = [f"maps/m{number}.yaml" for number in range(6)]
    histories = read_early_histories(open_repo("."), paths, folders=["maps"])
    assert runs == ["rev-parse", "rev-parse", "log"]  # open_repo, resolve HEAD, one log
    assert len(readers) == 1
    for number, path in enumerate(paths):
        revisions = histories[path].revisions
        assert [r.entry.subject for r in revisions] == ["Empty maps", f"Map {number}"]


def test_log_files_follows_renames_stops_at_a_re_added_path_and_knows_new_files(git_repo) -> None:
    git_repo.write("maps/a.yaml", "a: 1\n")
    git_repo.write("maps/gone.yaml", "g: 1\n")
    git_repo.commit("one", date="2026-09-01T10:00:00+02:00")
    git_repo.git("mv", "maps/a.yaml", "maps/b.yaml")
    git_repo.git("rm", "-q", "maps/gone.yaml")
    git_repo.commit("two", date="2026-09-02T10:00:00+02:00")
    git_repo.write("maps/gone.yaml", "g: 2, back again\n")
    git_repo.commit("three", date="2026-09-03T10:00:00+02:00")
    git_repo.write("maps/new.yaml", "n: 1\n")
    repo = open_repo(".")
    logs = repo.log_files(["maps/b.yaml", "maps/gone.yaml", "maps/new.yaml"], folders=["maps"])
    assert [(e.subject, e.path) for e in logs["maps/b.yaml"]] == [
        ("two", "maps/b.yaml"),
        ("one", "maps/a.yaml"),
    ]
    assert [e.subject for e in logs["maps/gone.yaml"]] == ["three"]
    assert logs["maps/new.yaml"] == []


def test_blob_reader_answers_one_at_a_time(git_repo) -> None:
    git_repo.write("maps/a b.yaml", "a: 1\n")
    sha = git_repo.commit("one", date="2026-09-01T10:00:00+02:00")
    with open_repo(".").blob_reader() as reader:
        assert reader.read(f"{sha}:maps/a b.yaml") == b"a: 1\n"
        assert reader.read(f"{sha}:maps/missing.yaml") is None
        assert reader.read(sha) is None  # a commit, not a blob
        assert reader.read("x\ny") is None
        assert reader.read(f"{sha}:maps/a b.yaml") == b"a: 1\n"


def test_relative_files_from_a_subfolder(git_repo, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo.write("maps/eu/a.yaml", "a: 1\n")
    monkeypatch.chdir(git_repo.root / "maps")
    repo = open_repo(".")
    assert repo.relative_files(["eu/a.yaml", "b.yaml", str(git_repo.root / "c.yaml")]) == {
        "eu/a.yaml": "maps/eu/a.yaml",
        "b.yaml": "maps/b.yaml",
        str(git_repo.root / "c.yaml"): "c.yaml",
    }
