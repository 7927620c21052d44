"""The yardsticks `run.py` compares `accountmap` with, each over a folder of maps in one process.

    python bench/baseline.py load FOLDER     # yaml.load(data, Loader=yaml.CSafeLoader) per file
    python bench/baseline.py events FOLDER   # libyaml events only: CParser.get_event until the end

Files are found as `accountmap lint` finds them (recursive, sorted ``*.yaml``/``*.yml``) and read as
bytes. `load` is "just loading the maps the usual way"; `events` is the floor for any YAML reader
that looks at every event from Python (our loader builds its data from these same events).
"""

from __future__ import annotations

import os
import sys


def map_files(folder: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, n) for n in files if n.endswith((".yaml", ".yml")))
    return sorted(found)


def load_all(files: list[str]) -> int:
    import yaml

    loader = yaml.CSafeLoader
    loaded = 0
    for name in files:
        with open(name, "rb") as handle:
            data = handle.read()
        if yaml.load(data, Loader=loader) is not None:
            loaded += 1
    return loaded


def events_all(files: list[str]) -> int:
    from yaml._yaml import CParser
    from yaml.events import StreamEndEvent

    count = 0
    for name in files:
        with open(name, "rb") as handle:
            data = handle.read()
        parser = CParser(data)
        get_event = parser.get_event
        while True:
            count += 1
            if type(get_event()) is StreamEndEvent:
                break
        parser.dispose()
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("load", "events"):
        sys.stderr.write("usage: python bench/baseline.py {load,events} FOLDER\n")
        return 2
    files = map_files(argv[1])
    result = load_all(files) if argv[0] == "load" else events_all(files)
    sys.stdout.write(f"{argv[0]}: {len(files)} files, {result}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
