"""The diagrams as the real tools read them: Mermaid 11's own parser (Node) and Graphviz `dot`.

Run over every example map in `maps/`, a fixture full of hostile names and a seeded map of random
names drawn from an alphabet of syntax characters, control characters and emoji. When Node (with the
packages of `tests/mermaid/`, installed by `npm ci` there) or Graphviz is missing these tests skip —
unless ACCOUNTMAP_REQUIRE_TOOLS=1 (set by `.ci/run`), which turns a missing tool into a failure.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from accountmap_cli.loader import load
from accountmap_cli.models import AccountMap, Role
from accountmap_cli.render.diagram import CHAMPION_MARK, ECONOMIC_BUYER_MARK, one_line, summary_line
from accountmap_cli.render.dot import render_dot
from accountmap_cli.render.mermaid import render_mermaid
from accountmap_cli.validate import validate

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "mermaid"
MAPS = [*sorted((ROOT / "maps").glob("*.yaml")), ROOT / "tests/fixtures/maps/hostile-names.yaml"]
FUZZ = "random-names"
NAMES = [*(path.stem for path in MAPS), FUZZ]
BROKEN = "deliberately-broken"
REQUIRED = os.environ.get("ACCOUNTMAP_REQUIRE_TOOLS") == "1"


def need(available: bool, what: str) -> None:
    if available:
        return
    if REQUIRED:
        pytest.fail(f"{what} is missing and ACCOUNTMAP_REQUIRE_TOOLS=1")
    pytest.skip(f"{what} is not installed")


_ALPHABET = (
    [chr(c) for c in range(32, 127)] * 3
    + list("\t\n\r\x0b\x0c\x00\x07\x7f\x85\u2028")
    + list("éÅßØ¶ﬂ°€·★💰😀👍🏽\u200d\u202e\u0301\ufeff中文ـ")
)


def random_names_map(seed: int = 20261204, people: int = 40) -> AccountMap:
    """A valid map whose names, titles and account are random strings of hostile characters."""
    rng = random.Random(seed)

    def text() -> str:
        return "".join(rng.choices(_ALPHABET, k=rng.randint(1, 40)))

    stakeholders = []
    for number in range(people):
        person = {
            "id": f"p{number}",
            "title": text(),
            "role": rng.choice(["economic_buyer", "user_buyer", "unknown"]),
            "attitude": rng.choice(["champion", "blocker", "neutral", "unknown"]),
        }
        if rng.random() < 0.8:
            person["name"] = text()
        if number:
            person["reports_to"] = f"p{rng.randrange(number)}"
        stakeholders.append(person)
    relationships = [
        {
            "from": f"p{rng.randrange(people)}",
            "to": f"p{rng.randrange(people)}",
            "type": rng.choice(["trusts", "tension", "collaborates", "competes"]),
        }
        for _ in range(15)
    ]
    return AccountMap.model_validate(
        {
            "opportunity": {"name": text(), "account": text(), "value": 1, "stage": "proposal"},
            "stakeholders": stakeholders,
            "relationships": relationships,
        }
    )


def model_named(name: str) -> AccountMap:
    if name == FUZZ:
        return random_names_map()
    (path,) = [path for path in MAPS if path.stem == name]
    model = validate(load(path)).model
    assert model is not None, path
    return model


def expected_label(stakeholder) -> str:
    """The node text a reader sees, line by line, for this stakeholder."""
    marks = []
    if stakeholder.role is Role.ECONOMIC_BUYER:
        marks.append(ECONOMIC_BUYER_MARK)
    if stakeholder.attitude.value == "champion":
        marks.append(CHAMPION_MARK)
    prefix = " ".join(marks) + " " if marks else ""
    if stakeholder.name:
        lines = [prefix + one_line(stakeholder.name)]
        if stakeholder.title:
            lines.append(one_line(stakeholder.title))
    else:
        lines = [prefix + "unnamed seat", one_line(stakeholder.title)]
    return "\n".join([*lines, summary_line(stakeholder)])


@pytest.fixture(scope="module")
def mermaid_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every map's Mermaid text parsed by Mermaid itself, in one Node run."""
    node = shutil.which("node")
    need(node is not None, "node")
    need((HARNESS / "node_modules" / "mermaid").is_dir(), "mermaid (run `npm ci` in tests/mermaid)")
    folder = tmp_path_factory.mktemp("mermaid")
    files = []
    for name in NAMES:
        target = folder / f"{name}.mmd"
        target.write_text(render_mermaid(model_named(name)), encoding="utf-8")
        files.append(str(target))
    # Unescaped quotes and brackets in a label: proof that the harness does reject bad text.
    broken = folder / f"{BROKEN}.mmd"
    broken.write_text('flowchart TD\n    a[He said "no" (twice)] --> b\n', encoding="utf-8")
    files.append(str(broken))
    done = subprocess.run(
        [node, str(HARNESS / "parse.mjs"), "--labels", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = {}
    for line in done.stdout.splitlines():
        result = json.loads(line)
        results[Path(result["file"]).stem] = result
    assert len(results) == len(files), done.stderr
    return results


def test_the_harness_rejects_broken_mermaid(mermaid_results) -> None:
    result = mermaid_results[BROKEN]
    assert result["ok"] is False
    assert "Parse error" in result["error"]


@pytest.mark.parametrize("name", NAMES)
def test_mermaid_parses_and_shows_every_name_exactly(mermaid_results, name: str) -> None:
    result = mermaid_results[name]
    assert result["ok"], result["error"]
    assert result["type"] == "flowchart-v2"
    model = model_named(name)
    labels = result["labels"]
    shown = [labels[key] for key in labels if key.startswith("s_")]
    assert [label["text"] for label in shown] == [expected_label(s) for s in model.stakeholders]
    for label, stakeholder in zip(shown, model.stakeholders, strict=True):
        assert stakeholder.attitude.value in label["classes"]
        assert ("seat" in label["classes"]) is (stakeholder.name is None)


def test_mermaid_draws_reporting_lines_solid_and_ties_dotted(mermaid_results) -> None:
    edges = mermaid_results["hostile-names"]["edges"]
    assert ["s_end_user", "s_graph", "", "normal"] in edges
    assert ["s_graph", "s_end_user", "trusts", "dotted"] in edges
    assert ["s_subgraph", "s_graph", "tension", "dotted"] in edges
    assert ["s_a_b_2", "s_0lead", "competes", "dotted"] in edges
    assert ["s_0lead", "s_end_user", "collaborates", "dotted"] in edges


@pytest.mark.parametrize("name", NAMES)
def test_graphviz_renders_every_map_with_every_name(tmp_path: Path, name: str) -> None:
    dot = shutil.which("dot")
    need(dot is not None, "Graphviz (dot)")
    source = tmp_path / "map.dot"
    model = model_named(name)
    source.write_text(render_dot(model), encoding="utf-8")
    done = subprocess.run([dot, "-Tsvg", str(source)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    svg = ET.fromstring(done.stdout)
    texts = {element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")}
    for stakeholder in model.stakeholders:
        for text in (stakeholder.name, stakeholder.title):
            if text and one_line(text):
                assert one_line(text) in texts


def test_a_missing_tool_fails_under_ci_and_skips_elsewhere(monkeypatch) -> None:
    import sys

    module = sys.modules[__name__]
    monkeypatch.setattr(module, "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match="ACCOUNTMAP_REQUIRE_TOOLS=1"):
        need(False, "dot")
    monkeypatch.setattr(module, "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception):
        need(False, "dot")
    need(True, "dot")
