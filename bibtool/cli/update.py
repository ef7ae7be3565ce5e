"""``bibtool update refs.bib``: refresh the arXiv entries already in a file, keeping their keys."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from dataclasses import asdict, replace
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
    Mailto,
    Offline,
    Profile,
    Published,
    Quiet,
    Timeout,
    Unicode,
    Verbose,
    app,
    check_outputs,
    counting_bar,
    make_settings,
    reported_errors,
    request_logger,
    rewritten_file,
    say,
    write_text,
)
from bibtool.jobs.resolve import Progress
from bibtool.render.papers import Style
from bibtool.venues.anthology import DEFAULT_ANTHOLOGY_URL
from bibtool.venues.crossref import DEFAULT_CROSSREF_URL
from bibtool.venues.dblp import DEFAULT_DBLP_URL


def published_report(outcome: bibtool.UpdateOutcome) -> str:
    """The JSON report of ``update --published``: per entry, the version chosen and why."""
    rows = [asdict(c) for c in outcome.published]
    data = {"file": str(outcome.path), "requests": outcome.requests, "entries": rows}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


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
    published: Published = False,
    dblp_url: DblpUrl = DEFAULT_DBLP_URL,
    crossref_url: CrossrefUrl = DEFAULT_CROSSREF_URL,
    anthology_url: AnthologyUrl = DEFAULT_ANTHOLOGY_URL,
    mailto: Mailto = "",
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write what was decided for each entry, as JSON."),
    ] = None,
) -> None:
    """Complete arXiv entries: all authors, publisher DOI and journal, missing arXiv fields;
    with --published, cite the venue version instead of the preprint."""
    with reported_errors(), ExitStack() as bars:
        check_outputs({"--report": report}, [bib], stdout_used=dry_run)
        settings = replace(
            make_settings(api_url, delay, cache_dir, offline, timeout=timeout),
            dblp_url=dblp_url,
            crossref_url=crossref_url,
            anthology_url=anthology_url,
            crossref_mailto=mailto,
        )

        def bar(total: int) -> Progress | None:
            return bars.enter_context(counting_bar(total, "Looking up venues", quiet))

        def export_bar(size: int) -> Progress | None:
            return bars.enter_context(counting_bar(size, "Reading the ACL Anthology", quiet))

        outcome = bibtool.update(
            rewritten_file(bib, "update"), settings=settings, style=Style(profile, unicode),
            dry_run=dry_run, backup=backup, on_request=request_logger(verbose),
            published=published, progress=bar, export_progress=export_bar,
        )  # fmt: skip
        bars.close()
        if report is not None:
            write_text(str(report), published_report(outcome))
        if dry_run:
            sys.stdout.write(outcome.diff)
        if not quiet:
            for line in outcome.summary():
                say(line)
        if outcome.missing:
            raise typer.Exit(1)
