"""Rules about ids and references inside one map: AM004-AM006."""

from __future__ import annotations

from collections.abc import Iterator

from accountmap_cli.findings import Severity
from accountmap_cli.rules.base import MapContext, Problem, rule


@rule("AM004", "duplicate-id", Severity.ERROR, "Two people on the map share one id.")
def duplicate_id(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    An `id` used twice among the stakeholders and our `team` members together.

    ## Why it matters
    Every reference (`reports_to`, relationships, interactions, owners) points at an id. With two
    people behind one id, the map says things about the wrong person.

    ## Example
    ```yaml
    stakeholders:
      - id: jan
        name: Jan de Vries
      - id: jan
        name: Jan Bakker
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: jan-de-vries
        name: Jan de Vries
      - id: jan-bakker
        name: Jan Bakker
    ```

    ## How to fix
    Give the second person a new id and update the references that meant them.
    """
    seen: dict[str, tuple[str, int]] = {}
    people = [("team", i, m.id) for i, m in enumerate(ctx.map.team)] + [
        ("stakeholders", i, s.id) for i, s in enumerate(ctx.map.stakeholders)
    ]
    for section, position, person in people:
        if person in seen:
            first_section, first_position = seen[person]
            first_line = ctx.doc.locate((first_section, first_position, "id"))[0]
            owner = "a team member" if first_section == "team" else "another stakeholder"
            yield Problem(
                (section, position, "id"),
                f"id '{person}' is already used by {owner} at line {first_line}",
                stakeholder=person if section == "stakeholders" else None,
                hint="give each person a unique id, e.g. first and last name: 'jan-de-vries'",
            )
        else:
            seen[person] = (section, position)


@rule(
    "AM005", "unknown-reference", Severity.ERROR, "A reference names an id that is not on the map."
)
def unknown_reference(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    A `reports_to`, a relationship's `from` or `to`, or an interaction's `with` that names no
    stakeholder; an `opportunity.owner`, an engagement `owner` or an interaction's `by` that names
    no member of our `team`.

    ## Why it matters
    A dangling reference is usually a typo or a person removed half-way: the reporting line or the
    meeting it describes silently disappears from every view.

    ## Example
    ```yaml
    stakeholders:
      - id: pieter
        name: Pieter Jansen
        reports_to: cfo      # nobody has id 'cfo'
    ```

    ## Use instead
    ```yaml
    stakeholders:
      - id: pieter
        name: Pieter Jansen
        reports_to: cfo
      - id: cfo
        title: CFO           # a known seat, not yet named
    ```

    ## How to fix
    Correct the id, or add the missing person (an unnamed seat needs only `id` and `title`).
    """
    stakeholders = {s.id for s in ctx.map.stakeholders}
    team = {m.id for m in ctx.map.team}

    def check(value: str | None, where, known: set[str], what: str, owner: str | None = None):
        if value is not None and value not in known:
            field = next(part for part in reversed(where) if isinstance(part, str))
            yield Problem(
                where,
                f"{field}: {what} '{value}' is not on the map",
                stakeholder=owner,
                hint=_hint(value, known, what, stakeholders if what == "team member" else team),
            )

    yield from check(ctx.map.opportunity.owner, ("opportunity", "owner"), team, "team member")
    for i, s in enumerate(ctx.map.stakeholders):
        yield from check(
            s.reports_to, ("stakeholders", i, "reports_to"), stakeholders, "stakeholder", s.id
        )
        if s.engagement is not None:
            yield from check(
                s.engagement.owner,
                ("stakeholders", i, "engagement", "owner"),
                team,
                "team member",
                s.id,
            )
    for i, r in enumerate(ctx.map.relationships):
        yield from check(r.from_, ("relationships", i, "from"), stakeholders, "stakeholder")
        yield from check(r.to, ("relationships", i, "to"), stakeholders, "stakeholder")
    for i, interaction in enumerate(ctx.map.interactions):
        for j, person in enumerate(interaction.with_):
            yield from check(person, ("interactions", i, "with", j), stakeholders, "stakeholder")
        yield from check(interaction.by, ("interactions", i, "by"), team, "team member")


def _hint(value: str, known: set[str], what: str, others: set[str]) -> str:
    import difflib

    if value in others:
        if what == "team member":
            return f"'{value}' is a stakeholder; this field names someone on our own team"
        return f"'{value}' is on our team; this field names a stakeholder on the buying side"
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    section = "team" if what == "team member" else "stakeholders"
    return f"add a {what} with id '{value}' under '{section}:', or correct the id"


@rule("AM006", "reporting-cycle", Severity.ERROR, "Reporting lines run in a circle.")
def reporting_cycle(ctx: MapContext) -> Iterator[Problem]:
    """
    ## What it finds
    Stakeholders whose `reports_to` lines form a circle (A reports to B, B reports to A), including
    someone who reports to themselves. The message names the whole circle.

    ## Why it matters
    An org chart with a circle has no top: nobody in it can be the economic buyer's boss, and the
    tree view cannot be drawn.

    ## Example
    ```yaml
    - id: anna
      reports_to: bram
    - id: bram
      reports_to: anna
    ```

    ## Use instead
    ```yaml
    - id: anna
    - id: bram
      reports_to: anna
    ```

    ## How to fix
    Find out who really reports to whom and remove the `reports_to` of the person at the top.
    """
    boss = {s.id: s.reports_to for s in ctx.map.stakeholders if s.reports_to}
    done: set[str] = set()
    for start in boss:
        if start in done:
            continue
        trail: list[str] = []
        on_trail: set[str] = set()
        person: str | None = start
        while person is not None and person not in done and person not in on_trail:
            trail.append(person)
            on_trail.add(person)
            person = boss.get(person)
        if person is not None and person in on_trail:
            cycle = trail[trail.index(person) :]
            first = min(cycle, key=lambda p: ctx.stakeholder_path(p)[1])
            where = (*ctx.stakeholder_path(first), "reports_to")
            if len(cycle) == 1:
                message = f"'{first}' reports to themselves"
            else:
                turn = cycle.index(first)
                ordered = cycle[turn:] + cycle[:turn]
                message = "reporting cycle: " + " → ".join([*ordered, first])
            yield Problem(
                where,
                message,
                stakeholder=first,
                hint="remove the reports_to of whoever is at the top of this group",
            )
        done.update(trail)
