"""gitio on real temporary repositories: listing, batch reads, log --follow, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountmap_cli.gitio import GitError, LogEntry, open_repo

D1 = "2026-10-01T09:00:00+02:00"
D2 = "2026-10-08T09:00:00+02:00"
D3 = "2026-10-15T09:00:00+02:00"


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError) as caught:
        open_repo(str(tmp_path))
    assert caught.value.message == f"'{tmp_path}' is not in a git repository"
    assert caught.value.hint is not None


def test_git_not_installed(git_repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(GitError, match=r"^git is not installed \(or not on PATH\)$"):
        open_repo(".")


def test_open_repo_from_a_file_in_a_subfolder(git_repo) -> None:
    git_repo.write("maps/a.yaml", "x: 1\n")
    repo = open_repo(str(git_repo.root / "maps" / "a.yaml"))
    assert Path(repo.root) == git_repo.root.resolve()
    assert repo.relative(str(git_repo.root / "maps" / "a.yaml")) == "maps/a.yaml"
    assert repo.relative(".") == ""


def test_path_outside_the_repository(git_repo, tmp_path: Path) -> None:
    repo = open_repo(".")
    with pytest.raises(GitError, match="is outside the git repository"):
        repo.relative(str(tmp_path))


def test_unknown_revision_and_empty_repository(git_repo) -> None:
    repo = open_repo(".")
    with pytest.raises(GitError) as caught:
        repo.resolve("HEAD")
    assert caught.value.message == "unknown revision 'HEAD': the repository has no commits yet"
    git_repo.write("maps/a.yaml", "a\n")
    git_repo.commit("first", date=D1)
    with pytest.raises(GitError) as caught:
        repo.resolve("nope")
    assert caught.value.message == "unknown revision 'nope'"
    with pytest.raises(GitError, match="is not a revision"):
        repo.resolve("--all")


def test_resolve_names_a_commit(git_repo) -> None:
    git_repo.write("maps/a.yaml", "a\n")
    first = git_repo.commit("first", date=D1)
    git_repo.write("maps/a.yaml", "b\n")
    second = git_repo.commit("second", date=D2)
    git_repo.git("tag", "v1", first)
    repo = open_repo(".")
    assert repo.resolve("HEAD").sha == second
    assert repo.resolve("HEAD~1").sha == first
    assert repo.resolve("v1").sha == first
    assert repo.resolve("HEAD~1").short == first[:7]


def test_maps_at_lists_map_files_with_blob_ids(git_repo) -> None:
    git_repo.write("maps/a.yaml", "a\n")
    git_repo.write("maps/deep/b.yml", "b\n")
    git_repo.write("maps/notes.txt", "n\n")
    git_repo.write("other/c.yaml", "c\n")
    git_repo.commit("first", date=D1)
    repo = open_repo(".")
    head = repo.resolve("HEAD")
    everything = repo.maps_at(head)
    assert sorted(everything) == ["maps/a.yaml", "maps/deep/b.yml", "other/c.yaml"]
    assert sorted(repo.maps_at(head, ["maps"])) == ["maps/a.yaml", "maps/deep/b.yml"]
    # A file named explicitly counts whatever its suffix, as in lint.
    assert list(repo.maps_at(head, ["maps/notes.txt"])) == ["maps/notes.txt"]
    blob = everything["maps/a.yaml"]
    assert repo.read_blobs([blob]) == [b"a\n"]


def test_maps_in_worktree_includes_new_files_not_ignored_or_deleted(git_repo) -> None:
    git_repo.write("maps/a.yaml", "a\n")
    git_repo.write("maps/gone.yaml", "g\n")
    git_repo.write(".gitignore", "maps/secret.yaml\n")
    git_repo.commit("first", date=D1)
    git_repo.write("maps/new.yaml", "n\n")
    git_repo.write("maps/secret.yaml", "s\n")
    (git_repo.root / "maps" / "gone.yaml").unlink()
    repo = open_repo(".")
    assert repo.maps_in_worktree() == ["maps/a.yaml", "maps/new.yaml"]
    assert repo.read_worktree("maps/new.yaml") == b"n\n"
    assert repo.read_worktree("maps/gone.yaml") is None


def test_read_blobs_uses_one_batch_and_keeps_order(git_repo) -> None:
    git_repo.write("maps/a.yaml", "first a\n")
    first = git_repo.commit("first", date=D1)
    git_repo.write("maps/a.yaml", "second a, with more bytes\n")
    git_repo.write("maps/empty.yaml", "")
    second = git_repo.commit("second", date=D2)
    repo = open_repo(".")
    assert repo.read_blobs(
        [
            f"{second}:maps/a.yaml",
            f"{first}:maps/a.yaml",
            f"{first}:maps/empty.yaml",
            f"{second}:maps/empty.yaml",
            f"{second}:maps",
        ]
    ) == [b"second a, with more bytes\n", b"first a\n", None, b"", None]
    assert repo.read_blobs([]) == []


def test_log_follow_tracks_renames_and_deletion(git_repo) -> None:
    git_repo.write("maps/old.yaml", "one\n")
    first = git_repo.commit("create", date=D1, author="Anna Smit")
    git_repo.git("mv", "maps/old.yaml", "maps/new.yaml")
    second = git_repo.commit("rename", date=D2, author="Bram Jansen")
    git_repo.write("maps/unrelated.yaml", "x\n")
    git_repo.commit("unrelated", date=D2)
    (git_repo.root / "maps" / "new.yaml").unlink()
    third = git_repo.commit("delete", date=D3)
    repo = open_repo(".")
    assert repo.log_follow("maps/new.yaml") == [
        LogEntry(third, D3, "Anna Smit", "anna@example.com", "delete", "maps/new.yaml", True),
        LogEntry(second, D2, "Bram Jansen", "bram@example.com", "rename", "maps/new.yaml"),
        LogEntry(first, D1, "Anna Smit", "anna@example.com", "create", "maps/old.yaml"),
    ]
    assert repo.log_follow("maps/never.yaml") == []


def test_git_failure_becomes_git_error(git_repo) -> None:
    repo = open_repo(".")
    with pytest.raises(GitError) as caught:
        repo.git("no-such-command")
    assert "no-such-command" in caught.value.message


def test_log_follow_stops_at_a_copy(git_repo) -> None:
    text = "".join(f"line {n}\n" for n in range(40))
    git_repo.write("maps/template.yaml", text)
    git_repo.commit("template", date=D1)
    git_repo.write("maps/template.yaml", text + "more\n")
    git_repo.commit("edit template", date=D2)
    git_repo.write("maps/deal.yaml", text + "deal\n")
    copy = git_repo.commit("new deal from the template", date=D3)
    repo = open_repo(".")
    assert [(e.sha, e.path) for e in repo.log_follow("maps/deal.yaml")] == [
        (copy, "maps/deal.yaml")
    ]
