"""The main job: ``resolve``, ``add`` and ``fetch``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bibtool.arxiv.client import ARXIV_MIN_DELAY, DEFAULT_API_URL, DEFAULT_TIMEOUT
from bibtool.cli.common import (
    ApiUrl,
    CacheDir,
    Delay,
    Form,
    KeyPattern,
    Offline,
    OutputFormat,
    Profile,
    Quiet,
    ReportPath,
    Timeout,
    Unicode,
    Verbose,
    app,
    check_outputs,
    finish_run,
    make_settings,
    reported_errors,
    request_logger,
    rewritten_file,
    run_resolve,
    say,
    write_text,
)
from bibtool.errors import UsageError
from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.jobs.pipeline import Rendered, Session, check_target, merge_into, render_papers
from bibtool.render import DEFAULT_PATTERN
from bibtool.render.csl import render_csl_json


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
        check_outputs(output, report, stdout_used=output == "-")
        settings = make_settings(api_url, delay, cache_dir, offline, profile, timeout=timeout)
        with Session(settings, on_request=request_logger(verbose)) as session:
            result = run_resolve(listings, listing_format, session, quiet)
        papers = result.matched_papers()
        rendered = render_papers(papers, profile=profile, unicode=unicode, key_pattern=key_pattern)
        write_text(output, _formatted(rendered, output_format))
        finish_run(result, {r.paper.arxiv_id: r.key for r in rendered}, report, quiet)


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
) -> None:
    """Resolve a listing and merge the new entries into a .bib file (no duplicates)."""
    with reported_errors():
        check_outputs(None, report, stdout_used=dry_run)
        check_target(rewritten_file(bib, "--bib"), dry_run=dry_run)
        settings = make_settings(api_url, delay, cache_dir, offline, profile, timeout=timeout)
        with Session(settings, on_request=request_logger(verbose)) as session:
            result = run_resolve([listing], listing_format, session, quiet)
        outcome = merge_into(
            bib,
            result.matched_papers(),
            profile=profile,
            dry_run=dry_run,
            backup=backup,
            unicode=unicode,
            key_pattern=key_pattern,
            update=update,
        )
        if dry_run:
            sys.stdout.write(outcome.diff)
        if not quiet:
            for line in outcome.summary():
                say(line)
        finish_run(result, outcome.keys, report, quiet)


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
        check_outputs(output, None, stdout_used=output == "-")
        refs = [parse_arxiv_id(text) for text in identifiers]
        bad = [text for text, ref in zip(identifiers, refs, strict=True) if ref is None]
        if bad:
            shown = [repr(t) if len(t) <= 60 else repr(t[:59] + "…") for t in bad[:5]]
            more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
            raise UsageError(f"not an arXiv identifier: {', '.join(shown)}{more}")
        ids = [ref.id for ref in refs if ref is not None]
        settings = make_settings(api_url, delay, cache_dir, offline, profile, timeout=timeout)
        with Session(settings, on_request=request_logger(verbose)) as session:
            found = session.resolver().papers_by_id(ids)
        papers = [found[i] for i in ids if i in found]
        rendered = render_papers(papers, profile=profile, unicode=unicode, key_pattern=key_pattern)
        write_text(output, _formatted(rendered, output_format))
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        for arxiv_id in missing:
            say(f"bibtool: arXiv has no paper {arxiv_id}")
        if missing:
            raise typer.Exit(1)


def _formatted(rendered: list[Rendered], output_format: str) -> str:
    if output_format == "csl-json":
        return render_csl_json([(r.paper, r.key) for r in rendered])
    if output_format != "bibtex":
        raise UsageError(f"unknown --format {output_format!r} (known: bibtex, csl-json)")
    return "\n".join(r.text for r in rendered)
