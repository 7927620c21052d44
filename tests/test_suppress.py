"""Inline suppressions: `# accountmap: disable=CODE` on a line, above a line, or for the whole file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from accountmap_cli.config import Settings
from accountmap_cli.findings import Severity
from accountmap_cli.lint import check_file
from accountmap_cli.suppress import Suppression, parse_suppressions

AS_OF = dt.date(2026, 12, 1)
CLEAN = (Path(__file__).parent / "fixtures" / "rules" / "AM101-pass.yaml").read_text("utf-8")
NO_CHAMPION = CLEAN.replace("attitude: champion", "attitude: supporter")


def lint(tmp_path: Path, text: str, settings: Settings | None = None):
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_file(str(path), as_of=AS_OF, settings=settings or Settings())
    return [(f.code, f.line, f.column, f.severity.value, f.message) for f in report.findings]


def test_parse_trailing_own_line_and_header_comments() -> None:
    text = (
        "# yaml-language-server: $schema=x.json\n"
        "# accountmap: disable=AM103, am111\n"
        "opportunity:  # accountmap: disable=AM108\n"
        "  # accountmap: disable=AM110\n"
        "\n"
        "  name: x\n"
        "  note: 'a # accountmap: disable=AM1 in text'  #accountmap:disable=AM112\n"
        "# accountmap: disable=AM113\n"
    )
    assert parse_suppressions(text) == [
        Suppression(2, 1, ("AM103", "AM111"), None),
        Suppression(3, 15, ("AM108",), 3),
        Suppression(4, 3, ("AM110",), 6),
        Suppression(7, 48, ("AM112",), 7),
        Suppression(8, 1, ("AM113",), -1),
    ]
    assert parse_suppressions("opportunity: {}\n") == []


def test_whole_file_suppression_on_the_first_line(tmp_path: Path) -> None:
    assert [f[0] for f in lint(tmp_path, NO_CHAMPION)] == ["AM103"]
    assert lint(tmp_path, "# accountmap: disable=AM103\n" + NO_CHAMPION) == []


def test_trailing_suppression_covers_its_own_line_only(tmp_path: Path) -> None:
    text = NO_CHAMPION.replace("stakeholders:\n", "stakeholders:  # accountmap: disable=AM103\n")
    assert lint(tmp_path, text) == []
    elsewhere = NO_CHAMPION.replace("team:\n", "team:  # accountmap: disable=AM103\n")
    assert lint(tmp_path, elsewhere) == [
        ("AM100", 8, 8, "warning", "unused suppression: no AM103 finding on this line"),
        ("AM103", 10, 1, "error", "nobody on the map is a champion (attitude: champion)"),
    ]


def test_comment_on_its_own_line_covers_the_next_line(tmp_path: Path) -> None:
    text = NO_CHAMPION.replace("stakeholders:\n", "# accountmap: disable=AM103\n\nstakeholders:\n")
    assert lint(tmp_path, text) == []


def test_unused_and_unknown_codes_are_reported(tmp_path: Path) -> None:
    text = "# accountmap: disable=AM103,AM105,AM1O4\n" + NO_CHAMPION
    assert lint(tmp_path, text) == [
        ("AM100", 1, 1, "warning", "unknown rule code 'AM1O4' in suppression"),
        ("AM100", 1, 1, "warning", "unused suppression: no AM105 finding in this file"),
    ]


def test_suppression_of_a_rule_that_did_not_run_is_not_unused(tmp_path: Path) -> None:
    text = "# accountmap: disable=AM105\n" + CLEAN
    assert lint(tmp_path, text, Settings(severities={"AM105": None})) == []
    assert lint(tmp_path, text, Settings(ignore=("AM1",))) == []
    won = text.replace("stage: proposal", "stage: won")
    assert lint(tmp_path, won) == []


def test_unused_suppression_can_be_turned_off_or_made_an_error(tmp_path: Path) -> None:
    text = "# accountmap: disable=AM105\n" + CLEAN
    assert lint(tmp_path, text, Settings(ignore=("AM100",))) == []
    [finding] = lint(tmp_path, text, Settings(severities={"AM100": Severity.ERROR}))
    assert finding[:4] == ("AM100", 1, 1, "error")


def test_structural_findings_can_be_suppressed_but_not_am001(tmp_path: Path) -> None:
    duplicate = CLEAN.replace(
        "    name: Els Bos\n", "    name: Els Bos\n    name: Els  # accountmap: disable=AM002\n"
    )
    assert lint(tmp_path, duplicate) == []
    broken = "# accountmap: disable=AM001\nopportunity: [\n"
    codes = [f[0] for f in lint(tmp_path, broken)]
    assert codes == ["AM001"]
