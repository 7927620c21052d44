"""Entry point: ``accountmap`` and ``python -m accountmap_cli``."""

import sys


def main() -> None:
    # Answer --version before importing Typer, pydantic or rich: it must cost what `python` costs.
    if sys.argv[1:] == ["--version"]:
        from accountmap_cli import __version__

        sys.stdout.write(f"accountmap {__version__}\n")
        return
    import gc

    # Start-up builds a few hundred thousand objects that live until the exit (Typer, pydantic,
    # the map models). The cycle collector walked them again and again while they were made, and
    # once more at the exit: about a fifth of `accountmap lint one-map.yaml`. The checks make no
    # cyclic garbage (lint and review over 10,000 maps peak at the same memory either way); the
    # command that does, a CRM import's round-trip documents, turns the collector back on.
    gc.disable()
    try:
        from accountmap_cli.cli.app import run

        run()
    finally:
        gc.freeze()  # the exit: no last collection over everything that is still alive


if __name__ == "__main__":
    main()
