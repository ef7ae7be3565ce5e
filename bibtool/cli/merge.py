"""``merge`` and ``dedupe``: .bib files into one, and duplicates out of one, losslessly."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

import bibtool
from bibtool.cli.common import Quiet, app, reported_errors, rewritten_file, say
from bibtool.jobs.merge import FileOutcome

DryRun = Annotated[bool, typer.Option("--dry-run", help="Print a unified diff; write nothing.")]
Backup = Annotated[bool, typer.Option("--backup", help="Keep the previous file as FILE.bak.")]
Explain = Annotated[
    bool, typer.Option("--explain", help="Say why each pair is or is not one work.")
]


@app.command()
def merge(
    sources: Annotated[list[Path], typer.Argument(help="The .bib files to merge in.")],
    into: Annotated[Path, typer.Option("--into", help="The .bib file to merge into.")],
    update: Annotated[
        bool, typer.Option("--update", help="Enrich entries already there (missing fields).")
    ] = False,
    dry_run: DryRun = False,
    backup: Backup = False,
    explain: Explain = False,
    quiet: Quiet = False,
) -> None:
    """Merge entries of other .bib files into one; works already there are not added again."""
    with reported_errors():
        into = rewritten_file(into, "--into")
        outcome = bibtool.merge(sources, into, update=update, dry_run=dry_run, backup=backup)
        _report(outcome, dry_run=dry_run, explain=explain, quiet=quiet)


@app.command()
def dedupe(
    bib: Annotated[Path, typer.Argument(help="The .bib file to collapse duplicates in.")],
    dry_run: DryRun = False,
    backup: Backup = False,
    explain: Explain = False,
    quiet: Quiet = False,
) -> None:
    """Collapse entries that are one work, keeping the first key and the others in ids = {…}."""
    with reported_errors():
        outcome = bibtool.dedupe(rewritten_file(bib, "dedupe"), dry_run=dry_run, backup=backup)
        _report(outcome, dry_run=dry_run, explain=explain, quiet=quiet)


def _report(outcome: FileOutcome, *, dry_run: bool, explain: bool, quiet: bool) -> None:
    if dry_run:
        sys.stdout.write(outcome.diff)
    if explain:
        for line in outcome.explained:
            say(f"explain: {line}")
    if not quiet:
        for line in outcome.summary:
            say(line)
