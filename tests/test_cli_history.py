"""`accountmap history` on a real temporary git repository: exact timeline, renames, bad versions."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from accountmap_cli.config import Settings
from accountmap_cli.gitio import open_repo
from accountmap_cli.history import read_history
from accountmap_cli.maphistory import FirstMapped, first_stakeholders_commit, mapped_late

HEADER = "opportunity:\n  name: Line 3\n  account: Acme\n  value: 90000\n  stage: {stage}\n"
JAN = "  - id: jan\n    name: Jan Jansen\n    title: CFO\n    role: economic_buyer\n    influence: high\n    attitude: {attitude}\n"
PIET = "  - id: piet\n    name: Piet Pieters\n    role: user_buyer\n    influence: {influence}\n    attitude: supporter\n"


def acme(stage: str, *people: str) -> str:
    text = HEADER.format(stage=stage)
    return text + ("stakeholders:\n" + "".join(people) if people else "")


@pytest.fixture
def timeline(git_repo):
    """Six commits of one map (one broken, one rename) and an unrelated commit; returns the shas."""
    shas = []
    git_repo.write("maps/acme.yaml", acme("discovery"))
    shas.append(git_repo.commit("Start the Acme map", date="2026-09-01T10:00:00+02:00"))
    git_repo.write("maps/acme.yaml", acme("qualification", JAN.format(attitude="neutral")))
    shas.append(
        git_repo.commit("Met the CFO", date="2026-09-15T10:00:00+02:00", author="Bram Jansen")
    )
    git_repo.write("maps/other.yaml", acme("discovery"))
    git_repo.commit("Unrelated map", date="2026-09-20T10:00:00+02:00")
    git_repo.write("maps/acme.yaml", "opportunity: [\n")
    shas.append(git_repo.commit("Oops", date="2026-10-01T10:00:00+02:00"))
    git_repo.write(
        "maps/acme.yaml",
        acme("proposal", JAN.format(attitude="champion"), PIET.format(influence="medium")),
    )
    shas.append(git_repo.commit("Proposal sent", date="2026-10-03T10:00:00+02:00"))
    git_repo.git("mv", "maps/acme.yaml", "maps/acme-line3.yaml")
    git_repo.write(
        "maps/acme-line3.yaml",
        acme("proposal", JAN.format(attitude="champion"), PIET.format(influence="high")),
    )
    shas.append(git_repo.commit("Rename", date="2026-10-20T10:00:00+02:00", author="Bram Jansen"))
    git_repo.write("maps/acme-line3.yaml", acme("proposal", JAN.format(attitude="skeptical")))
    shas.append(git_repo.commit("Jan cooled off", date="2026-11-10T10:00:00+01:00"))
    return shas


def test_text_timeline(timeline, invoke) -> None:
    result = invoke("history", "maps/acme-line3.yaml")
    assert result.exit_code == 0, result.stderr
    s = [sha[:7] for sha in timeline]
    assert result.stdout.splitlines() == [
        "History of maps/acme-line3.yaml (6 commits)",
        "",
        f"2026-09-01  {s[0]}  Anna Smit  Start the Acme map",
        "  created as maps/acme.yaml",
        "  stage: discovery",
        "",
        f"2026-09-15  {s[1]}  Bram Jansen  Met the CFO",
        "  stage: discovery → qualification (forward)",
        "  + stakeholder Jan Jansen (jan): economic_buyer, high influence, neutral",
        "",
        f"2026-10-01  {s[2]}  Anna Smit  Oops",
        "  not a valid map: 2:1: AM001 invalid YAML: did not find expected node content "
        "(while parsing a flow node)",
        "",
        f"2026-10-03  {s[3]}  Anna Smit  Proposal sent",
        "  stage: qualification → proposal (forward)",
        "  attitude of Jan Jansen (jan): neutral → champion (warmer)",
        "  + stakeholder Piet Pieters (piet): user_buyer, medium influence, supporter",
        "",
        f"2026-10-20  {s[4]}  Bram Jansen  Rename",
        "  renamed: maps/acme.yaml → maps/acme-line3.yaml",
        "  influence of Piet Pieters (piet): medium → high (up)",
        "",
        f"2026-11-10  {s[5]}  Anna Smit  Jan cooled off",
        "  attitude of Jan Jansen (jan): champion → skeptical (colder)",
        "  - stakeholder Piet Pieters (piet)",
        "",
        f"Mapping started on 2026-09-15 ({s[1]}) at stage qualification.",
    ]


def test_json_timeline(timeline, invoke) -> None:
    result = invoke("history", "maps/acme-line3.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["path"] == "maps/acme-line3.yaml"
    assert data["commits"] == 6
    assert data["first_stakeholders"] == {
        "commit": timeline[1],
        "date": "2026-09-15",
        "stage": "qualification",
    }
    assert data["events"][:2] == [
        {
            "commit": timeline[0],
            "date": "2026-09-01T10:00:00+02:00",
            "author": "Anna Smit",
            "path": "maps/acme.yaml",
            "kind": "created",
        },
        {
            "commit": timeline[0],
            "date": "2026-09-01T10:00:00+02:00",
            "author": "Anna Smit",
            "path": "maps/acme.yaml",
            "kind": "stage",
            "from": None,
            "to": "discovery",
            "direction": None,
        },
    ]
    assert [(e["commit"], e["kind"]) for e in data["events"][2:]] == [
        (timeline[1], "stage"),
        (timeline[1], "stakeholder_added"),
        (timeline[2], "invalid"),
        (timeline[3], "stage"),
        (timeline[3], "attitude"),
        (timeline[3], "stakeholder_added"),
        (timeline[4], "renamed"),
        (timeline[4], "influence"),
        (timeline[5], "attitude"),
        (timeline[5], "stakeholder_removed"),
    ]
    cooled = data["events"][-2]
    assert cooled == {
        "commit": timeline[5],
        "date": "2026-11-10T10:00:00+01:00",
        "author": "Anna Smit",
        "path": "maps/acme-line3.yaml",
        "kind": "attitude",
        "stakeholder": "jan",
        "name": "Jan Jansen",
        "title": "CFO",
        "from": "champion",
        "to": "skeptical",
        "direction": "colder",
    }


def test_first_stakeholders_commit_for_mapped_late(timeline) -> None:
    history = read_history(open_repo("."), "maps/acme-line3.yaml")
    assert first_stakeholders_commit(history) == FirstMapped(
        timeline[1], dt.date(2026, 9, 15), "qualification"
    )


def test_mapped_late_only_when_mapping_began_at_proposal_or_later(timeline, git_repo) -> None:
    history = read_history(open_repo("."), "maps/acme-line3.yaml")
    assert mapped_late(history) is None  # mapping began at qualification
    assert mapped_late(history, Settings(proposal_stage="qualification")) == FirstMapped(
        timeline[1], dt.date(2026, 9, 15), "qualification"
    )
    git_repo.write("maps/late.yaml", acme("negotiation", JAN.format(attitude="neutral")))
    sha = git_repo.commit("late", date="2026-12-01T10:00:00+01:00")
    late = read_history(open_repo("."), "maps/late.yaml")
    assert mapped_late(late) == FirstMapped(sha, dt.date(2026, 12, 1), "negotiation")


def test_first_stakeholders_commit_none_when_nobody_is_mapped(git_repo) -> None:
    git_repo.write("maps/a.yaml", acme("proposal"))
    git_repo.commit("empty", date="2026-09-01T10:00:00+02:00")
    assert first_stakeholders_commit(read_history(open_repo("."), "maps/a.yaml")) is None


def test_history_of_a_deleted_map(git_repo, invoke) -> None:
    git_repo.write("maps/a.yaml", acme("proposal", JAN.format(attitude="neutral")))
    first = git_repo.commit("add", date="2026-09-01T10:00:00+02:00")
    (git_repo.root / "maps" / "a.yaml").unlink()
    second = git_repo.commit("drop", date="2026-09-02T10:00:00+02:00")
    result = invoke("history", "maps/a.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "History of maps/a.yaml (2 commits)",
        "",
        f"2026-09-01  {first[:7]}  Anna Smit  add",
        "  created as maps/a.yaml",
        "  stage: proposal",
        "  + stakeholder Jan Jansen (jan): economic_buyer, high influence, neutral",
        "",
        f"2026-09-02  {second[:7]}  Anna Smit  drop",
        "  deleted",
        "",
        f"Mapping started on 2026-09-01 ({first[:7]}) at stage proposal.",
    ]


def test_history_up_to_a_revision(timeline, invoke) -> None:
    result = invoke("history", "maps/acme.yaml", "--rev", "HEAD~3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["commits"] == 3


def test_map_never_committed(git_repo, invoke) -> None:
    git_repo.write("maps/a.yaml", acme("proposal"))
    git_repo.commit("first", date="2026-09-01T10:00:00+02:00")
    result = invoke("history", "maps/new.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "accountmap: error: 'maps/new.yaml' has no history in git\n"
        "  hint: check the path, or commit the map first (git add + git commit)\n"
    )


def test_history_errors(git_repo, invoke, tmp_path, monkeypatch) -> None:
    result = invoke("history", "maps/a.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "accountmap: error: unknown revision 'HEAD': the repository has no commits yet\n"
    )
    result = invoke("history", "maps/a.yaml", "--format", "yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        "accountmap: error: unknown format 'yaml'\n  hint: choose one of: text, json\n",
    )
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(outside)
    result = invoke("history", "a.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"accountmap: error: '{outside}' is not in a git repository\n")


def test_history_uses_the_team_stages(git_repo, invoke) -> None:
    git_repo.write("accountmap.toml", 'stages = ["lead", "pilot", "proposal", "won", "lost"]\n')
    git_repo.write("maps/a.yaml", acme("lead", JAN.format(attitude="neutral")))
    git_repo.commit("first", date="2026-09-01T10:00:00+02:00")
    git_repo.write("maps/a.yaml", acme("pilot", JAN.format(attitude="neutral")))
    git_repo.commit("pilot", date="2026-09-02T10:00:00+02:00")
    result = invoke("history", "maps/a.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    kinds = [(e["kind"], e.get("to")) for e in json.loads(result.stdout)["events"]]
    assert kinds == [
        ("created", None),
        ("stage", "lead"),
        ("stakeholder_added", None),
        ("stage", "pilot"),
    ]


def test_history_of_a_folder_is_refused(timeline, invoke) -> None:
    result = invoke("history", "maps")
    assert result.exit_code == 2
    assert result.stderr == (
        "accountmap: error: 'maps' is a folder; history follows one map file\n"
        "  hint: give one map, e.g. accountmap history maps/acme.yaml\n"
    )
