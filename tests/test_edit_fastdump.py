"""The direct writer of new maps gives exactly ruamel's bytes, or declines and lets ruamel write."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from accountmap_cli.crm import merge
from accountmap_cli.crm.mapping import Effect, ImportedDeal, ImportedPerson
from accountmap_cli.edit import document, fastdump

HOSTILE = (
    "Jan de Vries",
    "Jürgen Özdemir-Bakker",
    "O'Brien",
    "'t Hooft",
    'say "hi"',
    "'quoted' \"both\"",
    "back\\slash",
    "Acme: the big one",
    "Acme:B.V.",
    "ends with:",
    "a #hash",
    "a#b",
    "#first",
    "- dash",
    "-dash",
    "-",
    "? what",
    "?what",
    ":colon",
    "@handle",
    "`tick`",
    "%percent",
    "&anchor",
    "*alias",
    "!tag",
    "|pipe",
    ">fold",
    "[list]",
    "{map}",
    "a, b [c] {d}",
    "---",
    "--- x",
    "...",
    " leading",
    "trailing ",
    "two  spaces",
    "no",
    "No",
    "NO",
    "on",
    "off",
    "yes",
    "y",
    "n",
    "Y",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "0612345670",
    "007",
    "0o17",
    "0x1F",
    "1e3",
    "1_000",
    "12:30",
    "2026-12-04",
    "2026-12-04T10:00:00",
    "3M Company",
    "1&1",
    "-5",
    "+31 6 1234 5678",
    ".inf",
    ".5",
    "<<",
    "=",
    "🚀 Rocket GmbH",
    "Rocket 🚀",
    "日本語の会社",
    "tab\there",
    "line\nbreak",
    "line\u2028sep",
    "bom\ufeff",
    "nbsp\u00a0here",
    "ctrl\x07",
    "nel\x85",
    "x" * 1200,
    "",
)
"""Text a CRM export may hold in a name, title or id."""

FAST = (
    "Jan de Vries",
    "Jürgen Özdemir-Bakker",
    "O'Brien",
    "'t Hooft",
    "Acme: the big one",
    "no",
    "0612345670",
    "12:30",
    "3M Company",
    "🚀 Rocket GmbH",
    "日本語の会社",
)
"""Text the direct writer must handle itself (common in real exports)."""


def _doc(root: object) -> document.RoundTrip:
    return document.RoundTrip(root, document.Indent(), "# header\n", "'")


def _both(root: object) -> tuple[str | None, str]:
    doc = _doc(root)
    return fastdump.dump_fresh(doc), document.dump(doc)


def _tree(value: object) -> CommentedMap:
    """`value` as a mapping value, in a nested mapping, in a list and in a list item's mapping."""
    inner = CommentedMap()
    inner["name"] = value
    inner["value"] = 5
    item = CommentedMap()
    item["id"] = "p"
    item["title"] = value
    item["x-crm-id"] = value
    root = CommentedMap()
    root["text"] = value
    root["opportunity"] = inner
    root["list"] = CommentedSeq([value, "plain"])
    root["stakeholders"] = CommentedSeq([item, CommentedMap(id="q", name="Q")])
    return root


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
@pytest.mark.parametrize("style", ["raw", "text", "text-double", "single", "double"])
def test_hostile_text_is_written_as_ruamel_writes_it(value: str, style: str) -> None:
    shaped = {
        "raw": lambda v: v,
        "text": lambda v: document.text(v),
        "text-double": lambda v: document.text(v, quote='"'),
        "single": SingleQuotedScalarString,
        "double": DoubleQuotedScalarString,
    }[style](value)
    fast, slow = _both(_tree(shaped))
    if fast is not None:
        assert fast == slow


@pytest.mark.parametrize("value", FAST, ids=repr)
def test_common_text_takes_the_direct_path(value: str) -> None:
    for shaped in (value, document.text(value)):
        fast, slow = _both(_tree(shaped))
        assert fast == slow


@pytest.mark.parametrize(
    "value",
    [
        0,
        7,
        -5,
        280000,
        10**30,
        45000.5,
        0.1,
        1e16,
        1e-7,
        1.5e300,
        float("inf"),
        dt.date(2026, 3, 31),
        dt.date(1, 1, 1),
        True,
        None,
    ],
    ids=repr,
)
def test_numbers_dates_and_the_rest(value: object) -> None:
    fast, slow = _both(_tree(value))  # the same object four times: a date gets an &anchor
    if fast is not None:
        assert fast == slow
    single = CommentedMap(opportunity=CommentedMap(value=value, stage="won"))
    fast, slow = _both(single)
    if fast is not None:
        assert fast == slow
    if type(value) in (int, dt.date) or value in (45000.5, 0.1):
        assert fast is not None


def test_what_it_declines() -> None:
    commented = _tree("x")
    commented.yaml_add_eol_comment("a comment", "text")
    anchored = _tree("x")
    anchored["opportunity"].yaml_set_anchor("here", always_dump=True)
    flow = _tree("x")
    flow["list"].fa.set_flow_style()
    empty = _tree("x")
    empty["list"] = CommentedSeq()
    nested = _tree("x")
    nested["list"].append(CommentedSeq(["a"]))
    odd_key = _tree("x")
    odd_key["true"] = 1
    shared = _tree("x")
    shared["stakeholders"].append(shared["opportunity"])
    for root in (commented, anchored, flow, empty, nested, odd_key, shared):
        fast, _ = _both(root)
        assert fast is None
    assert (
        fastdump.dump_fresh(document.RoundTrip(_tree("x"), document.Indent(4, 6, 4), "", "'"))
        is None
    )


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(":#-'\" ?\n\t"),
    max_size=12,
)
_SCALARS = (
    _TEXT
    | _TEXT.map(document.text)
    | _TEXT.map(SingleQuotedScalarString)
    | _TEXT.map(DoubleQuotedScalarString)
    | st.integers()
    | st.floats(allow_nan=False)
    | st.dates()
    | st.just(dt.date(2026, 3, 31))  # one object in several places: ruamel anchors it
)
_KEYS = st.sampled_from(["name", "x-crm-id", "value", "id", "true", "no", "a b", "on"])


def _mapping(values: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(st.tuples(_KEYS, values), max_size=4).map(
        lambda pairs: CommentedMap(dict(pairs))
    )


_NODES = st.recursive(
    _SCALARS,
    lambda children: _mapping(children) | st.lists(children, max_size=3).map(CommentedSeq),
    max_leaves=12,
)


_LIKELY_TEXT = st.text(
    st.sampled_from("aZy0 :#-'\"?@!&*|>%`[]{},.~ü🚀日\\"), min_size=1, max_size=8
)
_LIKELY_SCALARS = (
    _LIKELY_TEXT
    | _LIKELY_TEXT.map(document.text)
    | _LIKELY_TEXT.map(SingleQuotedScalarString)
    | st.integers()
    | st.dates()
)
_LIKELY_KEYS = st.sampled_from(["name", "x-crm-id", "value", "id", "title"])


def _likely_mapping(values: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(st.tuples(_LIKELY_KEYS, values), min_size=1, max_size=4).map(
        lambda pairs: CommentedMap(dict(pairs))
    )


_LIKELY_NODES = st.recursive(
    _LIKELY_SCALARS,
    lambda children: (
        _likely_mapping(children)
        | st.lists(_likely_mapping(children) | _LIKELY_SCALARS, min_size=1, max_size=3).map(
            CommentedSeq
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mapping(_NODES))
def test_generated_trees_are_written_as_ruamel_writes_them(root: CommentedMap) -> None:
    fast, slow = _both(root)
    if fast is not None:
        assert fast == slow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_likely_mapping(_LIKELY_NODES))
def test_generated_simple_trees_are_written_as_ruamel_writes_them(root: CommentedMap) -> None:
    """Trees the direct writer mostly takes on itself (keys it knows, one-line text)."""
    fast, slow = _both(root)
    if fast is not None:
        assert fast == slow


HOSTILE_DEAL = ImportedDeal(
    "0065g00000'Q:#",
    name="no",
    account='Acme: "B.V." #1 🚀',
    value=45000.5,
    currency="EUR",
    stage="proposal",
    close_date=dt.date(2026, 3, 31),
    account_crm_id="0612345670",
    people=[
        ImportedPerson("003-1", "On", "12:30", Effect(role="economic_buyer")),
        ImportedPerson("003-2", "O'Brien: CFO", "- lead #1", Effect(), reports_to_crm="003-1"),
        ImportedPerson("003-3", None, None, Effect(attitude="champion"), reports_to_crm="003-2"),
        ImportedPerson("003-4", "Jürgen 'J' Özdemir", "Head of\nIT", Effect()),
        ImportedPerson(
            "007", "日本 太郎", "null", Effect(influence="high"), reports_to_crm="003-4"
        ),
        ImportedPerson("003-6", "Zoë", "'t Hooft", Effect(), reports_to_crm="003-6"),
    ],
)


def _ruamel_only(deal: ImportedDeal, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(fastdump, "dump_fresh", lambda doc: None)
        return merge.new_map_text(deal, system="Salesforce", stages=("discovery",))


@pytest.mark.parametrize("drop", [(), ("003-4",), ("003-4", "003-2")], ids=["all", "-4", "-4-2"])
def test_new_map_text_is_the_same_with_and_without_the_direct_path(
    drop: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = ImportedDeal(
        HOSTILE_DEAL.crm_id,
        name=HOSTILE_DEAL.name,
        account=HOSTILE_DEAL.account,
        value=HOSTILE_DEAL.value,
        currency=HOSTILE_DEAL.currency,
        stage=HOSTILE_DEAL.stage,
        close_date=HOSTILE_DEAL.close_date,
        account_crm_id=HOSTILE_DEAL.account_crm_id,
        people=[p for p in HOSTILE_DEAL.people if p.crm_id not in drop],
    )
    assert merge.new_map_text(deal, system="Salesforce", stages=("discovery",)) == _ruamel_only(
        deal, monkeypatch
    )


def test_the_direct_path_is_taken_for_a_hostile_single_line_deal() -> None:
    people = [p for p in HOSTILE_DEAL.people if p.crm_id != "003-4"]  # no multi-line title
    deal = ImportedDeal("0065g00000'Q:#", name="no", account="Acme: #1 🚀", people=people)
    seen: list[str | None] = []
    real = fastdump.dump_fresh

    def spy(doc: document.RoundTrip) -> str | None:
        seen.append(real(doc))
        return seen[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastdump, "dump_fresh", spy)
        text = merge.new_map_text(deal, system="Salesforce", stages=("discovery",))
    assert seen == [text]
    assert "  name: 'no'\n" in text
    assert "  x-crm-id: 0065g00000'Q:#\n" in text
    assert "  account: 'Acme: #1 🚀'\n" in text


@settings(max_examples=300, deadline=None)
@given(_TEXT | st.from_regex(r"[-+.~0-9a-fA-FoxnNtTyYe:_<=]{1,8}", fullmatch=True))
def test_the_text_test_is_ruamels_resolver(value: str) -> None:
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    tag = VersionedResolver(version=None).resolve(ScalarNode, value, (True, False))
    assert fastdump._reads_as_text(value) == (str(tag) == "tag:yaml.org,2002:str")


def test_a_ruamel_whose_internals_changed_gets_its_own_emitter(monkeypatch) -> None:
    # The fast writer reads ruamel's resolver table; if a release renames it, new maps are still
    # written (by ruamel itself), never a traceback.
    from ruamel.yaml import resolver

    monkeypatch.setattr(fastdump, "_resolvers", None)
    monkeypatch.delattr(resolver.VersionedResolver, "versioned_resolver")
    doc = document.RoundTrip({"opportunity": {"name": "Line 3"}}, document.Indent(), "", "'")
    assert fastdump.dump_fresh(doc) is None
