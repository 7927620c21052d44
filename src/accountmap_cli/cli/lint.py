"""`accountmap lint`: check maps against the format and the team's rules."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from accountmap_cli.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    AsOf,
    ConfigPath,
    Ignore,
    Jobs,
    Select,
    as_of_or_today,
    fail,
    settings_or_fail,
)

LINT_FORMATS = ("auto", "text", "json", "github", "sarif", "gitlab")


def resolve_format(name: str, environ: Mapping[str, str]) -> str:
    """`auto` is GitHub annotations inside GitHub Actions (`GITHUB_ACTIONS=true`), else text."""
    if name != "auto":
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def lint(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Map files or folders (searched recursively for *.yaml and *.yml).",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Output format: auto (github inside GitHub Actions, else text), text, json, "
            "github (workflow annotations), sarif (code scanning), gitlab (Code Quality).",
        ),
    ] = "auto",
    as_of: AsOf = None,
    config: ConfigPath = None,
    select: Select = None,
    ignore: Ignore = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit 1), not only errors.")
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help="Exit 0 even with findings (usage errors still exit 2)."),
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="After the output, count the findings per rule (on stderr for json, sarif "
            "and gitlab, so stdout stays parseable).",
        ),
    ] = False,
    summary_markdown: Annotated[
        Path | None,
        typer.Option(
            "--summary-markdown",
            metavar="PATH",
            help="Append a short Markdown summary of the run to this file.",
            show_default=False,
        ),
    ] = None,
    step_summary: Annotated[
        bool,
        typer.Option(
            "--step-summary",
            help="Append the Markdown summary to $GITHUB_STEP_SUMMARY (GitHub Actions' job "
            "page) when that is set.",
        ),
    ] = False,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Also read each map's git history, for the rules that need it (AM115 "
            "mapped-late). The maps must be in a git repository.",
        ),
    ] = False,
    jobs: Jobs = None,
) -> None:
    """Check maps for broken YAML, invalid fields, bad references and the team's rules.

    Prints one line per finding, `path:line:col: CODE message`, then a summary. Exits 0 when no
    finding is an error, 1 when any is (with --strict: any error or warning), 2 on a usage error.

    Team settings (severities, thresholds) come from `\\[tool.accountmap]` in pyproject.toml or an
    accountmap.toml found upward from the first map, or from --config.

    Example: accountmap lint maps/ --format sarif > accountmap.sarif
    """
    from accountmap_cli.loader import discover
    from accountmap_cli.parallel import lint_reports
    from accountmap_cli.render.lint import LINT_RENDERERS, MACHINE_FORMATS

    output_format = resolve_format(output_format, os.environ)
    if output_format not in LINT_RENDERERS:
        fail(
            f"unknown format '{output_format}'",
            hint="choose one of: " + ", ".join(LINT_FORMATS),
        )
    try:
        files = list(discover(paths))
    except FileNotFoundError as missing:
        fail(f"path '{missing.args[0]}' does not exist", hint="give a map file or a folder of maps")
    settings = settings_or_fail(paths, config=config, select=select, ignore=ignore)
    histories = _histories(files, paths, settings) if history else None
    reports = lint_reports(
        files, as_of=as_of_or_today(as_of), settings=settings, jobs=jobs, histories=histories
    )
    if output_format == "text" and files == sorted(files):
        keep = statistics or summary_markdown is not None or step_summary
        reports, failed = _stream_text(reports, keep=keep, strict=strict)
    else:
        reports = list(reports)
        typer.echo(LINT_RENDERERS[output_format](reports), nl=False)
        failed = any(r.errors or (strict and r.warnings) for r in reports)
    if statistics:
        from accountmap_cli.render.summary import render_statistics

        typer.echo(render_statistics(reports), nl=False, err=output_format in MACHINE_FORMATS)
    targets = [summary_markdown] if summary_markdown is not None else []
    if step_summary and os.environ.get("GITHUB_STEP_SUMMARY"):
        targets.append(Path(os.environ["GITHUB_STEP_SUMMARY"]))
    if targets:
        _append_summary(targets, reports)
    raise typer.Exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


def _stream_text(reports, *, keep: bool, strict: bool) -> tuple[list, bool]:
    """Print the text output a map at a time (the maps come in path order, as findings sort).

    Returns the reports when `keep` (for --statistics and the summaries), else none, and whether
    any map failed.
    """
    from accountmap_cli.render.lint import TextWriter

    writer = TextWriter()
    kept = []
    buffer: list[str] = []
    size = 0
    for report in reports:
        text = writer.add(report)
        if text:
            buffer.append(text)
            size += len(text)
            if size > 1 << 16:
                typer.echo("".join(buffer), nl=False)
                buffer, size = [], 0
        if keep:
            kept.append(report)
    buffer.append(writer.summary())
    typer.echo("".join(buffer), nl=False)
    return kept, bool(writer.errors or (strict and writer.warnings))


def _histories(files: list[str], paths: list[str], settings) -> dict:
    """The start of each map's git history (one `git log` and one `git cat-file` for all)."""
    from accountmap_cli.errors import AccountmapError
    from accountmap_cli.gitio import open_repo
    from accountmap_cli.history import read_early_histories

    if not files:
        return {}
    try:
        repo = open_repo(paths[0])
        folders = [p if os.path.isdir(p) else os.path.dirname(p) or "." for p in paths]
        return read_early_histories(
            repo, files, folders=folders, settings=settings, leave_checked=True
        )
    except AccountmapError as error:
        fail(error.message, hint=error.hint)


def _append_summary(targets: list[Path], reports: list) -> None:
    """Append the Markdown summary to each file once (the same file named twice gets it once)."""
    from accountmap_cli.render.summary import render_summary_markdown

    text = render_summary_markdown(reports)
    done: set[Path] = set()
    for target in targets:
        if target.resolve() in done:
            continue
        done.add(target.resolve())
        try:
            with target.open("a", encoding="utf-8") as file:
                file.write(text)
        except OSError as error:
            fail(
                f"cannot write the summary to '{target}': {error.strerror or error}",
                hint="give a file in a folder that exists and that you may write to",
            )


def register(app: typer.Typer) -> None:
    app.command()(lint)
