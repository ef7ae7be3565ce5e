"""The job ``check``: files and directories in, per-file findings and fixes out.

    outcome = check(["refs.bib"])
    outcome.findings            # every Finding, in file order
    outcome.failing             # those at or above each file's fail level (exit 1 in the CLI)

Each file is checked with the configuration found above it (``bibtool.config``), so two files
in different projects follow their own rules. Fixes are written atomically and only where the
file still holds what was read, and the findings left are those of the written file (removed
duplicates move lines); with ``dry_run`` a unified diff is returned instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bibtool.bibfile import BibDocument, commit, parse_bib, read_bib
from bibtool.bibfile.grammar import macro_names
from bibtool.config import CheckConfig, load_config
from bibtool.errors import InputError, UsageError
from bibtool.jobs.session import Session, Settings
from bibtool.lint.context import PaperSource, VenueSource
from bibtool.lint.context import Settings as RuleSettings
from bibtool.lint.engine import Options, check_document
from bibtool.lint.finding import Finding
from bibtool.lint.fix import fix_document
from bibtool.lint.registry import enabled, unknown_patterns
from bibtool.lint.rule import Severity
from bibtool.lint.style import key_regex

__all__ = ["Checked", "FileReport", "check", "check_file", "collect", "options_for"]

STDIN = "-"


@dataclass(frozen=True)
class FileReport:
    """One checked file: what was found, what was fixed, and the diff of the fixes."""

    name: str
    findings: tuple[Finding, ...]  # what remains (fixed findings are left out)
    fixed: tuple[Finding, ...] = ()
    diff: str = ""
    written: bool = False
    fail_level: str = "warning"

    @property
    def failing(self) -> tuple[Finding, ...]:
        """Findings at or above the file's fail level."""
        bar = Severity.parse(self.fail_level)
        return tuple(f for f in self.findings if f.severity >= bar)


def collect(paths: Sequence[str]) -> list[str]:
    """The .bib files named: files as given, directories searched (hidden ones skipped)."""
    return list(dict.fromkeys(name for arg in paths for name in _named(arg)))


def _named(arg: str) -> list[str]:
    try:
        return _found(arg)
    except OSError as exc:  # a name too long for the file system, a loop of links...
        raise InputError(f"cannot read {arg}: {exc.strerror or exc}") from exc


def _found(arg: str) -> list[str]:
    path = Path(arg)
    if arg == STDIN or path.is_file():
        return [arg]
    if path.is_dir():
        found = (p for p in path.rglob("*.bib") if p.is_file())
        return [str(p) for p in sorted(found) if not _hidden(p.relative_to(path))]
    if path.exists():  # a FIFO or a device: read like a file (bounded, never blocking)
        return [arg]
    raise InputError(f"cannot read {arg}: no such file or directory")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts[:-1])


def options_for(config: CheckConfig, *, online: bool, unsafe_fixes: bool = False) -> Options:
    """The rules and settings a configuration asks for; UsageError for unknown codes."""
    bad = unknown_patterns([*(config.select or ()), *config.ignore])
    if bad:
        raise UsageError(f"no rule matches {', '.join(bad)} (codes BIB001…, names, or ALL)")
    if config.key_pattern:
        try:
            key_regex(config.key_pattern)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    rules = enabled(config.select, config.ignore, online=online)
    settings = RuleSettings(config.target, config.key_pattern, config.macros, config.distinct)
    return Options(tuple(rules), settings, unsafe_fixes)


def check_file(
    name: str,
    configure: Callable[[Path], CheckConfig],
    *,
    source: PaperSource | None = None,
    venues: VenueSource | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    dry_run: bool = False,
    stdin: Callable[[], bytes] | None = None,
    macros: Iterable[str] = (),
) -> FileReport:
    """Check one file (``-``: ``stdin()``); with ``fix``, repair it (or diff, with dry_run):
    the safe fixes, and the unsafe ones too with ``unsafe_fixes``. ``macros``: @string names
    defined elsewhere (files named before it, as ``\\bibliography{abbr,refs}`` reads them)."""
    if name == STDIN:
        if fix and not dry_run:
            raise UsageError("--fix cannot write standard input (use --dry-run for the diff)")
        doc, config = parse_bib((stdin or _no_stdin)(), name="<stdin>"), configure(Path.cwd())
    else:
        doc, config = read_bib(name), configure(Path(name).resolve().parent)
    if macros:
        config = replace(config, macros=(*config.macros, *macros))
    options = options_for(config, online=source is not None, unsafe_fixes=unsafe_fixes)
    findings = check_document(doc, options, papers=source, venues=venues)
    if not fix:
        return FileReport(doc.name, tuple(findings), fail_level=config.fail_level)
    return _fixed(
        doc,
        findings,
        dry_run,
        config.fail_level,
        lambda d: check_document(d, options, papers=source, venues=venues),
    )


def _fixed(
    doc: BibDocument,
    findings: list[Finding],
    dry_run: bool,
    level: str,
    recheck: Callable[[BibDocument], list[Finding]],
) -> FileReport:
    result = fix_document(doc, findings, recheck)
    if result.data == doc.data:
        return FileReport(doc.name, tuple(findings), fail_level=level)
    rewrite = commit(doc, doc.name, result.data, dry_run=dry_run)
    if dry_run:
        return FileReport(doc.name, tuple(findings), (), rewrite.diff, fail_level=level)
    # What is left was checked on the repaired text (a removed duplicate moves every later line).
    return FileReport(doc.name, result.left, result.fixed, "", rewrite.written, level)


def _no_stdin() -> bytes:
    raise UsageError("no standard input to read")


@dataclass(frozen=True)
class Checked:
    """A whole check run: one report per file, in the order the files were named."""

    reports: tuple[FileReport, ...]
    notes: tuple[str, ...] = ()  # what the run could not do (a venue service that failed)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.reports for f in r.findings)

    @property
    def fixed(self) -> int:
        return sum(len(r.fixed) for r in self.reports)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.reports for f in r.failing)

    @property
    def diff(self) -> str:
        return "".join(r.diff for r in self.reports)


def check(
    paths: Sequence[str | Path],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_level: str | None = None,
    target: str | None = None,
    key_pattern: str | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    dry_run: bool = False,
    online: bool = False,
    settings: Settings | None = None,
    env: Mapping[str, str] | None = None,
    stdin: Callable[[], bytes] | None = None,
) -> Checked:
    """Check .bib files and directories (``-``: ``stdin()``) with the configuration found above
    each (``[tool.bibtool]``), ``env`` (``BIBTOOL_*`` variables) and these arguments, in rising
    precedence; with ``fix``, repair what is safe (``unsafe_fixes``: remove duplicate works too;
    ``dry_run``: diff only). ``online``: compare with arXiv (``settings``). InputError when no
    .bib file is found."""
    names = [str(p) for p in paths]
    files = collect(names)
    if not files:  # a CI job pointed at the wrong directory must not pass silently
        raise InputError(f"no .bib files in {', '.join(names)} (hidden directories skipped)")
    flags = {"select": select, "ignore": ignore, "fail_level": fail_level}
    configure = _configure({**flags, "target": target, "key_pattern": key_pattern}, env)
    fixes = {"fix": fix, "unsafe_fixes": unsafe_fixes, "dry_run": dry_run}
    reports = []
    defined: set[str] = set()  # @string names of the files named so far, as bibtex reads them
    with _source(online, settings) as (source, venues):
        for n in files:
            reports.append(
                check_file(
                    n,
                    configure,
                    source=source,
                    venues=venues,
                    stdin=stdin,
                    macros=frozenset(defined),
                    **fixes,
                )  # fmt: skip
            )
            if n != STDIN:
                defined |= macro_names(Path(n).read_text(encoding="latin-1"))
        failed = venues.failure if venues is not None else None
    notes = (f"published versions (BIB019) checked without the venue services: {failed}",)
    return Checked(tuple(reports), notes if failed else ())


def _configure(
    flags: dict[str, Any], env: Mapping[str, str] | None
) -> Callable[[Path], CheckConfig]:
    cache: dict[Path, CheckConfig] = {}

    def configure(start: Path) -> CheckConfig:
        if start not in cache:
            cache[start] = load_config(start, env=env, flags=flags)
        return cache[start]

    return configure


@contextmanager
def _source(
    online: bool, settings: Settings | None
) -> Iterator[tuple[PaperSource | None, VenueSource | None]]:
    """arXiv's papers and the published versions of preprints, for the ``--online`` rules."""
    if not online:
        yield None, None
        return
    with Session(settings or Settings()) as session:
        yield session.resolver(), session.venue_finder(tolerant=True)
