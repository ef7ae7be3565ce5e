"""``bibtool update refs.bib``: refresh the arXiv entries already in a file, keeping their keys."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

import bibtool
from bibtool.arxiv.client import ARXIV_MIN_DELAY, DEFAULT_API_URL, DEFAULT_TIMEOUT
from bibtool.cli.common import (
    ApiUrl,
    CacheDir,
    Delay,
    Offline,
    Profile,
    Quiet,
    Timeout,
    Unicode,
    Verbose,
    app,
    make_settings,
    reported_errors,
    request_logger,
    rewritten_file,
    say,
)
from bibtool.render.papers import Style


@app.command()
def update(
    bib: Annotated[Path, typer.Argument(help="The .bib file to refresh in place.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the diff only.")] = False,
    backup: Annotated[bool, typer.Option("--backup", help="Keep FILE.bak.")] = False,
    profile: Profile = "bibtex",
    unicode: Unicode = False,
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    timeout: Timeout = DEFAULT_TIMEOUT,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Complete arXiv entries: all authors, publisher DOI and journal, missing arXiv fields."""
    with reported_errors():
        settings = make_settings(api_url, delay, cache_dir, offline, timeout=timeout)
        outcome = bibtool.update(
            rewritten_file(bib, "update"), settings=settings, style=Style(profile, unicode),
            dry_run=dry_run, backup=backup, on_request=request_logger(verbose),
        )  # fmt: skip
        if dry_run:
            sys.stdout.write(outcome.diff)
        if not quiet:
            for line in outcome.summary():
                say(line)
        if outcome.missing:
            raise typer.Exit(1)
