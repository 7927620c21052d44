"""Ids made from names."""

from __future__ import annotations

import pytest

from accountmap_cli.edit.slug import slugify, unique_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jürgen Ôzdemir-Bakker", "jurgen-ozdemir-bakker"),
        ("Anna  de   Vries", "anna-de-vries"),
        ("Søren Æbelø", "soren-aebelo"),
        ("Straße 5", "strasse-5"),
        ("  -- CFO (vacant) --", "cfo-vacant"),
        ("Zoë O'Neill", "zoe-o-neill"),
        ("ＡＢＣ", "abc"),
        ("李雷", ""),
    ],
)
def test_slugify(name: str, expected: str) -> None:
    assert slugify(name) == expected


def test_slug_is_a_valid_id_and_not_too_long() -> None:
    import re

    from accountmap_cli.models import ID_PATTERN

    slug = slugify("A" * 100 + " b")
    assert len(slug) <= 64
    assert re.match(ID_PATTERN, slug)


def test_clash_gets_a_numeric_suffix() -> None:
    taken = {"anna", "anna-2"}
    assert unique_id("Anna", taken) == "anna-3"
    assert unique_id("Bram", taken) == "bram"


def test_name_without_latin_letters_falls_back() -> None:
    assert unique_id("李雷", set()) == "person"
    assert unique_id("李雷", {"person"}) == "person-2"


def test_suffix_keeps_long_ids_within_64_characters() -> None:
    base = slugify("x" * 80)
    assert len(unique_id("x" * 80, {base})) <= 64
