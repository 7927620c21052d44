"""Team configuration: discovery, every setting, and errors as `file:line: message` with a did-you-mean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accountmap_cli.config import (
    DEFAULT_SETTINGS,
    Settings,
    find_config,
    load_config,
    load_settings,
)
from accountmap_cli.errors import ConfigError, UsageError
from accountmap_cli.findings import Severity

FULL = """\
[project]
name = "sales-maps"

[tool.accountmap]
stages = ["lead", "discovery", "offer", "negotiation", "won", "lost"]
closed-stages = ["won", "lost"]
proposal-stage = "offer"
select = ["AM0", "AM1"]
ignore = ["am111"]

[tool.accountmap.severity]
AM110 = "error"
AM112 = "off"
am104 = "Info"

[tool.accountmap.thresholds]
stale-days = 21
champion_quiet_days = 45
mandatory-mapping-value = 100000
min-stakeholders = 4
min-engaged = 3
min-sources = 1

[tool.accountmap.risk]
medium = 25
high = 50
weights = { AM101 = 40, AM110 = 0 }
caps = { AM105 = 30 }
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_documented_thresholds() -> None:
    s = DEFAULT_SETTINGS
    assert (s.stale_days, s.champion_quiet_days, s.mandatory_mapping_value) == (14, 30, 50_000)
    assert (s.min_stakeholders, s.min_engaged, s.min_sources) == (3, 2, 2)
    assert (s.proposal_stage, s.risk_medium, s.risk_high) == ("proposal", 30, 60)


def test_every_setting_is_read_from_pyproject(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, "pyproject.toml", FULL))
    assert settings == Settings(
        stages=("lead", "discovery", "offer", "negotiation", "won", "lost"),
        closed_stages=frozenset(("won", "lost")),
        severities={"AM110": Severity.ERROR, "AM112": None, "AM104": Severity.INFO},
        select=("AM0", "AM1"),
        ignore=("AM111",),
        proposal_stage="offer",
        stale_days=21,
        champion_quiet_days=45,
        mandatory_mapping_value=100_000.0,
        min_stakeholders=4,
        min_engaged=3,
        min_sources=1,
        risk_weights={"AM101": 40, "AM110": 0},
        risk_caps={"AM105": 30},
        risk_medium=25,
        risk_high=50,
        source=str(tmp_path / "pyproject.toml"),
    )
    assert settings.is_late_stage("offer") and settings.is_late_stage("won")
    assert not settings.is_late_stage("discovery")


def test_accountmap_toml_has_the_settings_at_top_level(tmp_path: Path) -> None:
    path = write(tmp_path, "accountmap.toml", 'ignore = ["AM11"]\n[thresholds]\nstale-days = 7\n')
    settings = load_config(path)
    assert settings.ignore == ("AM11",) and settings.stale_days == 7


def test_discovery_searches_upward_and_prefers_accountmap_toml(tmp_path: Path) -> None:
    maps = tmp_path / "team" / "maps" / "2026"
    maps.mkdir(parents=True)
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.accountmap]: skipped
    assert find_config(maps) is None
    team = write(tmp_path / "team", "pyproject.toml", "[tool.accountmap]\nignore = ['AM111']\n")
    assert find_config(maps) == team
    assert find_config(maps / "deal.yaml") == team
    nearer = write(tmp_path / "team" / "maps", "accountmap.toml", "ignore = ['AM112']\n")
    assert find_config(maps) == nearer
    write(tmp_path / "team" / "maps" / "2026", "deal.yaml", "")
    assert load_settings([str(maps / "deal.yaml")]).ignore == ("AM112",)


def test_explicit_config_overrides_discovery(tmp_path: Path) -> None:
    write(tmp_path, "accountmap.toml", "ignore = ['AM112']\n")
    other = write(tmp_path / "elsewhere", "team.toml", "ignore = ['AM113']\n")
    assert load_settings([str(tmp_path)], config=other).ignore == ("AM113",)


def test_command_line_select_replaces_and_ignore_adds(tmp_path: Path) -> None:
    path = write(tmp_path, "accountmap.toml", "select = ['AM0']\nignore = ['AM112']\n")
    settings = load_settings(
        [], config=path, select=["AM1,am005", "AM006"], ignore=["AM111", "AM113,"]
    )
    assert settings.select == ("AM1", "AM005", "AM006")
    assert settings.ignore == ("AM112", "AM111", "AM113")


def test_unknown_code_on_the_command_line_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        load_settings([], config=None, select=["AM1O4"])
    assert caught.value.message == "--select: unknown rule code 'AM1O4'"
    assert caught.value.hint == "did you mean 'AM104'?"


@pytest.mark.parametrize(
    ("severities", "select", "ignore", "code", "expected"),
    [
        ({}, (), (), "AM104", Severity.WARNING),
        ({"AM104": None}, (), (), "AM104", None),
        ({}, ("AM1",), (), "AM004", None),
        ({}, ("AM1",), ("AM10",), "AM104", None),
        ({}, ("AM1",), ("AM10",), "AM111", Severity.WARNING),
        ({}, ("AM104",), ("AM1",), "AM104", Severity.WARNING),  # the more specific pattern wins
        ({}, ("AM1",), ("AM1",), "AM104", None),  # a tie: ignore wins
        ({}, ("ALL",), ("AM11",), "AM112", None),
        ({}, (), ("ALL",), "AM001", None),
    ],
)
def test_select_and_ignore_match_by_prefix_most_specific_wins(
    severities, select, ignore, code, expected
) -> None:
    settings = Settings(severities=severities, select=select, ignore=ignore)
    assert settings.severity_of(code, Severity.WARNING) == expected


ERRORS = [
    ("[tool.accountmap]\nstagess = []\n", 2, "unknown setting 'stagess'; did you mean 'stages'?"),
    (
        "[tool.accountmap]\nselect = ['AM1']\n\n[tool.accountmap.severity]\nAM110 = 'eror'\n",
        5,
        "'severity.AM110': 'eror' is not a severity; did you mean 'error'?",
    ),
    (
        "[tool.accountmap.severity]\nAM1O4 = 'off'\n",
        2,
        "unknown rule 'AM1O4' in 'severity'; did you mean 'AM104'?",
    ),
    ("[tool.accountmap]\nignore = ['AM11O']\n", 2, "'ignore': unknown rule code 'AM11O'"),
    ("[tool.accountmap]\nignore = 'AM111'\n", 2, "'ignore' must be a list of text values"),
    (
        "[tool.accountmap.thresholds]\nstale-days = 14\nstale-dayz = 3\n",
        3,
        "unknown setting 'thresholds.stale-dayz'; did you mean 'stale-days'?",
    ),
    (
        "[tool.accountmap.thresholds]\nstale-days = -1\n",
        2,
        "'thresholds.stale-days' must be 0 or more (got -1)",
    ),
    (
        "[tool.accountmap.thresholds]\nmin-engaged = 2.5\n",
        2,
        "'thresholds.min-engaged' must be a whole number (got 2.5)",
    ),
    (
        "[tool.accountmap.thresholds]\nmandatory-mapping-value = 'lots'\n",
        2,
        "'thresholds.mandatory-mapping-value' must be a number (got 'lots')",
    ),
    (
        "[tool.accountmap]\nstages = ['a', 'b']\n",
        2,
        "proposal stage 'proposal' is not in 'stages'",
    ),
    (
        "[tool.accountmap]\nstages = ['lead', 'offer', 'won', 'lost']\nproposal-stage = 'ofer'\n",
        3,
        "proposal stage 'ofer' is not in 'stages'; did you mean 'offer'?",
    ),
    (
        "[tool.accountmap]\nstages = ['proposal', 'won']\n",
        2,
        "closed stage 'lost' is not in 'stages'",
    ),
    (
        "[tool.accountmap.risk]\nhigh = 20\nmedium = 40\n",
        3,
        "risk 'medium' (40) must not be above 'high' (20)",
    ),
    (
        "[tool.accountmap.risk]\nweights = { AM101 = 40, AM9 = 3 }\n",
        2,
        "unknown rule 'AM9' in 'risk.weights'; did you mean 'AM109'?",
    ),
    (
        "[tool.accountmap.risk]\nweight = {}\n",
        2,
        "unknown setting 'risk.weight'; did you mean 'weights'?",
    ),
    ("[tool.accountmap]\nrisk = 3\n", 2, "'risk' must be a table"),
    ("[tool.accountmap\n", 1, "invalid TOML: Expected ']' at the end of a table declaration"),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_config_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, "pyproject.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}:{line}: {message}"


def test_closed_stages_error_points_at_the_stages_line(tmp_path: Path) -> None:
    path = write(tmp_path, "accountmap.toml", "# team\nstages = ['proposal', 'won']\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2


def test_tool_table_in_accountmap_toml_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "accountmap.toml", "[tool.accountmap]\nignore = []\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 1
    assert "without [tool.accountmap]" in (caught.value.hint or "")


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.toml")
    assert str(caught.value) == f"{tmp_path / 'nope.toml'}:1: config file does not exist"


def test_a_broken_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[project\nname = 'x'\n")
    assert find_config(tmp_path) is None
    write(tmp_path, "pyproject.toml", "[tool.accountmap]\nignore = [\n")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    with pytest.raises(ConfigError):
        load_config(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    "text",
    [
        "[tool.accountmap]\nignore = ['AM111']\n",
        "[ \"tool\" . 'accountmap' ]\nignore = ['AM111']\n",
        "[tool.accountmap.thresholds]\nstale-days = 7\n",
        "[tool]\naccountmap = { ignore = ['AM111'] }\n",
        "[tool]\naccountmap.ignore = ['AM111']\n",
        "tool.accountmap.ignore = ['AM111']\n[project]\nname = 'x'\n",
        "tool = { accountmap = { ignore = ['AM111'] } }\n",
    ],
)
def test_every_toml_spelling_of_our_table_is_found(tmp_path: Path, text: str) -> None:
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n" * text.startswith("[") + text)
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    settings = load_settings([str(tmp_path)])
    if "stale-days" in text:
        assert settings.stale_days == 7
    else:
        assert settings.ignore == ("AM111",)


def test_a_pyproject_that_only_names_accountmap_is_not_parsed(tmp_path: Path) -> None:
    # A dependency, a script and a path name accountmap, but no table can be tool.accountmap.
    write(
        tmp_path,
        "pyproject.toml",
        "[project]\ndependencies = ['accountmap-cli']\n[project.scripts]\naccountmap = 'a:b'\n"
        "[tool.ruff]\nsrc = ['accountmap']\n[tool.accountmapper]\nx = 1\n",
    )
    assert find_config(tmp_path) is None
    from accountmap_cli.config import _TOOL_TABLE

    assert re.search(_TOOL_TABLE, (tmp_path / "pyproject.toml").read_text()) is None
