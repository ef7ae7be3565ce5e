"""The main job as library calls: read listings, resolve them, render entries, merge into a file.

The CLI wires these together; each function takes plain values and returns frozen results.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import sys
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bibtool.arxiv.client import (
    ARXIV_MIN_DELAY,
    DEFAULT_API_URL,
    DEFAULT_TIMEOUT,
    ArxivClient,
    RequestRecord,
)
from bibtool.bibfile import BibDocument, check_writable, read_bib, write_atomic
from bibtool.errors import InputError
from bibtool.listing import parse_listing
from bibtool.model import Listing, ListingForm, Match, MatchStatus, Paper
from bibtool.render import DEFAULT_PATTERN, make_key, render_entry
from bibtool.resolve.report import ReportRow, rows_for
from bibtool.resolve.resolver import Resolver
from bibtool.store import Store, default_cache_dir
from bibtool.works.merge import NewWork, Skip, Update, apply_plan, plan_merge

MAX_LINE = 100_000  # characters in one line of a listing (an abstract on one line: ~3,000)


@dataclass(frozen=True)
class Settings:
    """Where and how to reach arXiv and the store; the CLI fills it from flags and environment."""

    api_url: str = DEFAULT_API_URL
    delay: float = ARXIV_MIN_DELAY
    timeout: float = DEFAULT_TIMEOUT
    cache_dir: Path = field(default_factory=default_cache_dir)
    offline: bool = False
    profile: str = "bibtex"


@dataclass(frozen=True)
class Rendered:
    """One BibTeX entry ready to print or merge."""

    paper: Paper
    key: str
    text: str


@dataclass(frozen=True)
class RunResult:
    """Everything a resolve run produced, for printing, merging and the report."""

    listings: tuple[Listing, ...]
    matches: tuple[tuple[Match, ...], ...]
    requests: int

    def matched_papers(self) -> list[Paper]:
        """Matched papers in listing order, each once (the same paper listed twice is one)."""
        seen: dict[str, Paper] = {}
        for group in self.matches:
            for m in group:
                if m.status is MatchStatus.MATCHED and m.paper is not None:
                    seen.setdefault(m.paper.arxiv_id, m.paper)
        return list(seen.values())

    def rows(self, keys: dict[str, str]) -> list[ReportRow]:
        """Report rows for every listing, keyed papers named by ``keys`` (arXiv id -> key)."""
        return [
            row
            for listing, group in zip(self.listings, self.matches, strict=True)
            for row in rows_for(listing, group, keys)
        ]

    @property
    def complete(self) -> bool:
        """True when every entry matched and every line was read (exit code 0)."""
        return all(not listing.unread for listing in self.listings) and all(
            m.status is MatchStatus.MATCHED for group in self.matches for m in group
        )


def read_listing(path: str, *, form: ListingForm | None = None) -> Listing:
    """Parse a listing file (``-`` for standard input); unreadable files raise InputError."""
    if path == "-":
        return parse_listing(
            decode_listing(sys.stdin.buffer.read(), "<stdin>"), name="<stdin>", form=form
        )
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_listing(decode_listing(data, path), name=path, form=form)


def decode_listing(data: bytes, name: str) -> str:
    """The text of a listing's bytes (UTF-8, BOM or not); what no listing can be raises InputError.

    Refused, each with its line: bytes that are not UTF-8, a NUL byte (binary data, or UTF-16
    without a BOM), and a line longer than ``MAX_LINE`` characters (a page saved without line
    breaks, not a listing: matching it word by word would take minutes).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(
            f"{name}:{_line_of(data, nul)}: a NUL byte: binary data, not a text listing "
            "(or UTF-16 text; save it as UTF-8)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at, column = _line_of(data, exc.start), exc.start - data.rfind(b"\n", 0, exc.start)
        raise InputError(
            f"{name}:{at}: not UTF-8 text (byte 0x{data[exc.start]:02X} at column {column}); "
            "save it as UTF-8"
        ) from exc
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise InputError(
                f"{name}:{number}: a line of {len(line):,} characters, more than the "
                f"{MAX_LINE:,} a listing line may have"
            )
    return text


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


class Session:
    """An open store plus (unless offline) an arXiv client; close it when done."""

    def __init__(
        self,
        settings: Settings,
        *,
        on_request: Callable[[RequestRecord], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = Store.in_dir(settings.cache_dir)
        self.client = (
            None
            if settings.offline
            else ArxivClient(
                base_url=settings.api_url,
                delay=settings.delay,
                timeout=settings.timeout,
                on_request=on_request,
                gate=self.store,  # one clock for every process sharing the store
                clock=time.time,
            )
        )

    @property
    def requests(self) -> int:
        return self.client.requests_made if self.client else 0

    def resolver(self, progress: Callable[[int], None] | None = None) -> Resolver:
        return Resolver(self.store, self.client, progress=progress or (lambda n: None))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve_listings(
    listings: Sequence[Listing], session: Session, progress: Callable[[int], None] | None = None
) -> RunResult:
    """Resolve every entry of every listing (store first, then arXiv)."""
    resolver = session.resolver(progress)
    matches = tuple(tuple(resolver.resolve(listing.entries)) for listing in listings)
    return RunResult(tuple(listings), matches, session.requests)


def render_papers(
    papers: Sequence[Paper],
    *,
    taken: Collection[str] = (),
    profile: str = "bibtex",
    unicode: bool = False,
    key_pattern: str = DEFAULT_PATTERN,
) -> list[Rendered]:
    """BibTeX for each paper once, with keys unique against ``taken`` and each other."""
    used = {k.lower() for k in taken}
    out: list[Rendered] = []
    seen: set[str] = set()
    for paper in papers:
        if paper.arxiv_id in seen:
            continue
        seen.add(paper.arxiv_id)
        key = make_key(paper, used, key_pattern)
        used.add(key.lower())
        text = render_entry(paper, key, profile=profile, unicode=unicode)
        out.append(Rendered(paper, key, text))
    return out


@dataclass(frozen=True)
class MergeOutcome:
    """What merging resolved papers into a .bib file did (or, with dry_run, would do)."""

    path: Path
    added: tuple[Rendered, ...]
    skipped: tuple[Skip, ...]
    keys: dict[str, str]  # arXiv id -> the key it has in the file (new or existing)
    diff: str
    written: bool
    updated: tuple[Update, ...] = ()

    def summary(self) -> list[str]:
        verb = "would add" if not self.written and self.diff else "added"
        lines = [
            f"{self.path}: {verb} {len(self.added)} entr{'y' if len(self.added) == 1 else 'ies'}"
            f", {len(self.skipped) + len(self.updated)} already present"
            + (f" ({len(self.updated)} updated)" if self.updated else "")
        ]
        lines += [f"  + {r.key} (arXiv:{r.paper.arxiv_id})" for r in self.added]
        lines += [f"  ~ {u.existing_key}: {'; '.join(u.changes)}" for u in self.updated]
        lines += [f"  = {s.existing_key}: {s.reason}" for s in self.skipped]
        return lines


def check_target(path: Path, *, dry_run: bool = False) -> None:
    """Refuse now, before any request, the .bib file that ``merge_into`` would refuse at the end.

    It must parse cleanly (or not exist yet) and, unless ``dry_run``, be writable.
    """
    read_bib(path, missing_ok=True).require_clean()
    if not dry_run:
        check_writable(path)


def merge_into(
    path: Path,
    papers: Sequence[Paper],
    *,
    profile: str = "bibtex",
    dry_run: bool = False,
    backup: bool = False,
    unicode: bool = False,
    key_pattern: str = DEFAULT_PATTERN,
    update: bool = False,
) -> MergeOutcome:
    """Append the papers not yet in the .bib file at ``path``; the file's bytes stay as they were.

    A file bibtexparser cannot fully read is refused (BibFileError) before anything is written.
    Keys are made unique against the file; a paper already there keeps its existing key (and
    with ``update`` its entry gains the fields it lacks, see ``bibtool.works.enrich``).
    """
    doc = read_bib(path, missing_ok=True)
    doc.require_clean()
    # First pass finds what is already present; keys are then drawn for the additions only,
    # so a skipped paper never uses up a key suffix.
    style = functools.partial(
        render_papers, taken=doc.keys, profile=profile, unicode=unicode, key_pattern=key_pattern
    )
    first = plan_merge(doc, _works(style(papers)))
    present = {s.work.arxiv_id for s in first.skipped}
    fresh = style([p for p in papers if p.arxiv_id not in present])
    present_works = [s.work for s in first.skipped] if update else []
    plan = plan_merge(doc, _works(fresh) + present_works, update=update)
    by_id = {r.paper.arxiv_id: r for r in fresh}
    added = tuple(by_id[w.arxiv_id] for w in plan.additions if w.arxiv_id)
    keys = {s.work.arxiv_id: s.existing_key for s in first.skipped if s.work.arxiv_id}
    keys.update({r.paper.arxiv_id: r.key for r in added})
    data = apply_plan(doc, plan)
    diff = _diff(doc, data, str(path)) if dry_run else ""
    written = False
    if not dry_run and data != doc.data:
        written = write_atomic(path, data, expected=doc.on_disk, backup=backup)
    skipped = plan.skipped if update else plan.skipped + first.skipped
    return MergeOutcome(path, added, skipped, keys, diff, written, plan.updates)


def _works(rendered: Sequence[Rendered]) -> list[NewWork]:
    return [NewWork(r.key, r.text, arxiv_id=r.paper.arxiv_id) for r in rendered]


def _diff(doc: BibDocument, new: bytes, name: str) -> str:
    before = doc.data.decode(doc.encoding, errors="replace").splitlines(keepends=True)
    after = new.decode(doc.encoding, errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))
