"""Deal values: YAML's readings of `280.000` and `280,000` are refused, plain numbers accepted."""

from __future__ import annotations

import pytest

from accountmap_cli.loader import parse
from accountmap_cli.validate import validate

MAP = "opportunity:\n  name: Line 3\n  account: Acme\n  value: {value}\n  stage: proposal\n"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "280.000",
            "'280.000' looks like 280,000 written with '.' between thousands; "
            "write it without separators: 280000",
        ),
        (
            "1.250.000",
            "'1.250.000' looks like 1,250,000 written with '.' between thousands; "
            "write it without separators: 1250000",
        ),
        (
            "280,000",
            "'280,000' looks like 280,000 written with ',' between thousands; "
            "write it without separators: 280000",
        ),
        ("280_000", "'280_000' must be written without '_': 280000"),
    ],
)
def test_grouped_amounts_are_refused_at_the_value(written: str, message: str) -> None:
    result = validate(parse(MAP.format(value=written), path="m.yaml"))
    assert result.model is None
    [finding] = result.findings
    assert (finding.line, finding.column, finding.code) == (4, 10, "AM003")
    assert finding.message == f"opportunity.value: {message}"


@pytest.mark.parametrize(
    ("written", "value"), [("280000", 280000.0), ("1.5", 1.5), ("28.00", 28.0)]
)
def test_plain_amounts_are_accepted(written: str, value: float) -> None:
    result = validate(parse(MAP.format(value=written), path="m.yaml"))
    assert result.findings == []
    assert result.model is not None
    assert result.model.opportunity.value == value


@pytest.mark.parametrize("blank", ["'   '", '"\\t"', '" \\u00a0 "'])
def test_blank_text_is_refused(blank: str) -> None:
    text = f"opportunity:\n  name: {blank}\n  account: Acme\n  value: 1\n  stage: proposal\n"
    result = validate(parse(text, path="m.yaml"))
    assert result.model is None
    [finding] = result.findings
    assert (finding.line, finding.column, finding.code) == (2, 9, "AM003")
    assert finding.message == "opportunity.name must not be blank"
    assert finding.hint == "write the text, or leave the field out"
