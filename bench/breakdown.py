"""Where does `accountmap lint` spend its time? Start-up by package, then the work per map by phase.

    .venv/bin/python bench/breakdown.py                 # 1,000 maps
    .venv/bin/python bench/breakdown.py --maps 10000 --cprofile

Part 1 runs `python -X importtime -m accountmap_cli lint one-map.yaml` and sums the import time of
each top-level package (typer, pydantic, rich, yaml, ...) and of each of our own modules; building
the pydantic models happens while `accountmap_cli.models` is imported, so it shows up there.

Part 2 checks the corpus in this process and times each phase separately by wrapping the pipeline's
functions: reading files, parsing (libyaml events → data with locations), validation (pydantic),
deal facts, each rule, the rest of the engine, and rendering the text output. Times are CPU seconds
(`time.process_time`), the best of `--repeat` passes, so other load on the machine disturbs them
less than wall time. `--cprofile` adds the top functions by own time (cProfile's overhead inflates
Python-heavy code, so use it to rank, not to measure).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from baseline import events_all, load_all, map_files  # noqa: E402
from generate import generate  # noqa: E402
from run import compile_bytecode  # noqa: E402

AS_OF = dt.date(2024, 5, 1)
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_profile(one_map: Path, *, repeat: int) -> None:
    """Print the import time of each package while linting one map (best of `repeat`)."""
    best: dict[str, float] | None = None
    ours: dict[str, tuple[float, float]] = {}
    env = {**os.environ, "NO_COLOR": "1"}
    argv = [sys.executable, "-X", "importtime", "-m", "accountmap_cli", "lint", str(one_map)]
    for _ in range(repeat):
        result = subprocess.run(
            [*argv, "--as-of", AS_OF.isoformat()], capture_output=True, text=True, env=env
        )
        groups: dict[str, float] = collections.Counter()
        this_ours = {}
        for line in result.stderr.splitlines():
            match = _IMPORT_LINE.match(line)
            if not match:
                continue
            own, cumulative, name = int(match[1]) / 1000, int(match[2]) / 1000, match[4]
            groups[name.split(".")[0]] += own
            if name.startswith("accountmap_cli"):
                this_ours[name] = (own, cumulative)
        if best is None or sum(groups.values()) < sum(best.values()):
            best, ours = groups, this_ours
    assert best is not None
    total = sum(best.values())
    print(f"Start-up: imports while linting one map, {total:.0f} ms in all (best of {repeat})")
    print(f"  {'package':<28} {'ms':>7}")
    for name, own in sorted(best.items(), key=lambda item: -item[1])[:14]:
        print(f"  {name:<28} {own:7.1f}")
    print(f"  {'(everything else)':<28} {total - sum(sorted(best.values())[-14:]):7.1f}")
    print(f"\n  {'our module':<36} {'own ms':>7} {'with imports':>13}")
    for name, (own, cumulative) in sorted(ours.items(), key=lambda item: -item[1][0]):
        if own >= 0.5:
            print(f"  {name:<36} {own:7.1f} {cumulative:13.1f}")


class Timers:
    """Accumulated CPU seconds per phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)

    def wrap(self, name: str, function):
        seconds = self.seconds
        clock = time.process_time

        def timed(*args, **kwargs):
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += clock() - start

        return timed


def phase_profile(files: list[str], *, repeat: int, use_cprofile: bool) -> None:
    """Print CPU time per phase of linting `files` in this process (best of `repeat` passes)."""
    from accountmap_cli import lint, loader, validate
    from accountmap_cli.render.lint import render_text
    from accountmap_cli.rules import RULES

    originals = (loader.read_text, loader.parse, validate.validate, lint.derive_facts, dict(RULES))
    best: dict[str, float] | None = None
    try:
        for _ in range(repeat):
            timers = Timers()
            # Nested phases: read and parse run inside "load", so they are wrapped separately.
            loader.read_text = timers.wrap("read files", originals[0])
            loader.parse = timers.wrap("parse (events → data)", originals[1])
            validate.validate = timers.wrap("validate (pydantic)", originals[2])
            lint.derive_facts = timers.wrap("deal facts", originals[3])
            for code, rule in originals[4].items():
                if rule.check is not None:
                    RULES[code] = dataclasses.replace(
                        rule, check=_timed_generator(timers, f"rule {code}", rule.check)
                    )
            start = time.process_time()
            # Keep what `accountmap lint` keeps: the findings, not the models.
            reports = [
                lint.MapReport(r.path, r.findings) for r in lint.check_files(files, as_of=AS_OF)
            ]
            checked = time.process_time() - start
            render = time.process_time()
            render_text(reports)
            timers.seconds["render text"] = time.process_time() - render
            named = sum(v for k, v in timers.seconds.items() if k != "render text")
            timers.seconds["engine (locate, findings, sort)"] = checked - named
            timers.seconds["total"] = checked + timers.seconds["render text"]
            if best is None or timers.seconds["total"] < best["total"]:
                best = dict(timers.seconds)
    finally:
        loader.read_text, loader.parse, validate.validate, lint.derive_facts = originals[:4]
        RULES.clear()
        RULES.update(originals[4])
    assert best is not None
    total = best.pop("total")
    per_map = 1e6 / len(files)
    print(f"\nWork: lint over {len(files):,} maps in this process, CPU time, best of {repeat}")
    print(f"  {'phase':<34} {'s':>7} {'µs/map':>8} {'share':>6}")
    rules = {k: v for k, v in best.items() if k.startswith("rule ")}
    main = {k: v for k, v in best.items() if not k.startswith("rule ")}
    main["rules (all)"] = sum(rules.values())
    for name, seconds in sorted(main.items(), key=lambda item: -item[1]):
        print(f"  {name:<34} {seconds:7.3f} {seconds * per_map:8.0f} {seconds / total:6.1%}")
    print(f"  {'total':<34} {total:7.3f} {total * per_map:8.0f}")
    for name, function in (
        ("libyaml events only", events_all),
        ("yaml.load(CSafeLoader)", load_all),
    ):
        seconds = min(_cpu(function, files) for _ in range(repeat))
        print(f"  {'(yardstick: ' + name + ')':<34} {seconds:7.3f} {seconds * per_map:8.0f}")
    slowest = sorted(rules.items(), key=lambda item: -item[1])[:5]
    print("  slowest rules: " + ", ".join(f"{k[5:]} {v * per_map:.0f} µs/map" for k, v in slowest))

    if use_cprofile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        render_text(list(lint.check_files(files, as_of=AS_OF)))
        profiler.disable()
        print("\ncProfile, top functions by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


def _cpu(function, files: list[str]) -> float:
    start = time.process_time()
    function(files)
    return time.process_time() - start


def _timed_generator(timers: Timers, name: str, check):
    def timed(context):
        start = time.process_time()
        try:
            return list(check(context))
        finally:
            timers.seconds[name] += time.process_time() - start

    return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", type=int, default=1_000, help="corpus size (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best counts")
    parser.add_argument("--cprofile", action="store_true", help="also print a cProfile top list")
    args = parser.parse_args(argv)
    folder = generate(args.maps)
    compile_bytecode()
    import_profile(folder / "map-00000.yaml", repeat=max(args.repeat, 5))
    phase_profile(map_files(str(folder)), repeat=args.repeat, use_cprofile=args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
