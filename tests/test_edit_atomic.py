"""Atomic writes: same folder, permissions kept, changes on disk detected, no clobbering."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from accountmap_cli.edit.atomic import (
    MapChangedError,
    MapExistsError,
    create_atomically,
    read_snapshot,
    replace_atomically,
)


def test_replace_keeps_permissions_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(b"a: 1\n")
    target.chmod(0o600)
    snapshot = read_snapshot(str(target))
    replace_atomically(snapshot, b"a: 2\n")
    assert target.read_bytes() == b"a: 2\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["m.yaml"]


def test_replace_refuses_when_the_file_changed(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(b"a: 1\n")
    snapshot = read_snapshot(str(target))
    target.write_bytes(b"a: 1\n# someone else\n")
    with pytest.raises(MapChangedError, match="changed on disk"):
        replace_atomically(snapshot, b"a: 2\n")
    assert target.read_bytes() == b"a: 1\n# someone else\n"
    assert os.listdir(tmp_path) == ["m.yaml"]


def test_replace_refuses_when_the_file_was_deleted(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(b"a: 1\n")
    snapshot = read_snapshot(str(target))
    target.unlink()
    with pytest.raises(MapChangedError):
        replace_atomically(snapshot, b"a: 2\n")
    assert os.listdir(tmp_path) == []


def test_same_size_change_is_detected(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(b"a: 1\n")
    snapshot = read_snapshot(str(target))
    target.write_bytes(b"a: 3\n")
    with pytest.raises(MapChangedError):
        replace_atomically(snapshot, b"a: 2\n")


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    target.write_bytes(b"mine\n")
    with pytest.raises(MapExistsError, match="already exists"):
        create_atomically(str(target), b"new\n")
    assert target.read_bytes() == b"mine\n"
    assert os.listdir(tmp_path) == ["m.yaml"]


def test_create_uses_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    old = os.umask(0o027)
    try:
        create_atomically(str(target), b"new\n")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
