"""The main job: ``resolve``, ``add`` and ``fetch``."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

import bibtool
from bibtool.arxiv.client import ARXIV_MIN_DELAY, DEFAULT_API_URL, DEFAULT_TIMEOUT
from bibtool.cli.common import (
    AnthologyUrl,
    ApiUrl,
    CacheDir,
    CrossrefUrl,
    DblpUrl,
    Delay,
    Form,
    KeyPattern,
    Mailto,
    Offline,
    OutputFormat,
    Profile,
    Published,
    Quiet,
    ReportPath,
    Timeout,
    Unicode,
    Verbose,
    app,
    check_outputs,
    finish_run,
    make_settings,
    progress_bar,
    reported_errors,
    request_logger,
    rewritten_file,
    say,
    write_text,
)
from bibtool.jobs.resolve import read_listings
from bibtool.render import DEFAULT_PATTERN
from bibtool.render.papers import Style
from bibtool.venues.anthology import DEFAULT_ANTHOLOGY_URL
from bibtool.venues.crossref import DEFAULT_CROSSREF_URL
from bibtool.venues.dblp import DEFAULT_DBLP_URL


@app.command()
def resolve(
    listings: Annotated[list[str], typer.Argument(help="Listing files; - reads stdin.")],
    output: Annotated[str, typer.Option("--output", "-o", help="BibTeX file, or - .")] = "-",
    report: ReportPath = None,
    listing_format: Form = None,
    profile: Profile = "bibtex",
    unicode: Unicode = False,
    key_pattern: KeyPattern = DEFAULT_PATTERN,
    output_format: OutputFormat = "bibtex",
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    timeout: Timeout = DEFAULT_TIMEOUT,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Print BibTeX (or CSL-JSON) for every entry of the listings (no merge)."""
    with reported_errors():
        check_outputs({"-o": output, "--report": report}, listings, stdout_used=False)
        style = Style(profile, unicode, key_pattern, output_format).check()
        settings = make_settings(api_url, delay, cache_dir, offline, timeout=timeout)
        parsed = read_listings(listings, listing_format)
        with progress_bar(parsed, quiet) as progress:
            result = bibtool.resolve(
                parsed, settings=settings, style=style, on_request=request_logger(verbose),
                progress=progress,
            )  # fmt: skip
        write_text(output, result.text())
        finish_run(result.run, result.keys, report, quiet)


@app.command()
def add(
    listing: Annotated[str, typer.Argument(help="Listing file; - reads stdin.")],
    bib: Annotated[Path, typer.Option("--bib", help="The .bib file to merge into.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the diff only.")] = False,
    backup: Annotated[bool, typer.Option("--backup", help="Keep FILE.bak.")] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Enrich entries already there (missing fields).")
    ] = False,
    report: ReportPath = None,
    csl_json: Annotated[
        str | None,
        typer.Option(
            "--csl-json",
            help="Also write the listing's papers as CSL-JSON (for Zotero) under the keys they "
            "have in the .bib; - for stdout.",
        ),
    ] = None,
    listing_format: Form = None,
    profile: Profile = "bibtex",
    unicode: Unicode = False,
    key_pattern: KeyPattern = DEFAULT_PATTERN,
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    timeout: Timeout = DEFAULT_TIMEOUT,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
    published: Published = False,
    dblp_url: DblpUrl = DEFAULT_DBLP_URL,
    crossref_url: CrossrefUrl = DEFAULT_CROSSREF_URL,
    anthology_url: AnthologyUrl = DEFAULT_ANTHOLOGY_URL,
    mailto: Mailto = "",
) -> None:
    """Resolve a listing and merge the new entries into a .bib file (no duplicates); with
    --published, each new paper as its published version."""
    with reported_errors():
        outputs = {"--report": report, "--csl-json": csl_json}
        check_outputs(outputs, [listing, bib], stdout_used=dry_run)
        style = Style(profile, unicode, key_pattern).check()
        settings = replace(
            make_settings(api_url, delay, cache_dir, offline, timeout=timeout),
            dblp_url=dblp_url,
            crossref_url=crossref_url,
            anthology_url=anthology_url,
            crossref_mailto=mailto,
        )
        rewritten_file(bib, "--bib")
        parsed = read_listings([listing], listing_format)
        with progress_bar(parsed, quiet) as progress:
            outcome = bibtool.add(
                parsed[0], bib, settings=settings, style=style, update=update, dry_run=dry_run,
                backup=backup, on_request=request_logger(verbose), progress=progress,
                published=published,
            )  # fmt: skip
        if dry_run:
            sys.stdout.write(outcome.diff)
        if csl_json is not None:
            write_text(csl_json, outcome.csl_json())
        if not quiet:
            for line in outcome.summary():
                say(line)
        finish_run(outcome.run, outcome.keys, report, quiet)


@app.command()
def fetch(
    identifiers: Annotated[list[str], typer.Argument(help="arXiv ids, abs/pdf URLs or DOIs.")],
    output: Annotated[str, typer.Option("--output", "-o", help="BibTeX file, or - .")] = "-",
    profile: Profile = "bibtex",
    unicode: Unicode = False,
    key_pattern: KeyPattern = DEFAULT_PATTERN,
    output_format: OutputFormat = "bibtex",
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    timeout: Timeout = DEFAULT_TIMEOUT,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
) -> None:
    """Print BibTeX for arXiv identifiers (2107.13163, arXiv:…, abs/pdf URLs, 10.48550/…)."""
    with reported_errors():
        check_outputs({"-o": output}, stdout_used=False)
        style = Style(profile, unicode, key_pattern, output_format).check()
        settings = make_settings(api_url, delay, cache_dir, offline, timeout=timeout)
        result = bibtool.fetch(
            identifiers, settings=settings, style=style, on_request=request_logger(verbose)
        )
        write_text(output, result.text())
        where = "is not in the local store (offline)" if offline else "is not on arXiv"
        for arxiv_id in result.missing:
            say(f"bibtool: {arxiv_id} {where}")
        if result.missing:
            raise typer.Exit(1)
