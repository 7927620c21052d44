"""Benchmark accountmap against its yardsticks, in one run, and print medians and ratios.

    .venv/bin/python bench/run.py              # 10,000 maps (about 3 minutes on 2 idle cores)
    .venv/bin/python bench/run.py --quick      # 1,000 maps (well under a minute)

Every number is the wall time of a fresh process, as a user or a CI job sees it. The machine is
shared and noisy, so read the ratios (measured in the same run, commands interleaved round by round),
not the absolute milliseconds. Peak memory is each child's own `ru_maxrss` (from `os.wait4`).
See bench/README.md for what each line means and the targets from issues 2 and 10.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402


@dataclass
class Bench:
    """One command to time."""

    key: str
    label: str
    argv: list[str]
    big: bool = False
    expect: tuple[int, ...] = (0,)
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    peak_kib: int = 0
    codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_times)


# A child's ru_maxrss starts at its parent's resident size (fork and vfork+exec both carry it
# over), so children are started by this small helper process rather than by run.py itself:
# then `python -c pass` shows ~10 MiB, not the harness's own size.
_SPAWNER = r"""
import json, os, sys, time
null = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
for line in sys.stdin:
    argv = json.loads(line)
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps([elapsed, os.waitstatus_to_exitcode(status), usage.ru_maxrss, cpu]), flush=True)
"""


class Spawner:
    """Runs commands one at a time and reports wall time, exit code and peak memory of each."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-S", "-c", _SPAWNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: list[str]) -> tuple[float, int, int, float]:
        """Wall seconds, exit code, peak resident memory (KiB) and CPU seconds of one run."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(argv) + "\n")
        self.process.stdin.flush()
        elapsed, code, peak, cpu = json.loads(self.process.stdout.readline())
        return elapsed, code, peak, cpu

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


def tool(name: str) -> str | None:
    """An executable from this virtualenv first (where `accountmap` is installed), else PATH."""
    here = Path(sys.executable).parent
    return shutil.which(name, path=str(here)) or shutil.which(name)


def has_command(accountmap: list[str], command: str) -> bool:
    result = subprocess.run(
        [*accountmap, "--help"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    return re.search(rf"\b{command}\b", result.stdout) is not None


def warm_page_cache(folder: Path) -> None:
    for entry in os.scandir(folder):
        if entry.name.endswith(".yaml"):
            with open(entry.path, "rb") as handle:
                handle.read()


def build_benches(folder: Path, one_map: Path) -> list[Bench]:
    python = sys.executable
    script = shutil.which("accountmap", path=str(Path(python).parent))
    accountmap = [script] if script else [python, "-m", "accountmap_cli"]
    baseline = str(BENCH / "baseline.py")
    as_of = ["--as-of", "2024-05-01"]
    benches = [
        Bench("python", "python -c pass", [python, "-c", "pass"]),
        Bench("version", "accountmap --version", [*accountmap, "--version"]),
        Bench(
            "lint_one", "accountmap lint one-map.yaml", [*accountmap, "lint", str(one_map), *as_of]
        ),
    ]
    benches.append(
        Bench(
            "typer_floor",
            "python -c 'import typer, yaml' (*)",
            # What any Typer 0.29 command costs before it does anything: typer, the pydantic
            # adapters it builds every parameter with (and pydantic's plugin loader), PyYAML.
            [python, "-c", "import typer, typer._adapters, pydantic.plugin._loader, yaml"],
        )
    )
    benches.append(
        Bench(
            "typer_floor_nogc",
            "the same, collector off (**)",
            # The same imports run the way accountmap's entry point runs: without the cycle
            # collector, and with what is alive frozen at the exit (no last collection).
            [
                python,
                "-c",
                "import gc; gc.disable(); "
                "import typer, typer._adapters, pydantic.plugin._loader, yaml; gc.freeze()",
            ],
        )
    )
    yamllint = tool("yamllint")
    if yamllint:
        benches.append(
            Bench("yamllint_one", "yamllint one-map.yaml", [yamllint, str(one_map)], expect=(0, 1))
        )
    benches += [
        Bench(
            "events",
            "libyaml events only, N maps",
            [python, baseline, "events", str(folder)],
            big=True,
        ),
        Bench(
            "load",
            "yaml.load(CSafeLoader), N maps",
            [python, baseline, "load", str(folder)],
            big=True,
        ),
        # The corpus holds about 2% maps with mistakes on purpose, so lint exits 1.
        Bench(
            "lint_all",
            "accountmap lint, N maps",
            [*accountmap, "lint", str(folder), *as_of],
            big=True,
            expect=(1,),
        ),
    ]
    benches.append(
        Bench(
            "lint_all_1",
            "accountmap lint --jobs 1, N maps",
            [*accountmap, "lint", str(folder), *as_of, "--jobs", "1"],
            big=True,
            expect=(1,),
        )
    )
    if has_command(accountmap, "review"):
        benches.append(
            Bench(
                "review_all",
                "accountmap review, N maps",
                [*accountmap, "review", str(folder), *as_of],
                big=True,
                expect=(0, 1),
            )
        )
        benches.append(
            Bench(
                "review_json",
                "accountmap review -f json, N maps",
                [*accountmap, "review", str(folder), *as_of, "--format", "json"],
                big=True,
                expect=(0, 1),
            )
        )
    return benches


def measure(
    spawner: Spawner, benches: list[Bench], *, small_runs: int, big_runs: int, warmups: int
) -> None:
    """Round-robin: every round runs each command once, so slow drifts hit all of them alike."""
    small = [b for b in benches if not b.big]
    big = [b for b in benches if b.big]
    for _ in range(warmups):
        for bench in small:
            spawner.run(bench.argv)
    for _ in range(small_runs):
        for bench in small:
            record(spawner, bench)
    for round_number in range(big_runs):
        for bench in big:
            record(spawner, bench)
            print(
                f"  round {round_number + 1}/{big_runs}: {bench.label}: {bench.times[-1]:.2f} s",
                file=sys.stderr,
            )


def record(spawner: Spawner, bench: Bench) -> None:
    elapsed, code, peak, cpu = spawner.run(bench.argv)
    bench.times.append(elapsed)
    bench.cpu_times.append(cpu)
    bench.codes.add(code)
    bench.peak_kib = max(bench.peak_kib, peak)


def ratio(
    benches: dict[str, Bench], top: str, bottom: str, *, cpu: bool = False, best: bool = False
) -> float | None:
    if top not in benches or bottom not in benches:
        return None
    if cpu:
        return benches[top].cpu_median / benches[bottom].cpu_median
    if best:
        return min(benches[top].times) / min(benches[bottom].times)
    return benches[top].median / benches[bottom].median


RATIOS = (
    # (numerator, denominator, what, target)
    ("version", "python", "accountmap --version / python -c pass", "≤ 1.5× (issue 10)"),
    ("lint_one", "yamllint_one", "lint one map / yamllint one map", "≤ 1.2×, < 1.0× (issue 10)"),
    ("lint_one", "python", "lint one map / python -c pass", ""),
    ("typer_floor", "yamllint_one", "(*) Typer's own floor / yamllint", "what Typer 0.29 costs"),
    ("typer_floor_nogc", "yamllint_one", "(**) the same, collector off / yamllint", ""),
    ("lint_one", "typer_floor_nogc", "lint one map / (**)", "our own start-up"),
    ("lint_all", "load", "lint N maps / yaml.load N maps", "≤ 2× (issue 2), ≤ 0.6× (issue 10)"),
    ("lint_all", "events", "lint N maps / libyaml events N maps", "floor for a YAML reader"),
    ("lint_all_1", "load", "lint --jobs 1 N maps / yaml.load", "one process"),
    ("review_all", "load", "review N maps / yaml.load N maps", "≤ 0.6× (issue 10)"),
    ("review_json", "load", "review -f json N maps / yaml.load", "without rich's table"),
    ("load", "events", "yaml.load / libyaml events", "~3× (DESIGN.md)"),
)


def _seconds(bench: Bench, value: float) -> str:
    return f"{value:8.2f} s" if bench.big else f"{value * 1000:7.1f} ms"


def report(benches: list[Bench], maps: int) -> dict[str, object]:
    by_key = {b.key: b for b in benches}
    print()
    print(
        f"{'what':<34} {'wall':>10} {'wall min':>10} {'CPU':>10} {'runs':>5} "
        f"{'peak MiB':>9} {'maps/s':>7}"
    )
    for bench in benches:
        rate = f"{maps / bench.median:7.0f}" if bench.big else ""
        label = bench.label.replace("N maps", f"{maps:,} maps")
        print(
            f"{label:<34} {_seconds(bench, bench.median):>10} "
            f"{_seconds(bench, min(bench.times)):>10} {_seconds(bench, bench.cpu_median):>10} "
            f"{len(bench.times):>5} {bench.peak_kib / 1024:9.1f} {rate}"
        )
        unexpected = bench.codes - set(bench.expect)
        if unexpected:
            print(
                f"  !! exit code {sorted(unexpected)}, expected {bench.expect}: check the command"
            )
    print()
    print(
        f"{'ratio (medians; best: of the fastest runs)':<42} {'wall':>7} {'CPU':>7} {'best':>7}  target"
    )
    ratios = {}
    for top, bottom, what, target in RATIOS:
        wall = ratio(by_key, top, bottom)
        cpu = ratio(by_key, top, bottom, cpu=True)
        best = ratio(by_key, top, bottom, best=True)
        if wall is None or cpu is None or best is None:
            continue
        ratios[f"{top}/{bottom}"] = {"wall": wall, "cpu": cpu, "best": best}
        print(f"{what:<42} {wall:6.2f}× {cpu:6.2f}× {best:6.2f}×  {target}")
    missing = [what for top, bottom, what, _ in RATIOS if ratio(by_key, top, bottom) is None]
    if missing:
        print("not measured: " + "; ".join(missing) + " (tool or command not available)")
    return {
        "maps": maps,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "benches": [
            {
                **asdict(b),
                "codes": sorted(b.codes),
                "median": b.median,
                "cpu_median": b.cpu_median,
            }
            for b in benches
        ],
        "ratios": ratios,
    }


def compile_bytecode() -> None:
    """Write the package's bytecode, as `pip install` does for an installed package.

    An editable install leaves that to the first import, which skips it when
    PYTHONDONTWRITEBYTECODE is set (as in some CI images): every run would then compile all of
    accountmap's modules again and the start-up lines would measure the compiler.
    """
    import compileall

    import accountmap_cli

    package = Path(accountmap_cli.__file__).parent
    compileall.compile_dir(package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--quick", action="store_true", help="1,000 maps and fewer runs")
    parser.add_argument("--runs", type=int, help="runs of each single-file command (default 20)")
    parser.add_argument(
        "--big-runs", type=int, help="runs of each N-map command (default 1, quick 3)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    args = parser.parse_args(argv)

    maps = 1_000 if args.quick else args.maps
    small_runs = args.runs or (10 if args.quick else 20)
    big_runs = args.big_runs or (3 if args.quick else 1)
    try:
        import accountmap_cli  # noqa: F401
    except ImportError:
        print(
            "run this with the project's virtualenv: .venv/bin/python bench/run.py", file=sys.stderr
        )
        return 2

    started = time.perf_counter()
    compile_bytecode()
    spawner = Spawner()  # first, while this process is still small
    folder = generate(maps)
    one_map = folder / "map-00000.yaml"
    warm_page_cache(folder)
    benches = build_benches(folder, one_map)
    print(
        f"corpus: {folder} ({maps:,} maps); {small_runs} runs per single-file command, "
        f"{big_runs} per {maps:,}-map command",
        file=sys.stderr,
    )
    try:
        measure(spawner, benches, small_runs=small_runs, big_runs=big_runs, warmups=2)
    finally:
        spawner.close()
    results = report(benches, maps)
    print(
        f"\n(total {time.perf_counter() - started:.0f} s; Python {results['python']}, "
        f"{results['cpus']} CPUs)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
