"""The loader: bytes → text → plain data with the line and column of every key and value."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from accountmap_cli import loader
from accountmap_cli.errors import MapLoadError
from accountmap_cli.loader import DuplicateKey, decode, discover, load, parse, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "maps"


def load_error(text: str) -> MapLoadError:
    with pytest.raises(MapLoadError) as caught:
        parse(text, path="m.yaml")
    error = caught.value
    assert error.code == "AM001"
    assert "\n" not in error.message
    return error


def decode_error(raw: bytes) -> MapLoadError:
    with pytest.raises(MapLoadError) as caught:
        decode(raw, path="m.yaml")
    return caught.value


# --- scalars: text exactly as written --------------------------------------------------------


def test_yaml_1_1_traps_stay_the_strings_that_were_written() -> None:
    doc = load(FIXTURES / "valid" / "yaml11-traps.yaml")
    assert doc.data["opportunity"]["name"] == "NO"
    assert doc.data["opportunity"]["account"] == "on"
    assert doc.data["opportunity"]["competitors"] == ["yes", "off", "010", "1e3"]
    person = doc.data["stakeholders"][0]
    assert person == {
        "id": "0612",
        "name": "Y",
        "title": "1.10",
        "notes": "0612345670",
        "concerns": "12:30",
    }


def test_empty_values_are_none_but_quoted_empty_text_is_text() -> None:
    doc = parse("a:\nb: ~\nc: null\nd: ''\ne: \"\"\nf: 'null'\ng: NULL\n", path="m.yaml")
    assert doc.data == {"a": None, "b": None, "c": None, "d": "", "e": "", "f": "null", "g": None}


def test_str_tag_and_non_specific_tag_are_plain_text() -> None:
    doc = parse("a: !!str NO\nb: ! 12\n", path="m.yaml")
    assert doc.data == {"a": "NO", "b": "12"}


def test_block_scalars_keep_their_text() -> None:
    doc = parse("notes: |\n  line 1\n  line 2\nfolded: >-\n  a\n  b\n", path="m.yaml")
    assert doc.data == {"notes": "line 1\nline 2\n", "folded": "a b"}


# --- locations --------------------------------------------------------------------------------


def test_every_key_and_value_has_its_1_based_line_and_column() -> None:
    doc = parse(
        "opportunity:\n  name: X\nstakeholders:\n  - id: jan\n    sources: [contact, news]\n",
        path="m.yaml",
    )
    assert doc.key_marks[("opportunity",)] == (1, 1)
    assert doc.key_marks[("opportunity", "name")] == (2, 3)
    assert doc.value_marks[("opportunity", "name")] == (2, 9)
    assert doc.value_marks[("stakeholders", 0)] == (4, 5)
    assert doc.key_marks[("stakeholders", 0, "id")] == (4, 5)
    assert doc.value_marks[("stakeholders", 0, "id")] == (4, 9)
    assert doc.value_marks[("stakeholders", 0, "sources", 1)] == (5, 24)


def test_locate_falls_back_to_the_nearest_written_ancestor() -> None:
    doc = parse("opportunity:\n  name: X\nstakeholders:\n  - id: jan\n", path="m.yaml")
    assert doc.locate(("opportunity", "name")) == (2, 9)
    assert doc.locate(("opportunity", "name"), key=True) == (2, 3)
    # `value` was never written: its parent mapping's key is the place to add it.
    assert doc.locate(("opportunity", "value")) == (1, 1)
    assert doc.locate(("stakeholders", 0, "attitude")) == (4, 5)
    assert doc.locate(("stakeholders", 7, "id")) == (3, 1)
    assert doc.locate(()) == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    doc = parse("{é😁: 1, b: 2}\n", path="m.yaml")
    assert doc.key_marks[("b",)] == (1, 9)


def test_crlf_and_bom_do_not_shift_locations() -> None:
    raw = b"\xef\xbb\xbfopportunity:\r\n  name: X\r\n  account: Y\r\n"
    doc = parse(decode(raw, path="m.yaml"), path="m.yaml")
    assert doc.data == {"opportunity": {"name": "X", "account": "Y"}}
    assert doc.value_marks[("opportunity", "account")] == (3, 12)


# --- duplicate keys ---------------------------------------------------------------------------


def test_duplicate_keys_keep_the_first_value_and_name_both_places() -> None:
    doc = parse(
        "stakeholders:\n  - id: jan\n    attitude: supporter\n    attitude: blocker\n",
        path="m.yaml",
    )
    assert doc.data["stakeholders"][0]["attitude"] == "supporter"
    assert doc.duplicates == [DuplicateKey(("stakeholders", 0, "attitude"), (3, 5), (4, 5))]
    assert doc.value_marks[("stakeholders", 0, "attitude")] == (3, 15)


def test_a_third_occurrence_is_reported_against_the_first() -> None:
    doc = parse("a: 1\na: 2\na: 3\n", path="m.yaml")
    assert [(d.first, d.second) for d in doc.duplicates] == [((1, 1), (2, 1)), ((1, 1), (3, 1))]
    assert doc.data == {"a": "1"}


def test_keys_inside_a_duplicate_value_are_not_indexed() -> None:
    doc = parse("a: {x: 1}\na: {x: 2, x: 3}\n", path="m.yaml")
    assert doc.data == {"a": {"x": "1"}}
    assert len(doc.duplicates) == 1
    assert doc.value_marks[("a", "x")] == (1, 8)


# --- rejects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ("a: b: c\n", (1, 5), "invalid YAML: mapping values are not allowed"),
        ("a: [1, 2\n", (2, 1), "invalid YAML"),
        ("a:\n\tb: 1\n", (2, 1), "tab character used for indentation"),
        ("a:\n  -\tb\n", (2, 4), "tab character used for indentation"),
        ("a: 1\n---\nb: 2\n", (2, 1), "several YAML documents in one file"),
        ("- a\n- b\n", (1, 1), "not a list"),
        ("just text\n", (1, 1), "not a single value"),
        ("'quoted'\n", (1, 1), "not a single value"),
        ("", (1, 1), "the file is empty"),
        ("\n\n   \n", (1, 1), "the file is empty"),
        ("# only\n# comments\n", (1, 1), "the file is empty"),
        ("---\n...\n", (1, 1), "the file is empty"),
        ("~\n", (1, 1), "the file is empty"),
        ("a: &x 1\nb: *x\n", (1, 4), "anchors and aliases are not allowed (&x)"),
        ("a: *x\n", (1, 4), "anchors and aliases are not allowed (*x)"),
        ("a: !!python/object:os.system x\n", (1, 4), "YAML tags are not allowed (!!python/object"),
        ("a: !!binary aGVsbG8=\n", (1, 4), "YAML tags are not allowed (!!binary)"),
        ("a: !custom x\n", (1, 4), "YAML tags are not allowed (!custom)"),
        ("? [a]\n: 1\n", (1, 3), "a key must be plain text"),
        ("a: x\x07\n", (1, 5), "control character (U+0007)"),
        ("é: ü\x1b\n", (1, 5), "control character (U+001B)"),
        ("a: x\u2028y\n", (1, 5), "LINE SEPARATOR (U+2028)"),
        ("a:\n  b: x\x85y\n", (2, 7), "NEXT LINE (U+0085)"),
        ('a: "\\ud800"\n', (1, 7), "invalid YAML"),
    ],
)
def test_parse_rejects_with_a_located_one_line_message(
    text: str, where: tuple[int, int], fragment: str
) -> None:
    error = load_error(text)
    assert (error.line, error.column) == where
    assert fragment in error.message
    assert error.hint


@pytest.mark.parametrize(
    ("text", "line", "marker"),
    [
        ("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> main\n", 2, "<<<<<<<"),
        ("a: 1\nb: 2\n=======\nb: 3\n>>>>>>> main\n", 3, "======="),
        ("a: 1\nb: 3\n>>>>>>> 1a2b3c4 (rename)\n", 3, ">>>>>>>"),
        ("a: 1\n||||||| merged common ancestors\n", 2, "|||||||"),
    ],
)
def test_merge_conflict_markers_are_named_with_their_line(
    text: str, line: int, marker: str
) -> None:
    error = load_error(text)
    assert error.message == f"git merge-conflict marker '{marker}' at line {line}"
    assert (error.line, error.column) == (line, 1)
    assert "merge conflict" in error.hint


def test_conflict_like_text_inside_a_value_is_not_a_conflict() -> None:
    doc = parse("notes: |\n  <<<<<<< not at the margin\n  =======\n", path="m.yaml")
    assert doc.data["notes"].startswith("<<<<<<<")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "{" * 100_000,
        "a: " + "[" * 50_000 + "]" * 50_000,
        "- " * 50_000 + "x",
        "".join(" " * i + "-\n" for i in range(3_000)),
        "".join(" " * i + f"k{i}:\n" for i in range(3_000)),
    ],
    ids=[
        "100k-brackets",
        "100k-braces",
        "50k-balanced",
        "50k-dashes",
        "3k-block-list",
        "3k-block-map",
    ],
)
def test_absurd_nesting_is_a_clean_error_not_a_crash(text: str) -> None:
    error = load_error(text)
    assert error.message == f"nesting deeper than {loader.MAX_DEPTH} levels"


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = loader.MAX_DEPTH - 1  # the top-level mapping is the first level
    doc = parse("a: " + "[" * depth + "]" * depth + "\n", path="m.yaml")
    value = doc.data["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    error = load_error((FIXTURES / "invalid" / "am001-anchors-billion-laughs.yaml").read_text())
    assert error.message == "anchors and aliases are not allowed (&a)"


# --- bytes ------------------------------------------------------------------------------------


def test_utf8_bom_is_accepted_and_dropped() -> None:
    assert decode(b"\xef\xbb\xbfa: \xc3\xa9\n", path="m.yaml") == "a: é\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_is_named(encoding: str) -> None:
    raw = "opportunity:\n  name: X\n".encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    error = decode_error(raw)
    assert "UTF-16" in error.message
    assert "UTF-8" in error.hint


def test_utf16_without_bom_is_recognised() -> None:
    error = decode_error("opportunity:\n  name: X\n".encode("utf-16-le"))
    assert error.message == "file looks like UTF-16 text (without a byte-order mark), not UTF-8"


def test_nul_byte_is_binary_data_at_its_place() -> None:
    error = decode_error(b"a: 1\nb: x\x00y\n")
    assert error.message == "file contains binary data (a NUL byte), not text"
    assert (error.line, error.column) == (2, 5)


def test_png_header_is_binary_data() -> None:
    error = decode_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary data" in error.message


def test_latin1_bytes_are_located_and_explained() -> None:
    error = decode_error("a: 1\nname: Café\n".encode("latin-1"))
    assert error.message == "file is not valid UTF-8 (byte 0xe9)"
    assert (error.line, error.column) == (2, 10)
    assert "Latin-1" in error.hint


def test_size_limit(tmp_path: Path) -> None:
    at_limit = tmp_path / "at.yaml"
    at_limit.write_bytes(b"a: " + b"x" * (loader.MAX_BYTES - 4) + b"\n")
    assert len(read_text(at_limit)) == loader.MAX_BYTES
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: " + b"x" * loader.MAX_BYTES)
    with pytest.raises(MapLoadError) as caught:
        read_text(over)
    assert caught.value.message == "file is larger than 2 MiB; this is not an account map"


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(MapLoadError, match="file not found"):
        read_text(tmp_path / "missing.yaml")
    with pytest.raises(MapLoadError, match="is a folder"):
        read_text(tmp_path)


def test_a_lone_surrogate_in_text_is_an_error_not_a_crash() -> None:
    error = load_error("a: \udcff\n")
    assert (error.line, error.column) == (1, 4)


# --- the C parser and the pure-Python fallback -------------------------------------------------


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_libyaml_parser_is_used_when_available() -> None:
    from yaml._yaml import CParser

    assert isinstance(loader._parser("a: 1"), CParser)


def test_pure_python_fallback_gives_the_same_data_and_locations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = sorted((FIXTURES / "valid").glob("*.yaml"))
    with_c = [load(path) for path in paths]
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)
    for path, fast in zip(paths, with_c, strict=True):
        slow = load(path)
        assert slow.data == fast.data, path.name
        assert slow.value_marks == fast.value_marks, path.name
        assert slow.key_marks == fast.key_marks, path.name


def test_pure_python_fallback_rejects_what_libyaml_rejects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml._yaml", None)
    assert isinstance(loader._parser("a: 1"), yaml.SafeLoader)
    for text, fragment in [
        ("a: x\x07\n", "control character"),
        ("[" * 100_000, "nesting deeper"),
        ("a:\n\tb: 1\n", "tab character"),
        ("a: &x 1\n", "anchors"),
    ]:
        assert fragment in load_error(text).message


# --- discovery --------------------------------------------------------------------------------


def test_discover_searches_folders_recursively_skipping_hidden_ones(tmp_path: Path) -> None:
    for name in [
        "b.yaml",
        "a.yml",
        "notes.txt",
        "sub/c.yaml",
        "sub/deeper/d.yml",
        ".git/e.yaml",
        "sub/.hidden/f.yaml",
        ".dotfile.yaml",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a: 1\n")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover([str(tmp_path)])]
    assert found == [".dotfile.yaml", "a.yml", "b.yaml", "sub/c.yaml", "sub/deeper/d.yml"]


def test_discover_yields_named_files_whatever_their_suffix_once(tmp_path: Path) -> None:
    (tmp_path / "map.txt").write_text("a: 1\n")
    (tmp_path / "m.yaml").write_text("a: 1\n")
    given = [str(tmp_path / "map.txt"), str(tmp_path), str(tmp_path / "m.yaml")]
    assert list(discover(given)) == [str(tmp_path / "map.txt"), str(tmp_path / "m.yaml")]


def test_discover_raises_for_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(discover([str(tmp_path / "nope")]))


# --- locations kept per container, extension keys noted ------------------------------------------


def test_locate_walks_the_data_and_falls_back_to_the_nearest_ancestor() -> None:
    doc = parse("a:\n  b: [x, {c: 1}]\n  d: 2\n", path="m.yaml")
    assert doc.locate(("a", "b", 1, "c")) == (2, 14)
    assert doc.locate(("a", "b", 1, "c"), key=True) == (2, 11)
    assert doc.locate(("a", "b", 0)) == (2, 7)
    assert doc.locate(("a", "b", 5)) == (2, 3)  # no such item: the key of the list
    assert doc.locate(("a", "zz", "y")) == (1, 1)  # no such key: the key of its parent
    assert doc.locate(()) == (1, 1)


def test_extension_keys_are_noted_where_they_are_written() -> None:
    doc = parse("x-a: 1\nb:\n  - {x-c: 2, d: 3}\n  - {e: x-f}\n", path="m.yaml")
    assert doc.extensions == [("x-a",), ("b", 0, "x-c")]
    assert doc.data == {"x-a": "1", "b": [{"x-c": "2", "d": "3"}, {"e": "x-f"}]}
