"""The editing commands end to end: golden files, exit codes, messages, dry runs, prompts, refusals.

Golden files: `tests/fixtures/edit/commented.yaml` goes in, `tests/fixtures/edit/expected/CASE.yaml`
must come out byte for byte. After a deliberate change, regenerate them with
`ACCOUNTMAP_UPDATE_GOLDEN=1 pytest tests/test_cli_edit.py` and review the git diff.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "edit"
SOURCE = FIXTURES / "commented.yaml"
EXPECTED = FIXTURES / "expected"
UPDATE = os.environ.get("ACCOUNTMAP_UPDATE_GOLDEN") == "1"

CASES: dict[str, tuple[list[str], str]] = {
    "add_stakeholder": (
        [
            "add",
            "MAP",
            "--name",
            "Jürgen Ôzdemir-Bakker",
            "--title",
            "NO",
            "--role",
            "technical_buyer",
            "--influence",
            "medium",
            "--reports-to",
            "cfo",
            "--source",
            "contact",
            "--source",
            "news",
            "--last-contact",
            "2026-02-03",
            "--concerns",
            "Uptime: line 3",
        ],
        "added stakeholder 'jurgen-ozdemir-bakker' to MAP",
    ),
    "add_team": (
        ["add", "MAP", "--team", "--name", "Eva de Boer", "--title", "Engineer"],
        "added team member 'eva-de-boer' to MAP",
    ),
    "update_fields": (
        [
            "update",
            "MAP",
            "pieter",
            "--name",
            "Piet de Vries",
            "--attitude",
            "supporter",
            "--title",
            "Plant manager",
            "--last-contact",
            "2026-02-03",
        ],
        "updated stakeholder 'pieter' (set name, title, attitude, last_contact) in MAP",
    ),
    "update_plan_new": (
        [
            "update",
            "MAP",
            "marloes",
            "--plan-goal",
            "Accept the TCO model",
            "--plan-owner",
            "joost",
        ],
        "updated stakeholder 'marloes' (set engagement.owner, engagement.goal) in MAP",
    ),
    "update_plan": (
        [
            "update",
            "MAP",
            "pieter",
            "--plan-message",
            "Reference visit",
            "--plan-goal",
            "Signs the case",
        ],
        "updated stakeholder 'pieter' (set engagement.message, engagement.goal) in MAP",
    ),
    "update_unset": (
        [
            "update",
            "MAP",
            "pieter",
            "--unset",
            "reports_to",
            "--unset",
            "plan-timing",
            "--unset",
            "x-notes",
        ],
        "updated stakeholder 'pieter' (removed reports_to, engagement.timing, x-notes) in MAP",
    ),
    "update_unset_last": (
        ["update", "MAP", "marloes", "--unset", "concerns"],
        "updated stakeholder 'marloes' (removed concerns) in MAP",
    ),
    "link": (
        ["link", "MAP", "marloes", "cfo", "--type", "collaborates", "--note", "Weekly meeting"],
        "linked 'marloes' → 'cfo' (collaborates) in MAP",
    ),
    "unlink": (
        ["unlink", "MAP", "marloes", "pieter"],
        "unlinked 'marloes' and 'pieter' (tension) in MAP",
    ),
    "log": (
        [
            "log",
            "MAP",
            "--with",
            "cfo,pieter",
            "--summary",
            "Proposal walk-through",
            "--date",
            "2026-02-10",
            "--by",
            "joost",
        ],
        "logged interaction of 2026-02-10 with cfo, pieter in MAP",
    ),
    "remove_cascade": (
        ["remove", "MAP", "pieter", "--cascade"],
        "removed stakeholder 'pieter' from MAP; also removed relationship pieter → marloes "
        "(tension), relationship cfo → pieter (trusts), 'pieter' from the interaction of "
        "2026-01-10, interaction of 2026-02-02",
    ),
    "remove_first": (
        ["remove", "MAP", "cfo", "--cascade"],
        "removed stakeholder 'cfo' from MAP; also removed reports_to of 'pieter', reports_to of "
        "'marloes', relationship cfo → pieter (trusts)",
    ),
    "remove_last": (
        ["remove", "MAP", "marloes", "--cascade"],
        "removed stakeholder 'marloes' from MAP; also removed relationship pieter → marloes "
        "(tension), 'marloes' from the interaction of 2026-01-10",
    ),
}


def _copy(tmp_path: Path, source: Path = SOURCE) -> Path:
    target = tmp_path / "map.yaml"
    shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, tmp_path: Path, invoke) -> None:
    args, message = CASES[case]
    target = _copy(tmp_path)
    result = invoke(*[str(target) if a == "MAP" else a for a in args])
    assert result.stderr == ""
    assert result.exit_code == 0
    assert result.stdout == message.replace("MAP", str(target)) + "\n"
    golden = EXPECTED / f"{case}.yaml"
    if UPDATE:
        golden.write_bytes(target.read_bytes())
    assert target.read_bytes() == golden.read_bytes()


@pytest.mark.parametrize("case", sorted(CASES))
def test_result_lints_clean(case: str) -> None:
    from accountmap_cli.edit.session import structural_errors

    golden = EXPECTED / f"{case}.yaml"
    assert structural_errors(golden.read_text("utf-8"), path=str(golden)) == []


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    result = invoke("link", target, "marloes", "cfo", "--type", "trusts", "--dry-run")
    assert result.exit_code == 0
    assert target.read_bytes() == before
    assert result.stdout == (
        f"--- a/{target}\n"
        f"+++ b/{target}\n"
        "@@ -59,6 +59,9 @@\n"
        "   - from: cfo\n"
        "     to: pieter\n"
        "     type: trusts\n"
        "+  - from: marloes\n"
        "+    to: cfo\n"
        "+    type: trusts\n"
        " \n"
        " # Meetings, newest last.\n"
        " interactions:\n"
    )
    assert result.stderr == (
        f"dry run, nothing written: linked 'marloes' → 'cfo' (trusts) in {target}\n"
    )


def test_new_from_template(tmp_path: Path, invoke) -> None:
    (tmp_path / "accountmap.schema.json").write_text("{}\n")
    (tmp_path / "maps").mkdir()
    target = tmp_path / "maps" / "acme.yaml"
    result = invoke(
        "new",
        target,
        "--account",
        "ACME",
        "--name",
        "Line 3",
        "--value",
        "1000",
        "--stage",
        "discovery",
        "--owner",
        "Sam de Wit",
        "--close-date",
        "2026-12-04",
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"created {target}\n", "")
    golden = EXPECTED / "new.yaml"
    if UPDATE:
        golden.write_bytes(target.read_bytes())
    assert target.read_bytes() == golden.read_bytes()
    assert target.read_text().startswith(
        "# yaml-language-server: $schema=../accountmap.schema.json\n"
    )


def test_new_without_schema_or_optional_fields(tmp_path: Path, invoke) -> None:
    target = tmp_path / "acme.yaml"
    (tmp_path / ".git").mkdir()  # the schema search stops at the repository root
    result = invoke(
        "new", target, "--account", "ACME", "--name", "NO", "--value", "12.5", "--stage", "won"
    )
    assert result.exit_code == 0, result.stderr
    text = target.read_text()
    assert text.startswith("# Account map: one opportunity per file")
    assert "  name: 'NO'" in text
    assert "  value: 12.5" in text
    assert "close_date:" not in text.split("# Our side")[0]
    assert "owner:" not in text.split("# Our side")[0]
    assert "team: []" in text


def test_new_refuses_to_overwrite(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    result = invoke(
        "new", target, "--account", "A", "--name", "B", "--value", "1", "--stage", "won"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"accountmap: error: {target} already exists; not overwriting")
    assert target.read_bytes() == before


def test_new_rejects_unknown_stage(tmp_path: Path, invoke) -> None:
    result = invoke(
        "new",
        tmp_path / "x.yaml",
        "--account",
        "A",
        "--name",
        "B",
        "--value",
        "1",
        "--stage",
        "wonn",
    )
    assert result.exit_code == 2
    assert "--stage: 'wonn' is not allowed; did you mean 'won'?" in result.stderr
    assert "allowed values: discovery, qualification" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_add_prints_id_with_clash_suffix(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    first = invoke("add", target, "--name", "Marloes Jansen")
    assert first.exit_code == 0
    assert first.stdout == f"added stakeholder 'marloes-jansen' to {target}\n"
    second = invoke("add", target, "--name", "Marloes Jansen")
    assert second.stdout == f"added stakeholder 'marloes-jansen-2' to {target}\n"


def test_enum_values_are_checked(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    result = invoke("add", target, "--name", "X", "--attitude", "champoin")
    assert result.exit_code == 2
    assert result.stderr == (
        "accountmap: error: --attitude: 'champoin' is not allowed; did you mean 'champion'?\n"
        "  hint: allowed values: champion, supporter, neutral, skeptical, blocker, unknown\n"
    )
    assert target.read_bytes() == before


@pytest.mark.parametrize("written", ["user-buyer", "User Buyer", "USER_BUYER", " user_buyer "])
def test_enum_values_forgive_case_hyphens_and_spaces_on_the_command_line(
    tmp_path: Path, invoke, written: str
) -> None:
    target = _copy(tmp_path)
    result = invoke("add", target, "--name", "Marloes Jansen", "--role", written)
    assert result.exit_code == 0, result.stderr
    assert "  - id: marloes-jansen\n    name: Marloes Jansen\n    role: user_buyer\n" in (
        target.read_text(encoding="utf-8")
    )


def test_update_and_link_normalise_their_values_too(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    result = invoke("update", target, "pieter", "--attitude", "Champion", "--source", "LinkedIn")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"updated stakeholder 'pieter' (set attitude, sources) in {target}\n"
    text = target.read_text(encoding="utf-8")
    assert "attitude: champion\n" in text
    assert "- linkedin\n" in text


def test_enum_values_still_refuse_what_normalising_does_not_find(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    result = invoke("add", target, "--name", "X", "--role", "user-buyers")
    assert result.exit_code == 2
    assert "--role: 'user-buyers' is not allowed; did you mean 'user_buyer'?" in result.stderr


def test_missing_required_option_is_a_usage_error_when_not_interactive(
    tmp_path: Path, invoke
) -> None:
    target = _copy(tmp_path)
    result = invoke("link", target, "pieter", "cfo")
    assert result.exit_code == 2
    assert result.stderr == (
        "accountmap: error: missing option '--type'\n"
        "  hint: give --type (one of: trusts, tension, collaborates, competes)\n"
    )


def test_missing_required_option_is_asked_for_at_a_terminal(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accountmap_cli.cli import edit

    monkeypatch.setattr(edit, "_interactive", lambda: True)
    target = _copy(tmp_path)
    result = invoke("link", target, "marloes", "cfo", input="friends\ntrusts\n")
    assert result.exit_code == 0, result.stderr
    assert "Type (trusts, tension, collaborates, competes): " in result.stdout
    assert "Error: choose one of: trusts, tension, collaborates, competes" in result.stdout
    assert "type: trusts" in target.read_text().split("relationships:")[1]


def test_log_asks_for_with_and_summary(tmp_path: Path, invoke, monkeypatch) -> None:
    from accountmap_cli.cli import edit

    monkeypatch.setattr(edit, "_interactive", lambda: True)
    target = _copy(tmp_path)
    result = invoke("log", target, "--date", "2026-03-01", input="cfo\nQuick call\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"logged interaction of 2026-03-01 with cfo in {target}\n")


def test_invalid_result_changes_nothing(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    result = invoke("update", target, "cfo", "--reports-to", "pieter")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"accountmap: error: the change would make {target} invalid: AM006 reporting cycle: "
    )
    assert "nothing was written" in result.stderr
    assert target.read_bytes() == before


def test_unknown_reference_is_refused(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    result = invoke("log", target, "--with", "pieter", "--summary", "x", "--by", "nobody")
    assert result.exit_code == 1
    assert "AM005" in result.stderr and "'nobody'" in result.stderr
    assert target.read_bytes() == before


def test_remove_refuses_while_referenced(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    before = target.read_bytes()
    result = invoke("remove", target, "cfo")
    assert result.exit_code == 1
    assert result.stderr == (
        "accountmap: error: 'cfo' is still referred to: reports_to of 'pieter'; reports_to of "
        "'marloes'; relationship cfo → pieter (trusts)\n"
        "  hint: add --cascade to remove those references too, or change them first\n"
    )
    assert target.read_bytes() == before


def test_unknown_id_has_did_you_mean(tmp_path: Path, invoke) -> None:
    target = _copy(tmp_path)
    result = invoke("update", target, "peter", "--attitude", "neutral")
    assert result.exit_code == 1
    assert result.stderr == (
        "accountmap: error: no stakeholder with id 'peter'\n  hint: did you mean 'pieter'?\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("opportunity:\n  name: [unclosed\n", "invalid YAML"),
        (
            "opportunity:\n<<<<<<< HEAD\n  name: a\n=======\n  name: b\n>>>>>>> x\n",
            "git merge-conflict marker",
        ),
    ],
)
def test_broken_map_is_never_rewritten(tmp_path: Path, invoke, text: str, message: str) -> None:
    target = tmp_path / "map.yaml"
    target.write_text(text)
    result = invoke("add", target, "--name", "Anna")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "a map that does not load is never rewritten" in result.stderr
    assert target.read_text() == text


def test_missing_map_is_a_usage_error(tmp_path: Path, invoke) -> None:
    result = invoke("add", tmp_path / "nope.yaml", "--name", "Anna")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_crlf_and_permissions_are_kept(tmp_path: Path, invoke) -> None:
    target = tmp_path / "map.yaml"
    target.write_bytes(SOURCE.read_bytes().replace(b"\n", b"\r\n"))
    target.chmod(0o640)
    result = invoke("add", target, "--team", "--name", "Eva de Boer", "--title", "Engineer")
    assert result.exit_code == 0, result.stderr
    expected = (EXPECTED / "add_team.yaml").read_bytes().replace(b"\n", b"\r\n")
    assert target.read_bytes() == expected
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["map.yaml"]  # no temporary file left


def test_change_on_disk_between_read_and_write_is_detected(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accountmap_cli.edit import session

    target = _copy(tmp_path)
    edited_by_someone_else = b"# saved by an editor meanwhile\n" + SOURCE.read_bytes()
    real_plan = session.plan_edit

    def plan_then_someone_saves(path, operation):
        planned = real_plan(path, operation)
        Path(path).write_bytes(edited_by_someone_else)
        return planned

    monkeypatch.setattr(session, "plan_edit", plan_then_someone_saves)
    result = invoke("add", target, "--name", "Anna")
    assert result.exit_code == 1
    assert result.stderr == (
        f"accountmap: error: {target} changed on disk while this command ran; nothing was "
        "written\n  hint: run the command again on the current file\n"
    )
    assert target.read_bytes() == edited_by_someone_else
    assert [p.name for p in tmp_path.iterdir()] == ["map.yaml"]


def test_every_edit_command_has_help_ending_with_an_example(invoke) -> None:
    for command in ("new", "add", "update", "link", "unlink", "log", "remove"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Example: accountmap " + command in result.stdout, command
        assert "--dry-run" in result.stdout, command


def test_ambiguous_yaml11_text_is_quoted_and_reads_back(tmp_path: Path, invoke) -> None:
    from accountmap_cli.loader import load

    target = _copy(tmp_path)
    tricky = ["NO", "on", "0612345670", "1.10", "12:30", "2026-12-04", "null", "~", "yes"]
    for number, value in enumerate(tricky):
        result = invoke("update", target, "pieter", "--concerns", value, "--notes", f"n{number}")
        assert result.exit_code == 0, result.stderr
        doc = load(target)
        assert doc.data["stakeholders"][1]["concerns"] == value
    assert "    concerns: 'yes'\n" in target.read_text()


def test_new_asks_for_what_is_missing_at_a_terminal(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accountmap_cli.cli import edit

    monkeypatch.setattr(edit, "_interactive", lambda: True)
    target = tmp_path / "m.yaml"
    result = invoke("new", target, input="ACME\nLine 3\nlots\n1000\nproposal\n")
    assert result.exit_code == 0, result.stderr
    assert "Stage (discovery, qualification, validation, proposal, negotiation, won, lost)" in (
        result.stdout
    )
    assert "Error: 'lots' is not valid here" in result.stdout
    assert "  stage: proposal" in target.read_text()


def test_new_without_a_terminal_is_a_usage_error(tmp_path: Path, invoke) -> None:
    result = invoke("new", tmp_path / "m.yaml", "--account", "ACME")
    assert result.exit_code == 2
    assert result.stderr == "accountmap: error: missing option '--name'\n  hint: give --name\n"
    assert not (tmp_path / "m.yaml").exists()


def test_new_offers_the_team_stages(tmp_path: Path, invoke) -> None:
    (tmp_path / "accountmap.toml").write_text(
        'stages = ["lead", "offer", "won", "lost"]\nclosed-stages = ["won", "lost"]\nproposal-stage = "offer"\n'
    )
    ok = invoke(
        "new",
        tmp_path / "a.yaml",
        "--account",
        "A",
        "--name",
        "B",
        "--value",
        "1",
        "--stage",
        "offer",
    )
    assert ok.exit_code == 0, ok.stderr
    wrong = invoke(
        "new",
        tmp_path / "b.yaml",
        "--account",
        "A",
        "--name",
        "B",
        "--value",
        "1",
        "--stage",
        "proposal",
    )
    assert wrong.exit_code == 2
    assert "allowed values: lead, offer, won, lost" in wrong.stderr


_DAY = "opportunity:\n  name: Line 3\n  account: ACME\n  close_date: 2026-02-30\nstakeholders: []\n"
_TWICE = "opportunity:\n  name: Line 3\n  account: ACME\n  name: Line 4\nstakeholders: []\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_DAY, ":4:15: AM003 opportunity.close_date: 2026-02-30 is not a date in the calendar"),
        (
            _TWICE,
            ":4:3: AM002 duplicate key 'name' in opportunity (first at line 2, again at line 4)",
        ),
        (
            "# header\n---\n" + _DAY.replace("close_date", "x-when"),
            ":1:1: cannot be read for editing: day is out of range for month",
        ),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["add", "--name", "Anna"],
        ["update", "anna", "--attitude", "champion"],
        ["link", "anna", "piet", "--type", "trusts"],
        ["unlink", "anna", "piet"],
        ["log", "--with", "anna", "--summary", "Call"],
        ["remove", "anna"],
    ],
)
def test_map_the_round_trip_loader_refuses_is_one_line_not_a_traceback(
    tmp_path: Path, invoke, text: str, message: str, command: list[str]
) -> None:
    # ruamel stops at what the fast loader reads past: an impossible date, a key given twice.
    target = tmp_path / "map.yaml"
    target.write_text(text)
    result = invoke(command[0], target, *command[1:])
    assert result.exit_code == 1, result.exception
    first, hint = result.stderr.splitlines()
    assert (
        first
        == f"accountmap: error: {target}{message}; a map that does not load is never rewritten"
    )
    assert hint.startswith("  hint: ")
    assert target.read_text() == text
