"""`accountmap review`: goldens on the example maps, ordering, totals, filters, broken maps."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from tests.conftest import VALID_MAP, write_map

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "review"
AS_OF = "2026-12-04"


def deal(
    *,
    account: str,
    value: int,
    stage: str = "proposal",
    owner: str = "sanne",
    people: str = "",
    currency: str = "EUR",
) -> str:
    """A map with a team of two and the given stakeholder entries (YAML list items)."""
    return f"""\
opportunity:
  name: Line for {account}
  account: {account}
  value: {value}
  currency: {currency}
  stage: {stage}
  owner: {owner}
team:
  - id: sanne
    name: Sanne Bakker
  - id: daan
    name: Daan Visser
stakeholders:
{people or "  []"}
"""


STRONG = """\
  - id: eb
    name: Eva Bos
    title: CFO
    role: economic_buyer
    influence: high
    attitude: supporter
    last_contact: 2026-12-01
    sources: [contact, history]
    engagement: {timing: proposal, message: ROI, owner: sanne, goal: sign}
  - id: champ
    name: Chris Smit
    title: COO
    role: user_buyer
    influence: high
    attitude: champion
    last_contact: 2026-12-02
    sources: [contact, linkedin]
    engagement: {timing: proposal, message: uptime, owner: sanne, goal: sponsor}
  - id: tech
    name: Tom Kok
    title: Engineer
    role: technical_buyer
    influence: medium
    attitude: neutral
    last_contact: 2026-12-03
    sources: [contact]
  - id: buy
    name: Bea Mol
    title: Buyer
    role: procurement
    influence: medium
    attitude: neutral
    last_contact: 2026-11-30
    sources: [contact]
"""

LONELY = """\
  - id: pm
    name: Piet Meijer
    title: Production manager
    role: user_buyer
    influence: low
    attitude: champion
    last_contact: 2026-11-13
"""


def pipeline(tmp_path: Path) -> Path:
    """Four deals whose order and totals are computed by hand in the tests below."""
    folder = tmp_path / "maps"
    write_map(folder, deal(account="Small BV", value=8000, people=LONELY), "a-small.yaml")
    write_map(folder, deal(account="Big BV", value=280000, people=LONELY), "b-big.yaml")
    write_map(
        folder, deal(account="Safe BV", value=500000, owner="daan", people=STRONG), "c-safe.yaml"
    )
    write_map(
        folder,
        deal(account="Won BV", value=90000, stage="won", currency="USD", people=LONELY),
        "d-won.yaml",
    )
    return folder


def review_json(invoke, *args: str | Path) -> dict:
    result = invoke("review", *args, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_high_risk_big_deal_comes_before_high_risk_small_one_and_low_risk_last(
    invoke, tmp_path: Path
) -> None:
    data = review_json(invoke, pipeline(tmp_path))
    assert [(d["account"], d["risk"]["level"]) for d in data["deals"]] == [
        ("Big BV", "high"),
        ("Small BV", "high"),
        ("Safe BV", "low"),
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("value", ["Safe BV", "Big BV", "Small BV"]),
        ("risk", ["Big BV", "Small BV", "Safe BV"]),
        ("days-silent", ["Big BV", "Small BV", "Safe BV"]),
    ],
)
def test_sort_options(invoke, tmp_path: Path, sort: str, expected: list[str]) -> None:
    data = review_json(invoke, pipeline(tmp_path), "--sort", sort)
    assert [d["account"] for d in data["deals"]] == expected


def test_totals_match_the_hand_computed_pipeline(invoke, tmp_path: Path) -> None:
    data = review_json(invoke, pipeline(tmp_path))
    # Open deals: Small (8,000), Big (280,000), Safe (500,000); Won is closed and left out.
    # High risk: Small and Big (one low-influence contact each). Single-threaded: Small and Big.
    # Above 50,000 with fewer than 3 named: Big only. Top five by value: Safe (4 named), Big (1),
    # Small (1) -> 1 of 3.
    assert data["totals"] == {
        "open_deals": 3,
        "pipeline": {"EUR": 788000.0},
        "high_risk_value": {"EUR": 288000.0},
        "single_threaded": 2,
        "failing_mandatory_mapping": 1,
        "top_deals": 3,
        "top_deals_with_three_named": 1,
    }
    assert data["errors"] == []


def test_all_includes_won_and_lost_deals(invoke, tmp_path: Path) -> None:
    data = review_json(invoke, pipeline(tmp_path), "--all")
    won = [d for d in data["deals"] if d["account"] == "Won BV"]
    assert len(won) == 1
    assert won[0]["closed"] is True
    assert won[0]["risk"] == {"score": 0, "level": "low"}
    assert data["totals"]["open_deals"] == 3
    assert data["totals"]["pipeline"] == {"EUR": 788000.0}


def test_filters_combine(invoke, tmp_path: Path) -> None:
    folder = pipeline(tmp_path)
    owner_only = review_json(invoke, folder, "--owner", "sanne")
    assert [d["account"] for d in owner_only["deals"]] == ["Big BV", "Small BV"]
    combined = review_json(invoke, folder, "--owner", "Sanne Bakker", "--min-value", "10000")
    assert [d["account"] for d in combined["deals"]] == ["Big BV"]
    by_level = review_json(invoke, folder, "--level", "low")
    assert [d["account"] for d in by_level["deals"]] == ["Safe BV"]
    by_account = review_json(invoke, folder, "--account", "big", "--stage", "proposal")
    assert [d["account"] for d in by_account["deals"]] == ["Big BV"]
    nothing = review_json(invoke, folder, "--account", "big", "--level", "low")
    assert nothing["deals"] == []


def test_one_deal_in_the_json_contract(invoke, tmp_path: Path) -> None:
    data = review_json(invoke, pipeline(tmp_path), "--account", "Big")
    assert data["version"] == 1
    assert data["as_of"] == AS_OF
    (big,) = data["deals"]
    assert big == {
        "path": str(tmp_path / "maps" / "b-big.yaml"),
        "account": "Big BV",
        "opportunity": "Line for Big BV",
        "owner": "sanne",
        "owner_name": "Sanne Bakker",
        "stage": "proposal",
        "value": 280000.0,
        "currency": "EUR",
        "close_date": None,
        "stakeholders": {"identified": 1, "named": 1, "engaged": 1},
        "champions": ["Piet Meijer"],
        "economic_buyer": {"engaged": False, "mapped": [], "engaged_names": []},
        "blockers": {"count": 0, "without_strategy": 0},
        "last_contact": "2026-11-13",
        "days_silent": 21,
        "risk": big["risk"],
        "next_action": big["next_action"],
        "single_threaded": True,
        "closed": False,
    }
    assert big["risk"]["level"] == "high"
    assert big["next_action"]


def test_a_broken_map_is_listed_and_the_others_are_still_reviewed(invoke, tmp_path: Path) -> None:
    folder = pipeline(tmp_path)
    write_map(folder, "opportunity:\n  name: x\n<<<<<<< HEAD\n", "e-broken.yaml")
    write_map(folder, deal(account="Cycle BV", value=1, people=_cycle()), "f-cycle.yaml")
    result = invoke("review", folder, "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["account"] for d in data["deals"]] == ["Big BV", "Small BV", "Safe BV"]
    assert [(e["path"].rsplit("/", 1)[-1], e["line"], e["code"]) for e in data["errors"]] == [
        ("e-broken.yaml", 3, "AM001"),
        ("f-cycle.yaml", 16, "AM006"),
    ]
    text = invoke("review", folder, "--as-of", AS_OF)
    assert text.exit_code == 1
    assert "Maps that could not be reviewed:" in text.stdout
    assert f"{folder / 'e-broken.yaml'}:3:1: AM001 git merge-conflict marker" in text.stdout


def _cycle() -> str:
    return """\
  - id: anna
    name: Anna
    reports_to: bram
  - id: bram
    name: Bram
    reports_to: anna
"""


def test_markdown_escapes_pipes_and_newlines(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    write_map(folder, deal(account='"Pipe | and Co"', value=1000, people=LONELY), "p.yaml")
    result = invoke("review", folder, "--format", "markdown", "--as-of", AS_OF)
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "Pipe \\|" in line)
    assert '**Pipe \\| and Co**<br>Line for "Pipe \\| and Co"' in row
    assert row.count(" | ") == 10  # eleven cells, no stray separators
    write_map(folder, deal(account='"Two\\nlines"', value=1000, people=LONELY), "q.yaml")
    result = invoke("review", folder, "--format", "markdown", "--as-of", AS_OF)
    assert "| **Two<br>lines**<br>" in result.stdout


def test_csv_has_one_row_per_deal(invoke, tmp_path: Path) -> None:
    result = invoke("review", pipeline(tmp_path), "--format", "csv", "--as-of", AS_OF)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["account"], r["value"], r["risk_level"]) for r in rows] == [
        ("Big BV", "280000", "high"),
        ("Small BV", "8000", "high"),
        ("Safe BV", "500000", "low"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "size"], "unknown sort 'size'"),
        (["--level", "huge"], "unknown risk level 'huge'"),
        (["--stage", "propsal"], "unknown stage 'propsal'"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["nowhere/"], "path 'nowhere/' does not exist"),
    ],
)
def test_usage_errors_exit_2(invoke, tmp_path: Path, args: list[str], message: str) -> None:
    folder = pipeline(tmp_path)
    result = invoke("review", folder, *args)
    assert result.exit_code == 2
    assert message in result.stderr


# --- goldens on the example maps ---------------------------------------------------------------

FORMATS = {"table": "txt", "markdown": "md", "json": "json", "csv": "csv"}


@pytest.mark.parametrize("output_format", list(FORMATS))
def test_example_maps_golden(invoke, monkeypatch: pytest.MonkeyPatch, output_format: str) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke(
        "review", "maps", "--format", output_format, "--as-of", AS_OF, env={"COLUMNS": "150"}
    )
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"example-maps.{FORMATS[output_format]}"
    if os.environ.get("ACCOUNTMAP_UPDATE_GOLDENS") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_the_280k_deal_tops_the_example_review(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    data = review_json(invoke, "maps")
    first = data["deals"][0]
    assert first["value"] == 280000.0
    assert first["risk"]["level"] == "high"
    assert first["economic_buyer"]["engaged"] is False


# --- plain table (not a terminal) and rich table (a terminal) ------------------------------------

RICH_WITHOUT_COLOUR = {"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "400", "TERM": "xterm"}
"""rich's path (FORCE_COLOR makes it think it writes to a terminal), without colour codes, wide
enough that it wraps no line (a plain table never wraps the lines under it)."""


def after_table(text: str) -> list[str]:
    """The lines under the table (totals and sections), escape codes removed."""
    import re

    lines = re.sub("\x1b\\[[0-9;]*m", "", text).splitlines()
    ends = [n for n, line in enumerate(lines) if line.startswith("└")]
    return lines[ends[-1] + 1 :] if ends else lines


def test_plain_and_rich_tables_tell_the_same_totals_and_problems(invoke, tmp_path: Path) -> None:
    folder = pipeline(tmp_path)
    write_map(folder, "opportunity:\n  name: x\n<<<<<<< HEAD\n", "e-broken.yaml")
    plain = invoke("review", folder, "--as-of", AS_OF, env={"COLUMNS": "400"})
    rich = invoke("review", folder, "--as-of", AS_OF, env=RICH_WITHOUT_COLOUR)
    assert plain.exit_code == rich.exit_code == 1
    assert "\x1b" not in plain.stdout
    assert plain.stdout.splitlines()[1].startswith("┏━")
    assert after_table(plain.stdout) == after_table(rich.stdout)
    assert after_table(plain.stdout)[0] == "Open deals: 3"
    assert after_table(plain.stdout)[-2:] == [
        "Maps that could not be reviewed:",
        f"{folder / 'e-broken.yaml'}:3:1: AM001 git merge-conflict marker '<<<<<<<' at line 3",
    ]


def test_no_deals_match_in_plain_text(invoke, tmp_path: Path) -> None:
    folder = pipeline(tmp_path)
    args = ("review", folder, "--as-of", AS_OF, "--account", "nobody")
    plain = invoke(*args)
    assert plain.exit_code == 0
    assert plain.stdout.startswith("No deals match.\nOpen deals: 0\n")
    rich = invoke(*args, env=RICH_WITHOUT_COLOUR)
    assert plain.stdout.splitlines() == after_table(rich.stdout)


def test_piped_table_width_follows_columns_else_160(invoke, tmp_path: Path) -> None:
    folder = pipeline(tmp_path)
    for columns, width in (("100", 100), ("", 160)):
        result = invoke("review", folder, "--as-of", AS_OF, env={"COLUMNS": columns})
        table = [line for line in result.stdout.splitlines() if line[:1] in "┏┃┡│├└"]
        assert {len(line) for line in table} <= set(range(width + 1))
        assert max(len(line) for line in table) > width - 25


def test_the_piped_table_does_not_import_rich(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = pipeline(tmp_path)
    probe = (
        "import sys\n"
        "from accountmap_cli.__main__ import main\n"
        "sys.argv = ['accountmap', 'review', sys.argv[1], '--as-of', '2026-12-04']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(folder)], capture_output=True, text=True, env=env
    )
    assert "Pipeline review, 2026-12-04" in done.stdout
    assert done.stderr.splitlines()[-1] == "[]"


def test_one_open_deal_is_the_top_deal_not_top_1_deals(invoke, tmp_path: Path) -> None:
    write_map(tmp_path, VALID_MAP)
    result = invoke("review", str(tmp_path), "--as-of", "2026-01-15", "--format", "markdown")
    assert "- Open deals: 1\n" in result.stdout
    assert (
        "- The top deal by value with three or more named stakeholders: 0 of 1\n" in result.stdout
    )
