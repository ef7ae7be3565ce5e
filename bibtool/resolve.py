"""Orchestration: listing entries -> Matches, asking the local store first and arXiv second.

Identifiers are fetched 100 per request; titles are searched in batches (one OR-query for many
entries), and only entries the batch did not settle get a looser fallback query of their own.
Every answer goes into the store as it arrives, so a second identical run makes no request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bibtool.arxiv.atom import Feed
from bibtool.arxiv.query import (
    abstract_bigrams,
    abstract_phrases,
    all_of,
    any_of,
    author_term,
    phrase,
    word_terms,
)
from bibtool.match import check_identified, decide
from bibtool.model import ListingEntry, Match, MatchStatus, Paper
from bibtool.store import Store

TITLE_BATCH = 10
ABSTRACT_BATCH = 8
RESULTS_PER_ENTRY = 10
MAX_RESULTS = 100
FALLBACK_SIZE = 2  # a fallback query asks for as many results as two batch entries


class PaperIndex(Protocol):
    """What the resolver needs from the network side (``ArxivClient`` satisfies it)."""

    def fetch_ids(self, ids: Sequence[str]) -> list[Paper]: ...

    def search(self, search_query: str, *, max_results: int = 10, start: int = 0) -> Feed: ...


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
        results.update(self._resolve_ids(entries, by_id))
        for group in _chunks(by_title, self.title_batch):
            results.update(self._resolve_titles(entries, group))
        for group in _chunks(by_abstract, self.abstract_batch):
            results.update(self._resolve_abstracts(entries, group))
        for i, entry in enumerate(entries):
            if i not in results:
                results[i] = Match(
                    entry, MatchStatus.NOT_FOUND, reason="the entry has no title, abstract or id"
                )
                self.progress(1)
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

    def papers_by_id(self, ids: Sequence[str]) -> dict[str, Paper]:
        """Papers for ids: the store's, then arXiv's for the rest (absent ids remembered too)."""
        wanted = list(dict.fromkeys(i for i in ids if i))
        found = self.store.get_papers(wanted)
        missing = [i for i in wanted if i not in found and self.store.get_query(f"id:{i}") is None]
        if missing and self.index is not None:
            fetched = self.index.fetch_ids(missing)
            self.store.put_papers(fetched)
            found.update({p.arxiv_id: p for p in fetched})
            for arxiv_id in missing:
                if arxiv_id not in found:
                    self.store.put_query(f"id:{arxiv_id}", [], 0)
        return found

    # -- titles and abstracts ------------------------------------------------------------------

    def _resolve_titles(
        self, entries: Sequence[ListingEntry], group: list[int]
    ) -> dict[int, Match]:
        terms = [phrase("ti", entries[i].title or "") for i in group]
        return self._resolve_batch(entries, group, terms, _title_fallbacks)

    def _resolve_abstracts(
        self, entries: Sequence[ListingEntry], group: list[int]
    ) -> dict[int, Match]:
        terms = [
            phrase("abs", p) for i in group for p in abstract_phrases(entries[i].abstract or "")
        ]
        return self._resolve_batch(entries, group, terms, _abstract_fallbacks)

    def _resolve_batch(
        self,
        entries: Sequence[ListingEntry],
        group: list[int],
        terms: list[str | None],
        fallbacks: Callable[[ListingEntry], list[str | None]],
    ) -> dict[int, Match]:
        """One OR-query for the whole group; fallback queries only for what it did not settle."""
        query = any_of(terms)
        pool = self._search(query, len(group)) if query else []
        out: dict[int, Match] = {}
        for i in group:
            match = decide(entries[i], pool, query=query)
            candidates = pool
            for fallback in dict.fromkeys(q for q in fallbacks(entries[i]) if q):
                if match.status is MatchStatus.MATCHED:
                    break
                candidates = [*candidates, *self._search(fallback, FALLBACK_SIZE)]
                match = decide(entries[i], candidates, query=fallback)
            out[i] = match
            self.progress(1)
        return out

    # -- store-first search --------------------------------------------------------------------

    def _search(self, query: str, entries: int) -> list[Paper]:
        max_results = min(MAX_RESULTS, RESULTS_PER_ENTRY * max(entries, 1))
        key = f"search_query={query}&max_results={max_results}"
        ids = self.store.get_query(key)
        if ids is not None:
            return list(self.papers_by_id(ids).values())
        if self.index is None:
            return []
        feed = self.index.search(query, max_results=max_results)
        self.store.put_papers(feed.papers)
        self.store.put_query(key, [p.arxiv_id for p in feed.papers], feed.total_results)
        return list(feed.papers)

    def _offline_note(self) -> str:
        return " in the local store (offline)" if self.index is None else ""


def _title_fallbacks(entry: ListingEntry) -> list[str | None]:
    """Looser queries for a title: phrase with first author, then its most specific words."""
    title = entry.title or ""
    first_author = author_term(entry.authors[0]) if entry.authors else None
    return [
        all_of([phrase("ti", title), first_author]) if first_author else None,
        all_of([word_terms("ti", title), first_author]),
        word_terms("ti", title, limit=4),
    ]


def _abstract_fallbacks(entry: ListingEntry) -> list[str | None]:
    """Distinctive word pairs of an abstract: they survive the rewrites between versions."""
    return [any_of(phrase("abs", p) for p in abstract_bigrams(entry.abstract or ""))]


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
