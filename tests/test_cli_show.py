"""`accountmap show` and `accountmap tree` on the example maps: exit codes and exact text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accountmap_cli.cli.app import app
from accountmap_cli.money import format_money

ROOT = Path(__file__).resolve().parent.parent
MAPS = ROOT / "maps"
SINGLE = str(MAPS / "heijden-packaging-line.yaml")
MULTI = str(MAPS / "kuipers-cnc-cell.yaml")
DISCOVERY = str(MAPS / "boer-welding-robot.yaml")
AS_OF = ["--as-of", "2026-12-04"]

# A fixed width, and no colour forced from the outside, so the text is the same everywhere.
PLAIN = {"COLUMNS": "160", "NO_COLOR": None, "FORCE_COLOR": None, "TERM": None}


def run(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(app, list(args), env={**PLAIN, **(env or {})})


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (280000, "EUR", "€280,000"),
        (12500, "USD", "$12,500"),
        (9999.5, "GBP", "£9,999.50"),
        (90000, "CHF", "CHF 90,000"),
        (0, "EUR", "€0"),
        (1234567.891, "SEK", "SEK 1,234,567.89"),
        (999.999, "EUR", "€1,000"),
        (-5000, "EUR", "-€5,000"),
    ],
)
def test_format_money(value: float, currency: str, expected: str) -> None:
    assert format_money(value, currency) == expected


# --- show ----------------------------------------------------------------------------------------


def test_show_single_threaded_deal_header() -> None:
    result = run("show", SINGLE, *AS_OF)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[:12] == [
        "Account                 Van der Heijden Verpakkingen B.V.",
        "Opportunity             Packaging line 3 (CNC cutting + case packer)",
        "Value                   €280,000",
        "Stage                   proposal",
        "Close date              2026-12-18",
        "Owner                   Daan Visser",
        "Stakeholders            2 identified, 1 named, 1 engaged",
        "Champion named          yes (Marco Peeters)",
        "Economic buyer engaged  no (the CFO has not been contacted)",
        "Last contact            2026-11-13 (21 days ago)",
        "As of                   2026-12-04",
        "",
    ]
    assert result.stderr == ""


def test_show_single_threaded_deal_table() -> None:
    out = lines(run("show", SINGLE, *AS_OF).stdout)
    table = out[12 : out.index("", 13)]
    assert table[0] == "Stakeholders"
    assert table[1].split() == [
        "Name",
        "Title",
        "Role",
        "Influence",
        "Attitude",
        "Last",
        "contact",
        "Days",
        "Reports",
        "to",
    ]
    assert table[3] == (
        "Marco Peeters   Production Manager   user buyer       medium      champion   "
        "2026-11-13       21   (CFO)"
    )
    # An unnamed seat shows its title in parentheses, and "never" instead of a date.
    assert table[4] == (
        "(CFO)           CFO                  economic buyer   high        unknown    "
        "never             -"
    )
    assert len(table) == 5


def test_show_multi_threaded_deal() -> None:
    out = lines(run("show", MULTI, *AS_OF).stdout)
    assert "Value                   €415,000" in out
    assert "Stakeholders            7 identified, 7 named, 7 engaged" in out
    assert "Champion named          yes (Sjoerd Hoekstra)" in out
    assert "Economic buyer engaged  yes (Anouk de Vries-Brouwer)" in out
    assert "Last contact            2026-12-01 (3 days ago)" in out
    # Effective last contact: Hendrik's `last_contact` says 5 November, the lunch on the 19th wins.
    start = out.index("Stakeholders") + 1
    table = out[start : out.index("", start)]
    assert table[0].split() == [
        "Name",
        "Title",
        "Role",
        "Influence",
        "Attitude",
        "Last",
        "contact",
        "Days",
        "Reports",
        "to",
    ]
    assert table[2:] == [
        "Hendrik Kuipers          CEO (owner, second generation)   influencer        high        neutral     2026-11-19       15",
        "Anouk de Vries-Brouwer   CFO                              economic buyer    high        supporter   2026-11-27        7   Hendrik Kuipers",
        "Sjoerd Hoekstra          Operations Director              user buyer        high        champion    2026-12-01        3   Hendrik Kuipers",
        "Jürgen Bakker            Head of Process Engineering      technical buyer   medium      skeptical   2026-11-25        9   Sjoerd Hoekstra",
        "Ömer Yılmaz              Team Lead Milling, late shift    influencer        low         supporter   2026-11-25        9   Sjoerd Hoekstra",
        "Femke Jansen             Purchasing Manager               procurement       medium      neutral     2026-11-27        7   Anouk de Vries-Brouwer",
        "Ruud Smit                Maintenance Manager              gatekeeper        low         blocker     2026-11-18       16   Sjoerd Hoekstra",
    ]


def test_show_ends_with_the_power_grid_and_its_warnings() -> None:
    out = lines(run("show", SINGLE, *AS_OF).stdout)
    grid = out[out.index("Power grid: influence × attitude") :]
    assert grid[2].split("┃") == [
        "",
        " influence ",
        " blocker ",
        " skeptical ",
        " neutral ",
        " supporter ",
        " champion      ",
        " unknown  ",
        "",
    ]
    assert [cell.strip() for cell in grid[4].split("│")][1:-1] == [
        "high",
        "·",
        "·",
        "·",
        "·",
        "·",
        "💰 (CFO)",
    ]
    assert [cell.strip() for cell in grid[6].split("│")][1:-1] == [
        "medium",
        "·",
        "·",
        "·",
        "·",
        "Marco Peeters",
        "·",
    ]


def test_show_discovery_deal_economic_buyer_never_contacted() -> None:
    out = lines(run("show", DISCOVERY, *AS_OF).stdout)
    assert "Champion named          no" in out
    assert "Economic buyer engaged  no (Klaas de Boer has not been contacted)" in out
    assert "Stakeholders            3 identified, 2 named, 1 engaged" in out


def test_show_counts_interactions_as_contact(tmp_path: Path) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text(
        "opportunity: {name: Press, account: Acme BV, value: 12500, currency: USD, stage: won}\n"
        "stakeholders:\n"
        "  - {id: eva, name: Eva, role: economic_buyer, last_contact: 2026-11-01}\n"
        "  - {id: bob, title: Buyer}\n"
        "interactions:\n"
        "  - {date: 2026-12-02, with: [eva]}\n",
        encoding="utf-8",
    )
    out = lines(run("show", str(path), *AS_OF).stdout)
    assert "Value                   $12,500" in out
    assert "Close date              not set" in out
    assert "Economic buyer engaged  yes (Eva)" in out
    assert "Champion named          no" in out
    assert not any(line.startswith("Owner") for line in out)
    eva = next(line for line in out if line.startswith("Eva "))
    assert eva.split()[-2:] == ["2026-12-02", "2"]


def test_show_without_economic_buyer_or_stakeholders(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(
        "opportunity: {name: Press, account: Acme, value: 90000, currency: CHF, stage: discovery}\n",
        encoding="utf-8",
    )
    result = run("show", str(path), *AS_OF)
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert "Value                   CHF 90,000" in out
    assert "Economic buyer engaged  no (nobody on the map has that role)" in out
    assert "Last contact            never" in out
    assert "No stakeholders on this map yet." in out


def test_show_narrow_terminal_lists_people() -> None:
    result = run("show", MULTI, *AS_OF, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    out = lines(result.stdout)
    start = out.index("Ruud Smit, Maintenance Manager")
    assert out[start : start + 3] == [
        "Ruud Smit, Maintenance Manager",
        "  gatekeeper · low influence · blocker",
        "  last contact 2026-11-18 (16 days ago) · reports to Sjoerd Hoekstra",
    ]
    assert max(len(line) for line in out) <= 80


def test_show_piped_without_columns_uses_a_wide_table() -> None:
    result = run("show", MULTI, *AS_OF, env={"COLUMNS": None})
    out = lines(result.stdout)
    assert any(line.startswith("Femke Jansen") and "Anouk de Vries-Brouwer" in line for line in out)


def test_show_colour_is_never_the_only_signal() -> None:
    coloured = run("show", MULTI, *AS_OF, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    assert "\x1b[" in coloured  # colour when a terminal is forced ...
    assert "blocker" in coloured and "champion" in coloured  # ... but the words stay
    no_colour = run(
        "show", MULTI, *AS_OF, env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
    ).stdout
    # NO_COLOR: no colour codes (30-37, 38;5, 90-97), at most bold and dim.
    assert "\x1b[32m" not in no_colour and "\x1b[1;31m" not in no_colour
    assert "\x1b[31m" not in no_colour and "blocker" in no_colour
    assert "\x1b[" not in run("show", MULTI, *AS_OF).stdout  # piped: plain text


def test_show_as_of_changes_days_since() -> None:
    out = lines(run("show", SINGLE, "--as-of", "2026-11-20").stdout)
    assert "Last contact            2026-11-13 (7 days ago)" in out
    before = lines(run("show", SINGLE, "--as-of", "2026-11-12").stdout)
    assert "Last contact            2026-11-13 (in 1 day)" in before


def test_show_bad_as_of_is_usage_error() -> None:
    result = run("show", SINGLE, "--as-of", "4 december")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


# --- broken maps ---------------------------------------------------------------------------------


BROKEN = {
    "yaml": ("opportunity: [\n", "AM001"),
    "field": (
        "opportunity: {name: X, account: Y, value: 1, stage: proposal}\n"
        "stakeholders:\n"
        "  - id: ann\n"
        "    name: Ann\n"
        "    atitude: champion\n",
        "5:5: AM003",
    ),
    "reference": (
        "opportunity: {name: X, account: Y, value: 1, stage: proposal}\n"
        "stakeholders:\n"
        "  - {id: ann, name: Ann, reports_to: bob}\n",
        "3:38: AM005",
    ),
    "cycle": (
        "opportunity: {name: X, account: Y, value: 1, stage: proposal}\n"
        "stakeholders:\n"
        "  - {id: ann, name: Ann, reports_to: bob}\n"
        "  - {id: bob, name: Bob, reports_to: ann}\n",
        "AM006",
    ),
}


@pytest.mark.parametrize("command", ["show", "tree"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_map_prints_findings_and_exits_1(tmp_path: Path, command: str, case: str) -> None:
    text, expected = BROKEN[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(command, str(path), *(AS_OF if command == "show" else []))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:")
    assert expected in first
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].endswith("in 1 map.")


def test_deal_risk_findings_do_not_block_show(tmp_path: Path) -> None:
    """Only structural problems stop `show`; a single-threaded deal is exactly what to look at."""
    path = tmp_path / "thin.yaml"
    path.write_text(
        "opportunity: {name: X, account: Y, value: 900000, stage: negotiation}\n"
        "stakeholders:\n"
        "  - {id: ann, name: Ann}\n",
        encoding="utf-8",
    )
    assert run("show", str(path), *AS_OF).exit_code == 0
    assert run("tree", str(path)).exit_code == 0


@pytest.mark.parametrize("command", ["show", "tree"])
def test_missing_map_or_folder_is_usage_error(command: str) -> None:
    missing = run(command, "no/such/map.yaml")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("accountmap: error: map 'no/such/map.yaml' does not exist")
    folder = run(command, str(MAPS))
    assert folder.exit_code == 2
    assert "is a folder" in folder.stderr


# --- tree ----------------------------------------------------------------------------------------


def test_tree_multi_threaded_deal() -> None:
    result = run("tree", MULTI)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        "Kuipers Metaalbewerking B.V. · 5-axis CNC machining cell, hall B",
        "└── Hendrik Kuipers, CEO (owner, second generation) · influencer · neutral",
        "    ├── Anouk de Vries-Brouwer, CFO · economic buyer · supporter",
        "    │   └── Femke Jansen, Purchasing Manager · procurement · neutral",
        "    └── Sjoerd Hoekstra, Operations Director · user buyer · champion",
        "        ├── Jürgen Bakker, Head of Process Engineering · technical buyer · skeptical",
        "        ├── Ömer Yılmaz, Team Lead Milling, late shift · influencer · supporter",
        "        └── Ruud Smit, Maintenance Manager · gatekeeper · blocker",
    ]


def test_tree_unnamed_seat_and_several_roots(tmp_path: Path) -> None:
    path = tmp_path / "roots.yaml"
    path.write_text(
        "opportunity: {name: Line, account: Acme, value: 1, stage: discovery}\n"
        "stakeholders:\n"
        "  - {id: cfo, title: CFO, role: economic_buyer}\n"
        "  - {id: ann, name: Ann, title: Planner, reports_to: cfo, attitude: supporter}\n"
        "  - {id: bob, name: Bob, attitude: blocker}\n",
        encoding="utf-8",
    )
    assert lines(run("tree", str(path)).stdout) == [
        "Acme · Line",
        "├── (CFO) · economic buyer · unknown",
        "│   └── Ann, Planner · unknown · supporter",
        "└── Bob · unknown · blocker",
    ]


def test_tree_single_threaded_deal() -> None:
    assert lines(run("tree", SINGLE).stdout)[1:] == [
        "└── (CFO) · economic buyer · unknown",
        "    └── Marco Peeters, Production Manager · user buyer · champion",
    ]


# --- help ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "tree"])
def test_help_ends_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    body = [line.strip(" │") for line in lines(result.stdout) if line.strip(" │")]
    example = [line for line in body if line.startswith("Example: accountmap ")]
    assert example == [
        f"Example: accountmap {command} maps/kuipers-cnc-cell.yaml"
        + (" --as-of 2026-12-04" if command == "show" else "")
    ]


# --- the example maps ----------------------------------------------------------------------------


def test_there_are_at_least_three_example_maps() -> None:
    assert len(sorted(MAPS.glob("*.yaml"))) >= 3


@pytest.mark.parametrize("path", sorted(MAPS.glob("*.yaml")), ids=lambda p: p.name)
def test_example_map_has_no_structural_findings(path: Path) -> None:
    import datetime as dt

    from accountmap_cli.lint import check_file

    report = check_file(str(path), as_of=dt.date(2026, 12, 4))
    assert report.loaded
    assert [f.location + " " + f.code for f in report.findings if f.code.startswith("AM0")] == []


def test_example_maps_keep_text_as_written() -> None:
    from accountmap_cli.loader import load
    from accountmap_cli.models import AccountMap

    doc = load(MULTI)
    model = AccountMap.model_validate(doc.data)
    notes = {s.id: s.notes for s in model.stakeholders}
    assert notes["ruud"] == "NO"  # not False
    assert notes["omer"] == "0612345670"  # not the octal 103402424
    assert doc.data["opportunity"]["x-parent-country"] == "NO"


def test_show_names_several_champions_and_unnamed_seats(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(
        "opportunity: {name: Line, account: Acme, value: 1, stage: discovery}\n"
        "stakeholders:\n"
        "  - {id: ann, name: Ann, attitude: champion}\n"
        "  - {id: bob, name: Bob, attitude: champion}\n"
        "  - {id: coo, title: COO, attitude: champion, role: economic_buyer}\n"
        "  - {id: cfo, title: CFO, role: economic_buyer}\n",
        encoding="utf-8",
    )
    out = lines(run("show", str(path), *AS_OF).stdout)
    assert "Champion named          yes (Ann, Bob and the COO)" in out
    assert "Economic buyer engaged  no (the COO and the CFO have not been contacted)" in out


# --- team configuration --------------------------------------------------------------------------


def test_show_uses_the_teams_stage_names(tmp_path: Path) -> None:
    (tmp_path / "accountmap.toml").write_text(
        'stages = ["lead", "offer", "won", "lost"]\nproposal-stage = "offer"\n', encoding="utf-8"
    )
    path = tmp_path / "lead.yaml"
    path.write_text(
        "opportunity: {name: Line, account: Acme, value: 1, stage: lead}\n", encoding="utf-8"
    )
    result = run("show", str(path), *AS_OF)
    assert result.exit_code == 0, result.output
    assert "Stage                   lead" in lines(result.stdout)


def test_bad_team_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "accountmap.toml").write_text("stages = 3\n", encoding="utf-8")
    path = tmp_path / "deal.yaml"
    path.write_text(
        "opportunity: {name: Line, account: Acme, value: 1, stage: lead}\n", encoding="utf-8"
    )
    for command in ("show", "tree"):
        result = run(command, str(path))
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("accountmap: error: ")


def test_tree_keeps_people_in_a_cycle_when_the_team_turned_the_check_off(tmp_path: Path) -> None:
    (tmp_path / "accountmap.toml").write_text('[severity]\nAM006 = "off"\n', encoding="utf-8")
    path = tmp_path / "cycle.yaml"
    path.write_text(
        "opportunity: {name: Line, account: Acme, value: 1, stage: discovery}\n"
        "stakeholders:\n"
        "  - {id: ann, name: Ann, reports_to: bob}\n"
        "  - {id: bob, name: Bob, reports_to: ann}\n"
        "  - {id: eve, name: Eve}\n",
        encoding="utf-8",
    )
    result = run("tree", str(path))
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        "Acme · Line",
        "├── Eve · unknown · unknown",
        "└── Ann · unknown · unknown",
        "    └── Bob · unknown · unknown",
    ]
