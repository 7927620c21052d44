"""`accountmap export`: formats, --output, and exit codes for every way it can go wrong."""

from __future__ import annotations

from conftest import VALID_MAP, write_map


def test_default_format_is_mermaid(invoke, tmp_path) -> None:
    result = invoke("export", write_map(tmp_path, VALID_MAP))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("flowchart TD\n")
    assert result.stderr == ""


def test_output_writes_the_file_and_says_so(invoke, tmp_path) -> None:
    target = tmp_path / "out" / "deal.dot"
    target.parent.mkdir()
    result = invoke("export", write_map(tmp_path, VALID_MAP), "-f", "dot", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("digraph accountmap {\n")


def test_unwritable_output_is_a_usage_error(invoke, tmp_path) -> None:
    target = tmp_path / "missing-folder" / "deal.mmd"
    result = invoke("export", write_map(tmp_path, VALID_MAP), "-o", target)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"accountmap: error: cannot write '{target}': ")


def test_unknown_format(invoke, tmp_path) -> None:
    result = invoke("export", write_map(tmp_path, VALID_MAP), "--format", "png")
    assert result.exit_code == 2
    assert result.stderr == (
        "accountmap: error: unknown format 'png'\n"
        "  hint: choose one of: mermaid, dot, json, markdown, salesforce-csv, hubspot-csv\n"
    )


def test_missing_file_and_folder_are_usage_errors(invoke, tmp_path) -> None:
    missing = invoke("export", tmp_path / "nope.yaml")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"accountmap: error: path '{tmp_path / 'nope.yaml'}' does")
    folder = invoke("export", tmp_path)
    assert folder.exit_code == 2
    assert folder.stderr.startswith(f"accountmap: error: '{tmp_path}' is a folder\n")


def test_invalid_map_exits_1_with_its_findings(invoke, tmp_path) -> None:
    path = write_map(tmp_path, VALID_MAP.replace("attitude: champion", "attitude: champoin"))
    result = invoke("export", path, "-f", "markdown")
    assert result.exit_code == 1
    assert result.stdout == ""
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"{path}:16:15: AM003 ")
    assert f"accountmap: error: '{path}' is not a valid map" in rest
    assert "Traceback" not in result.stderr


def test_map_with_structural_errors_still_exports(invoke, tmp_path) -> None:
    # an unknown reports_to is AM005 for `lint`, but the picture can still be drawn
    path = write_map(tmp_path, VALID_MAP.replace("reports_to: cfo", "reports_to: ceo"))
    result = invoke("export", path)
    assert result.exit_code == 0
    assert "-->" not in result.stdout


def test_every_format_runs_on_the_example_maps(invoke) -> None:
    from pathlib import Path

    for path in sorted(Path(__file__).resolve().parent.parent.glob("maps/*.yaml")):
        for output_format in ("mermaid", "dot", "json", "markdown"):
            result = invoke("export", path, "-f", output_format, "--as-of", "2026-12-04")
            assert result.exit_code == 0, (path, output_format, result.stderr)
            assert result.stdout.endswith("\n")


def test_help_has_an_example(invoke) -> None:
    for command in ("export", "grid", "plan"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert f"Example: accountmap {command} maps/deal.yaml" in result.stdout
