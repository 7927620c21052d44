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


def _fsync_folder(folder: str) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


class FolderSyncs:
    """Folders whose new file names still have to reach the disk: one fsync per folder at the end.

    Writing many maps (a CRM import) with `later=` this collector fsyncs each folder once, in
    `sync()` (or at the end of a `with` block), instead of once per file. Every file's bytes are
    still on disk before the file takes its name, so a crash never leaves half a map; before the
    folder's fsync, a crash can only lose the newest names (the map is then missing or old).
    """

    def __init__(self) -> None:
        self._due: dict[str, None] = {}

    def add(self, path: str) -> None:
        """Remember the folder of `path` for the next `sync()`."""
        self._due[os.path.dirname(os.path.abspath(path))] = None

    def sync(self) -> None:
        """Fsync every folder remembered since the last call, once each."""
        due, self._due = self._due, {}
        for folder in due:
            _fsync_folder(folder)

    def __enter__(self) -> FolderSyncs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sync()


def _sync_folder(path: str, later: FolderSyncs | None = None) -> None:
    if later is not None:
        later.add(path)
    else:
        _fsync_folder(os.path.dirname(os.path.abspath(path)))


def replace_atomically(
    snapshot: Snapshot, data: bytes, *, later: FolderSyncs | None = None
) -> None:
    """Write `data` over the file `snapshot` was read from, unless it changed since.

    Raises `MapChangedError` (and writes nothing) when the file's bytes differ from the snapshot.
    With `later`, the folder's fsync is left to it (see `FolderSyncs`).
    """
    temp = _write_temp(snapshot.path, data, snapshot.mode)
    try:
        if _current(snapshot.path) != snapshot.fingerprint:
            raise MapChangedError(snapshot.path)
        os.replace(temp, snapshot.path)
    except BaseException:
        _unlink(temp)
        raise
    _sync_folder(snapshot.path, later)


def create_atomically(path: str, data: bytes, *, later: FolderSyncs | None = None) -> None:
    """Write a new file; raises `MapExistsError` when something already has that name.

    With `later`, the folder's fsync is left to it (see `FolderSyncs`).
    """
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
    _sync_folder(path, later)
