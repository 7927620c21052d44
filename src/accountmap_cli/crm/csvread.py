"""Read the CSV files CRMs and spreadsheets write, however messy, and say exactly what is wrong.

What real exports look like, and what this module does about it:

- Encoding: UTF-8 with or without a byte-order mark; UTF-16 with a BOM (Excel's "Unicode text");
  anything else is read as Windows-1252 (what Excel on Windows writes), falling back to Latin-1,
  with a note saying so.
- Separator: `,` (Salesforce, HubSpot, English Excel), `;` (Dutch, German, French Excel) or a tab,
  guessed from the header row; Excel's `sep=;` first line is honoured.
- Quoted cells may contain the separator, quotes (`""`) and line breaks.
- Empty rows (also rows of only separators) are skipped; unknown columns are ignored; column names
  match case-insensitively and without spaces or underscores (`OPPORTUNITYID`, `First name`).
- A missing required column is an error naming the closest column that is there.
- A key column (an `Id`) used twice is reported at the second row.

Row numbers are spreadsheet rows: the header is row 1, and a line break inside a quoted cell does
not start a new row. Every problem carries the file and the row.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from accountmap_cli.errors import AccountmapError

MAX_BYTES = 256 * 1024 * 1024
"""Largest CSV file we read."""

_SEPARATORS = (",", ";", "\t")
_SEP_LINE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class CsvProblem:
    """One problem (or note) in one CSV file, at one row (row 0: the file as a whole)."""

    path: str
    row: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.row}" if self.row else self.path
        return f"{where}: {self.message}"


class CsvError(AccountmapError):
    """A CSV file that cannot be used at all (not found, not text, required columns missing)."""

    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        first = problems[0]
        super().__init__(str(first), hint=first.hint)
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: its spreadsheet row number and its cells by canonical column name."""

    row: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(slots=True)
class CsvTable:
    """A CSV file read into rows, with what was noticed on the way."""

    path: str
    encoding: str
    separator: str
    columns: tuple[str, ...]
    """The canonical names of the known columns present in the file."""
    rows: list[CsvRow] = field(default_factory=list)
    notes: list[CsvProblem] = field(default_factory=list)
    """Things the user should know that do not stop the import (encoding guessed, ...)."""
    problems: list[CsvProblem] = field(default_factory=list)
    """Errors in single rows (duplicate keys); the importer decides what they spoil."""
    by_key: dict[str, CsvRow] = field(default_factory=dict)
    """Rows by the key column (first row wins), when a key column was named."""
    duplicate_keys: dict[str, list[CsvProblem]] = field(default_factory=dict)
    """Key → the problems reported for rows that repeat it with different content."""


def normal_name(name: str) -> str:
    """How names are compared: case, spaces, `_` and `-` do not matter."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def decode_csv(raw: bytes, *, path: str) -> tuple[str, str, list[CsvProblem]]:
    """Bytes of a CSV file → (text, encoding name, notes); raises `CsvError` for non-text."""
    if raw.startswith(b"PK\x03\x04"):
        raise CsvError(
            [
                CsvProblem(
                    path,
                    0,
                    "this is an Excel workbook (.xlsx), not a CSV file",
                    hint="open it in Excel and 'Save as' CSV (comma or semicolon separated)",
                )
            ]
        )
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError:
            raw = body
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            raise CsvError(
                [CsvProblem(path, 0, "file starts as UTF-16 but is not valid UTF-16")]
            ) from None
    if b"\x00" in raw:
        raise CsvError(
            [
                CsvProblem(
                    path,
                    0,
                    "file contains binary data (a NUL byte), not CSV text",
                    hint="export the data from your CRM as CSV",
                )
            ]
        )
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
    try:
        text, encoding, shown = raw.decode("cp1252"), "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        text, encoding, shown = raw.decode("latin-1"), "latin-1", "Latin-1"
    note = CsvProblem(
        path,
        0,
        f"not UTF-8 (byte 0x{byte:02x} on line {line}); read as {shown}",
        hint="check names with accents; export as 'CSV UTF-8' to avoid the guess",
    )
    return text, encoding, [note]


def _unquoted_count(line: str, char: str) -> int:
    count = 0
    quoted = False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def sniff_separator(header_line: str) -> str:
    """The separator used in a header line: the most frequent of `,` `;` and tab (default `,`)."""
    best, best_count = ",", 0
    for separator in _SEPARATORS:
        count = _unquoted_count(header_line, separator)
        if count > best_count:
            best, best_count = separator, count
    return best


def read_csv(
    path: str | os.PathLike[str],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    key: str | None = None,
    what: str = "CSV file",
) -> CsvTable:
    """Read one CSV file, keeping the `required` and `optional` columns (canonical names).

    `key` names the column that identifies a row (e.g. `Id`): rows with it empty are problems,
    and a key seen twice is a problem at the second row (a row repeated exactly is only a note).
    Raises `CsvError` when the file cannot be read or a required column is missing.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CsvError([CsvProblem(name, 0, f"{what} not found")]) from None
    except IsADirectoryError:
        raise CsvError([CsvProblem(name, 0, f"is a folder, not a {what}")]) from None
    except OSError as exc:
        raise CsvError([CsvProblem(name, 0, f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise CsvError(
            [CsvProblem(name, 0, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")]
        )
    text, encoding, notes = decode_csv(raw, path=name)
    return parse_csv(
        text,
        path=name,
        encoding=encoding,
        notes=notes,
        required=required,
        optional=optional,
        key=key,
        what=what,
    )


def read_all(
    requests: Sequence[tuple[str | os.PathLike[str] | None, dict]],
) -> list[CsvTable | None]:
    """Read several files (`(path or None, read_csv keyword arguments)`), reporting the problems
    of all of them at once: raises one `CsvError` with every file's problems."""
    tables: list[CsvTable | None] = []
    problems: list[CsvProblem] = []
    for path, options in requests:
        if path is None:
            tables.append(None)
            continue
        try:
            tables.append(read_csv(path, **options))
        except CsvError as error:
            problems.extend(error.problems)
            tables.append(None)
    if problems:
        raise CsvError(problems)
    return tables


def parse_csv(
    text: str,
    *,
    path: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    key: str | None = None,
    what: str = "CSV file",
    encoding: str = "utf-8",
    notes: list[CsvProblem] | None = None,
) -> CsvTable:
    """Parse the text of a CSV file; see `read_csv`."""
    notes = list(notes or [])
    first_line, _, rest = text.partition("\n")
    first_row = 1
    forced = _SEP_LINE.match(first_line.rstrip("\r"))
    if forced:
        separator = forced.group(1)
        text = rest
        first_row = 2
        first_line = rest.partition("\n")[0]
    else:
        separator = sniff_separator(first_line)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=separator, quotechar='"', strict=True
    )
    records = _records(reader, path, first_row)
    header: list[str] | None = None
    header_row = first_row
    for row, record in records:
        header_row = row
        if any(cell.strip() for cell in record):
            header = [cell.strip().lstrip("\ufeff") for cell in record]
            break
    if header is None:
        raise CsvError(
            [
                CsvProblem(
                    path,
                    0,
                    f"the file is empty; expected a header row with {', '.join(required)}",
                )
            ]
        )
    wanted = {normal_name(column): column for column in (*required, *optional)}
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        canonical = cell if cell in wanted.values() else wanted.get(normal_name(cell))
        if canonical is not None and canonical not in positions:
            positions[canonical] = position
    missing = [column for column in required if column not in positions]
    if missing:
        problems = []
        unused = [cell for i, cell in enumerate(header) if i not in positions.values() and cell]
        for column in missing:
            close = (
                difflib.get_close_matches(column, unused, n=1, cutoff=0.6)
                or [cell for cell in unused if normal_name(column) in normal_name(cell)][:1]
            )
            message = f"missing column '{column}'"
            hint = None
            if close:
                message += f"; did you mean '{close[0]}'?"
                hint = f"rename the column '{close[0]}' to '{column}'"
            else:
                shown = ", ".join(f"'{c}'" for c in header if c) or "none"
                hint = f"a {what} needs the columns {', '.join(required)}; this one has {shown}"
            problems.append(CsvProblem(path, header_row, message, hint))
        raise CsvError(problems)
    table = CsvTable(path, encoding, separator, tuple(positions), notes=notes)
    seen_text: dict[str, tuple[int, dict[str, str]]] = {}
    for row, record in records:
        if not any(cell.strip() for cell in record):
            continue
        cells = {
            column: record[position].strip() if position < len(record) else ""
            for column, position in positions.items()
        }
        csv_row = CsvRow(row, cells)
        if key is not None:
            value = cells[key]
            if not value:
                table.notes.append(CsvProblem(path, row, f"empty {key}; row skipped"))
                continue
            if value in seen_text:
                first, first_cells = seen_text[value]
                if first_cells == cells:
                    table.notes.append(
                        CsvProblem(
                            path, row, f"{key} '{value}' repeats row {first} exactly; skipped"
                        )
                    )
                else:
                    problem = CsvProblem(
                        path,
                        row,
                        f"duplicate {key} '{value}' (first at row {first})",
                        hint="remove one of the two rows or merge them in the CRM",
                    )
                    table.problems.append(problem)
                    table.duplicate_keys.setdefault(value, []).append(problem)
                continue
            seen_text[value] = (row, cells)
            table.by_key[value] = csv_row
        table.rows.append(csv_row)
    return table


def _records(reader, path: str, first_row: int) -> Iterator[tuple[int, list[str]]]:
    row = first_row
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                message = 'a quoted cell is never closed (a closing " is missing)'
            else:
                message = f"not readable as CSV: {exc}"
            raise CsvError(
                [CsvProblem(path, row, message, hint="check the quotes in this row")]
            ) from None
        yield row, record
        row += 1
