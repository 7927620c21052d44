"""Entry point: ``accountmap`` and ``python -m accountmap_cli``."""

import sys


def main() -> None:
    # Answer --version before importing Typer, pydantic or rich: it must cost what `python` costs.
    if sys.argv[1:] == ["--version"]:
        from accountmap_cli import __version__

        sys.stdout.write(f"accountmap {__version__}\n")
        return
    from accountmap_cli.cli.app import run

    run()


if __name__ == "__main__":
    main()
