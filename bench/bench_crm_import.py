"""Benchmark of `accountmap import salesforce` creating and re-importing many maps (not run by tests).

    python bench/bench_crm_import.py                          # 2,000 opportunities x 6 contacts
    python bench/bench_crm_import.py --opps 500 --repeat 3
    python bench/bench_crm_import.py --profile create.prof    # also cProfile the create in-process

A deterministic Salesforce export (Opportunity, Contact, OpportunityContactRole, Account CSVs, as
`tests/fixtures/crm/salesforce/` has them) is generated into a temporary folder. Timed end to end
(new process, as a user runs it), each `--repeat` times into a fresh empty `--out` folder:

* `dry run`: `--dry-run` into the empty folder (reads the export, plans and checks every new map,
  prints the diffs, writes nothing);
* `create`: the first import into the empty folder (every map is new);
* `unchanged`: the same import again over the maps just written (every map is found unchanged).

Each line shows the median wall and CPU time (user + system of the child) and the wall time per
map. With `--profile PATH` the create is also run once in-process under cProfile, the stats are
saved to PATH and the top functions by cumulative time are printed.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCOUNTMAP = [sys.executable, "-m", "accountmap_cli"]
ROLES = (
    "Economic Buyer",
    "Decision Maker",
    "Technical Buyer",
    "Evaluator",
    "Business User",
    "Influencer",
    "Executive Sponsor",
    "Other",
    "",
)
STAGES = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Value Proposition",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
)
FIRST = ("Jan", "Anne-Marie", "Pieter", "Jürgen", "Sanne", "Kees", "Fleur", "Daan", "Noor", "Bram")
LAST = ("de Vries", "Jansen", "Bakker", "Özdemir", "Visser", "Smit", "Mulder", "de Boer", "Bos")
TITLES = ("CFO", "CEO", "Head of IT", "Production manager", "Purchasing lead", "Legal counsel", "")
PRODUCTS = ("Packaging line", "Service contract", "Spare parts", "Retrofit", "Pilot")
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay")
SUFFIXES = ("B.V.", "N.V.", "GmbH", "Ltd", "& Zn.")


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)


def generate(folder: Path, *, opps: int, contacts_per_opp: int, seed: int = 7) -> None:
    """Write the four export files into `folder` (same parameters give the same bytes)."""
    rng = random.Random(seed)
    accounts = max(1, opps // 4)
    account_rows = []
    for number in range(accounts):
        name = f"{COMPANIES[number % len(COMPANIES)]} {number} {rng.choice(SUFFIXES)}"
        account_rows.append([f"001A{number:011d}", "false", name, "Eindhoven"])
    contact_rows = []
    role_rows = []
    opp_rows = []
    for number in range(opps):
        opp_id = f"006A{number:011d}"
        account_id = f"001A{number % accounts:011d}"
        first_contact = len(contact_rows)
        for person in range(contacts_per_opp):
            contact_id = f"003A{len(contact_rows):011d}"
            boss = (
                f"003A{first_contact + rng.randrange(person):011d}"
                if person and rng.random() < 0.6
                else ""
            )
            contact_rows.append(
                [
                    contact_id,
                    "false",
                    account_id,
                    f"{rng.choice(LAST)} {person}",
                    rng.choice(FIRST),
                    rng.choice(TITLES),
                    boss,
                    f"{contact_id.lower()}@example.com",
                ]
            )
            role_rows.append(
                [f"00K{len(role_rows):012d}", opp_id, contact_id, rng.choice(ROLES), "false"]
            )
        amount = rng.choice(("", "12500", "280000", "45000.50", "1000000"))
        close = f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        opp_rows.append(
            [
                opp_id,
                "false",
                account_id,
                f"{rng.choice(PRODUCTS)} {number}",
                rng.choice(STAGES),
                amount,
                close,
                "EUR",
            ]
        )
    _write(folder / "Account.csv", ["Id", "IsDeleted", "Name", "BillingCity"], account_rows)
    _write(
        folder / "Contact.csv",
        ["Id", "IsDeleted", "AccountId", "LastName", "FirstName", "Title", "ReportsToId", "Email"],
        contact_rows,
    )
    _write(
        folder / "OpportunityContactRole.csv",
        ["Id", "OpportunityId", "ContactId", "Role", "IsPrimary"],
        role_rows,
    )
    _write(
        folder / "Opportunity.csv",
        [
            "Id",
            "IsDeleted",
            "AccountId",
            "Name",
            "StageName",
            "Amount",
            "CloseDate",
            "CurrencyIsoCode",
        ],
        opp_rows,
    )


def import_args(export: Path, out: Path) -> list[str]:
    """The `accountmap import salesforce` arguments for the generated export."""
    return [
        "import",
        "salesforce",
        "--contact-roles",
        str(export / "OpportunityContactRole.csv"),
        "--contacts",
        str(export / "Contact.csv"),
        "--opportunities",
        str(export / "Opportunity.csv"),
        "--accounts",
        str(export / "Account.csv"),
        "--out",
        str(out),
    ]


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (user + system of the child) of one run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()}")
    return wall, cpu, done


def profile_create(export: Path, out: Path, stats_path: str, top: int) -> None:
    """Run one create in-process under cProfile; save and print the heaviest functions."""
    import contextlib
    import cProfile
    import io
    import pstats

    from typer.testing import CliRunner

    from accountmap_cli.cli.app import app

    profiler = cProfile.Profile()
    runner = CliRunner()
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        profiler.enable()
        result = runner.invoke(app, import_args(export, out))
        profiler.disable()
    seconds = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(f"profiled import exited {result.exit_code}:\n{result.output}")
    profiler.dump_stats(stats_path)
    print(f"\nprofile of one create, in-process: {seconds:.2f} s (saved to {stats_path})")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(top)
    print(stream.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opps", type=int, default=2000)
    parser.add_argument("--contacts-per-opp", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dry-run", action="store_true", help="skip the dry-run line")
    parser.add_argument("--profile", metavar="PATH", help="also cProfile one create in-process")
    parser.add_argument("--top", type=int, default=40, help="functions shown with --profile")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="accountmap-bench-crm-") as tmp:
        export = Path(tmp, "export")
        export.mkdir()
        start = time.perf_counter()
        generate(export, opps=args.opps, contacts_per_opp=args.contacts_per_opp)
        print(
            f"export: {args.opps} opportunities x {args.contacts_per_opp} contacts, "
            f"generated in {time.perf_counter() - start:.1f} s; {args.repeat} runs each, median"
        )
        samples: dict[str, list[tuple[float, float]]] = {}
        for run in range(args.repeat):
            out = Path(tmp, f"maps-{run}")
            if not args.no_dry_run:
                wall, cpu, _ = timed([*ACCOUNTMAP, *import_args(export, out), "--dry-run"])
                samples.setdefault("dry run (empty folder)", []).append((wall, cpu))
            wall, cpu, done = timed([*ACCOUNTMAP, *import_args(export, out)])
            created = done.stdout.count(b"\ncreated ") + done.stdout.startswith(b"created ")
            if created != args.opps:
                raise SystemExit(f"expected {args.opps} maps created, got {created}")
            samples.setdefault("create", []).append((wall, cpu))
            wall, cpu, done = timed([*ACCOUNTMAP, *import_args(export, out)])
            if done.stdout.count(b"unchanged ") != args.opps:
                raise SystemExit("the re-import changed maps")
            samples.setdefault("unchanged re-import", []).append((wall, cpu))
            shutil.rmtree(out)
        print(f"{'what':<26} {'wall':>9} {'CPU':>9} {'ms/map':>8}")
        for name, values in samples.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            print(f"{name:<26} {wall:>8.2f}s {cpu:>8.2f}s {wall * 1000 / args.opps:>8.1f}")
        if args.profile:
            profile_create(export, Path(tmp, "maps-profile"), args.profile, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
