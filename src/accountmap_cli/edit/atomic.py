"""Reading a map's bytes with a fingerprint, and writing them back atomically.

A write goes to a temporary file in the same folder, is flushed to disk and then replaces the map in
one step, so a crash leaves either the old map or the new one, never half of one. The map's
permissions are kept. When the file changed on disk since it was read (an editor saved it, a
`git pull` ran), the write is refused and nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass

from accountmap_cli.errors import AccountmapError


class MapChangedError(AccountmapError):
    """The map changed on disk between reading and writing it; nothing was written."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} changed on disk while this command ran; nothing was written",
            hint="run the command again on the current file",
        )
        self.path = path


class MapExistsError(AccountmapError):
    """`new` would overwrite an existing file."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} already exists; not overwriting it",
            hint="choose another file name, or edit the map with `accountmap add`/`update`",
        )
        self.path = path


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file looked like when it was read: size and content hash."""

    size: int
    sha256: str

    @classmethod
    def of(cls, raw: bytes) -> Fingerprint:
        return cls(len(raw), hashlib.sha256(raw).hexdigest())


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The bytes of a file as read, with their fingerprint and the file's permission bits."""

    path: str
    raw: bytes
    fingerprint: Fingerprint
    mode: int


def read_snapshot(path: str) -> Snapshot:
    """Read a file's bytes and remember what they looked like. Raises OSError."""
    with open(path, "rb") as handle:
        raw = handle.read()
        mode = os.fstat(handle.fileno()).st_mode & 0o7777
    return Snapshot(path, raw, Fingerprint.of(raw), mode)


def _current(path: str) -> Fingerprint | None:
    try:
        with open(path, "rb") as handle:
            return Fingerprint.of(handle.read())
    except FileNotFoundError:
        return None


def _write_temp(path: str, data: bytes, mode: int) -> str:
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(
        dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
    except BaseException:
        _unlink(temp)
        raise
    return temp


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_folder(path: str) -> None:
    try:
        folder = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def replace_atomically(snapshot: Snapshot, data: bytes) -> None:
    """Write `data` over the file `snapshot` was read from, unless it changed since.

    Raises `MapChangedError` (and writes nothing) when the file's bytes differ from the snapshot.
    """
    temp = _write_temp(snapshot.path, data, snapshot.mode)
    try:
        if _current(snapshot.path) != snapshot.fingerprint:
            raise MapChangedError(snapshot.path)
        os.replace(temp, snapshot.path)
    except BaseException:
        _unlink(temp)
        raise
    _sync_folder(snapshot.path)


def create_atomically(path: str, data: bytes) -> None:
    """Write a new file; raises `MapExistsError` when something already has that name."""
    umask = os.umask(0)
    os.umask(umask)
    temp = _write_temp(path, data, 0o666 & ~umask)
    try:
        os.link(temp, path)  # fails when the name is taken, even if created a moment ago
    except FileExistsError:
        _unlink(temp)
        raise MapExistsError(path) from None
    except OSError:
        # File systems without hard links: check, then rename (a small window, but no clobbering
        # of a file that existed when we started).
        if os.path.exists(path):
            _unlink(temp)
            raise MapExistsError(path) from None
        os.replace(temp, path)
    else:
        _unlink(temp)
    _sync_folder(path)
