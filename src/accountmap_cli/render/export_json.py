"""A map as JSON: the validated map plus the facts derived from it (a versioned contract).

```
{"version": 1, "as_of": "YYYY-MM-DD",
 "map": {... the map, every default filled in ...},
 "facts": {"identified", "named", "engaged", "champions", "economic_buyers",
           "engaged_economic_buyers", "blockers", "last_contact", "days_silent",
           "stakeholders": [{"id", "engaged", "last_contact", "days_since_contact"}, ...]}}
```

`facts.stakeholders` follows the order of `map.stakeholders`; `last_contact` there is the effective
one: the later of the stakeholder's own `last_contact` and the interactions they took part in.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from accountmap_cli.facts import derive_facts, effective_last_contacts
from accountmap_cli.models import AccountMap

EXPORT_JSON_VERSION = 1


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(account_map: AccountMap, *, as_of: dt.date) -> dict[str, Any]:
    """The JSON export as Python data."""
    facts = derive_facts(account_map, as_of=as_of)
    contacts = effective_last_contacts(account_map)
    people = []
    for stakeholder in account_map.stakeholders:
        last = contacts.get(stakeholder.id)
        people.append(
            {
                "id": stakeholder.id,
                "engaged": last is not None,
                "last_contact": _date(last),
                "days_since_contact": (as_of - last).days if last is not None else None,
            }
        )
    return {
        "version": EXPORT_JSON_VERSION,
        "as_of": as_of.isoformat(),
        "map": account_map.model_dump(mode="json", by_alias=True),
        "facts": {
            "identified": facts.identified,
            "named": facts.named,
            "engaged": facts.engaged,
            "champions": list(facts.champions),
            "economic_buyers": list(facts.economic_buyers),
            "engaged_economic_buyers": list(facts.engaged_economic_buyers),
            "blockers": list(facts.blockers),
            "last_contact": _date(facts.last_contact),
            "days_silent": facts.days_silent,
            "stakeholders": people,
        },
    }


def render_export_json(account_map: AccountMap, *, as_of: dt.date) -> str:
    """The JSON export as text (UTF-8, two-space indent, ending in a newline)."""
    return json.dumps(export_data(account_map, as_of=as_of), indent=2, ensure_ascii=False) + "\n"
