"""`accountmap review --since REV|DATE` on real temporary git repositories.

Every format gains the "since" column and the risk-went-up section; without `--since` nothing
changes (the goldens in test_cli_review.py prove that byte for byte).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

import accountmap_cli.gitio as gitio

AS_OF = "2026-12-04"
D1 = "2026-11-20T10:00:00+01:00"
D2 = "2026-11-27T10:00:00+01:00"
D3 = "2026-12-02T10:00:00+01:00"


def person(pid: str, name: str, role: str, attitude: str, *, influence: str = "high") -> str:
    return (
        f"  - id: {pid}\n    name: {name}\n    title: {pid.upper()}\n    role: {role}\n"
        f"    influence: {influence}\n    attitude: {attitude}\n    last_contact: 2026-12-01\n"
        f"    sources: [contact, linkedin]\n"
        f"    engagement: {{timing: now, message: value, owner: sanne, goal: sign}}\n"
    )


def deal(account: str, *people: str, stage: str = "discovery", value: int = 100000) -> str:
    return (
        f"opportunity:\n  name: Line for {account}\n  account: {account}\n  value: {value}\n"
        f"  stage: {stage}\n  owner: sanne\nteam:\n  - id: sanne\n    name: Sanne Bakker\n"
        "stakeholders:\n" + ("".join(people) or "  []\n")
    )


EB = person("cfo", "Eva Bos", "economic_buyer", "supporter")
COO = person("coo", "Chris Smit", "user_buyer", "champion")
TECH = person("tech", "Tom Kok", "technical_buyer", "neutral", influence="medium")


@pytest.fixture
def pipeline(git_repo):
    """Six maps at D1 (one broken), changed at D2 in every way `--since` reports. Returns shas."""
    git_repo.write("maps/acme.yaml", deal("Acme", EB, TECH))
    git_repo.write("maps/beta.yaml", deal("Beta", EB, COO, TECH, value=300000))
    git_repo.write("maps/gamma.yaml", deal("Gamma", EB, COO, TECH))
    git_repo.write("maps/old-eps.yaml", deal("Eps", EB, COO, TECH))
    git_repo.write("maps/zeta.yaml", "opportunity: [\n")
    first = git_repo.commit("Pipeline", date=D1)
    # acme: Tom warms up to champion and a buyer is added; beta: the champion cools off.
    buyer = person("buy", "Bea Mol", "procurement", "neutral", influence="medium")
    git_repo.write("maps/acme.yaml", deal("Acme", EB, TECH.replace("neutral", "champion"), buyer))
    git_repo.write(
        "maps/beta.yaml",
        deal(
            "Beta", EB, COO.replace("attitude: champion", "attitude: skeptical"), TECH, value=300000
        ),
    )
    git_repo.git("mv", "maps/old-eps.yaml", "maps/eps.yaml")
    git_repo.write("maps/zeta.yaml", deal("Zeta", EB, COO, TECH))
    git_repo.write("maps/new.yaml", deal("New", EB, COO, value=50000))
    second = git_repo.commit("Pipeline meeting", date=D2)
    return first, second


def review(invoke, *args: str) -> dict:
    result = invoke("review", "maps", "--format", "json", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_since_per_deal_and_risk_up(pipeline, invoke) -> None:
    first, _ = pipeline
    data = review(invoke, "--since", "HEAD~1")
    assert data["since"] == {"rev": "HEAD~1", "commit": first}
    assert data["risk_up"] == ["maps/beta.yaml"]
    since = {d["path"]: d["since"] for d in data["deals"]}
    risk = {d["path"]: d["risk"]["score"] for d in data["deals"]}
    nothing = {
        "renamed_from": None,
        "stakeholders_added": 0,
        "stakeholders_removed": 0,
        "attitude_moves": [],
        "risk_findings": [],
    }
    assert since["maps/beta.yaml"] == {
        **nothing,
        "status": "changed",
        "risk_before": 0,
        "risk_change": 20,
        "attitude_moves": [
            {
                "stakeholder": "coo",
                "name": "Chris Smit",
                "from": "champion",
                "to": "skeptical",
                "direction": "colder",
            }
        ],
        "risk_findings": [
            {
                "code": "AM103",
                "rule": "no-champion",
                "message": since["maps/beta.yaml"]["risk_findings"][0]["message"],
                "stakeholder": None,
            }
        ],
    }
    assert risk["maps/beta.yaml"] == 20
    assert since["maps/acme.yaml"] == {
        **nothing,
        "status": "changed",
        "risk_before": 35,
        "risk_change": -35,
        "stakeholders_added": 1,
        "attitude_moves": [
            {
                "stakeholder": "tech",
                "name": "Tom Kok",
                "from": "neutral",
                "to": "champion",
                "direction": "warmer",
            }
        ],
    }
    assert since["maps/gamma.yaml"] == {
        **nothing,
        "status": "same",
        "risk_before": 0,
        "risk_change": 0,
    }
    assert since["maps/eps.yaml"] == {
        **nothing,
        "status": "changed",
        "renamed_from": "maps/old-eps.yaml",
        "risk_before": 0,
        "risk_change": 0,
    }
    assert since["maps/zeta.yaml"] == {
        **nothing,
        "status": "invalid",
        "risk_before": None,
        "risk_change": None,
    }
    assert since["maps/new.yaml"] == {
        **nothing,
        "status": "new",
        "risk_before": None,
        "risk_change": None,
        "stakeholders_added": 2,
    }


def test_the_existing_keys_do_not_change(pipeline, invoke) -> None:
    plain = review(invoke)
    assert "since" not in plain and "risk_up" not in plain
    assert all("since" not in d for d in plain["deals"])
    with_since = review(invoke, "--since", "HEAD~1")
    assert list(with_since) == ["version", "as_of", "deals", "totals", "errors", "since", "risk_up"]
    for before, after in zip(plain["deals"], with_since["deals"], strict=True):
        assert {k: v for k, v in after.items() if k != "since"} == before
    assert with_since["totals"] == plain["totals"]


def test_markdown_since_column_and_section(pipeline, invoke) -> None:
    first, _ = pipeline
    result = invoke(
        "review", "maps", "--format", "markdown", "--as-of", AS_OF, "--since", "HEAD~1", "--all"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"## Pipeline review, {AS_OF}",
        "",
        f"Changes since HEAD~1 ({first[:7]}).",
        "",
        "| Deal | Owner | Stage | Value | Named / engaged | Champion | Economic buyer engaged "
        "| Blockers | Silent | Risk | Since | Next action |",
    ]
    since = {
        line.split(" | ")[0]: line.split(" | ")[10] for line in lines if "<br>Line for" in line
    }
    assert since == {
        "| **Beta**<br>Line for Beta": "+20<br>Chris Smit champion→skeptical",
        "| **Acme**<br>Line for Acme": "-35<br>+1 stakeholder<br>Tom Kok neutral→champion",
        "| **Eps**<br>Line for Eps": "±0<br>renamed from maps/old-eps.yaml",
        "| **Gamma**<br>Line for Gamma": "no change",
        "| **New**<br>Line for New": "new",
        "| **Zeta**<br>Line for Zeta": "was not a valid map",
    }
    section = lines[lines.index(f"### Risk went up since HEAD~1 ({first[:7]})") :]
    assert section[1] == ""
    assert section[2].startswith("- Beta — Line for Beta: 0 → 20 low (+20): AM103 ")


def test_markdown_when_no_risk_went_up(pipeline, invoke) -> None:
    result = invoke("review", "maps", "--format", "markdown", "--since", "HEAD", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        f"### Risk went up since HEAD ({pipeline[1][:7]})\n\n_No deal's risk went up._\n"
    )


def test_csv_gains_three_columns_at_the_end(pipeline, invoke) -> None:
    result = invoke("review", "maps", "--format", "csv", "--as-of", AS_OF, "--since", "HEAD~1")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][-4:] == ["next_action", "since", "risk_change", "stakeholders_added"]
    by_path = {row[0]: row[-3:] for row in rows[1:]}
    assert by_path["maps/beta.yaml"] == ["+20; Chris Smit champion→skeptical", "20", "0"]
    assert by_path["maps/acme.yaml"] == [
        "-35; +1 stakeholder; Tom Kok neutral→champion",
        "-35",
        "1",
    ]
    assert by_path["maps/new.yaml"] == ["new", "", "2"]
    plain = invoke("review", "maps", "--format", "csv", "--as-of", AS_OF)
    assert [row[:-3] for row in rows] == list(csv.reader(io.StringIO(plain.stdout)))


def test_table_since_column_and_section(pipeline, invoke) -> None:
    result = invoke("review", "maps", "--as-of", AS_OF, "--since", "HEAD~1", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"Pipeline review, {AS_OF}, changes since HEAD~1 ({pipeline[0][:7]})" in out
    assert "┃ Since " in out
    assert "Chris Smit champion→skeptical" in out
    tail = out[out.index("Risk went up since HEAD~1") :].splitlines()
    assert tail[1].startswith("- Beta — Line for Beta: 0 → 20 low (+20): AM103 ")
    assert len(tail) == 2
    # On a terminal (rich; FORCE_COLOR pretends one) the section reads the same.
    terminal = {"COLUMNS": "400", "FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    rich = invoke("review", "maps", "--as-of", AS_OF, "--since", "HEAD~1", env=terminal)
    plain_rich = re.sub("\x1b\\[[0-9;]*m", "", rich.stdout)
    assert plain_rich[plain_rich.index("Risk went up since HEAD~1") :].splitlines() == tail


def test_working_tree_changes_count(pipeline, git_repo, invoke) -> None:
    git_repo.write("maps/gamma.yaml", deal("Gamma", EB, TECH))  # the champion leaves, uncommitted
    data = review(invoke, "--since", "HEAD")
    assert data["risk_up"] == ["maps/gamma.yaml"]
    gamma = next(d for d in data["deals"] if d["path"] == "maps/gamma.yaml")
    assert (gamma["since"]["stakeholders_removed"], gamma["since"]["risk_change"]) == (1, 35)


def test_a_day_means_before_that_day_began(pipeline, git_repo, invoke) -> None:
    first, second = pipeline
    assert review(invoke, "--since", "2026-11-27")["since"] == {
        "rev": "2026-11-27",
        "commit": first,
    }
    assert review(invoke, "--since", "2026-11-28")["since"]["commit"] == second


def test_relative_dates_are_git_approxidates(git_repo, invoke) -> None:
    now = dt.datetime.now(dt.UTC)
    git_repo.write("maps/acme.yaml", deal("Acme", EB, TECH))
    old = git_repo.commit("Old", date=(now - dt.timedelta(days=10)).isoformat())
    git_repo.write("maps/acme.yaml", deal("Acme", EB, COO, TECH))
    git_repo.commit("Recent", date=(now - dt.timedelta(days=2)).isoformat())
    for since in ("7.days.ago", "1.week.ago", "5 days ago"):
        data = review(invoke, "--since", since)
        assert data["since"] == {"rev": since, "commit": old}
        assert data["deals"][0]["since"]["stakeholders_added"] == 1


def test_a_reflog_revision(pipeline, invoke) -> None:
    data = review(invoke, "--since", "main@{1}")
    assert data["since"]["commit"] == pipeline[0]


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("nope", "unknown revision 'nope'"),
        (
            "2026-11-01",
            "no commit before 2026-11-01 (the first commit, {short}, is from 2026-11-20)",
        ),
        (
            "10.years.ago",
            "no commit before 10.years.ago (the first commit, {short}, is from 2026-11-20)",
        ),
    ],
)
def test_usage_errors(pipeline, invoke, since: str, message: str) -> None:
    result = invoke("review", "maps", "--since", since)
    assert result.exit_code == 2
    first_line = result.stderr.splitlines()[0]
    assert first_line == "accountmap: error: " + message.format(short=pipeline[0][:7])
    assert "hint:" in result.stderr


def test_unknown_revision_hint_names_both_forms(pipeline, invoke) -> None:
    result = invoke("review", "maps", "--since", "lastweek")
    assert "7.days.ago" in result.stderr and "HEAD~1" in result.stderr


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a.yaml").write_text(deal("Acme", EB), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("review", "maps", "--since", "HEAD~1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"accountmap: error: '{tmp_path / 'maps'}' is not in a git repository"
    )


def test_repository_without_commits(git_repo, invoke) -> None:
    git_repo.write("maps/a.yaml", deal("Acme", EB))
    result = invoke("review", "maps", "--since", "HEAD~1")
    assert result.exit_code == 2
    assert "the repository has no commits yet" in result.stderr
    assert "git commit" in result.stderr


def test_old_versions_are_read_by_one_git_process(git_repo, invoke, monkeypatch) -> None:
    for number in range(12):
        git_repo.write(f"maps/m{number:02}.yaml", deal(f"M{number}", EB, COO))
    git_repo.commit("Maps", date=D1)
    for number in range(0, 12, 2):
        git_repo.write(f"maps/m{number:02}.yaml", deal(f"M{number}", EB, COO, TECH))
    git_repo.commit("Half of them", date=D2)
    calls: list[str] = []
    real = gitio._run

    def counting(args, **kwargs):
        calls.append(args[0])
        return real(args, **kwargs)

    monkeypatch.setattr(gitio, "_run", counting)
    data = review(invoke, "--since", "HEAD~1")
    assert sum(d["since"]["stakeholders_added"] for d in data["deals"]) == 6
    assert calls.count("cat-file") == 1
    assert calls.count("ls-tree") == 1  # the old side's maps, listed once for diff and review
    assert len(calls) <= 8, calls  # rev-parse, ls-tree, ls-files, cat-file: none per map


@pytest.mark.parametrize(
    ("text", "is_date"),
    [
        ("2026-11-27", True),
        ("7.days.ago", True),
        ("2.weeks.ago", True),
        ("3 months ago", True),
        ("yesterday", True),
        ("last.week", True),
        ("HEAD~3", False),
        ("main@{2026-11-27}", False),
        ("v2026-11-27", False),
        ("a1b2c3d", False),
    ],
)
def test_dates_and_revisions_are_told_apart(text: str, is_date: bool) -> None:
    assert gitio.looks_like_date(text) is is_date
