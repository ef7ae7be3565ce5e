"""Where the venue records of a preprint come from: arXiv's own journal reference, the store,
then DBLP (one request).

The store holds an imported DBLP dump and every DBLP answer already asked; a preprint whose
published version the store settles costs no request. Otherwise one DBLP search (the first
author's surname and the title's longest words) is asked, stored with its records, and never
asked again. A DBLP record naming a proceedings record (``crossref``) takes the proceedings'
full title as its venue, and its publisher, when the store has it (imported dumps do).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from bibtool.errors import VenueError
from bibtool.model import Paper, VenueRecord
from bibtool.store import Store
from bibtool.venues.arxiv_ref import record_from_paper
from bibtool.venues.dblp import DblpClient, clean_title, search_words
from bibtool.works.published import Published, Verdict, choose_published, venue_records

__all__ = ["VenueFinder"]


@dataclass
class VenueFinder:
    """Finds and decides the published version of preprints; ``client`` None: store only."""

    store: Store
    client: DblpClient | None = None
    on_ask: Callable[[str], None] = lambda query: None
    tolerant: bool = False  # a service that fails is not asked again, and nothing is raised
    failure: str | None = None  # why it failed, when tolerant

    def decide(self, fields: dict[str, str], paper: Paper | None, surname: str) -> Published:
        """The decision for one preprint entry (``fields`` raw, ``paper`` arXiv's when known)."""
        title = paper.title if paper else fields.get("title", "").strip('{}" ')
        arxiv_id = paper.arxiv_id if paper else None
        local = self._local(title, surname, arxiv_id)
        own = record_from_paper(paper) if paper else None
        local = [own, *local] if own else local
        decision = choose_published(fields, paper, venue_records(local, arxiv_id))
        if decision.verdict is not Verdict.NONE or self.client is None or not surname:
            return decision
        try:
            remote = self._remote(search_words(title, surname))
        except VenueError as exc:
            if not self.tolerant:
                raise
            self.failure, self.client = str(exc), None  # BIB019 without DBLP, not no check
            return decision
        if remote is None:
            return decision
        return choose_published(fields, paper, venue_records([*local, *remote], arxiv_id))

    def _local(self, title: str, surname: str, arxiv_id: str | None) -> list[VenueRecord]:
        found = self.store.venues_by_token(f"arxiv:{arxiv_id}") if arxiv_id else []
        found += self.store.venue_candidates(title, surname) if surname else []
        return self._with_proceedings(found)

    def _remote(self, query: str) -> list[VenueRecord] | None:
        """The records of DBLP's answer to ``query`` (stored, or asked once); None when
        there is no client."""
        assert self.client is not None
        cache_key = f"dblp {self.client.base_url} {query}"
        keys = self.store.get_query(cache_key)
        if keys is None:
            self.on_ask(query)
            records = self.client.search(query)
            self.store.put_venue_answer(cache_key, records)
        else:
            records = list(self.store.get_venues(keys).values())
        return self._with_proceedings(records)

    def _with_proceedings(self, records: list[VenueRecord]) -> list[VenueRecord]:
        parents = self.store.get_venues([r.crossref for r in records if r.crossref])
        out = []
        for record in records:
            parent = parents.get(record.crossref)
            if parent is not None:
                record = dataclasses.replace(
                    record,
                    venue=clean_title(parent.title),
                    publisher=record.publisher or parent.publisher,
                )
            out.append(record)
        return out
