"""Orchestration: listing entries -> Matches, asking the local store first and arXiv second.

Identifiers are fetched 100 per request; titles are searched in batches (one OR-query for many
entries), and only entries the batch did not settle get a looser fallback query of their own.
Every answer goes into the store as it arrives, so a second identical run makes no request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from bibtool.arxiv.atom import Feed
from bibtool.arxiv.query import (
    abstract_bigrams,
    abstract_phrases,
    all_of,
    any_of,
    author_term,
    phrase,
    phrases,
    word_halves,
)
from bibtool.identify.match import check_identified, decide
from bibtool.model import ListingEntry, Match, MatchStatus, Paper
from bibtool.store import Store

TITLE_BATCH = 10
ABSTRACT_BATCH = 8
RESULTS_PER_ENTRY = 10
MAX_RESULTS = 100
FALLBACK_SIZE = 2  # a fallback query asks for as many results per entry as two batch entries
FALLBACK_BATCH = 5  # entries whose fallback queries share one request


class PaperIndex(Protocol):
    """What the resolver needs from the network side (``ArxivClient`` satisfies it)."""

    def fetch_ids(self, ids: Sequence[str]) -> list[Paper]: ...

    def search(
        self,
        search_query: str,
        *,
        max_results: int = 10,
        start: int = 0,
        confirm_empty: bool = True,
    ) -> Feed: ...


@dataclass
class Pending:
    """An entry the batch query did not settle: its decision so far and its candidates."""

    match: Match
    candidates: list[Paper]


@dataclass
class Resolver:
    """Resolves listing entries against the store and, unless offline, the arXiv API."""

    store: Store
    index: PaperIndex | None  # None means offline: the store alone answers
    progress: Callable[[int], None] = field(default=lambda n: None)
    title_batch: int = TITLE_BATCH
    abstract_batch: int = ABSTRACT_BATCH

    def resolve(self, entries: Sequence[ListingEntry]) -> list[Match]:
        """One Match per entry, in the entries' order."""
        results: dict[int, Match] = {}
        by_id = [i for i, e in enumerate(entries) if e.arxiv_id]
        by_title = [i for i, e in enumerate(entries) if not e.arxiv_id and e.title]
        by_abstract = [
            i for i, e in enumerate(entries) if not e.arxiv_id and not e.title and e.abstract
        ]
        results.update(self._replay(entries, by_title + by_abstract))
        by_title = [i for i in by_title if i not in results]
        by_abstract = [i for i in by_abstract if i not in results]
        results.update(self._resolve_locally(entries, by_title + by_abstract))
        by_title = [i for i in by_title if i not in results]
        by_abstract = [i for i in by_abstract if i not in results]
        riders = self._riders(entries, by_id, by_title)
        results.update(self._resolve_ids(entries, [i for i in by_id if i not in riders]))
        pending: dict[int, Pending] = {}
        for group in _chunks(by_title + riders, self.title_batch):
            results.update(self._resolve_titles(entries, group, pending))
        results.update(self._fall_back(entries, pending, _title_fallbacks, FALLBACK_BATCH))
        # A rider the title search did not bring back is fetched by its id after all.
        results.update(self._resolve_ids(entries, [i for i in riders if i not in results]))
        for group in _chunks(by_abstract, self.abstract_batch):
            results.update(self._resolve_abstracts(entries, group, pending))
        results.update(self._fall_back(entries, pending, _abstract_fallbacks, 1))
        for i, entry in enumerate(entries):
            if i not in results:
                results[i] = Match(
                    entry, MatchStatus.NOT_FOUND, reason="the entry has no title, abstract or id"
                )
                self.progress(1)
        if self.index is None:
            results = {i: _offline_reason(m) for i, m in results.items()}
        return [results[i] for i in range(len(entries))]

    # -- identifiers ---------------------------------------------------------------------------

    def _resolve_ids(self, entries: Sequence[ListingEntry], picks: list[int]) -> dict[int, Match]:
        papers = self.papers_by_id([entries[i].arxiv_id or "" for i in picks])
        out: dict[int, Match] = {}
        for i in picks:
            entry = entries[i]
            paper = papers.get(entry.arxiv_id or "")
            if paper is None:
                why = f"arXiv has no paper {entry.arxiv_id}" + self._offline_note()
                out[i] = Match(entry, MatchStatus.NOT_FOUND, reason=why, query="id_list")
            else:
                out[i] = check_identified(entry, paper, query="id_list")
            self.progress(1)
        return out

    def _riders(
        self, entries: Sequence[ListingEntry], by_id: list[int], by_title: list[int]
    ) -> list[int]:
        """Entries with an id and a title that can ride in the last title batch's free places.

        Only when that saves the id request: every id the store does not know fits, and a title
        batch is going out anyway. A small reference list then costs one request, not two.
        """
        room = -len(by_title) % self.title_batch if by_title else 0
        unknown = [
            i
            for i in by_id
            if not self.store.get_papers([entries[i].arxiv_id or ""])
            and self.store.get_query(f"id:{entries[i].arxiv_id}") is None
        ]
        if self.index is None or not unknown or len(unknown) > room:
            return []
        return unknown if all(entries[i].title for i in unknown) else []

    def papers_by_id(self, ids: Sequence[str]) -> dict[str, Paper]:
        """Papers for ids: the store's, then arXiv's for the rest (absent ids remembered too)."""
        wanted = list(dict.fromkeys(i for i in ids if i))
        found = self.store.get_papers(wanted)
        missing = [i for i in wanted if i not in found and self.store.get_query(f"id:{i}") is None]
        if missing and self.index is not None:
            fetched = self.index.fetch_ids(missing)
            found.update({p.arxiv_id: p for p in fetched})
            absent = [f"id:{i}" for i in missing if i not in found]
            self.store.put_lookup(fetched, absent)  # one commit: a resumed run asks neither
        return found

    # -- titles and abstracts ------------------------------------------------------------------

    def _resolve_locally(
        self, entries: Sequence[ListingEntry], picks: list[int]
    ) -> dict[int, Match]:
        """Entries the store's full-text index settles without a request.

        Online, only a match is final (anything else goes on to arXiv); offline, an ambiguous
        answer is final too, since nothing better can come.
        """
        out: dict[int, Match] = {}
        final = {MatchStatus.MATCHED} | ({MatchStatus.AMBIGUOUS} if self.index is None else set())
        for i in picks:
            entry = entries[i]
            pool = self.store.candidates(title=entry.title, abstract=entry.abstract)
            match = decide(entry, pool, query="local index")
            if match.status in final:
                out[i] = match
                self.progress(1)
        return out

    def _resolve_titles(
        self, entries: Sequence[ListingEntry], group: list[int], pending: dict[int, Pending]
    ) -> dict[int, Match]:
        terms = [t for i in group for t in phrases("ti", entries[i].title or "")]
        return self._resolve_batch(entries, group, terms, pending)

    def _resolve_abstracts(
        self, entries: Sequence[ListingEntry], group: list[int], pending: dict[int, Pending]
    ) -> dict[int, Match]:
        terms = [
            phrase("abs", p) for i in group for p in abstract_phrases(entries[i].abstract or "")
        ]
        return self._resolve_batch(entries, group, terms, pending)

    def _resolve_batch(
        self,
        entries: Sequence[ListingEntry],
        group: list[int],
        terms: Sequence[str | None],
        pending: dict[int, Pending],
    ) -> dict[int, Match]:
        """One OR-query for the whole group; what it does not settle goes to ``pending``."""
        query = any_of(terms)
        pool = self._search(query, len(group)) if query else []
        out: dict[int, Match] = {}
        for i in group:
            if wanted := entries[i].arxiv_id:  # a rider: its id decides, the title is a check
                paper = next((p for p in pool if p.arxiv_id == wanted), None)
                if paper is not None and query:
                    out[i] = check_identified(entries[i], paper, query=query)
                    self.progress(1)
                continue
            match = decide(entries[i], pool, query=query)
            if match.status is MatchStatus.MATCHED:
                out[i] = self._settle(entries[i], match, pool)
            else:
                pending[i] = Pending(match, list(pool))
        return out

    def _fall_back(
        self,
        entries: Sequence[ListingEntry],
        pending: dict[int, Pending],
        fallbacks: Callable[[ListingEntry], list[str | None]],
        batch: int,
    ) -> dict[int, Match]:
        """Looser queries, round by round, for the entries the batches did not settle.

        Each round asks for the round's query of ``batch`` entries at once (OR-ed), so a list
        of papers arXiv lacks costs a few requests, not a few per paper; an entry leaves the
        rounds once it is matched.
        """
        rounds = {i: fallbacks(entries[i]) for i in pending}
        level = 0
        while any(level < len(queries) for queries in rounds.values()):
            asking = [i for i in pending if level < len(rounds[i]) and rounds[i][level]]
            for group in _chunks(asking, batch):
                query = any_of(rounds[i][level] for i in group)
                if query is None:
                    continue
                found = self._search(query, len(group) * FALLBACK_SIZE, confirm_empty=False)
                for i in group:
                    left = pending[i]
                    left.candidates.extend(found)
                    left.match = decide(entries[i], left.candidates, query=query)
                    if left.match.status is MatchStatus.MATCHED:
                        rounds[i] = []
            level += 1
        out = {
            i: self._settle(entries[i], left.match, left.candidates) for i, left in pending.items()
        }
        pending.clear()
        return out

    def _settle(self, entry: ListingEntry, match: Match, candidates: Sequence[Paper]) -> Match:
        """Remember the entry's candidates (a warm run replays the decision) and report it."""
        self.store.put_query(_entry_key(entry), [p.arxiv_id for p in candidates], 0)
        self.progress(1)
        return match

    def _replay(self, entries: Sequence[ListingEntry], picks: list[int]) -> dict[int, Match]:
        """Entries decided before: the same decision over the same candidates, no request.

        Batch queries depend on which entries share a batch, so a second run whose batches
        differ (because the local index settled some entries) would miss the query cache;
        remembering each entry's candidates keeps a warm run at zero requests.
        """
        out: dict[int, Match] = {}
        for i in picks:
            ids = self.store.get_query(_entry_key(entries[i]))
            if ids is None:
                continue
            papers = self.papers_by_id(ids)
            out[i] = decide(entries[i], [papers[x] for x in ids if x in papers], query="store")
            self.progress(1)
        return out

    # -- store-first search --------------------------------------------------------------------

    def _search(self, query: str, entries: int, *, confirm_empty: bool = True) -> list[Paper]:
        max_results = min(MAX_RESULTS, RESULTS_PER_ENTRY * max(entries, 1))
        key = f"search_query={query}&max_results={max_results}"
        ids = self.store.get_query(key)
        if ids is not None:
            return list(self.papers_by_id(ids).values())
        if self.index is None:
            return []
        feed = self.index.search(query, max_results=max_results, confirm_empty=confirm_empty)
        self.store.put_answer(key, feed.papers, feed.total_results)
        return list(feed.papers)

    def _offline_note(self) -> str:
        return " in the local store (offline)" if self.index is None else ""


def _offline_reason(match: Match) -> Match:
    """Say plainly that an unresolved entry was only looked for in the local store."""
    if match.status is MatchStatus.MATCHED or "offline" in match.reason:
        return match
    return replace(match, reason=f"{match.reason} (offline: only the local store was searched)")


def _entry_key(entry: ListingEntry) -> str:
    """A store key for what the matcher sees of an entry (not its line: a moved entry hits)."""
    seen = [entry.title, list(entry.authors), entry.authors_truncated, entry.abstract,
            entry.date.isoformat() if entry.date else None, entry.year, entry.category]  # fmt: skip
    digest = hashlib.sha256(json.dumps(seen, ensure_ascii=False).encode()).hexdigest()
    return f"entry:{digest[:32]}"


def _title_fallbacks(entry: ListingEntry) -> list[str | None]:
    """Looser queries for a title, each in two halves sharing no word (one damaged word sinks
    one half only): its most specific words with the first author, then without."""
    halves = word_halves("ti", entry.title or "")
    first_author = author_term(entry.authors[0]) if entry.authors else None
    return [
        any_of(all_of([half, first_author]) for half in halves) if first_author else None,
        any_of(halves),
    ]


def _abstract_fallbacks(entry: ListingEntry) -> list[str | None]:
    """Distinctive word pairs of an abstract: they survive the rewrites between versions."""
    return [any_of(phrase("abs", p) for p in abstract_bigrams(entry.abstract or ""))]


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
