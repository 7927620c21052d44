"""Whatever is thrown at `lint`, the answer is findings or a pass: exit 0 or 1, never a traceback.

Hypothesis feeds arbitrary text, bytes, YAML dumped from random structures and mutations of a
valid map; the public YAML test suite (402 inputs, `../shared/corpora/yaml-test-suite/`) is linted
in-process and once in a real process, so a crash in libyaml would show as a signal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID_MAP

FINDING_LINE = re.compile(r"^.+:\d+:\d+: AM\d{3} \S.*$")
SUMMARY_LINE = re.compile(
    r"^(\d+ errors?, \d+ warnings? in \d+ maps?\.|All good: \d+ maps? checked, no findings\.)$"
)
EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("robustness") / "map.yaml"


def lint_bytes(invoke, scratch: Path, raw: bytes) -> None:
    """Lint one file with these bytes in text and JSON; both must be clean answers."""
    scratch.write_bytes(raw)
    text = invoke("lint", scratch, "--as-of", "2026-02-01")
    assert text.exception is None or isinstance(text.exception, SystemExit), repr(text.exception)
    assert text.exit_code in (0, 1), text.stderr
    assert text.stderr == ""
    *findings, summary = text.stdout.splitlines()
    assert SUMMARY_LINE.match(summary), summary
    for line in findings:
        assert FINDING_LINE.match(line), line
    as_json = invoke("lint", scratch, "-f", "json", "--as-of", "2026-02-01")
    assert as_json.exit_code == text.exit_code
    output = json.loads(as_json.stdout)
    assert len(output["findings"]) == len(findings)
    for finding in output["findings"]:
        assert finding["line"] >= 1 and finding["column"] >= 1
        assert finding["message"].isprintable()


@EXAMPLES
@given(st.text())
def test_arbitrary_text(invoke, scratch: Path, text: str) -> None:
    lint_bytes(invoke, scratch, text.encode("utf-8", "surrogatepass"))


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(invoke, scratch: Path, raw: bytes) -> None:
    lint_bytes(invoke, scratch, raw)


_KEYS = st.sampled_from(
    [
        "opportunity",
        "stakeholders",
        "team",
        "relationships",
        "interactions",
        "name",
        "account",
        "value",
        "stage",
        "id",
        "reports_to",
        "attitude",
        "with",
        "date",
        "x-ext",
    ]
) | st.text(max_size=8)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.dates()
    | st.text(max_size=20)
    | st.sampled_from(["discovery", "won", "champion", "2026-02-30", "NO", "0612", "-1", ""])
)
_STRUCTURES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=25,
)


@EXAMPLES
@given(_STRUCTURES, st.sampled_from([True, False]))
def test_arbitrary_yaml_structures(invoke, scratch: Path, data: object, flow: bool) -> None:
    dumped = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    lint_bytes(invoke, scratch, dumped.encode("utf-8", "surrogatepass"))


_SIGNIFICANT = [*":-?[]{},#&*!|>'\"%@`\t\n ", "\r\n", "<<<<<<< ", "---\n", "  ", "x-"]


@st.composite
def mutated_maps(draw: st.DrawFn) -> str:
    text = VALID_MAP
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent"]))
        if kind == "insert":
            at = draw(st.integers(0, len(text)))
            piece = draw(st.sampled_from(_SIGNIFICANT) | st.text(max_size=3))
            text = text[:at] + piece + text[at:]
        elif kind == "delete" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif kind == "duplicate" and lines:
            at = draw(st.integers(0, len(lines) - 1))
            lines.insert(at, lines[at])
            text = "".join(lines)
        elif kind == "swap" and len(lines) > 1:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "".join(lines)
        elif kind == "indent" and lines:
            at = draw(st.integers(0, len(lines) - 1))
            lines[at] = draw(st.sampled_from(["", " ", "  ", "\t"])) + lines[at].lstrip(" ")
            text = "".join(lines)
    return text


@settings(
    max_examples=70,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutated_maps())
def test_mutations_of_a_valid_map(invoke, scratch: Path, text: str) -> None:
    lint_bytes(invoke, scratch, text.encode("utf-8", "surrogatepass"))


def test_the_unmutated_map_is_valid(invoke, scratch: Path) -> None:
    scratch.write_text(VALID_MAP)
    result = invoke("lint", scratch, "-f", "json")
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert not codes & {"AM001", "AM002", "AM003", "AM004", "AM005", "AM006"}


# --- the YAML test suite ----------------------------------------------------------------------

# libyaml accepts these inputs the suite calls invalid; they are still answered with findings.
LIBYAML_LENIENT = {"9C9N", "DK95-01", "QB6E", "S98Z", "SU5Z", "X4QW"}


def _yaml_test_suite() -> Path | None:
    here = Path(__file__).resolve()
    candidates = [
        here.parents[2] / "shared" / "corpora" / "yaml-test-suite",
        here.parents[1] / ".." / "shared" / "corpora" / "yaml-test-suite",
        Path.cwd() / ".." / "shared" / "corpora" / "yaml-test-suite",
    ]
    for candidate in candidates:
        if (candidate / "INDEX.json").is_file():
            return candidate.resolve()
    return None


@pytest.fixture(scope="module")
def suite() -> Path:
    found = _yaml_test_suite()
    if found is None:
        if os.environ.get("ACCOUNTMAP_CI") == "1":
            pytest.fail(
                "the YAML test suite is missing: expected ../shared/corpora/yaml-test-suite"
            )
        pytest.skip("the YAML test suite is not in ../shared/corpora/yaml-test-suite")
    return found


def test_yaml_test_suite_every_input_gets_findings_or_a_pass(suite: Path) -> None:
    import datetime as dt

    from accountmap_cli.lint import check_file

    index = json.loads((suite / "INDEX.json").read_text())
    files = sorted(suite.glob("*.yaml"))
    assert len(files) == len(index) == 402
    for path in files:
        report = check_file(str(path), as_of=dt.date(2026, 2, 1))
        lines = path.read_bytes().count(b"\n") + 1
        for finding in report.findings:
            assert finding.message.isprintable(), (path.name, finding.message)
            assert 1 <= finding.line <= lines + 1, (path.name, finding)
            assert finding.column >= 1
        if index[path.stem]["error"]:
            codes = {f.code for f in report.findings}
            assert codes, path.name
            if path.stem not in LIBYAML_LENIENT:
                assert "AM001" in codes, (path.name, report.findings)


def test_yaml_test_suite_through_the_cli(suite: Path, invoke) -> None:
    result = invoke("lint", suite, "-f", "json")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["files"] == 402


def test_yaml_test_suite_in_a_real_process(suite: Path) -> None:
    """A segfault in libyaml would kill the process: only a real process can show it."""
    result = subprocess.run(
        [sys.executable, "-m", "accountmap_cli", "lint", str(suite)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].endswith(" in 402 maps.")
    assert "Traceback" not in result.stdout
