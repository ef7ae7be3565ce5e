"""What every command shares: the typer app, common options, error mapping, output helpers."""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bibtool import __version__
from bibtool.bibfile.source import same_file
from bibtool.bibfile.write import WRITES, replace_file
from bibtool.errors import ArxivError, ArxivRejected, BibtoolError, UsageError, VenueError
from bibtool.identify.report import summary_lines, to_json, visible
from bibtool.jobs.resolve import Progress, RunResult
from bibtool.jobs.session import Settings
from bibtool.model import Listing, ListingForm
from bibtool.net.http import RequestRecord
from bibtool.render.keys import check_pattern as compile_key_pattern
from bibtool.store import default_cache_dir

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn paper listings into complete arXiv BibTeX and merge it into your .bib file.",
)

ApiUrl = Annotated[
    str, typer.Option("--api-url", envvar="BIBTOOL_API_URL", help="arXiv API endpoint.")
]
Delay = Annotated[
    float,
    typer.Option(help="Seconds between API requests (at least 3 for arXiv's own hosts)."),
]
Timeout = Annotated[
    float,
    typer.Option(
        "--timeout",
        envvar="BIBTOOL_TIMEOUT",
        help="Seconds arXiv may stay silent (connecting or answering) before bibtool asks again.",
    ),
]
CacheDir = Annotated[
    Path | None,
    typer.Option("--cache-dir", envvar="BIBTOOL_CACHE_DIR", help="Where the local store lives."),
]
Offline = Annotated[bool, typer.Option("--offline", help="Answer from the local store only.")]
DblpUrl = Annotated[
    str, typer.Option("--dblp-url", envvar="BIBTOOL_DBLP_URL", help="DBLP search API endpoint.")
]
CrossrefUrl = Annotated[
    str,
    typer.Option(
        "--crossref-url", envvar="BIBTOOL_CROSSREF_URL", help="Crossref works API endpoint."
    ),
]
AnthologyUrl = Annotated[
    str,
    typer.Option(
        "--anthology-url",
        envvar="BIBTOOL_ANTHOLOGY_URL",
        help="ACL Anthology site (its volume BibTeX exports).",
    ),
]
Mailto = Annotated[
    str,
    typer.Option(
        "--mailto", envvar="BIBTOOL_MAILTO", help="Your address, sent to Crossref (polite pool)."
    ),
]
Published = Annotated[
    bool,
    typer.Option(
        "--published",
        help="Cite preprints as their published version (DBLP, ACL Anthology, Crossref),"
        " arXiv fields kept.",
    ),
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log every request on stderr.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
Form = Annotated[
    ListingForm | None,
    typer.Option("--listing-format", help="Force the listing form instead of detecting it."),
]
ReportPath = Annotated[
    Path | None, typer.Option("--report", help="Write a JSON report of every entry here.")
]
Profile = Annotated[str, typer.Option(help="Output profile: bibtex, biblatex, zotero.")]
Unicode = Annotated[
    bool, typer.Option("--unicode", help="Keep UTF-8 instead of LaTeX escapes (any profile).")
]


def _check_key_pattern(pattern: str) -> str:
    try:
        compile_key_pattern(pattern)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return pattern


KeyPattern = Annotated[
    str,
    typer.Option(
        "--key-pattern",
        callback=_check_key_pattern,
        help="Key pattern: {auth}{year}{title}, or auth.lower + shorttitle(3,3) + year.",
    ),
]


def _check_format(value: str) -> str:
    if value not in ("bibtex", "csl-json"):
        raise typer.BadParameter(f"{value!r} is not one of bibtex, csl-json")
    return value


OutputFormat = Annotated[
    str,
    typer.Option("--format", callback=_check_format, help="bibtex (in the --profile) or csl-json."),
]


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
    _announce_waits()


class _Said(logging.Handler):
    """Library notices (a long wait for arXiv) as lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        say(f"bibtool: {record.getMessage()}")


def _announce_waits() -> None:
    """A run that pauses for minutes (Retry-After, a whole export's download) says so instead
    of looking hung."""
    for name in ("bibtool.arxiv", "bibtool.venues"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, _Said) for h in logger.handlers):
            handler = _Said(logging.INFO)
            handler.addFilter(lambda record: record.levelno == logging.INFO)
            logger.addHandler(handler)
            logger.setLevel(min(logger.level or logging.INFO, logging.INFO))


def say(line: str) -> None:
    """One line on stderr, control characters from the user's files made visible."""
    typer.echo(visible(line), err=True)


def _fail(message: str, code: int) -> NoReturn:
    say(f"bibtool: error: {message}")
    raise typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Map bibtool's exceptions to one sentence on stderr and the documented exit code."""
    written = len(WRITES)
    try:
        yield
    except ArxivError as exc:
        _fail(f"{exc}; {advice(exc)}", exc.exit_code)
    except VenueError as exc:
        _fail(f"{exc}; try again later, or use --offline to work from the local store", 3)
    except BibtoolError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        done = WRITES[written:]
        if done:  # the replace happened: the file holds the new version, whole
            _fail(f"interrupted after {', '.join(done)} was written in full", 130)
        _fail("interrupted; everything fetched so far is kept in the local store", 130)


def advice(exc: ArxivError) -> str:
    """What a user of the command line can do about an arXiv failure (the library has no flags)."""
    if isinstance(exc, ArxivRejected):
        return "please report this, and use --offline meanwhile to work from the local store"
    return "try again later, or use --offline to work from the local store"


def make_settings(
    api_url: str, delay: float, cache_dir: Path | None, offline: bool, *, timeout: float
) -> Settings:
    return Settings(
        api_url=api_url,
        delay=delay,
        timeout=timeout,
        cache_dir=cache_dir or default_cache_dir(),
        offline=offline,
    )


def request_logger(verbose: bool) -> Callable[[RequestRecord], None] | None:
    if not verbose:
        return None

    def log(record: RequestRecord) -> None:
        query = "&".join(f"{k}={v}" for k, v in record.params.items())
        say(
            f"bibtool: {record.method} {record.url}?{query} -> {record.status} "
            f"({record.seconds:.2f} s){' ' + record.note if record.note else ''}"
        )

    return log


@contextmanager
def progress_bar(listings: list[Listing], quiet: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr over the entries of ``listings`` (none when quiet or empty),
    shown from the job's first call: a job that refuses its input first shows no bar."""
    with counting_bar(sum(len(listing.entries) for listing in listings), "Resolving", quiet) as bar:
        yield bar


@contextmanager
def counting_bar(total: int, label: str, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr over ``total`` steps (none when quiet or nothing to count),
    shown from the job's first call and ended once full, so that a bar after it (the ACL
    Anthology's export read, then the venues looked up) starts on a line of its own."""
    if quiet or total == 0:
        yield None
        return
    bar = typer.progressbar(length=total, label=label, file=sys.stderr)
    shown = ended = False
    done = 0

    def advance(n: int) -> None:
        nonlocal shown, ended, done
        if ended:
            return
        if not shown:
            bar.__enter__()
            shown = True
        bar.update(n)
        done += n
        if done >= total:
            bar.__exit__(None, None, None)
            ended = True

    try:
        yield advance
    finally:
        if shown and not ended:
            bar.__exit__(None, None, None)


def finish_run(result: RunResult, keys: dict[str, str], report: Path | None, quiet: bool) -> None:
    rows = result.rows(keys)
    if report is not None:
        text = json.dumps(to_json(rows, result.requests), indent=2, ensure_ascii=False)
        write_text(str(report), text + "\n")
    if not quiet:
        for line in summary_lines(rows, result.requests):
            say(line)
    if not result.complete:
        raise typer.Exit(1)


def rewritten_file(path: Path, option: str) -> Path:
    """The .bib file a command rewrites in place; ``-`` is refused (it would be a file named -)."""
    if str(path) == "-":
        raise UsageError(
            f"{option} - : bibtool rewrites this file in place, so it needs a path "
            "(--dry-run prints the change as a diff)"
        )
    return path


def check_outputs(
    outputs: Mapping[str, str | Path | None],
    inputs: Sequence[str | Path] = (),
    *,
    stdout_used: bool,
) -> None:
    """Refuse, before any work, an output that could not be written, would share stdout, or
    would replace one of the command's ``inputs`` (or another output) under another name.

    ``outputs``: option -> path; ``stdout_used``: the command prints something else on
    standard output (BibTeX, a diff).
    """
    named = {option: str(path) for option, path in outputs.items() if path is not None}
    on_stdout = sorted((o for o, path in named.items() if path == "-"), key="--report".__eq__)
    if len(on_stdout) + stdout_used > 1:  # named for the last of them, the report if it is one
        what = "the JSON report" if on_stdout[-1] == "--report" else "its output"
        raise UsageError(f"{on_stdout[-1]} - would mix {what} into the output on stdout")
    files = [(option, path) for option, path in named.items() if path != "-"]
    for n, (option, path) in enumerate(files):
        _check_output(option, path)
        for source in (str(i) for i in inputs if str(i) != "-"):
            if same_file(path, source):
                raise UsageError(
                    f"{option} {path} is {source}, which this command reads: writing it would "
                    "replace it (name another file)"
                )
        for other, other_path in files[n + 1 :]:
            if same_file(path, other_path):
                raise UsageError(f"{option} and {other} both name {path}")


def _check_output(option: str, path: str) -> None:
    """A file an output may go to: a regular file (or none yet) in a writable directory, a
    terminal or device such as /dev/stdout, or a FIFO that a process reads."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        parent = Path(path).parent
        if not parent.is_dir():
            raise UsageError(f"cannot write {path}: no directory {parent}") from None
        if not os.access(parent, os.W_OK | os.X_OK):
            raise UsageError(f"cannot write {path}: its directory is not writable") from None
        return
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {path}: it is a directory")
    if stat.S_ISFIFO(mode):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # ENXIO: writing would wait forever for a reader
            raise UsageError(f"cannot write {path}: a FIFO that no process reads") from None
    elif stat.S_ISREG(mode) and not os.access(path, os.W_OK):
        raise UsageError(f"cannot write {path}: it is read-only ({option})")


def write_text(path: str, text: str) -> None:
    """``text`` to standard output (``-``), a device or FIFO as it is, or a regular file
    replaced atomically (an interrupted run leaves the old file whole)."""
    if path == "-":
        sys.stdout.write(text)
        return
    data = text.encode("utf-8")
    try:
        if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):
            with open(path, "wb") as out:
                out.write(data)
            return
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    replace_file(path, data)
