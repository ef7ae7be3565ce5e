"""The command line: thin typer commands over ``bibtool.pipeline``; the only place that prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from bibtool import __version__
from bibtool.arxiv.client import ARXIV_MIN_DELAY, DEFAULT_API_URL, RequestRecord
from bibtool.arxiv.ids import parse_arxiv_id
from bibtool.errors import BibtoolError, UsageError
from bibtool.model import ListingForm
from bibtool.pipeline import (
    RunResult,
    Session,
    Settings,
    merge_into,
    read_listing,
    render_papers,
    resolve_listings,
)
from bibtool.report import summary_lines, to_json
from bibtool.store import default_cache_dir

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn paper listings into complete arXiv BibTeX and merge it into your .bib file.",
)
T = TypeVar("T")

ApiUrl = Annotated[
    str, typer.Option("--api-url", envvar="BIBTOOL_API_URL", help="arXiv API endpoint.")
]
Delay = Annotated[
    float,
    typer.Option(help="Seconds between API requests (at least 3 for arXiv's own hosts)."),
]
CacheDir = Annotated[
    Path | None,
    typer.Option("--cache-dir", envvar="BIBTOOL_CACHE_DIR", help="Where the local store lives."),
]
Offline = Annotated[bool, typer.Option("--offline", help="Answer from the local store only.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log every request on stderr.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
Form = Annotated[
    ListingForm | None,
    typer.Option("--listing-format", help="Force the listing form instead of detecting it."),
]
ReportPath = Annotated[
    Path | None, typer.Option("--report", help="Write a JSON report of every entry here.")
]
Profile = Annotated[str, typer.Option(help="Output profile: bibtex, biblatex.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bibtool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """bibtool: listings in, clean BibTeX out. (Not Gerd Neugebauer's BibTool.)"""


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"bibtool: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _errors() -> Iterator[None]:
    """Map bibtool's exceptions to one sentence on stderr and the documented exit code."""
    try:
        yield
    except BibtoolError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted; everything fetched so far is kept in the local store", 130)


def _settings(
    api_url: str, delay: float, cache_dir: Path | None, offline: bool, profile: str = "bibtex"
) -> Settings:
    return Settings(
        api_url=api_url,
        delay=delay,
        cache_dir=cache_dir or default_cache_dir(),
        offline=offline,
        profile=profile,
    )


def _request_logger(verbose: bool) -> Callable[[RequestRecord], None] | None:
    if not verbose:
        return None

    def log(record: RequestRecord) -> None:
        query = "&".join(f"{k}={v}" for k, v in record.params.items())
        typer.echo(
            f"bibtool: {record.method} {record.url}?{query} -> {record.status} "
            f"({record.seconds:.2f} s)",
            err=True,
        )

    return log


def _run_resolve(
    paths: list[str], form: ListingForm | None, session: Session, quiet: bool
) -> RunResult:
    listings = [read_listing(p, form=form) for p in paths]
    total = sum(len(listing.entries) for listing in listings)
    if quiet or total == 0:
        return resolve_listings(listings, session)
    with typer.progressbar(length=total, label="Resolving", file=sys.stderr) as bar:
        return resolve_listings(listings, session, bar.update)


def _finish(result: RunResult, keys: dict[str, str], report: Path | None, quiet: bool) -> None:
    rows = result.rows(keys)
    if report is not None:
        text = json.dumps(to_json(rows, result.requests), indent=2, ensure_ascii=False)
        _write_text(str(report), text + "\n")
    if not quiet:
        for line in summary_lines(rows, result.requests):
            typer.echo(line, err=True)
    if not result.complete:
        raise typer.Exit(1)


def _write_text(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


@app.command()
def resolve(
    listings: Annotated[list[str], typer.Argument(help="Listing files; - reads stdin.")],
    output: Annotated[str, typer.Option("--output", "-o", help="BibTeX file, or - .")] = "-",
    report: ReportPath = None,
    listing_format: Form = None,
    profile: Profile = "bibtex",
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Print BibTeX for every entry of the listings (no merge)."""
    with _errors():
        settings = _settings(api_url, delay, cache_dir, offline, profile)
        with Session(settings, on_request=_request_logger(verbose)) as session:
            result = _run_resolve(listings, listing_format, session, quiet)
        rendered = render_papers(result.matched_papers(), profile=profile)
        _write_text(output, "\n".join(r.text for r in rendered))
        _finish(result, {r.paper.arxiv_id: r.key for r in rendered}, report, quiet)


@app.command()
def add(
    listing: Annotated[str, typer.Argument(help="Listing file; - reads stdin.")],
    bib: Annotated[Path, typer.Option("--bib", help="The .bib file to merge into.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the diff only.")] = False,
    backup: Annotated[bool, typer.Option("--backup", help="Keep FILE.bak.")] = False,
    report: ReportPath = None,
    listing_format: Form = None,
    profile: Profile = "bibtex",
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Resolve a listing and merge the new entries into a .bib file (no duplicates)."""
    with _errors():
        settings = _settings(api_url, delay, cache_dir, offline, profile)
        with Session(settings, on_request=_request_logger(verbose)) as session:
            result = _run_resolve([listing], listing_format, session, quiet)
        outcome = merge_into(
            bib, result.matched_papers(), profile=profile, dry_run=dry_run, backup=backup
        )
        if dry_run:
            sys.stdout.write(outcome.diff)
        if not quiet:
            for line in outcome.summary():
                typer.echo(line, err=True)
        _finish(result, outcome.keys, report, quiet)


@app.command()
def fetch(
    identifiers: Annotated[list[str], typer.Argument(help="arXiv ids, abs/pdf URLs or DOIs.")],
    output: Annotated[str, typer.Option("--output", "-o", help="BibTeX file, or - .")] = "-",
    profile: Profile = "bibtex",
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    verbose: Verbose = False,
) -> None:
    """Print BibTeX for arXiv identifiers (2107.13163, arXiv:…, abs/pdf URLs, 10.48550/…)."""
    with _errors():
        refs = [parse_arxiv_id(text) for text in identifiers]
        bad = [text for text, ref in zip(identifiers, refs, strict=True) if ref is None]
        if bad:
            raise UsageError(f"not an arXiv identifier: {', '.join(bad)}")
        ids = [ref.id for ref in refs if ref is not None]
        settings = _settings(api_url, delay, cache_dir, offline, profile)
        with Session(settings, on_request=_request_logger(verbose)) as session:
            found = session.resolver().papers_by_id(ids)
        rendered = render_papers([found[i] for i in ids if i in found], profile=profile)
        _write_text(output, "\n".join(r.text for r in rendered))
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        for arxiv_id in missing:
            typer.echo(f"bibtool: arXiv has no paper {arxiv_id}", err=True)
        if missing:
            raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="bibtool")
