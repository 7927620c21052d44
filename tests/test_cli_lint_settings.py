"""`accountmap lint` with the team's settings: --config, --select, --ignore, and the example maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
MAPS = Path(__file__).resolve().parent.parent / "maps"
GAPS = FIXTURES / "AM108-fail.yaml"  # two AM108 errors at line 6


def codes(result) -> list[str]:
    return [f["code"] for f in json.loads(result.stdout)["findings"]]


def lint(invoke, *args):
    return invoke("lint", *args, "--format", "json", "--as-of", "2026-12-01")


def test_defaults_fail_on_deal_risk_errors(invoke) -> None:
    result = lint(invoke, GAPS)
    assert result.exit_code == 1
    assert codes(result) == ["AM108", "AM108"]


@pytest.mark.parametrize(
    ("options", "expected", "exit_code"),
    [
        (["--ignore", "AM108"], [], 0),
        (["--ignore", "AM10"], [], 0),
        (["--select", "AM0"], [], 0),
        (["--select", "AM0,AM108"], ["AM108", "AM108"], 1),
        (["--select", "AM0", "--select", "am108"], ["AM108", "AM108"], 1),
        (["--select", "AM108", "--ignore", "AM1"], ["AM108", "AM108"], 1),
    ],
)
def test_select_and_ignore(invoke, options, expected, exit_code) -> None:
    result = lint(invoke, GAPS, *options)
    assert (codes(result), result.exit_code) == (expected, exit_code)


def test_config_file_found_upward_sets_severity(invoke, tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    deal = tmp_path / "maps" / "deal.yaml"
    deal.write_text(GAPS.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.accountmap.severity]\nAM108 = "warning"\n', encoding="utf-8"
    )
    result = lint(invoke, tmp_path / "maps")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)["summary"]
    assert summary == {"files": 1, "errors": 0, "warnings": 2}


def test_explicit_config_and_its_errors(invoke, tmp_path: Path) -> None:
    config = tmp_path / "team.toml"
    config.write_text("ignore = ['AM108']\n", encoding="utf-8")
    assert lint(invoke, GAPS, "--config", config).exit_code == 0
    config.write_text("# policy\nignore = ['AM1O8']\n", encoding="utf-8")
    result = lint(invoke, GAPS, "--config", config)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"accountmap: error: {config}:2: 'ignore': unknown rule code 'AM1O8'\n"
        "  hint: did you mean 'AM108'?\n"
    )


def test_unknown_code_on_the_command_line_is_exit_2(invoke) -> None:
    result = lint(invoke, GAPS, "--ignore", "AM9")
    assert result.exit_code == 2
    assert result.stderr.startswith("accountmap: error: --ignore: unknown rule code 'AM9'\n")


def test_text_output_keeps_its_format(invoke) -> None:
    result = invoke("lint", GAPS, "--as-of", "2026-12-01")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "2 errors, 0 warnings in 1 map."
    assert result.stdout.splitlines()[0].startswith(f"{GAPS}:6:10: AM108 at stage 'negotiation'")


@pytest.mark.parametrize("as_of", ["2026-11-14", "2026-12-04", "2027-06-01", "2031-01-01"])
def test_example_maps_280k_fails_and_multi_threaded_passes_on_any_date(invoke, as_of: str) -> None:
    big, model = MAPS / "heijden-packaging-line.yaml", MAPS / "kuipers-cnc-cell.yaml"
    if not (big.exists() and model.exists()):
        pytest.skip("example maps not present")
    assert invoke("lint", big, "--as-of", as_of).exit_code == 1
    result = invoke("lint", model, "--as-of", as_of)
    assert result.exit_code == 0, result.stdout
