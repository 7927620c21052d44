"""render/textgrid.py: the plain fixed-width table used when output is not a terminal."""

from __future__ import annotations

import unicodedata

import pytest

from accountmap_cli.render.textgrid import Column, cell_width, fit_widths, render_table, wrap


def widths_of(text: str) -> set[int]:
    return {cell_width(line) for line in text.splitlines()}


# --- wrapping and folding ------------------------------------------------------------------------


def test_wrap_breaks_at_spaces_and_keeps_paragraphs() -> None:
    assert wrap("ask Marco Peeters to introduce you", 12) == [
        "ask Marco",
        "Peeters to",
        "introduce",
        "you",
    ]
    assert wrap("Kuipers\nCNC cell, hall B", 10) == ["Kuipers", "CNC cell,", "hall B"]
    assert wrap("", 5) == [""]
    assert wrap("a\n\nb", 5) == ["a", "", "b"]


def test_wrap_does_not_break_at_hyphens_but_folds_a_word_longer_than_the_column() -> None:
    assert wrap("yes: Anouk de Vries-Brouwer", 14) == ["yes: Anouk de", "Vries-Brouwer"]
    assert wrap("Metaalbewerkingsbedrijf B.V.", 10) == ["Metaalbewe", "rkingsbedr", "ijf B.V."]


def test_no_wrap_text_is_only_folded_when_too_long() -> None:
    assert wrap("€ 1,200,000", 20, no_wrap=True) == ["€ 1,200,000"]
    assert wrap("abcdef ghij", 4, no_wrap=True) == ["abcd", "ef g", "hij"]


def test_cell_width_counts_terminal_cells() -> None:
    assert cell_width("Ömer Yılmaz") == 11
    assert cell_width(unicodedata.normalize("NFD", "Ömer Yılmaz")) == 11  # combining diaeresis
    assert cell_width("山田太郎") == 8
    assert cell_width("€280,000 · Daan") == 15


def test_wide_characters_wrap_and_fold_by_cells() -> None:
    assert wrap("山田 太郎さん", 6) == ["山田", "太郎さ", "ん"]
    assert all(cell_width(line) <= 5 for line in wrap("山田太郎さん 田中", 5))


# --- fitting widths ------------------------------------------------------------------------------


def test_natural_widths_when_everything_fits() -> None:
    columns = [Column("a"), Column("b")]
    assert fit_widths(columns, [10, 20], [3, 4], room=40) == [10, 20]


def test_shrinking_shares_the_room_by_ratio_between_minimum_and_natural() -> None:
    columns = [Column("a", ratio=1), Column("b", ratio=3), Column("c", no_wrap=True)]
    # c keeps its 10; a and b share 30 as 1:3: 7.5 and 22.5, a tie that goes to the first.
    assert fit_widths(columns, [40, 40, 10], [3, 3, 10], room=40) == [8, 22, 10]
    # a's share (5) is below its longest word (8): a gets 8, b the rest.
    assert fit_widths(columns, [40, 40, 10], [8, 3, 10], room=30) == [8, 12, 10]
    # b's share would exceed its natural width: b gets 12, a the rest.
    assert fit_widths(columns, [40, 12, 10], [3, 3, 10], room=40) == [18, 12, 10]


def test_ratio_zero_keeps_its_natural_width() -> None:
    columns = [Column("a"), Column("b", ratio=0)]
    assert fit_widths(columns, [30, 9], [5, 3], room=20) == [11, 9]


def test_when_minimums_do_not_fit_wrapping_columns_give_before_no_wrap_ones() -> None:
    columns = [Column("a"), Column("b"), Column("money", no_wrap=True)]
    assert fit_widths(columns, [20, 20, 10], [12, 12, 10], room=20) == [5, 5, 10]
    assert fit_widths(columns, [20, 20, 10], [12, 12, 10], room=9) == [3, 3, 3]


# --- the table -----------------------------------------------------------------------------------

COLUMNS = [
    Column("Deal", ratio=3),
    Column("Value", justify="right", no_wrap=True),
    Column("Named/\nengaged", justify="center", ratio=0),
    Column("Next action", ratio=2),
]
ROWS = [
    ["Kuipers Metaalbewerking B.V.\n5-axis CNC cell", "€415,000", "7/7", ""],
    [
        "De Boer\nRobot cell",
        "€65,000",
        "12/10",
        "ask Sanne Zwart to introduce you to Klaas de Boer",
    ],
]


def test_a_table_that_fits() -> None:
    assert render_table(COLUMNS, ROWS, width=120, title="Pipeline review") == (
        "                                             Pipeline review\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃                              ┃          ┃ Named/  ┃                                                   ┃\n"
        "┃ Deal                         ┃    Value ┃ engaged ┃ Next action                                       ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ Kuipers Metaalbewerking B.V. │ €415,000 │   7/7   │                                                   │\n"
        "│ 5-axis CNC cell              │          │         │                                                   │\n"
        "├──────────────────────────────┼──────────┼─────────┼───────────────────────────────────────────────────┤\n"
        "│ De Boer                      │  €65,000 │  12/10  │ ask Sanne Zwart to introduce you to Klaas de Boer │\n"
        "│ Robot cell                   │          │         │                                                   │\n"
        "└──────────────────────────────┴──────────┴─────────┴───────────────────────────────────────────────────┘\n"
    )


def test_a_narrow_table_wraps_to_the_width_exactly() -> None:
    text = render_table(COLUMNS, ROWS, width=60, row_lines=False)
    assert widths_of(text) == {60}
    assert text == (
        "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃                     ┃          ┃ Named/  ┃               ┃\n"
        "┃ Deal                ┃    Value ┃ engaged ┃ Next action   ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ Kuipers             │ €415,000 │   7/7   │               │\n"
        "│ Metaalbewerking     │          │         │               │\n"
        "│ B.V.                │          │         │               │\n"
        "│ 5-axis CNC cell     │          │         │               │\n"
        "│ De Boer             │  €65,000 │  12/10  │ ask Sanne     │\n"
        "│ Robot cell          │          │         │ Zwart to      │\n"
        "│                     │          │         │ introduce you │\n"
        "│                     │          │         │ to Klaas de   │\n"
        "│                     │          │         │ Boer          │\n"
        "└─────────────────────┴──────────┴─────────┴───────────────┘\n"
    )


def cells_of(text: str) -> list[list[str]]:
    """The table read back: per row, each column's text with spaces and line breaks removed."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("│"):
            parts = line[1:-1].split("│")
            if current is None:
                current = [""] * len(parts)
                rows.append(current)
            for index, part in enumerate(parts):
                current[index] += part.replace(" ", "")
        else:
            current = None
    return rows


@pytest.mark.parametrize("width", [20, 37, 45, 60, 80, 200])
def test_every_line_has_the_width_and_no_text_is_lost(width: int) -> None:
    text = render_table(COLUMNS, ROWS, width=width)
    assert widths_of(text) == ({width} if width <= 105 else {105})
    assert cells_of(text) == [[c.replace(" ", "").replace("\n", "") for c in r] for r in ROWS]


def test_an_empty_table_shows_its_header() -> None:
    assert render_table([Column("Deal"), Column("Risk")], [], width=80).splitlines() == [
        "┏━━━━━━┳━━━━━━┓",
        "┃ Deal ┃ Risk ┃",
        "┗━━━━━━┻━━━━━━┛",
    ]
    assert render_table([], [], width=80, title="Nothing") == "Nothing\n"
    assert render_table([], [], width=80) == ""


def test_unicode_names_line_up() -> None:
    rows = [
        ["Ömer Yılmaz", "1"],
        [unicodedata.normalize("NFD", "Ömer Yılmaz"), "2"],
        ["山田太郎", "3"],
    ]
    text = render_table([Column("Name"), Column("#", justify="right")], rows, width=40)
    assert widths_of(text) == {19}
    assert "│ Ömer Yılmaz │ 1 │" in text
    assert "│ 山田太郎    │ 3 │" in text


def test_control_characters_do_not_reach_the_output() -> None:
    text = render_table([Column("a")], [["red\x1b[31m\tbell\x07\r\nnext"]], width=40)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "│ red[31m bell │\n│ next         │" in text


def test_a_row_with_the_wrong_number_of_cells_is_an_error() -> None:
    with pytest.raises(ValueError, match="2 cells for 1 columns"):
        render_table([Column("a")], [["x", "y"]], width=40)


def test_min_and_max_width_bound_a_column() -> None:
    text = render_table(
        [Column("a", min_width=6), Column("b", max_width=5)], [["x", "abc defgh"]], width=80
    )
    assert text.splitlines()[1] == "┃ a      ┃ b     ┃"
    assert "│ x      │ abc   │" in text
    assert "│        │ defgh │" in text
