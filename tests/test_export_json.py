"""`export --format json`: the validated map plus derived facts, version 1 (an exact contract)."""

from __future__ import annotations

import json

from conftest import write_map

MAP = """\
opportunity:
  name: Line 3
  account: Acme
  value: 1000
  stage: proposal
  x-crm: 42
stakeholders:
  - id: anna
    name: Anna
    role: economic_buyer
    last_contact: 2026-11-01
  - id: cfo
    title: CFO
relationships:
  - from: anna
    to: cfo
    type: trusts
interactions:
  - date: 2026-11-20
    with: [anna]
"""


def test_json_export_exactly(invoke, tmp_path) -> None:
    result = invoke("export", write_map(tmp_path, MAP), "-f", "json", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "version": 1,
        "as_of": "2026-12-01",
        "map": {
            "opportunity": {
                "name": "Line 3",
                "account": "Acme",
                "value": 1000.0,
                "currency": "EUR",
                "stage": "proposal",
                "close_date": None,
                "owner": None,
                "competitors": [],
            },
            "team": [],
            "stakeholders": [
                {
                    "id": "anna",
                    "name": "Anna",
                    "title": None,
                    "role": "economic_buyer",
                    "influence": "unknown",
                    "attitude": "unknown",
                    "reports_to": None,
                    "last_contact": "2026-11-01",
                    "sources": [],
                    "concerns": None,
                    "strategy": None,
                    "engagement": None,
                    "notes": None,
                },
                {
                    "id": "cfo",
                    "name": None,
                    "title": "CFO",
                    "role": "unknown",
                    "influence": "unknown",
                    "attitude": "unknown",
                    "reports_to": None,
                    "last_contact": None,
                    "sources": [],
                    "concerns": None,
                    "strategy": None,
                    "engagement": None,
                    "notes": None,
                },
            ],
            "relationships": [{"from": "anna", "to": "cfo", "type": "trusts", "note": None}],
            "interactions": [{"date": "2026-11-20", "with": ["anna"], "by": None, "summary": None}],
        },
        "facts": {
            "identified": 2,
            "named": 1,
            "engaged": 1,
            "champions": [],
            "economic_buyers": ["anna"],
            "engaged_economic_buyers": ["anna"],
            "blockers": [],
            "last_contact": "2026-11-20",
            "days_silent": 11,
            "stakeholders": [
                {
                    "id": "anna",
                    "engaged": True,
                    "last_contact": "2026-11-20",
                    "days_since_contact": 11,
                },
                {"id": "cfo", "engaged": False, "last_contact": None, "days_since_contact": None},
            ],
        },
    }


def test_json_keeps_text_exactly_and_unicode_unescaped(invoke, tmp_path) -> None:
    text = MAP.replace("name: Anna", 'name: "Zoë \\"Z\\" 😀"')
    result = invoke("export", write_map(tmp_path, text), "-f", "json", "--as-of", "2026-12-01")
    assert '"name": "Zoë \\"Z\\" 😀"' in result.stdout
