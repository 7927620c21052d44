"""Many maps, one folder fsync: every file's bytes still reach the disk before it takes its name."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from accountmap_cli.edit import atomic
from accountmap_cli.edit.atomic import FolderSyncs, create_atomically, read_snapshot
from conftest import CRM_FIXTURES, SALESFORCE_IMPORT

SF = (*SALESFORCE_IMPORT, "--out", "maps")


class Syscalls:
    """`os.fsync`, `os.link` and `os.replace` as they happen: ("file"|"folder", name) in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, str]] = []
        real_fsync, real_link, real_replace = os.fsync, os.link, os.replace

        def fsync(fd: int) -> None:
            kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
            self.calls.append((kind, os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))))
            real_fsync(fd)

        def link(src: str, dst: str, **kwargs: object) -> None:
            self.calls.append(("name", os.path.basename(dst)))
            real_link(src, dst, **kwargs)

        def replace(src: str, dst: str, **kwargs: object) -> None:
            self.calls.append(("name", os.path.basename(dst)))
            real_replace(src, dst, **kwargs)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "link", link)
        monkeypatch.setattr(os, "replace", replace)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]


pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")


def test_without_a_collector_each_file_syncs_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Syscalls(monkeypatch)
    create_atomically(str(tmp_path / "a.yaml"), b"a: 1\n")
    create_atomically(str(tmp_path / "b.yaml"), b"b: 1\n")
    assert calls.kinds() == ["file", "name", "folder", "file", "name", "folder"]


def test_a_collector_syncs_each_folder_once_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "old.yaml").write_bytes(b"a: 1\n")
    snapshot = read_snapshot(str(tmp_path / "old.yaml"))
    calls = Syscalls(monkeypatch)
    with FolderSyncs() as later:
        create_atomically(str(tmp_path / "a.yaml"), b"a: 1\n", later=later)
        create_atomically(str(tmp_path / "sub" / "b.yaml"), b"b: 1\n", later=later)
        atomic.replace_atomically(snapshot, b"a: 2\n", later=later)
        create_atomically(str(tmp_path / "c.yaml"), b"c: 1\n", later=later)
        assert "folder" not in calls.kinds()
    assert calls.kinds() == ["file", "name"] * 4 + ["folder", "folder"]
    assert [name for kind, name in calls.calls if kind == "folder"] == [tmp_path.name, "sub"]
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "c.yaml", "old.yaml", "sub"]
    assert (tmp_path / "old.yaml").read_bytes() == b"a: 2\n"


def test_a_collector_syncs_what_was_written_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "taken.yaml").write_bytes(b"mine\n")
    calls = Syscalls(monkeypatch)
    with pytest.raises(atomic.MapExistsError), FolderSyncs() as later:
        create_atomically(str(tmp_path / "a.yaml"), b"a: 1\n", later=later)
        create_atomically(str(tmp_path / "taken.yaml"), b"new\n", later=later)
    assert calls.kinds()[-1] == "folder"
    assert calls.kinds().count("folder") == 1
    assert (tmp_path / "taken.yaml").read_bytes() == b"mine\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CRM_FIXTURES / "salesforce", tmp_path / "salesforce")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_import_fsyncs_every_map_and_the_folder_once(
    invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Syscalls(monkeypatch)
    result = invoke(*SF)
    assert result.exit_code == 0, result.stderr
    assert calls.kinds() == ["file", "name", "file", "name", "folder"]
    assert [name for kind, name in calls.calls if kind != "file"] == [
        "acme-bv-packaging-line-3.yaml",
        "acme-bv-service-contract-2027.yaml",
        "maps",
    ]
    # each map's own bytes were synced under its temporary name, before it took its name
    assert calls.calls[0][1].startswith(".acme-bv-packaging-line-3.yaml.")


def test_an_import_that_updates_fsyncs_the_folder_once(
    invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke(*SF).exit_code == 0
    for name in ("acme-bv-packaging-line-3.yaml", "acme-bv-service-contract-2027.yaml"):
        path = here / "maps" / name
        path.write_text(path.read_text().replace("  stage: ", "  stage: won\n  x-was: "))
    calls = Syscalls(monkeypatch)
    result = invoke(*SF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("updated ") == 2
    assert calls.kinds() == ["file", "name", "file", "name", "folder"]


def test_a_dry_run_and_an_unchanged_import_sync_nothing(
    invoke, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Syscalls(monkeypatch)
    assert invoke(*SF, "--dry-run").exit_code == 0
    assert calls.calls == []
    assert invoke(*SF).exit_code == 0
    calls.calls.clear()
    assert invoke(*SF).stdout.count("unchanged ") == 2
    assert calls.calls == []
