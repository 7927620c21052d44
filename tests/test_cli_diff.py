"""`accountmap diff` on real temporary git repositories: exact JSON, exact text, exit codes."""

from __future__ import annotations

import json

import pytest

import accountmap_cli.rules
from accountmap_cli import mapdiff

D1 = "2026-11-02T09:00:00+01:00"
D2 = "2026-11-09T09:00:00+01:00"


def person(pid: str, name: str, role: str, influence: str, attitude: str) -> str:
    return (
        f"  - id: {pid}\n    name: {name}\n    role: {role}\n"
        f"    influence: {influence}\n    attitude: {attitude}\n"
    )


def deal(account: str, stage: str, value: int, *people: str, extra: str = "") -> str:
    return (
        f"opportunity:\n  name: {account} deal\n  account: {account}\n"
        f"  value: {value}\n  stage: {stage}\n"
        "stakeholders:\n" + "".join(people) + extra
    )


JAN = person("jan", "Jan Jansen", "economic_buyer", "high", "neutral")
PIET = person("piet", "Piet Pieters", "user_buyer", "medium", "supporter")
KEES = person("kees", "Kees Smit", "technical_buyer", "low", "unknown")

V1 = {
    "maps/dijk.yaml": deal("Dijk", "discovery", 100000, JAN, PIET),
    "maps/kuipers.yaml": deal("Kuipers", "proposal", 50000, KEES),
    "maps/oldname.yaml": deal("Boer", "qualification", 80000, JAN),
    "maps/gone.yaml": deal("Gone", "discovery", 10000, PIET),
    "maps/same.yaml": "# untouched\n" + deal("Same", "discovery", 1, PIET),
}


@pytest.fixture
def history(git_repo, monkeypatch: pytest.MonkeyPatch):
    """Two commits and a working tree with every kind of map-level change.

    v1 → v2: dijk changes stage, value, attitudes, influence, a relationship and a meeting;
    kuipers stops parsing; oldname.yaml is renamed to newname.yaml and edited; gone.yaml is
    deleted; fresh.yaml is added; same.yaml only gets a comment edit.
    v2 → working tree: dijk gains a stakeholder; kuipers parses again.
    """
    # Exact output must not depend on the rule catalogue or risk weights (other tests own those).
    monkeypatch.setattr(accountmap_cli.rules, "RULES", {})
    monkeypatch.setattr(mapdiff, "_risk_function", lambda: _fake_risk)
    for name, text in V1.items():
        git_repo.write(name, text)
    git_repo.commit("first maps", date=D1)
    dijk_v2 = deal(
        "Dijk",
        "proposal",
        150000,
        JAN.replace("neutral", "champion"),
        PIET.replace("supporter", "skeptical").replace("medium", "high"),
        extra="relationships:\n  - from: piet\n    to: jan\n    type: tension\n"
        "interactions:\n  - date: 2026-11-05\n    with: [jan]\n    summary: Budget talk\n",
    )
    git_repo.write("maps/dijk.yaml", dijk_v2)
    git_repo.write("maps/kuipers.yaml", "opportunity: [\n")
    git_repo.git("mv", "maps/oldname.yaml", "maps/newname.yaml")
    git_repo.write(
        "maps/newname.yaml", deal("Boer", "qualification", 80000, JAN.replace("neutral", "blocker"))
    )
    (git_repo.root / "maps" / "gone.yaml").unlink()
    git_repo.write("maps/fresh.yaml", deal("Fresh", "discovery", 5000, KEES))
    git_repo.write(
        "maps/same.yaml", "# touched, but only the comment\n" + deal("Same", "discovery", 1, PIET)
    )
    git_repo.commit("week two", date=D2)
    git_repo.write("maps/dijk.yaml", dijk_v2.replace("relationships:", KEES + "relationships:"))
    git_repo.write("maps/kuipers.yaml", V1["maps/kuipers.yaml"])
    return git_repo


class _Score:
    def __init__(self, score: int, level: str) -> None:
        self.score, self.level = score, level


def _fake_risk(report, settings):
    """10 points per stakeholder who is not a supporter or champion; level by 30."""
    cold = sum(
        1 for s in report.model.stakeholders if s.attitude.value not in ("supporter", "champion")
    )
    return _Score(10 * cold, "high" if cold >= 3 else "medium" if cold == 2 else "low")


def _who(pid: str, name: str) -> dict:
    return {"stakeholder": pid, "name": name, "title": None}


def _empty_findings() -> dict:
    return {"appeared": [], "disappeared": []}


def test_json_between_two_revisions(history, invoke) -> None:
    result = invoke("diff", "HEAD~1..HEAD", "--format", "json", "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    head = history.git("rev-parse", "HEAD").strip()
    first = history.git("rev-parse", "HEAD~1").strip()
    assert data["version"] == 1
    assert data["from"] == {"rev": "HEAD~1", "commit": first, "worktree": False}
    assert data["to"] == {"rev": "HEAD", "commit": head, "worktree": False}
    assert data["summary"] == {
        "compared": 6,
        "changed": 5,
        "modified": 2,
        "added": 1,
        "deleted": 1,
        "renamed": 1,
    }
    by_path = {m["path"]: m for m in data["maps"]}
    assert list(by_path) == [
        "maps/dijk.yaml",
        "maps/fresh.yaml",
        "maps/gone.yaml",
        "maps/kuipers.yaml",
        "maps/newname.yaml",
    ]
    assert by_path["maps/dijk.yaml"] == {
        "path": "maps/dijk.yaml",
        "old_path": "maps/dijk.yaml",
        "status": "modified",
        "problems": {"before": None, "after": None},
        "risk": {"before": {"score": 10, "level": "low"}, "after": {"score": 10, "level": "low"}},
        "findings": _empty_findings(),
        "changes": [
            {"kind": "stage", "from": "discovery", "to": "proposal", "direction": "forward"},
            {"kind": "value", "from": 100000.0, "to": 150000.0, "currency": "EUR"},
            {
                **{"kind": "attitude"},
                **_who("jan", "Jan Jansen"),
                "from": "neutral",
                "to": "champion",
                "direction": "warmer",
            },
            {
                **{"kind": "influence"},
                **_who("piet", "Piet Pieters"),
                "from": "medium",
                "to": "high",
                "direction": "up",
            },
            {
                **{"kind": "attitude"},
                **_who("piet", "Piet Pieters"),
                "from": "supporter",
                "to": "skeptical",
                "direction": "colder",
            },
            {"kind": "relationship_added", "from": "piet", "to": "jan", "type": "tension"},
            {
                "kind": "interaction_added",
                "date": "2026-11-05",
                "with": ["jan"],
                "by": None,
                "summary": "Budget talk",
            },
        ],
    }
    assert by_path["maps/fresh.yaml"] == {
        "path": "maps/fresh.yaml",
        "old_path": None,
        "status": "added",
        "problems": {"before": None, "after": None},
        "risk": {"before": None, "after": {"score": 10, "level": "low"}},
        "findings": _empty_findings(),
        "changes": [],
    }
    assert by_path["maps/gone.yaml"]["status"] == "deleted"
    assert by_path["maps/gone.yaml"]["old_path"] == "maps/gone.yaml"
    assert by_path["maps/gone.yaml"]["risk"] == {
        "before": {"score": 0, "level": "low"},
        "after": None,
    }
    assert by_path["maps/kuipers.yaml"] == {
        "path": "maps/kuipers.yaml",
        "old_path": "maps/kuipers.yaml",
        "status": "modified",
        "problems": {
            "before": None,
            "after": "2:1: AM001 invalid YAML: did not find expected node content "
            "(while parsing a flow node)",
        },
        "risk": {"before": {"score": 10, "level": "low"}, "after": None},
        "findings": {
            "appeared": [
                {
                    "code": "AM001",
                    "rule": "invalid-yaml",
                    "severity": "error",
                    "message": "invalid YAML: did not find expected node content (while parsing a flow node)",
                    "stakeholder": None,
                }
            ],
            "disappeared": [],
        },
        "changes": [],
    }
    assert by_path["maps/newname.yaml"] == {
        "path": "maps/newname.yaml",
        "old_path": "maps/oldname.yaml",
        "status": "renamed",
        "problems": {"before": None, "after": None},
        "risk": {"before": {"score": 10, "level": "low"}, "after": {"score": 10, "level": "low"}},
        "findings": _empty_findings(),
        "changes": [
            {
                **{"kind": "attitude"},
                **_who("jan", "Jan Jansen"),
                "from": "neutral",
                "to": "blocker",
                "direction": "colder",
            },
        ],
    }


def test_text_between_two_revisions(history, invoke) -> None:
    result = invoke("diff", "HEAD~1..HEAD", "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    first = history.git("rev-parse", "--short=7", "HEAD~1").strip()
    head = history.git("rev-parse", "--short=7", "HEAD").strip()
    assert result.stdout.splitlines() == [
        f"Changes from HEAD~1 ({first}) to HEAD ({head})",
        "",
        "maps/dijk.yaml",
        "  stage: discovery → proposal (forward)",
        "  value: 100,000 → 150,000 EUR",
        "  attitude of Jan Jansen (jan): neutral → champion (warmer)",
        "  influence of Piet Pieters (piet): medium → high (up)",
        "  attitude of Piet Pieters (piet): supporter → skeptical (colder)",
        "  + relationship piet → jan (tension)",
        "  + interaction 2026-11-05 with jan: Budget talk",
        "  risk: 10 (low), unchanged",
        "",
        "maps/fresh.yaml (added)",
        "  risk: 10 (low)",
        "",
        "maps/gone.yaml (deleted)",
        "  risk: 0 (low)",
        "",
        "maps/kuipers.yaml",
        f"  not a valid map in HEAD ({head}): 2:1: AM001 invalid YAML: did not find expected node "
        "content (while parsing a flow node)",
        "  risk: 10 (low)",
        "  new finding AM001 invalid-yaml: invalid YAML: did not find expected node content "
        "(while parsing a flow node)",
        "",
        "maps/oldname.yaml → maps/newname.yaml (renamed)",
        "  attitude of Jan Jansen (jan): neutral → blocker (colder)",
        "  risk: 10 (low), unchanged",
        "",
        "5 maps changed: 2 modified, 1 added, 1 deleted, 1 renamed (6 maps compared).",
    ]


def test_default_is_working_tree_against_head(history, invoke) -> None:
    result = invoke("diff", "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    head = history.git("rev-parse", "--short=7", "HEAD").strip()
    assert result.stdout.splitlines() == [
        f"Changes from HEAD ({head}) to the working tree",
        "",
        "maps/dijk.yaml",
        "  + stakeholder Kees Smit (kees): technical_buyer, low influence, unknown",
        "  risk: 10 (low) → 20 (medium), 10 higher",
        "",
        "maps/kuipers.yaml",
        f"  not a valid map in HEAD ({head}): 2:1: AM001 invalid YAML: did not find expected node "
        "content (while parsing a flow node)",
        "  risk: 10 (low)",
        "  resolved AM001 invalid-yaml: invalid YAML: did not find expected node content "
        "(while parsing a flow node)",
        "",
        "2 maps changed: 2 modified (5 maps compared).",
    ]


def test_one_revision_against_the_working_tree_and_path_filter(history, invoke) -> None:
    result = invoke("diff", "HEAD~1", "maps/dijk.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["to"] == {"rev": None, "commit": None, "worktree": True}
    assert [m["path"] for m in data["maps"]] == ["maps/dijk.yaml"]
    kinds = [c["kind"] for c in data["maps"][0]["changes"]]
    assert kinds == [
        "stage",
        "value",
        "attitude",
        "influence",
        "attitude",
        "stakeholder_added",
        "relationship_added",
        "interaction_added",
    ]
    assert data["summary"]["compared"] == 1


def test_a_folder_as_the_only_argument_is_a_path(history, invoke) -> None:
    result = invoke("diff", "maps", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["from"]["rev"] == "HEAD"


def test_comment_only_edit_is_no_change(git_repo, invoke, monkeypatch) -> None:
    monkeypatch.setattr(mapdiff, "_risk_function", lambda: None)
    git_repo.write("maps/a.yaml", "# one\n" + deal("A", "discovery", 1, JAN, PIET))
    git_repo.commit("first", date=D1)
    git_repo.write(
        "maps/a.yaml",
        "# two\n"
        + deal("A", "discovery", 1, PIET, JAN).replace(
            "  value: 1\n  stage: discovery\n", "  stage: discovery  # moved\n  value: 1\n"
        ),
    )
    result = invoke("diff")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "No map changed (1 map compared)."


def test_exact_copy_under_a_new_name_is_a_rename(git_repo, invoke, monkeypatch) -> None:
    monkeypatch.setattr(mapdiff, "_risk_function", lambda: None)
    git_repo.write("maps/a.yaml", "not: [valid\n")
    git_repo.commit("first", date=D1)
    (git_repo.root / "maps" / "a.yaml").rename(git_repo.root / "maps" / "b.yaml")
    result = invoke("diff", "--format", "json")
    data = json.loads(result.stdout)
    assert [(m["old_path"], m["path"], m["status"], m["changes"]) for m in data["maps"]] == [
        ("maps/a.yaml", "maps/b.yaml", "renamed", [])
    ]


def test_real_rules_report_findings_that_disappear(git_repo, invoke) -> None:
    git_repo.write("maps/a.yaml", deal("A", "discovery", 1, JAN, PIET))
    git_repo.commit("first", date=D1)
    git_repo.write(
        "maps/a.yaml", deal("A", "discovery", 1, JAN.replace("neutral", "champion"), PIET)
    )
    result = invoke("diff", "--format", "json", "--as-of", "2026-11-30")
    entry = json.loads(result.stdout)["maps"][0]
    assert "AM103" in [f["code"] for f in entry["findings"]["disappeared"]]
    assert "AM103" not in [f["code"] for f in entry["findings"]["appeared"]]


def test_colour_green_for_warmer_red_for_colder(history, invoke) -> None:
    result = invoke(
        "diff",
        "HEAD~1..HEAD",
        "maps/dijk.yaml",
        env={"NO_COLOR": "", "TERM": "xterm", "FORCE_COLOR": "1"},
    )
    assert result.exit_code == 0
    assert (
        "\x1b[32mattitude of Jan Jansen (jan): neutral → champion (warmer)\x1b[0m" in result.stdout
    )
    assert (
        "\x1b[31mattitude of Piet Pieters (piet): supporter → skeptical (colder)\x1b[0m"
        in result.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope"],
            "accountmap: error: unknown revision 'nope'\n"
            "  hint: 'nope' is neither a revision nor a file or folder\n",
        ),
        (
            ["nope..HEAD"],
            "accountmap: error: unknown revision 'nope'\n"
            "  hint: give a commit, branch or tag that exists, e.g. HEAD~1 or main (see git log)\n",
        ),
        (
            ["HEAD...HEAD"],
            "accountmap: error: 'HEAD...HEAD': the A...B form is not supported\n"
            "  hint: use A..B to compare two revisions\n",
        ),
        (["HEAD", "maps/never.yaml"], None),
        (
            ["--format", "xml"],
            "accountmap: error: unknown format 'xml'\n  hint: choose one of: text, json\n",
        ),
    ],
)
def test_usage_errors_exit_2(history, invoke, args, message) -> None:
    result = invoke("diff", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    if message is None:
        head = history.git("rev-parse", "--short=7", "HEAD").strip()
        message = (
            f"accountmap: error: no map at 'maps/never.yaml' in HEAD ({head}) nor in the working tree\n"
            "  hint: check the path; it is relative to the current folder\n"
        )
    assert result.stderr == message


def test_not_a_git_repository(tmp_path, invoke, monkeypatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = invoke("diff")
    assert result.exit_code == 2
    assert result.stderr == (
        f"accountmap: error: '{tmp_path}' is not in a git repository\n"
        "  hint: run this inside the git repository that holds your maps (or `git init` one)\n"
    )


def test_repository_without_commits(git_repo, invoke) -> None:
    result = invoke("diff")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "accountmap: error: unknown revision 'HEAD': the repository has no commits yet\n"
    )


TEAM_CONFIG = 'stages = ["lead", "pilot", "proposal", "won", "lost"]\n'


def test_team_stages_from_the_config_file(git_repo, invoke, monkeypatch) -> None:
    monkeypatch.setattr(mapdiff, "_risk_function", lambda: None)
    git_repo.write("accountmap.toml", TEAM_CONFIG)
    git_repo.write("maps/a.yaml", deal("A", "lead", 1, JAN))
    git_repo.commit("first", date=D1)
    git_repo.write("maps/a.yaml", deal("A", "pilot", 1, JAN))
    result = invoke("diff", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)["maps"]
    assert entry["problems"] == {"before": None, "after": None}
    assert entry["changes"] == [
        {"kind": "stage", "from": "lead", "to": "pilot", "direction": "forward"}
    ]
    broken = invoke("diff", "--config", "missing.toml")
    assert broken.exit_code == 2
    assert broken.stderr.startswith("accountmap: error: missing.toml:1: config file does not exist")


def test_a_map_deleted_since_head_is_a_path_not_a_revision(history, invoke) -> None:
    (history.root / "maps" / "fresh.yaml").unlink()
    result = invoke("diff", "maps/fresh.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(m["path"], m["status"]) for m in data["maps"]] == [("maps/fresh.yaml", "deleted")]
