"""Reading messy CSV exports: encodings, separators, quoted newlines, empty rows, bad headers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accountmap_cli.crm.csvread import CsvError, parse_csv, read_csv, sniff_separator

FIXTURES = Path(__file__).parent / "fixtures" / "crm"
CONTACT = dict(required=("Id", "FirstName", "LastName"), optional=("Title", "ReportsToId"))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder holding copies of the fixture exports (short paths in messages)."""
    for folder in ("salesforce", "hubspot", "messy"):
        shutil.copytree(FIXTURES / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_salesforce_export_utf8_comma_quoted_with_newline_in_unknown_column(here: Path) -> None:
    table = read_csv("salesforce/Contact.csv", key="Id", **CONTACT)
    assert (table.encoding, table.separator) == ("utf-8", ",")
    assert table.columns == ("Id", "LastName", "FirstName", "Title", "ReportsToId")
    # The first contact's Description holds a line break: Jan is still on spreadsheet row 3.
    assert [(r.row, r["FirstName"]) for r in table.rows] == [
        (2, "Anne-Marie"),
        (3, "Jan"),
        (4, "Pieter"),
        (5, "Jürgen"),
        (6, "Sanne"),
    ]
    assert table.rows[3]["LastName"] == "Özdemir-Bakker"
    assert table.notes == [] and table.problems == []


def test_dutch_excel_semicolon_cp1252_empty_rows_and_quoted_newline(here: Path) -> None:
    table = read_csv("messy/Contact-nl-cp1252.csv", key="Id", **CONTACT)
    assert (table.encoding, table.separator) == ("cp1252", ";")
    assert [str(n) for n in table.notes] == [
        "messy/Contact-nl-cp1252.csv: not UTF-8 (byte 0xd6 on line 7); read as Windows-1252"
    ]
    assert [(r.row, r["Id"], r["Title"]) for r in table.rows] == [
        (2, "0035g00000AnnAAA", "CEO"),
        (5, "0035g00000JanAAA", "CFO"),
        (6, "0035g00000JurAAA", "Hoofd IT"),
    ]
    assert table.rows[2]["FirstName"] == "Jürgen"


def test_utf8_bom_with_semicolons(here: Path) -> None:
    table = read_csv(
        "messy/Opportunity-nl-bom.csv", required=("Id", "Name"), optional=("Amount",), key="Id"
    )
    assert (table.encoding, table.separator) == ("utf-8-sig", ";")
    assert table.rows[0].cells == {
        "Id": "0065g00000Pack3AA",
        "Name": "Packaging line 3",
        "Amount": "280.000,00",
    }


def test_excel_sep_line_sets_the_separator_and_shifts_rows(here: Path) -> None:
    table = read_csv("messy/Contact-sep-line.csv", key="Id", **CONTACT)
    assert table.separator == ";"
    assert [(r.row, r["LastName"]) for r in table.rows] == [(3, "de Vries")]


def test_utf16_tab_separated(here: Path) -> None:
    table = read_csv("messy/Contact-utf16.csv", key="Id", **CONTACT)
    assert (table.encoding, table.separator) == ("utf-16", "\t")
    assert table.rows[0]["LastName"] == "de Vries"


def test_duplicate_ids_are_reported_at_the_second_row(here: Path) -> None:
    table = read_csv("messy/Contact-duplicate-ids.csv", key="Id", **CONTACT)
    assert [str(p) for p in table.problems] == [
        "messy/Contact-duplicate-ids.csv:4: duplicate Id '0035g00000JanAAA' (first at row 2)"
    ]
    assert [str(n) for n in table.notes] == [
        "messy/Contact-duplicate-ids.csv:5: Id '0035g00000AnnAAA' repeats row 3 exactly; skipped"
    ]
    assert list(table.duplicate_keys) == ["0035g00000JanAAA"]
    assert table.by_key["0035g00000JanAAA"]["Title"] == "CFO"


def test_missing_column_names_the_closest_one(here: Path) -> None:
    with pytest.raises(CsvError) as caught:
        read_csv("messy/Contact-missing-column.csv", key="Id", what="Contact export", **CONTACT)
    [problem] = caught.value.problems
    assert str(problem) == (
        "messy/Contact-missing-column.csv:1: missing column 'LastName'; did you mean 'LastNaam'?"
    )
    assert problem.hint == "rename the column 'LastNaam' to 'LastName'"


def test_missing_column_without_a_close_one_lists_the_columns() -> None:
    with pytest.raises(CsvError) as caught:
        parse_csv("Naam,Functie\nJan,CFO\n", path="x.csv", what="Contact export", **CONTACT)
    assert [str(p) for p in caught.value.problems] == [
        "x.csv:1: missing column 'Id'",
        "x.csv:1: missing column 'FirstName'",
        "x.csv:1: missing column 'LastName'",
    ]
    assert caught.value.problems[0].hint == (
        "a Contact export needs the columns Id, FirstName, LastName; this one has 'Naam', 'Functie'"
    )


def test_column_names_match_without_case_spaces_or_underscores() -> None:
    text = '"ID","FIRST_NAME","Last name","title"\n"1","Jan","de Vries","CFO"\n'
    table = parse_csv(text, path="x.csv", key="Id", **CONTACT)
    assert table.rows[0].cells == {
        "Id": "1",
        "FirstName": "Jan",
        "LastName": "de Vries",
        "Title": "CFO",
    }


def test_empty_key_is_a_note_and_the_row_is_skipped() -> None:
    table = parse_csv(
        "Id,FirstName,LastName\n,Jan,de Vries\n2,Anne,Jansen\n", path="x.csv", key="Id", **CONTACT
    )
    assert [str(n) for n in table.notes] == ["x.csv:2: empty Id; row skipped"]
    assert [r["Id"] for r in table.rows] == ["2"]


def test_unclosed_quote(here: Path) -> None:
    with pytest.raises(CsvError) as caught:
        read_csv("messy/unclosed-quote.csv", key="Id", **CONTACT)
    assert str(caught.value.problems[0]) == (
        "messy/unclosed-quote.csv:2: not readable as CSV: ',' expected after '\"'"
    )


def test_quote_never_closed_until_the_end() -> None:
    with pytest.raises(CsvError) as caught:
        parse_csv(
            'Id,FirstName,LastName\n1,"Jan,de Vries\n2,Anne,Jansen\n', path="x.csv", **CONTACT
        )
    assert str(caught.value.problems[0]) == (
        'x.csv:2: a quoted cell is never closed (a closing " is missing)'
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "messy/workbook.xlsx",
            "messy/workbook.xlsx: this is an Excel workbook (.xlsx), not a CSV file",
        ),
        ("messy/nothing.csv", "messy/nothing.csv: Contact export not found"),
        ("messy", "messy: is a folder, not a Contact export"),
    ],
)
def test_files_that_are_not_csv(here: Path, name: str, message: str) -> None:
    with pytest.raises(CsvError) as caught:
        read_csv(name, what="Contact export", **CONTACT)
    assert str(caught.value) == message


def test_empty_file_and_binary_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n\r\n")
    with pytest.raises(CsvError) as caught:
        read_csv(empty, **CONTACT)
    assert caught.value.problems[0].message == (
        "the file is empty; expected a header row with Id, FirstName, LastName"
    )
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"Id,FirstName\x00,LastName\n")
    with pytest.raises(CsvError) as caught:
        read_csv(binary, **CONTACT)
    assert caught.value.problems[0].message == (
        "file contains binary data (a NUL byte), not CSV text"
    )


def test_latin1_when_not_even_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"Id,FirstName,LastName\n1,Ren\xe9\x81,X\n")
    table = read_csv(path, **CONTACT)
    assert table.encoding == "latin-1"
    assert table.notes[0].message == "not UTF-8 (byte 0xe9 on line 2); read as Latin-1"


@pytest.mark.parametrize(
    ("line", "separator"),
    [
        ('"Id","Name","Amount"', ","),
        ("Id;Name;Amount", ";"),
        ('"Id";"Name, or title";"Amount"', ";"),
        ("Id\tName\tAmount", "\t"),
        ("Id", ","),
    ],
)
def test_sniff_separator(line: str, separator: str) -> None:
    assert sniff_separator(line) == separator


def test_any_bytes_give_a_table_or_a_csv_error() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from accountmap_cli.crm.csvread import decode_csv

    cells = st.sampled_from(["Id", "FirstName", "LastName", "", '"', ";", ",", "\n", "\r\n", "é"])

    @settings(max_examples=100, deadline=None)
    @given(st.one_of(st.binary(max_size=200), st.lists(cells, max_size=40).map("".join)))
    def check(data: bytes | str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            text, _, _ = decode_csv(raw, path="x.csv")
            parse_csv(text, path="x.csv", key="Id", **CONTACT)
        except CsvError as error:
            assert error.problems and all(str(p).startswith("x.csv") for p in error.problems)

    check()
