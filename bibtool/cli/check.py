"""``bibtool check``: the CI guard for .bib files (findings, exit status, safe fixes)."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import Annotated

import typer

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
    Timeout,
    app,
    make_settings,
    reported_errors,
)
from bibtool.errors import UsageError
from bibtool.jobs.check import Checked
from bibtool.jobs.check import check as check_files
from bibtool.lint.output import FORMATS, render, summary_line
from bibtool.venues.anthology import DEFAULT_ANTHOLOGY_URL
from bibtool.venues.crossref import DEFAULT_CROSSREF_URL
from bibtool.venues.dblp import DEFAULT_DBLP_URL

Codes = Annotated[
    list[str] | None,
    typer.Option(help="Rule codes, prefixes or names (comma-separated or repeated)."),
]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help=".bib files or directories; - reads stdin.")],
    output_format: Annotated[
        str | None, typer.Option("--format", help="text, json, github or sarif.")
    ] = None,
    select: Codes = None,
    ignore: Codes = None,
    fail_level: Annotated[
        str | None, typer.Option("--fail-level", help="Lowest failing severity.")
    ] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 with findings.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes.")] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help="Also apply the unsafe fixes (they remove duplicates, cite published versions).",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --fix: print the diff.")] = False,
    online: Annotated[bool, typer.Option("--online", help="Compare with arXiv.")] = False,
    target: Annotated[str | None, typer.Option(help="bibtex or biblatex.")] = None,
    key_pattern: Annotated[str | None, typer.Option("--key-pattern", help="Key style.")] = None,
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    timeout: Timeout = DEFAULT_TIMEOUT,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    dblp_url: DblpUrl = DEFAULT_DBLP_URL,
    crossref_url: CrossrefUrl = DEFAULT_CROSSREF_URL,
    anthology_url: AnthologyUrl = DEFAULT_ANTHOLOGY_URL,
    mailto: Mailto = "",
) -> None:
    """Check .bib files: exit 0 clean, 1 with findings at --fail-level or above, 2 unreadable."""
    with reported_errors():
        fmt = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
        if fmt not in FORMATS:
            raise UsageError(f"unknown --format {fmt!r} (known: {', '.join(FORMATS)})")
        outcome = check_files(
            paths, select=select, ignore=ignore, fail_level=fail_level, target=target,
            key_pattern=key_pattern, fix=fix, unsafe_fixes=unsafe_fixes, dry_run=dry_run,
            online=online,
            settings=replace(
                make_settings(api_url, delay, cache_dir, offline=offline, timeout=timeout),
                dblp_url=dblp_url, crossref_url=crossref_url, crossref_mailto=mailto,
                anthology_url=anthology_url,
            ),
            env=os.environ, stdin=sys.stdin.buffer.read,
        )  # fmt: skip
        code = _output(outcome, fmt)
    raise typer.Exit(0 if exit_zero else code)


def _output(outcome: Checked, fmt: str) -> int:
    """Print findings, diffs and the summary line; the exit status they call for."""
    findings, files, fixed = list(outcome.findings), len(outcome.reports), outcome.fixed
    sys.stdout.write(outcome.diff)
    sys.stdout.write(render(findings, fmt, files=files, fixed=fixed))
    for note in outcome.notes:
        typer.echo(f"warning: {note}", err=True)
    if fmt == "text":
        typer.echo(summary_line(findings, files=files, fixed=fixed), err=True)
    return 1 if outcome.failing else 0
