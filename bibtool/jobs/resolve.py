"""The jobs ``resolve`` and ``fetch``: listings or identifiers in, entries and a report out.

result = resolve(["listing.txt"], settings=Settings(offline=True))
print(result.text())                  # the BibTeX (or CSL-JSON) of every matched paper
result.complete                       # every entry matched and every line read
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bibtool.errors import UsageError
from bibtool.identify.report import ReportRow, rows_for
from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.jobs.session import OnRequest, Session, Settings
from bibtool.listing.files import read_listing
from bibtool.model import Listing, ListingForm, Match, MatchStatus, Paper
from bibtool.render.papers import Rendered, Style, formatted, render_papers

__all__ = [
    "Fetched",
    "Resolved",
    "RunResult",
    "fetch",
    "read_listings",
    "resolve",
    "resolve_listings",
]

ListingSource = str | Path | Listing  # a path ("-" for standard input) or a parsed listing
Progress = Callable[[int], None]  # called with the number of entries just decided


@dataclass(frozen=True)
class RunResult:
    """Every entry of every listing and the resolver's decision on it, with the requests made."""

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


@dataclass(frozen=True)
class Resolved:
    """What ``resolve`` produced: the run, and one rendered entry per matched paper."""

    run: RunResult
    entries: tuple[Rendered, ...]
    style: Style

    @property
    def keys(self) -> dict[str, str]:
        """arXiv id -> the key its entry was given."""
        return {r.paper.arxiv_id: r.key for r in self.entries}

    @property
    def complete(self) -> bool:
        return self.run.complete

    def rows(self) -> list[ReportRow]:
        return self.run.rows(self.keys)

    def text(self) -> str:
        """The entries as the style's format writes them (BibTeX entries, or a CSL-JSON array)."""
        return formatted(self.entries, self.style)


def read_listings(
    sources: Sequence[ListingSource], form: ListingForm | None = None
) -> list[Listing]:
    """Each source as a parsed listing (paths are read; InputError for one that cannot be)."""
    return [s if isinstance(s, Listing) else read_listing(s, form=form) for s in sources]


def resolve_listings(
    listings: Sequence[Listing], session: Session, progress: Progress | None = None
) -> RunResult:
    """Resolve every entry of every listing (store first, then arXiv); ``progress`` is called
    with 0 before the first entry, then with the number of entries each step decided."""
    if progress is not None:
        progress(0)
    resolver = session.resolver(progress)
    matches = tuple(tuple(resolver.resolve(listing.entries)) for listing in listings)
    return RunResult(tuple(listings), matches, session.requests)


def resolve(
    listings: Sequence[ListingSource],
    *,
    settings: Settings | None = None,
    form: ListingForm | None = None,
    style: Style = Style(),
    on_request: OnRequest | None = None,
    progress: Progress | None = None,
) -> Resolved:
    """Identify every entry of ``listings`` on arXiv and render the matched papers.

    Nothing is written. An entry that is not matched is in ``rows()`` with the reason; an
    arXiv that cannot be reached raises ArxivError after retries (what was fetched is kept).
    """
    style.check()
    parsed = read_listings(listings, form)
    with Session(settings or Settings(), on_request=on_request) as session:
        run = resolve_listings(parsed, session, progress)
    return Resolved(run, tuple(render_papers(run.matched_papers(), style)), style)


@dataclass(frozen=True)
class Fetched:
    """What ``fetch`` produced: an entry per paper arXiv has, the ids it does not have."""

    entries: tuple[Rendered, ...]
    missing: tuple[str, ...]
    requests: int
    style: Style

    def text(self) -> str:
        return formatted(self.entries, self.style)


def fetch(
    identifiers: Sequence[str],
    *,
    settings: Settings | None = None,
    style: Style = Style(),
    on_request: OnRequest | None = None,
) -> Fetched:
    """Entries for arXiv identifiers in any form (``2107.13163``, ``arXiv:…v2``, abs/pdf URLs,
    ``hep-th/9901001``, ``10.48550/arXiv.…``); UsageError names those that are not one."""
    style.check()
    refs = [parse_arxiv_id(text) for text in identifiers]
    bad = [text for text, ref in zip(identifiers, refs, strict=True) if ref is None]
    if bad:
        shown = [repr(t) if len(t) <= 60 else repr(t[:59] + "…") for t in bad[:5]]
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise UsageError(f"not an arXiv identifier: {', '.join(shown)}{more}")
    ids = [ref.id for ref in refs if ref is not None]
    with Session(settings or Settings(), on_request=on_request) as session:
        found = session.resolver().papers_by_id(ids)
        requests = session.requests
    entries = render_papers([found[i] for i in ids if i in found], style)
    missing = tuple(i for i in dict.fromkeys(ids) if i not in found)
    return Fetched(tuple(entries), missing, requests, style)
