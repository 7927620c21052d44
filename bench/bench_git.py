"""Benchmarks of the git-native commands on generated repositories (not run by the tests).

    python bench/bench_git.py                 # history on 500 commits, diff over 1,000 maps
    python bench/bench_git.py --commits 2000  # a longer history

Two repositories are built in a temporary folder with `git fast-import` (seconds, not minutes):

* one map with N commits (default 500): stakeholders are added one by one, attitudes and
  influence move, the stage advances, meetings are logged, the file is renamed once and one
  commit leaves it broken — then `accountmap history` is timed end to end (new process, as a
  user runs it) and in-process by phase (git log, one cat-file batch, parse + compare);
* 1,000 maps from `bench/generate.py`, with a second commit that edits 100 of them — then
  `accountmap diff HEAD~1..HEAD` and `accountmap diff HEAD~1` (against the working tree) are
  timed, the core of a future `review --since`.

Each timing is the median of `--repeat` runs. Git config of the user is ignored.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ACCOUNTMAP = [sys.executable, "-m", "accountmap_cli"]
ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
ATTITUDES = ("blocker", "skeptical", "neutral", "supporter", "champion", "unknown")
INFLUENCES = ("low", "medium", "high", "unknown")
ROLES = ("economic_buyer", "technical_buyer", "user_buyer", "procurement", "influencer")
STAGES = ("discovery", "qualification", "validation", "proposal", "negotiation")
AUTHORS = ("Anna Smit", "Bram Jansen", "Daan Visser")


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=ENV,
        input=stdin,
        capture_output=True,
        check=True,
    )
    return done.stdout


def _data(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return b"data %d\n" % len(raw) + raw + b"\n"


def _commit(mark: int, when: int, author: str, message: str, files: dict[str, str | None]) -> bytes:
    email = author.split()[0].lower() + "@example.com"
    out = b"commit refs/heads/main\nmark :%d\n" % mark
    out += f"author {author} <{email}> {when} +0100\n".encode()
    out += f"committer {author} <{email}> {when} +0100\n".encode()
    out += _data(message)
    if mark > 1:
        out += b"from :%d\n" % (mark - 1)
    for path, text in files.items():
        if text is None:
            out += f"D {path}\n".encode()
        else:
            out += f"M 100644 inline {path}\n".encode() + _data(text)
    return out


def _render(state: dict) -> str:
    lines = [
        "# Generated for bench/bench_git.py",
        "opportunity:",
        "  name: Packaging line 7",
        "  account: Bench Verpakkingen B.V.",
        f"  value: {state['value']}",
        f"  stage: {state['stage']}",
        "stakeholders:",
    ]
    for p in state["people"]:
        lines += [
            f"  - id: {p['id']}",
            f"    name: {p['name']}",
            f"    title: {p['title']}",
            f"    role: {p['role']}",
            f"    influence: {p['influence']}",
            f"    attitude: {p['attitude']}",
            f"    notes: {p['notes']}",
        ]
    if not state["people"]:
        lines[-1] = "stakeholders: []"
    if state["meetings"] and state["people"]:
        lines.append("interactions:")
        for day, who in state["meetings"][-30:]:
            lines += [f"  - date: {day}", f"    with: [{who}]", "    summary: Follow-up call"]
    return "\n".join(lines) + "\n"


def build_history_repo(repo: Path, commits: int, seed: int = 7) -> str:
    """One map with `commits` commits; returns its final path."""
    rng = random.Random(seed)
    state = {"value": 120000, "stage": "discovery", "people": [], "meetings": []}
    stream = bytearray()
    when = 1_767_225_600  # 2026-01-01
    path = "maps/deal.yaml"
    for number in range(1, commits + 1):
        when += 3600 * rng.randint(2, 30)
        files: dict[str, str | None] = {}
        roll = rng.random()
        people = state["people"]
        if number > 1 and (not people or (roll < 0.08 and len(people) < 18)):
            n = len(people) + 1
            people.append(
                {
                    "id": f"p{n}",
                    "name": f"Person {n}",
                    "title": f"Title {n}",
                    "role": rng.choice(ROLES),
                    "influence": rng.choice(INFLUENCES),
                    "attitude": rng.choice(ATTITUDES),
                    "notes": "first met",
                }
            )
            message = f"Add person {n}"
        elif roll < 0.30 and people:
            rng.choice(people)["attitude"] = rng.choice(ATTITUDES)
            message = "Attitude update"
        elif roll < 0.40 and people:
            rng.choice(people)["influence"] = rng.choice(INFLUENCES)
            message = "Influence update"
        elif roll < 0.43:
            state["stage"] = STAGES[min(STAGES.index(state["stage"]) + 1, len(STAGES) - 1)]
            message = "Stage moves on"
        elif roll < 0.45 and len(people) > 3:
            people.pop(rng.randrange(len(people)))
            message = "Remove someone who left"
        elif roll < 0.80 and people:
            day = f"2026-{(number % 12) + 1:02d}-{(number % 27) + 1:02d}"
            state["meetings"].append((day, rng.choice(people)["id"]))
            message = "Log a meeting"
        else:
            if people:
                rng.choice(people)["notes"] = f"note {number}"
            message = "Notes"
        text = _render(state)
        if number == commits // 2:
            files[path] = None
            path = "maps/deal-line7.yaml"
            message = "Rename the map"
        if number == commits // 3:
            text = text.replace("stakeholders:", "stakeholders: [", 1)
            message = "Broken edit"
        files[path] = text
        stream += _commit(number, when, AUTHORS[number % 3], message, files)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "fast-import", "--quiet", stdin=bytes(stream))
    git(repo, "checkout", "-q", "-f", "main")
    return path


def build_diff_repo(repo: Path, maps: int, changed: int, seed: int = 11) -> None:
    """`maps` generated maps in one commit; a second commit edits `changed` of them."""
    sys.path.insert(0, str(BENCH))
    from generate import make_map

    rng = random.Random(seed)
    first = {f"maps/map-{n:05d}.yaml": make_map(rng, n, broken=False) for n in range(maps)}
    second: dict[str, str | None] = {}
    for n in random.Random(seed + 1).sample(range(maps), changed):
        name = f"maps/map-{n:05d}.yaml"
        text = first[name]
        for old, new in (
            ("attitude: neutral", "attitude: champion"),
            ("attitude: ", "attitude: skeptical  #"),
        ):
            if old in text:
                text = text.replace(old, new, 1)
                break
        second[name] = "# edited this week\n" + text
    stream = _commit(1, 1_767_225_600, "Anna Smit", "maps", first)
    stream += _commit(2, 1_767_830_400, "Bram Jansen", "a week of edits", second)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "fast-import", "--quiet", stdin=stream)
    git(repo, "checkout", "-q", "-f", "main")


def median_seconds(command: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the child) of a command."""
    import resource

    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
    return statistics.median(walls), statistics.median(cpus)


def _ms(timing: tuple[float, float]) -> str:
    return f"{timing[0] * 1000:.0f} ms wall, {timing[1] * 1000:.0f} ms CPU"


def history_phases(repo: Path, path: str) -> dict[str, float]:
    from accountmap_cli.gitio import open_repo
    from accountmap_cli.history import read_history

    here = os.getcwd()
    os.chdir(repo)
    try:
        handle = open_repo(".")
        start = time.perf_counter()
        entries = handle.log_follow(path)
        logged = time.perf_counter()
        handle.read_blobs([f"{e.sha}:{e.path}" for e in entries if not e.deleted])
        read = time.perf_counter()
        history = read_history(handle, path)
        total = time.perf_counter()
    finally:
        os.chdir(here)
    return {
        "git log --follow": logged - start,
        "cat-file --batch": read - logged,
        "read_history (all)": total - read,
        "events": len(history.events),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accountmap-bench-git-") as tmp:
        history_repo = Path(tmp, "history")
        history_repo.mkdir()
        start = time.perf_counter()
        path = build_history_repo(history_repo, args.commits)
        print(f"built a {args.commits}-commit history in {time.perf_counter() - start:.1f} s")
        size = (history_repo / path).stat().st_size
        print(f"final map: {path}, {size} bytes")
        timing = median_seconds([*ACCOUNTMAP, "history", path], history_repo, args.repeat)
        print(f"accountmap history ({args.commits} commits), end to end: {_ms(timing)}")
        timing = median_seconds(
            [*ACCOUNTMAP, "history", path, "--format", "json"], history_repo, args.repeat
        )
        print(f"accountmap history --format json: {_ms(timing)}")
        for name, value in history_phases(history_repo, path).items():
            shown = f"{value * 1000:.0f} ms" if isinstance(value, float) else str(value)
            print(f"  {name}: {shown}")

        diff_repo = Path(tmp, "diff")
        diff_repo.mkdir()
        start = time.perf_counter()
        build_diff_repo(diff_repo, args.maps, args.changed)
        print(
            f"built {args.maps} maps, {args.changed} edited, in {time.perf_counter() - start:.1f} s"
        )
        for label, command in (
            ("diff HEAD~1..HEAD", ["diff", "HEAD~1..HEAD", "--as-of", "2026-12-01"]),
            ("diff HEAD~1 (working tree)", ["diff", "HEAD~1", "--as-of", "2026-12-01"]),
            ("diff (nothing changed)", ["diff", "--as-of", "2026-12-01"]),
        ):
            timing = median_seconds([*ACCOUNTMAP, *command], diff_repo, args.repeat)
            print(f"accountmap {label} over {args.maps} maps: {_ms(timing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
