"""`accountmap risk`: exact JSON, the panel's content, failed maps, options and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
SINGLE = FIXTURES / "AM106-fail.yaml"
CLEAN = FIXTURES / "AM101-pass.yaml"
MAPS = Path(__file__).resolve().parent.parent / "maps"


def test_json_is_exactly_the_contract(invoke) -> None:
    result = invoke("risk", SINGLE, CLEAN, "--format", "json", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "maps": [
            {
                "path": str(SINGLE),
                "score": 40,
                "level": "medium",
                "factors": [
                    {
                        "code": "AM106",
                        "rule": "single-threaded",
                        "points": 25,
                        "message": "only 1 stakeholder engaged (Pieter de Vries): one contact is "
                        "one point of failure",
                        "stakeholder": None,
                    },
                    {
                        "code": "AM102",
                        "rule": "economic-buyer-not-engaged",
                        "points": 15,
                        "message": "economic buyer Karin Smit (CFO) has not been contacted",
                        "stakeholder": "karin",
                    },
                ],
            },
            {"path": str(CLEAN), "score": 0, "level": "low", "factors": []},
        ]
    }


def test_as_of_moves_the_date_rules(invoke) -> None:
    later = invoke("risk", CLEAN, "--format", "json", "--as-of", "2027-02-01")
    [deal] = json.loads(later.stdout)["maps"]
    assert [(f["code"], f["points"]) for f in deal["factors"]] == [("AM110", 20), ("AM114", 8)]
    assert (deal["score"], deal["level"]) == (28, "low")


def test_text_panel_shows_score_factors_and_named_next_actions(invoke) -> None:
    result = invoke("risk", SINGLE, "--as-of", "2026-12-01")
    assert result.exit_code == 0
    lines = [line.strip("│ ").rstrip() for line in result.stdout.splitlines()]
    assert lines[0].startswith("╭─ Packaging line 4 — Acme Foods B.V. ")
    assert lines[1] == f"€120,000 · proposal · {SINGLE}"
    assert lines[2] == "Risk 40/100 MEDIUM"
    assert any(line.startswith("+25   AM106   only 1 stakeholder engaged") for line in lines)
    assert any(line.startswith("+15   AM102   economic buyer Karin Smit (CFO)") for line in lines)
    actions = lines[lines.index("Next actions") + 1 :]
    assert actions[:2] == [
        "1. ask Pieter de Vries to introduce you to Karin Smit (CFO) and Ahmed Yilmaz (IT architect)",
        "2. book a meeting with Karin Smit through Pieter de Vries",
    ]


def test_text_for_a_clean_and_a_closed_deal(invoke, tmp_path: Path) -> None:
    won = tmp_path / "won.yaml"
    won.write_text(SINGLE.read_text("utf-8").replace("stage: proposal", "stage: won"), "utf-8")
    result = invoke("risk", CLEAN, won, "--as-of", "2026-12-01")
    assert result.exit_code == 0
    assert "Risk 0/100 LOW" in result.stdout
    assert "No risk factors: every thread is covered." in result.stdout
    assert "Closed (won): deal-risk rules do not apply." in result.stdout


def test_maps_that_fail_to_load_are_reported_and_exit_1(invoke, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("opportunity: [\n", encoding="utf-8")
    result = invoke("risk", CLEAN, broken, "--format", "json", "--as-of", "2026-12-01")
    assert result.exit_code == 1
    assert [m["path"] for m in json.loads(result.stdout)["maps"]] == [str(CLEAN)]
    first, second = result.stderr.splitlines()[:2]
    assert first == f"accountmap: error: {broken}: cannot be scored, the map is invalid"
    assert second.startswith(f"  {broken}:") and " AM001 " in second


def test_folders_are_searched(invoke, tmp_path: Path) -> None:
    (tmp_path / "deals").mkdir()
    (tmp_path / "deals" / "a.yaml").write_text(CLEAN.read_text("utf-8"), "utf-8")
    result = invoke("risk", tmp_path / "deals", "--format", "json", "--as-of", "2026-12-01")
    assert [m["path"] for m in json.loads(result.stdout)["maps"]] == [
        str(tmp_path / "deals" / "a.yaml")
    ]


def test_team_config_changes_weights_and_levels(invoke, tmp_path: Path) -> None:
    config = tmp_path / "accountmap.toml"
    config.write_text("[risk]\nhigh = 40\nweights = { AM102 = 0 }\n", encoding="utf-8")
    result = invoke("risk", SINGLE, "--format", "json", "--as-of", "2026-12-01", "--config", config)
    [deal] = json.loads(result.stdout)["maps"]
    assert (deal["score"], deal["level"]) == (25, "low")
    config.write_text("[risk]\nhigh = 40\n", encoding="utf-8")
    result = invoke("risk", SINGLE, "--format", "json", "--as-of", "2026-12-01", "--config", config)
    assert json.loads(result.stdout)["maps"][0]["level"] == "high"


def test_config_error_is_exit_2_with_file_and_line(invoke, tmp_path: Path) -> None:
    config = tmp_path / "accountmap.toml"
    config.write_text("[risk]\nmedum = 3\n", encoding="utf-8")
    result = invoke("risk", SINGLE, "--config", config)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"accountmap: error: {config}:2: unknown setting 'risk.medum'; did you mean 'medium'?\n"
        "  hint: allowed here: weights, caps, medium, high\n"
    )


def test_usage_errors_are_exit_2(invoke, tmp_path: Path) -> None:
    assert invoke("risk", SINGLE, "--format", "yaml").exit_code == 2
    missing = invoke("risk", tmp_path / "nope.yaml")
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr
    empty = invoke("risk", tmp_path)
    assert empty.exit_code == 2
    assert "no map files found" in empty.stderr


def test_the_example_maps_rank_as_a_sales_manager_would(invoke) -> None:
    big, model = MAPS / "heijden-packaging-line.yaml", MAPS / "kuipers-cnc-cell.yaml"
    if not (big.exists() and model.exists()):
        return
    result = invoke("risk", big, model, "--format", "json", "--as-of", "2026-12-04")
    assert result.exit_code == 0
    levels = [(m["path"], m["level"]) for m in json.loads(result.stdout)["maps"]]
    assert levels == [(str(big), "high"), (str(model), "low")]
