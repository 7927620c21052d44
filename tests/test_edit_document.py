"""The round-trip document: indentation, headers, quoting of text YAML 1.1 would misread."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountmap_cli.edit import document

FIXTURE = Path(__file__).parent / "fixtures" / "edit" / "commented.yaml"


def test_unchanged_fixture_round_trips_byte_for_byte() -> None:
    text = FIXTURE.read_text("utf-8")
    assert document.dump(document.load(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n  b: 1\nc:\n  - x\n", document.Indent(2, 4, 2)),
        ("a:\n    b: 1\nc:\n- x\n", document.Indent(4, 2, 0)),
        ("a:\n  b: 1\nc:\n    - x\n", document.Indent(2, 6, 4)),
        ("a: 1\n", document.Indent(2, 4, 2)),
        ("c:\n- x\n", document.Indent(2, 2, 0)),
    ],
)
def test_indent_is_measured_from_the_file(text: str, expected: document.Indent) -> None:
    assert document.detect_indent(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a:\n    b: 1\nc:\n- x\n- y: 1\n  z: 2\n",
        "# top\n---\na: 1  # one\n",
        "%YAML 1.2\n---\na: 1\n",
    ],
)
def test_layouts_round_trip(text: str) -> None:
    assert document.dump(document.load(text)) == text


@pytest.mark.parametrize(
    "value",
    [
        "NO",
        "no",
        "on",
        "Off",
        "y",
        "yes",
        "TRUE",
        "0612345670",
        "1.10",
        "12:30",
        "1_000",
        "2026-12-04",
        "null",
        "~",
        "",
        " padded",
        ".inf",
        "0x1F",
        "=",
        "<<",
    ],
)
def test_misreadable_text_is_quoted_and_reads_back_as_the_same_text(value: str) -> None:
    from accountmap_cli.loader import parse

    assert document.needs_quotes(value)
    doc = document.load("a: x\n")
    doc.data["a"] = document.text(value)
    out = document.dump(doc)
    assert out.startswith(("a: '", 'a: "')), out
    assert parse(out, path="t.yaml").data["a"] == value

    import yaml

    assert yaml.safe_load(out)["a"] == value  # and YAML 1.1 tools agree


@pytest.mark.parametrize("value", ["Anna de Vries", "CFO", "economic_buyer", "line 3: uptime"])
def test_ordinary_text_stays_plain_where_it_can(value: str) -> None:
    doc = document.load("a: x\n")
    doc.data["a"] = document.text(value)
    out = document.dump(doc)
    if ": " not in value:
        assert out == f"a: {value}\n"
    from accountmap_cli.loader import parse

    assert parse(out, path="t.yaml").data["a"] == value


def test_dates_are_written_plain() -> None:
    import datetime as dt

    doc = document.load("a: x\n")
    doc.data["a"] = dt.date(2026, 12, 4)
    assert document.dump(doc) == "a: 2026-12-04\n"


def test_replacement_keeps_the_old_quote_style() -> None:
    doc = document.load("a: \"x\"\nb: 'y'\nc: z\n")
    for key in "abc":
        doc.data[key] = document.like(doc.data[key], "new")
    assert document.dump(doc) == "a: \"new\"\nb: 'new'\nc: new\n"


def test_quote_character_follows_the_file() -> None:
    doc = document.load('a: "x"\nb: "y"\nc: z\n')
    doc.data["c"] = document.text("NO", quote=doc.quote)
    assert document.dump(doc) == 'a: "x"\nb: "y"\nc: "NO"\n'


@pytest.mark.parametrize(
    "value",
    ["Line one\nline two: with colon\n", "a\nb", "a\n\nb\n", "a  \nb", "a\n\n", "\ta\nb"],
)
def test_multi_line_text_reads_back_the_same(value: str) -> None:
    from accountmap_cli.loader import parse

    doc = document.load("a: x\nb: y\n")
    doc.data["a"] = document.text(value)
    out = document.dump(doc)
    assert parse(out, path="t.yaml").data == {"a": value, "b": "y"}, out


def test_multi_line_text_is_a_literal_block() -> None:
    doc = document.load("a: x\n")
    doc.data["a"] = document.text("Line one\nline two: with colon\n")
    assert document.dump(doc) == "a: |\n  Line one\n  line two: with colon\n"
