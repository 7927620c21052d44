"""Start-up stays small: what a run imports and builds (timings live in bench/, not here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CRM_FIXTURES, SALESFORCE_IMPORT, VALID_MAP, write_map

_PROBE = """
import io, sys, contextlib
from accountmap_cli.__main__ import main
sys.argv = ["accountmap", *sys.argv[1:]]
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit as exit:
    code = exit.code
else:
    code = 0
heavy = ["rich", "json", "tomllib", "multiprocessing", "typer", "pydantic"]
loaded = [name for name in heavy if name in sys.modules]
names = []
if "typer" in sys.modules:
    from accountmap_cli.cli.app import app
    names = [c.callback.__name__ for c in app.registered_commands]
import gc, json
collector = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}
sys.stderr.write(json.dumps(
    {"code": code, "out": out.getvalue(), "commands": names, "loaded": loaded, "gc": collector}
))
"""


def _probe(*args: str, cwd: Path) -> dict:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env, cwd=cwd
    )
    return json.loads(done.stderr.splitlines()[-1])


def test_linting_one_map_builds_one_command_and_imports_no_rich(tmp_path: Path) -> None:
    path = write_map(tmp_path, VALID_MAP)
    result = _probe("lint", str(path), "--as-of", "2026-01-15", cwd=tmp_path)
    assert result["code"] in (0, 1)
    assert result["out"].endswith(" 1 map.\n") or result["out"].startswith("All good")
    assert result["commands"] == ["lint"]
    # typer and pydantic come with Typer's command layer; rich, json and tomllib are not needed
    # to print plain text without a config file, nor a process pool for one map.
    assert result["loaded"] == ["typer", "pydantic"]


def test_help_and_unknown_commands_keep_every_command(tmp_path: Path) -> None:
    listed = _probe("--help", cwd=tmp_path)
    assert {"lint", "review", "schema"} <= set(listed["commands"])
    assert len(listed["commands"]) > 10
    unknown = _probe("lnit", cwd=tmp_path)
    assert unknown["code"] == 2
    assert len(unknown["commands"]) == len(listed["commands"])


def test_version_imports_neither_typer_nor_pydantic(tmp_path: Path) -> None:
    result = _probe("--version", cwd=tmp_path)
    assert result["out"].startswith("accountmap ")
    assert result["loaded"] == []


def test_building_the_models_leaves_the_plugin_setting_as_it_was() -> None:
    code = "import os, accountmap_cli.models; print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))"
    for before, after in ((None, "None"), ("mine", "mine")):
        env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
        if before is not None:
            env["PYDANTIC_DISABLE_PLUGINS"] = before
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        assert done.stdout.strip() == after


def test_a_pyproject_that_only_names_accountmap_costs_no_toml_parser(tmp_path: Path) -> None:
    # A Python repository that lists accountmap-cli as a dependency, without [tool.accountmap].
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'sales'\ndependencies = ['accountmap-cli']\n[tool.ruff]\nline-length = 100\n"
    )
    path = write_map(tmp_path, VALID_MAP)
    result = _probe("lint", str(path), "--as-of", "2026-01-15", cwd=tmp_path)
    assert result["code"] in (0, 1)
    assert result["loaded"] == ["typer", "pydantic"]
    (tmp_path / "pyproject.toml").write_text("[tool.accountmap]\nignore = ['AM111']\n")
    result = _probe("lint", str(path), "--as-of", "2026-01-15", cwd=tmp_path)
    assert result["loaded"] == ["tomllib", "typer", "pydantic"]


def test_linting_without_history_imports_no_history_code(tmp_path: Path) -> None:
    path = write_map(tmp_path, VALID_MAP)
    code = (
        "import sys\nfrom accountmap_cli.__main__ import main\n"
        f"sys.argv = ['accountmap', 'lint', {str(path)!r}, '--as-of', '2026-01-15']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if 'history' in m or m.endswith('gitio')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.stdout.splitlines()[-1] == "['accountmap_cli.rules.history']"


def test_a_check_runs_without_the_cycle_collector_and_skips_it_at_exit(tmp_path: Path) -> None:
    path = write_map(tmp_path, VALID_MAP)
    result = _probe("lint", str(path), "--as-of", "2026-01-15", cwd=tmp_path)
    assert result["code"] in (0, 1)
    assert result["gc"] == {"enabled": False, "frozen": True}


def test_a_crm_import_turns_the_cycle_collector_back_on(tmp_path: Path) -> None:
    shutil.copytree(CRM_FIXTURES / "salesforce", tmp_path / "salesforce")
    result = _probe(*SALESFORCE_IMPORT, "--out", "maps", cwd=tmp_path)
    assert result["code"] == 0
    assert result["gc"] == {"enabled": True, "frozen": True}
    assert len(list((tmp_path / "maps").iterdir())) == 2
