"""``bibtool check``: the CI guard for .bib files (findings, exit status, safe fixes)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from bibtool.arxiv.client import ARXIV_MIN_DELAY, DEFAULT_API_URL, DEFAULT_TIMEOUT
from bibtool.check.online import PaperSource
from bibtool.check.output import FORMATS, render, summary_line
from bibtool.check.run import FileReport, check_file, collect
from bibtool.cli.common import (
    ApiUrl,
    CacheDir,
    Delay,
    Timeout,
    app,
    make_settings,
    reported_errors,
)
from bibtool.config import CheckConfig, load_config
from bibtool.errors import InputError, UsageError
from bibtool.jobs.pipeline import Session

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
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --fix: print the diff.")] = False,
    online: Annotated[bool, typer.Option("--online", help="Compare with arXiv.")] = False,
    target: Annotated[str | None, typer.Option(help="bibtex or biblatex.")] = None,
    key_pattern: Annotated[str | None, typer.Option("--key-pattern", help="Key style.")] = None,
    api_url: ApiUrl = DEFAULT_API_URL,
    delay: Delay = ARXIV_MIN_DELAY,
    timeout: Timeout = DEFAULT_TIMEOUT,
    cache_dir: CacheDir = None,
) -> None:
    """Check .bib files: exit 0 clean, 1 with findings at --fail-level or above, 2 unreadable."""
    with reported_errors():
        fmt = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
        if fmt not in FORMATS:
            raise UsageError(f"unknown --format {fmt!r} (known: {', '.join(FORMATS)})")
        flags = {"select": select, "ignore": ignore, "fail_level": fail_level}
        configure = _configure({**flags, "target": target, "key_pattern": key_pattern})
        files = collect(paths)
        if not files:  # a CI job pointed at the wrong directory must not pass silently
            raise InputError(f"no .bib files in {', '.join(paths)} (hidden directories skipped)")
        with _source(online, api_url, delay, timeout, cache_dir) as source:
            reports = [
                check_file(n, configure, source=source, fix=fix, dry_run=dry_run, stdin=_stdin)
                for n in files
            ]
        code = _output(reports, fmt)
    raise typer.Exit(0 if exit_zero else code)


def _configure(flags: dict[str, Any]) -> Callable[[Path], CheckConfig]:
    cache: dict[Path, CheckConfig] = {}

    def configure(start: Path) -> CheckConfig:
        if start not in cache:
            cache[start] = load_config(start, env=os.environ, flags=flags)
        return cache[start]

    return configure


@contextmanager
def _source(
    online: bool, api_url: str, delay: float, timeout: float, cache_dir: Path | None
) -> Iterator[PaperSource | None]:
    if not online:
        yield None
        return
    settings = make_settings(api_url, delay, cache_dir, offline=False, timeout=timeout)
    with Session(settings) as session:
        yield session.resolver()


def _stdin() -> bytes:
    return sys.stdin.buffer.read()


def _output(reports: list[FileReport], fmt: str) -> int:
    """Print findings, diffs and the summary line; the exit status they call for."""
    findings = [f for r in reports for f in r.findings]
    fixed = sum(len(r.fixed) for r in reports)
    sys.stdout.write("".join(r.diff for r in reports))
    sys.stdout.write(render(findings, fmt, files=len(reports), fixed=fixed))
    if fmt == "text":
        typer.echo(summary_line(findings, files=len(reports), fixed=fixed), err=True)
    return 1 if any(r.failing for r in reports) else 0
