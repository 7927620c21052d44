"""Write a deterministic corpus of realistic account maps for the benchmarks.

    python bench/generate.py --maps 10000          # → bench/corpus/10000/map-00000.yaml ...

The same `--maps` and `--seed` always give byte-identical files, so numbers from different runs and
machines compare. Each map is one Dutch B2B manufacturing deal with about 12 stakeholders (8 to 16),
the field mix a rep writes (most people have a title, role, influence and attitude; fewer have
sources, concerns, an engagement plan or notes), reporting lines, relationships, interactions and
YAML comments. About 2% of the maps carry one realistic mistake (a misspelt attitude, a dangling
`reports_to`, a duplicate id) so that the finding and rendering paths are exercised too; every file
is valid YAML, so plain `yaml.load` reads all of them.

The corpus folder is git-ignored; a `.stamp` file records what was generated so `run.py` regenerates
only when the parameters or this generator change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CORPUS = BENCH / "corpus"
DEFAULT_SEED = 20240501
BROKEN_SHARE = 0.02


def _names(text: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(text.split(sep))


FIRST = _names(
    "Jan Pieter Kees Henk Sanne Eva Lotte Bram Daan Femke Ingrid Joost Maarten Noor Ruud Sophie "
    "Thijs Wouter Anouk Bas Carla Dirk Esther Floor Gerrit Hanneke Iris Jeroen Karin Lars Marloes "
    "Niels Olga Pim Rianne Sander Tessa Vincent Willemijn Yvonne",
    " ",
)
LAST = _names(
    "de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|"
    "van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van den Berg|Kok|"
    "Jacobs|de Haan|Vermeulen|van Dijk|Schouten|van Beek|Willems|Hoekstra|Koster|Prins|Kuipers"
)
ACCOUNTS = _names(
    "Van der Heijden Verpakkingen|Brabant Precisietechniek|Twentse Kunststoffen|Rijnmond "
    "Staalbouw|Friesland Zuivelmachines|Veluwe Metaalbewerking|Zeeland Coatings|Limburg "
    "Aandrijftechniek|Drenthe Voedingsmiddelen|Utrecht Lasrobotica|Gelderse Gieterij|Noord-Holland "
    "Hydrauliek|Achterhoek Plaatwerk|Westland Kastechniek|Eindhoven Mechatronica"
)
PROJECTS = _names(
    "Packaging line {n}|CNC machining cell {n}|Robot welding cell {n}|Press line retrofit {n}|"
    "Coating line {n}|Palletising robot {n}|Vision inspection {n}|Laser cutter {n}|"
    "Predictive maintenance pilot {n}|Extrusion line {n}"
)
TITLES = {
    "economic_buyer": ("CFO", "Managing Director", "Plant Director", "COO", "Financial Director"),
    "technical_buyer": ("Head of Engineering", "Maintenance Manager", "Process Engineer", "CTO"),
    "user_buyer": ("Production Manager", "Shift Lead", "Line Supervisor", "Operations Manager"),
    "procurement": ("Purchasing Manager", "Buyer", "Category Manager"),
    "influencer": ("Quality Manager", "HSE Officer", "IT Manager", "Lean Coordinator"),
    "gatekeeper": ("Management Assistant", "Office Manager"),
    "unknown": ("Controller", "Project Engineer", "Planner"),
}
ROLES = tuple(TITLES)
ROLE_WEIGHTS = (0.4, 3, 3, 2, 3, 1, 2)
"""Weights for everyone but the first stakeholder, who is always the economic buyer."""
INFLUENCE = ("high", "medium", "low", "unknown")
ATTITUDES = ("champion", "supporter", "neutral", "skeptical", "blocker", "unknown")
ATTITUDE_WEIGHTS = (1, 3, 4, 2, 1, 2)
SOURCES = ("contact", "linkedin", "news", "history", "other")
STRATEGIES = ("ignore", "neutralize", "bypass", "convert")
RELATIONS = ("trusts", "tension", "collaborates", "competes")
STAGES = ("discovery", "qualification", "validation", "proposal", "negotiation", "won", "lost")
STAGE_WEIGHTS = (3, 3, 3, 2, 2, 1, 1)
COMPETITORS = ("Siemens", "ABB", "Fanuc", "KUKA", "Trumpf", "Bosch Rexroth", "Festo", "Stäubli")
CONCERNS = (
    "Payback within 3 years",
    "Downtime during installation",
    "Operators need training: NO extra shifts",
    "Service response time in the north",
    "Integration with the existing MES",
    "CE marking and safety sign-off",
    "Total cost of ownership vs. leasing",
    "Spare parts on stock within 24h",
)
NOTES = (
    "Prefers email over calls; mobile 0612345670 only for urgent matters.",
    "Was at the Eindhoven trade fair, asked about version 1.10 of the HMI.",
    "Ex-colleague of our MD at Philips.",
    "Budget owner for capex over 250k.",
    "Goes on holiday in August; plan the demo before that.",
    "Skeptical since the 2019 project with a competitor ran late.",
)
TIMINGS = ("before proposal", "this quarter", "after the site visit", "before budget round")
MESSAGES = (
    "Show the payback calculation",
    "Reference visit at a similar plant",
    "Uptime guarantee in the service contract",
    "Training plan for all three shifts",
)
GOALS = ("Confirm budget", "Agree on the test plan", "Get the intro to the CFO", "Win support")
SUMMARIES = (
    "Site visit; walked the line and measured the floor space.",
    "Call about the budget cycle; capex round closes in Q3.",
    "Demo of the HMI; positive about the changeover times.",
    "Lunch meeting; concerns about installation downtime.",
    "Teams call with purchasing on payment terms.",
)
TEAM = (
    ("anna", "Anna de Jong", "Account Manager"),
    ("mark", "Mark Verbeek", "Sales Engineer"),
    ("lisa", "Lisa Hermans", "Service Manager"),
    ("tom", "Tom Claassen", "Sales Director"),
)


def _quote(text: str) -> str:
    """Quote text only where YAML needs it (as a rep would: rarely)."""
    if text[:1] in "&*!|>'\"%@`#-?:[]{}," or ": " in text or " #" in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def make_map(rng: random.Random, number: int, *, broken: bool) -> str:
    """One map as YAML text."""
    account = rng.choice(ACCOUNTS)
    project = rng.choice(PROJECTS).format(n=rng.randint(1, 9))
    stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
    today = dt.date(2024, 5, 1)
    close = today + dt.timedelta(days=rng.randint(20, 300))
    team = rng.sample(TEAM, rng.randint(2, 3))
    owner = team[0][0]
    value = rng.choice((45_000, 80_000, 125_000, 180_000, 280_000, 450_000, 1_200_000))
    lines = [
        f"# {project} at {account}. Map kept by {team[0][1]}.",
        f"# Deal {number:05d}; last reviewed in the pipeline meeting.",
        "opportunity:",
        f"  name: {_quote(project)}",
        f"  account: {_quote(account)}",
        f"  value: {value}",
    ]
    if rng.random() < 0.3:
        lines.append("  currency: EUR")
    lines.append(f"  stage: {stage}")
    lines.append(f"  close_date: {close.isoformat()}")
    lines.append(f"  owner: {owner}")
    if rng.random() < 0.7:
        lines.append("  competitors:")
        lines.extend(f"    - {c}" for c in rng.sample(COMPETITORS, rng.randint(1, 3)))
    lines.append("")
    lines.append("team:")
    for member_id, name, title in team:
        lines.append(f"  - id: {member_id}")
        lines.append(f"    name: {name}")
        lines.append(f"    title: {title}")
    lines.append("")
    lines.append("stakeholders:")

    count = rng.randint(8, 16)
    ids: list[str] = []
    roles: list[str] = []
    used_names: set[str] = set()
    for index in range(count):
        role = "economic_buyer" if index == 0 else rng.choices(ROLES, ROLE_WEIGHTS)[0]
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        person_id = (first + "-" + last.split()[-1]).lower()
        if person_id in ids:
            person_id += f"-{index}"
        unnamed = index > 0 and rng.random() < 0.08
        if index > 0 and index % 4 == 1:
            lines.append("    # --- the people around them ---")
        lines.append(f"  - id: {person_id}")
        if not unnamed:
            lines.append(f"    name: {first} {last}")
        lines.append(f"    title: {rng.choice(TITLES[role])}")
        lines.append(f"    role: {role}")
        lines.append(f"    influence: {rng.choice(INFLUENCE)}")
        attitude = rng.choices(ATTITUDES, ATTITUDE_WEIGHTS)[0]
        lines.append(f"    attitude: {attitude}")
        if index > 0:
            boss = ids[0] if index < 4 else ids[rng.randrange(index)]
            lines.append(f"    reports_to: {boss}")
        if rng.random() < 0.6:
            contact = today - dt.timedelta(days=rng.randint(1, 120))
            lines.append(
                f"    last_contact: {contact.isoformat()}  # {rng.choice(('call', 'visit', 'mail'))}"
            )
        if rng.random() < 0.5:
            lines.append(f"    sources: [{', '.join(rng.sample(SOURCES, rng.randint(1, 2)))}]")
        if rng.random() < 0.5:
            lines.append(f"    concerns: {_quote(rng.choice(CONCERNS))}")
        if attitude in ("skeptical", "blocker") and rng.random() < 0.7:
            lines.append(f"    strategy: {rng.choice(STRATEGIES)}")
        if rng.random() < 0.35:
            lines.append("    engagement:")
            lines.append(f"      timing: {rng.choice(TIMINGS)}")
            lines.append(f"      message: {rng.choice(MESSAGES)}")
            lines.append(f"      owner: {rng.choice(team)[0]}")
            lines.append(f"      goal: {rng.choice(GOALS)}")
        if rng.random() < 0.3:
            lines.append(f"    notes: >-\n      {_quote(rng.choice(NOTES))}")
        ids.append(person_id)
        roles.append(role)

    if count > 3:
        lines.append("")
        lines.append("relationships:")
        for _ in range(rng.randint(1, 4)):
            a, b = rng.sample(ids, 2)
            lines.append(f"  - from: {a}")
            lines.append(f"    to: {b}")
            lines.append(f"    type: {rng.choice(RELATIONS)}")
            if rng.random() < 0.5:
                lines.append("    note: Worked together on the previous line upgrade.")
    lines.append("")
    lines.append("interactions:")
    for _ in range(rng.randint(2, 6)):
        when = today - dt.timedelta(days=rng.randint(1, 180))
        lines.append(f"  - date: {when.isoformat()}")
        lines.append(f"    with: [{', '.join(rng.sample(ids, rng.randint(1, 3)))}]")
        lines.append(f"    by: {rng.choice(team)[0]}")
        lines.append(f"    summary: {_quote(rng.choice(SUMMARIES))}")
    text = "\n".join(lines) + "\n"

    if broken:
        mistake = rng.randrange(3)
        if mistake == 0:
            text = text.replace("attitude: supporter", "attitude: suporter", 1).replace(
                "attitude: neutral", "atitude: neutral", 1
            )
        elif mistake == 1:
            text = text.replace(f"reports_to: {ids[0]}", "reports_to: the-cfo", 1)
        else:
            text = text.replace(f"  - id: {ids[-1]}\n", f"  - id: {ids[0]}\n", 1)
    return text


def _stamp(maps: int, seed: int) -> str:
    source = Path(__file__).read_bytes()
    return f"maps={maps} seed={seed} generator={hashlib.sha256(source).hexdigest()[:16]}\n"


def generate(maps: int, *, seed: int = DEFAULT_SEED, force: bool = False) -> Path:
    """Write `maps` maps to `bench/corpus/<maps>/` (skipped when already there) and return it."""
    folder = CORPUS / str(maps)
    stamp_file = folder / ".stamp"
    stamp = _stamp(maps, seed)
    if not force and stamp_file.exists() and stamp_file.read_text() == stamp:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    for number in range(maps):
        # Map 0 is always valid: it is the "one map" of the single-file benchmarks.
        broken = number > 0 and rng.random() < BROKEN_SHARE
        text = make_map(rng, number, broken=broken)
        with open(folder / f"map-{number:05d}.yaml", "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    stamp_file.write_text(stamp)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", type=int, default=10_000, help="number of maps (default 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--force", action="store_true", help="regenerate even when up to date")
    args = parser.parse_args(argv)
    folder = generate(args.maps, seed=args.seed, force=args.force)
    size = sum(entry.stat().st_size for entry in os.scandir(folder) if entry.name.endswith(".yaml"))
    print(f"{args.maps} maps in {folder} ({size / args.maps / 1024:.1f} KiB per map)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
