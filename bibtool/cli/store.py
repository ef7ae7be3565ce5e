"""``bibtool store import`` and ``bibtool store info``: the local store and its full-text index."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

import bibtool
from bibtool.cli.common import CacheDir, Quiet, app, reported_errors, say
from bibtool.jobs.session import Settings
from bibtool.jobs.store import Format
from bibtool.store import default_cache_dir

store_app = typer.Typer(no_args_is_help=True, help="The local store: bulk import, counts.")
app.add_typer(store_app, name="store")


class ImportFormat(str, Enum):
    kaggle = "kaggle"
    atom = "atom"
    dblp = "dblp"
    anthology = "anthology"


@store_app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="Snapshot JSON lines, an arXiv Atom file, dblp.xml(.gz) or anthology.bib(.gz)."
        ),
    ],
    form: Annotated[
        ImportFormat | None, typer.Option("--format", help="Detected from the content if absent.")
    ] = None,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
) -> None:
    """Load metadata in bulk (the arXiv OAI/Kaggle snapshot, Atom answers, DBLP's XML dump, or
    the ACL Anthology's BibTeX, aclanthology.org/anthology.bib.gz), full-text indexed."""
    settings = Settings(cache_dir=cache_dir or default_cache_dir())
    with reported_errors():
        size = file.stat().st_size if file.is_file() else 0
        fmt: Format | None = form.value if form else None
        if quiet:
            result = bibtool.store_import(file, settings=settings, form=fmt)
        else:
            with typer.progressbar(length=size, label="Importing", file=sys.stderr) as bar:
                result = bibtool.store_import(
                    file, settings=settings, form=fmt, progress=bar.update
                )
    if not quiet:
        resumed = f" (an interrupted import resumed at line {result.resumed_at + 1})"
        say(
            f"{file}: {result.imported} {result.what} imported, {result.skipped} lines skipped"
            + (resumed if result.resumed_at else "")
        )
        for skip in result.examples:
            say(f"{file}:{skip.line}: skipped: {skip.reason}")
    if result.skipped:
        raise typer.Exit(1)


@store_app.command("info")
def info(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    cache_dir: CacheDir = None,
) -> None:
    """Show where the store is, how many papers and queries it holds, and its size on disk."""
    with reported_errors():
        facts = bibtool.store_info(settings=Settings(cache_dir=cache_dir or default_cache_dir()))
    if as_json:
        typer.echo(json.dumps(asdict(facts), indent=2))
        return
    typer.echo(f"store:   {facts.path}")
    typer.echo(f"papers:  {facts.papers:,} (full-text indexed)")
    typer.echo(f"venues:  {facts.venue_records:,} records (DBLP, ACL Anthology, Crossref)")
    typer.echo(f"queries: {facts.queries:,} answered")
    typer.echo(f"size:    {facts.bytes / 2**20:.1f} MiB (SQLite {facts.sqlite_version})")
