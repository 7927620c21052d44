"""All access to git: the `git` command on the machine, run as a subprocess.

Nothing else in accountmap runs git. Every failure becomes a `GitError` with a one-line message in
the user's words (not a repository, unknown revision, map not present there), never a traceback.
Old versions of many files are read with ONE `git cat-file --batch` process, not one per file.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from accountmap_cli.errors import AccountmapError
from accountmap_cli.loader import MAP_SUFFIXES


class GitError(AccountmapError):
    """git is missing, the folder is not a repository, or a revision or file does not exist."""


_ENV_OVERRIDES = {
    # Messages we parse must be English; no pager, no prompts, no lock taken for `status`.
    "LC_ALL": "C",
    "LANGUAGE": "C",
    "GIT_PAGER": "cat",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
}
_CONFIG = (
    "-c",
    "core.quotepath=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "color.ui=false",
)
"""Settings of the user's git config that would change the output we read."""


def _run(args: Sequence[str], *, cwd: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    env = {**os.environ, **_ENV_OVERRIDES}
    try:
        done = subprocess.run(
            ["git", *_CONFIG, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH)",
            hint="install git; diff and history read the maps' history from git",
        ) from None
    except NotADirectoryError:
        raise GitError(f"'{cwd}' is not a folder") from None
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace").strip()


@dataclass(frozen=True, slots=True)
class Commit:
    """A resolved revision: what the user wrote and the commit it names."""

    rev: str
    sha: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit in the history of one file, with the file's path at that commit."""

    sha: str
    date: str
    """Author date, ISO 8601 with the author's offset (e.g. ``2026-11-02T09:30:00+01:00``)."""
    author: str
    email: str
    subject: str
    path: str
    deleted: bool = False
    """True when this commit deleted the file (there is no version of it at this commit)."""


@dataclass(frozen=True, slots=True)
class Repo:
    """A git work tree; paths inside it are given relative to its top folder, with `/`."""

    root: str

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run git in the top folder and return its output, or raise `GitError` with git's words."""
        code, out, err = _run(args, cwd=self.root, stdin=stdin)
        if code != 0:
            first = err.splitlines()[0] if err else f"git {args[0]} failed (exit code {code})"
            raise GitError(first.removeprefix("fatal: ").removeprefix("error: "))
        return out

    def resolve(self, rev: str) -> Commit:
        """The commit a revision names (`HEAD`, `main`, `v1.2`, `HEAD~3`, a sha), or `GitError`."""
        if not rev or rev.startswith("-"):
            raise GitError(f"'{rev}' is not a revision", hint="give a commit, branch or tag")
        code, out, _ = _run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            cwd=self.root,
        )
        if code != 0:
            if self._has_no_commits():
                raise GitError(
                    f"unknown revision '{rev}': the repository has no commits yet",
                    hint="commit your maps first (git add maps/ && git commit)",
                )
            raise GitError(
                f"unknown revision '{rev}'",
                hint="give a commit, branch or tag that exists, e.g. HEAD~1 or main (see git log)",
            )
        return Commit(rev, out.decode().strip())

    def _has_no_commits(self) -> bool:
        code, _, _ = _run(["rev-parse", "--verify", "--quiet", "HEAD"], cwd=self.root)
        return code != 0

    def relative(self, path: str) -> str:
        """A path as given on the command line → the same path relative to the top folder."""
        absolute = os.path.realpath(os.path.abspath(path))
        relative = os.path.relpath(absolute, self.root)
        if relative == os.curdir:
            return ""
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            raise GitError(
                f"'{path}' is outside the git repository at {self.root}",
                hint="run the command inside the repository that holds your maps",
            )
        return relative.replace(os.sep, "/")

    def relative_files(self, paths: Iterable[str]) -> dict[str, str]:
        """Many file paths → repository paths, resolving each folder once (not each file)."""
        folders: dict[str, str] = {}
        found: dict[str, str] = {}
        for path in paths:
            folder, name = os.path.split(path)
            if folder not in folders:
                folders[folder] = self.relative(folder or os.curdir)
            base = folders[folder]
            found[path] = f"{base}/{name}" if base else name
        return found

    def maps_at(self, commit: Commit, paths: Iterable[str] = ()) -> dict[str, str]:
        """Map files in a commit under the given paths: repository path → blob id.

        In folders only ``*.yaml`` and ``*.yml`` count; a file named explicitly counts whatever
        its suffix (as in `lint`).
        """
        wanted = list(paths)
        out = self.git("ls-tree", "-r", "-z", "--full-tree", commit.sha, "--", *wanted)
        found: dict[str, str] = {}
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            _mode, kind, blob = meta.split(b" ")
            path = name.decode("utf-8", "surrogateescape")
            if kind == b"blob" and (path.endswith(MAP_SUFFIXES) or path in wanted):
                found[path] = blob.decode()
        return found

    def maps_in_worktree(self, paths: Iterable[str] = ()) -> list[str]:
        """Map files in the working tree under the given paths, tracked or new (not ignored)."""
        wanted = list(paths)
        out = self.git(
            "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *wanted
        )
        found = set()
        for raw in out.split(b"\0"):
            path = raw.decode("utf-8", "surrogateescape")
            if (
                path
                and (path.endswith(MAP_SUFFIXES) or path in wanted)
                and os.path.isfile(os.path.join(self.root, path))
            ):
                found.add(path)
        return sorted(found)

    def read_worktree(self, path: str) -> bytes | None:
        """The bytes of a working-tree file, or `None` when it cannot be read."""
        try:
            with open(os.path.join(self.root, path), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def read_blobs(self, names: Sequence[str]) -> list[bytes | None]:
        """Read many objects with one `git cat-file --batch` process.

        `names` are blob ids or ``<commit>:<path>``; the answer holds the bytes of each, in the same
        order, or `None` where git has no such blob.
        """
        if not names:
            return []
        for name in names:
            if "\n" in name:
                raise GitError(f"cannot read '{name!r}' from git: the name contains a newline")
        out = self.git("cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
        blobs: list[bytes | None] = []
        position = 0
        for _ in names:
            end = out.index(b"\n", position)
            header = out[position:end].split(b" ")
            position = end + 1
            if len(header) != 3 or not header[2].isdigit():
                blobs.append(None)  # "<name> missing" or "<name> ambiguous"
                continue
            size = int(header[2])
            blobs.append(out[position : position + size] if header[1] == b"blob" else None)
            position += size + 1
        return blobs

    @contextmanager
    def blob_reader(self) -> Iterator[BlobReader]:
        """One `git cat-file --batch` process that answers reads one at a time, for callers that
        only know which object they need next once they have read the previous one."""
        reader = BlobReader(self.root)
        try:
            yield reader
        finally:
            reader.close()

    def commit_before(self, date: str) -> Commit | None:
        """The last commit on HEAD made before `date` (any date git understands), or `None`."""
        self.resolve("HEAD")  # a clear message for a repository without commits
        out = self.git("rev-list", "-1", f"--before={date}", "HEAD").decode().strip()
        return Commit(date, out) if out else None

    def log_files(
        self, paths: Sequence[str], *, folders: Sequence[str] = (), rev: str = "HEAD"
    ) -> dict[str, list[LogEntry]]:
        """The commits that changed each of many files, newest first, with ONE `git log`.

        Renames are followed inside `folders` (repository paths; all of the repository when
        empty), as `git log --follow` does for one file; a copy starts a new history. A path that
        HEAD does not hold (a new, uncommitted map) has no history: its list is empty.
        """
        commit = self.resolve(rev)
        out = self.git(
            "log",
            "-M",
            "--name-status",
            "--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s",
            commit.sha,
            "--",
            *folders,
        ).decode("utf-8", "replace")
        found: dict[str, list[LogEntry]] = {path: [] for path in paths}
        tracked = {path: path for path in paths}  # the name at the commit being read → the map
        for record in out.split("\x1e")[1:]:
            if not tracked:
                break
            header, _, body = record.partition("\n")
            sha, date, author, email, subject = header.split("\x1f", 4)
            older = dict(tracked)
            for line in body.splitlines():
                fields = line.split("\t")
                status = fields[0][:1]
                if len(fields) == 3 and status in "RC":
                    key = tracked.get(fields[2])
                    if key is None:
                        continue
                    found[key].append(LogEntry(sha, date, author, email, subject, fields[2]))
                    older.pop(fields[2], None)
                    if status == "R":
                        older[fields[1]] = key
                elif len(fields) == 2 and fields[1] in tracked:
                    key = tracked[fields[1]]
                    if status == "D":
                        # Deleted here and not added again since: not the file HEAD holds.
                        found[key] = []
                        older.pop(fields[1], None)
                        continue
                    found[key].append(LogEntry(sha, date, author, email, subject, fields[1]))
                    if status == "A":
                        older.pop(fields[1], None)
            tracked = older
        return found

    def log_follow(self, path: str, *, rev: str = "HEAD") -> list[LogEntry]:
        """The commits that changed one file, newest first, following renames (`git log --follow`).

        `--follow` also follows copies; a map copied from another deal (or a template) is a new
        deal, so its history starts at the copy and the other map's past is not included.
        """
        commit = self.resolve(rev)
        out = self.git(
            "log",
            "--follow",
            "-M",
            "--name-status",
            "--format=%x1e%H%x1f%aI%x1f%an%x1f%ae%x1f%s",
            commit.sha,
            "--",
            path,
        ).decode("utf-8", "replace")
        entries: list[LogEntry] = []
        current = path
        for record in out.split("\x1e")[1:]:
            header, _, body = record.partition("\n")
            sha, date, author, email, subject = header.split("\x1f", 4)
            here, older, deleted, copied = current, current, False, False
            for line in body.splitlines():
                fields = line.split("\t")
                if len(fields) == 3 and fields[0][:1] in "RC":
                    here, older = fields[2], fields[1]
                    copied = fields[0][0] == "C"
                elif len(fields) == 2 and fields[0]:
                    here = older = fields[1]
                    deleted = fields[0] == "D"
            entries.append(LogEntry(sha, date, author, email, subject, here, deleted))
            if copied:
                break
            current = older
        return entries


class BlobReader:
    """A running `git cat-file --batch`: `read(name)` → the blob's bytes, or `None`."""

    def __init__(self, root: str) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", *_CONFIG, "cat-file", "--batch"],
                cwd=root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, **_ENV_OVERRIDES},
            )
        except FileNotFoundError:
            raise GitError(
                "git is not installed (or not on PATH)",
                hint="install git; diff and history read the maps' history from git",
            ) from None

    def read(self, name: str) -> bytes | None:
        """The bytes of the blob `name` (a blob id or ``<commit>:<path>``), `None` if there is none."""
        if "\n" in name:
            return None
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
            stdin.flush()
        except BrokenPipeError:
            raise GitError("git cat-file stopped unexpectedly") from None
        header = stdout.readline().rstrip(b"\n").split(b" ")
        if not header[0]:
            raise GitError("git cat-file stopped unexpectedly")
        if len(header) != 3 or not header[2].isdigit():
            return None  # "<name> missing" or "<name> ambiguous"
        size = int(header[2])
        data = stdout.read(size)
        stdout.read(1)
        return data if header[1] == b"blob" else None

    def close(self) -> None:
        process = self._process
        if process.stdin is not None:
            with suppress(BrokenPipeError):
                process.stdin.close()
        if process.stdout is not None:
            process.stdout.close()
        process.wait()


_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_APPROXIDATE = re.compile(
    r"(\d+[. ](second|minute|hour|day|week|month|year)s?[. ]ago|yesterday|"
    r"last[. ](week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
    re.IGNORECASE,
)


def looks_like_date(text: str) -> bool:
    """`YYYY-MM-DD` or one of git's relative dates (`7.days.ago`, `2 weeks ago`, `yesterday`)."""
    return bool(_DAY.fullmatch(text) or _APPROXIDATE.fullmatch(text.strip()))


def resolve_since(repo: Repo, since: str) -> Commit:
    """The commit `--since` names: a revision (`HEAD~3`, `main@{2026-11-27}`, a sha), or a date.

    A date names the last commit on HEAD made before it: `YYYY-MM-DD` before that day began
    (00:00 local time), a relative date (`7.days.ago`) before that moment. Raises `GitError`.
    """
    text = since.strip()
    if not looks_like_date(text):
        return repo.resolve(text)
    before = f"{text} 00:00:00" if _DAY.fullmatch(text) else text
    commit = repo.commit_before(before)
    if commit is None:
        roots = repo.git("log", "--max-parents=0", "--format=%h %cs", "HEAD").decode().split()
        oldest = f" (the first commit, {roots[-2]}, is from {roots[-1]})" if roots else ""
        raise GitError(
            f"no commit before {text}{oldest}",
            hint="give a later date, or a revision such as HEAD~1",
        )
    return Commit(text, commit.sha)


def open_repo(path: str = ".") -> Repo:
    """The git repository that holds `path` (a folder or a file), or `GitError` if there is none."""
    folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    while folder and not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    code, out, err = _run(["rev-parse", "--show-toplevel"], cwd=folder or ".")
    if code != 0:
        if "not a git repository" in err:
            raise GitError(
                f"'{os.path.abspath(folder or '.')}' is not in a git repository",
                hint="run this inside the git repository that holds your maps (or `git init` one)",
            )
        raise GitError(err.splitlines()[0] if err else "git rev-parse failed")
    top = out.decode().strip()
    if not top:
        raise GitError("this is a bare git repository without a working tree")
    return Repo(os.path.realpath(top))
