"""Where the venue records of a preprint come from: arXiv's own journal reference, the store,
then one request to one service: DBLP for computer science, Crossref for the rest.

The store holds an imported DBLP dump and every DBLP answer already asked; a preprint whose
published version the store settles costs no request. Otherwise one DBLP search (the first
author's surname and the title's longest words) is asked, stored with its records, and never
asked again. A DBLP record naming a proceedings record (``crossref``) takes the proceedings'
full title as its venue, and its publisher, when the store has it (imported dumps do).

Online, a DBLP search hit names a conference only by its short name (``ICLR``). When such a
record is the version chosen, DBLP's BibTeX export of that one record (``/rec/KEY.bib``) is
fetched for its full ``booktitle`` and ``publisher``, and kept in the store for the proceedings
(the key's stream, the year and the short name: ``conf/iclr 2023 ICLR``): one more request per
proceedings, not per entry, and none for an entry left as it is.

A DBLP record of an ACL Anthology paper (its DOI ``10.18653/v1/...`` or its link to
aclanthology.org) is replaced by the Anthology's own record, the publisher's: from the store
when an imported ``anthology.bib.gz`` holds it (no request), else from the Anthology's BibTeX
export of the paper's volume (``/volumes/2020.acl-main.bib``), fetched in place of DBLP's
record export and kept in the store, so one request per volume answers every paper of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from bibtool.errors import VenueError
from bibtool.jobs.anthology_bib import anthology_records
from bibtool.jobs.venue_bib import booktitle_of
from bibtool.model import Paper, VenueRecord
from bibtool.store import Store
from bibtool.venues.anthology import AnthologyClient, anthology_id_of, volume_of
from bibtool.venues.arxiv_ref import record_from_paper
from bibtool.venues.crossref import CrossrefClient
from bibtool.venues.dblp import DblpClient, clean_title, search_words
from bibtool.works.published import Published, Verdict, choose_published, venue_records

__all__ = ["VenueFinder", "dblp_covers"]


# arXiv categories whose papers go to venues DBLP lists: computing, statistics, and the
# mathematics machine learning publishes in (optimisation at NeurIPS: "Even Faster SVRG").
_DBLP_FIELDS = ("cs.", "eess.", "stat.", "math.OC", "math.ST", "math.NA", "math.IT")


def dblp_covers(paper: Paper | None) -> bool:
    """Whether DBLP is the service to ask for ``paper`` (one of its categories, primary or
    cross-listed, is DBLP's; or none is known); Crossref is asked for the rest (physics, the
    rest of mathematics), one service per entry."""
    categories = [paper.primary_category, *paper.categories] if paper else []
    categories = [c for c in categories if c]
    return not categories or any(c.startswith(_DBLP_FIELDS) for c in categories)


@dataclass
class VenueFinder:
    """Finds and decides the published version of preprints; no clients: store only."""

    store: Store
    client: DblpClient | None = None
    on_ask: Callable[[str], None] = lambda query: None
    tolerant: bool = False  # a service that fails is not asked again, and nothing is raised
    failure: str | None = None  # why it failed, when tolerant
    crossref: CrossrefClient | None = None
    anthology: AnthologyClient | None = None

    @property
    def requests_made(self) -> int:
        clients = [self.client, self.crossref, self.anthology]
        return sum(c.requests_made for c in clients if c is not None)

    def decide(self, fields: dict[str, str], paper: Paper | None, surname: str) -> Published:
        """The decision for one preprint entry (``fields`` raw, ``paper`` arXiv's when known)."""
        title = paper.title if paper else fields.get("title", "").strip('{}" ')
        arxiv_id = paper.arxiv_id if paper else None
        local = self._local(title, surname, arxiv_id)
        own = record_from_paper(paper) if paper else None
        local = [own, *local] if own else local
        decision = choose_published(fields, paper, venue_records(local, arxiv_id))
        if decision.verdict is not Verdict.NONE or not surname:
            return self._with_booktitle(self._as_anthology(fields, paper, decision))
        try:
            remote = self._remote(paper, title, surname)
        except VenueError as exc:
            if not self.tolerant:
                raise
            # BIB019 without the services, not no check
            self.failure, self.client, self.crossref = str(exc), None, None
            return decision
        if remote is None:
            return decision
        decision = choose_published(fields, paper, venue_records([*local, *remote], arxiv_id))
        return self._with_booktitle(self._as_anthology(fields, paper, decision))

    def _as_anthology(
        self, fields: dict[str, str], paper: Paper | None, decision: Published
    ) -> Published:
        """The decision with the Anthology's record of its paper in place of DBLP's (or
        Crossref's), when the paper is the Anthology's and its volume can be had."""
        record = decision.record
        paper_id = anthology_id_of(record.url, record.doi) if record else None
        if record is None or paper_id is None or record.source == "acl":
            return decision
        found = self.store.get_venues([f"acl:{paper_id}"]).get(f"acl:{paper_id}")
        if found is None and self.anthology is not None:
            found = self._volume(volume_of(paper_id)).get(f"acl:{paper_id}")
        if found is None:
            return decision
        again = choose_published(fields, paper, [record, found])
        return again if again.record == found else decision

    def _volume(self, volume: str) -> dict[str, VenueRecord]:
        """The Anthology's records of one volume, by key: stored, or fetched once."""
        assert self.anthology is not None
        cache_key = f"acl-volume {self.anthology.base_url} {volume}"
        keys = self.store.get_query(cache_key)
        if keys is not None:
            return self.store.get_venues(keys)
        try:
            self.on_ask(f"acl volume {volume}")
            text = self.anthology.volume_bib(volume)
        except VenueError as exc:
            if exc.status == 404:  # no such volume: DBLP's record stays, and it is not asked again
                self.store.put_venue_answer(cache_key, [])
                return {}
            if not self.tolerant:
                raise
            self.failure, self.anthology = str(exc), None
            return {}
        records = anthology_records(text, name=self.anthology.volume_url(volume))
        self.store.put_venue_answer(cache_key, records)
        return {r.key: r for r in records}

    def _with_booktitle(self, decision: Published) -> Published:
        """The decision with its DBLP conference paper's full proceedings title, when the
        record names only DBLP's short one (a search hit) and DBLP can be asked."""
        record = decision.record
        if (
            record is None
            or self.client is None
            or record.source != "dblp"
            or record.kind != "inproceedings"
            or (record.crossref and self.store.get_venues([record.crossref]))
        ):
            return decision
        key = record.key.removeprefix("dblp:")
        stream = "/".join(key.split("/")[:2])

        base = self.client.base_url

        def cache_key(venue: str) -> str:
            return f"dblp-booktitle {base} {stream} {record.year} {venue}"

        kept = self.store.get_query(cache_key(record.venue))
        known = list(self.store.get_venues(kept).values()) if kept else []
        if known:
            title, publisher = known[0].venue, known[0].publisher
        else:
            try:
                self.on_ask(f"dblp record {key}")
                found = booktitle_of(self.client.record_bib(key), key)
            except VenueError as exc:
                if exc.status == 404:  # DBLP holds no export of the record: the short name stays
                    return decision
                if not self.tolerant:
                    raise
                self.failure, self.client, self.crossref = str(exc), None, None
                return decision
            if found is None or not found[0]:
                return decision
            title, publisher = found
        full = dataclasses.replace(record, venue=title, publisher=record.publisher or publisher)
        if not known:  # the record is stored with its full title, which then names it too
            self.store.put_venue_answer(cache_key(record.venue), [full])
            self.store.put_venue_answer(cache_key(title), [full])
        return dataclasses.replace(decision, record=full)

    def _local(self, title: str, surname: str, arxiv_id: str | None) -> list[VenueRecord]:
        found = self.store.venues_by_token(f"arxiv:{arxiv_id}") if arxiv_id else []
        found += self.store.venue_candidates(title, surname) if surname else []
        return self._with_proceedings(found)

    def _remote(self, paper: Paper | None, title: str, surname: str) -> list[VenueRecord] | None:
        """The records of one service's answer for the paper (stored, or asked once): DBLP's,
        or Crossref's outside DBLP's fields (either, when only one is there); None when there is
        no service."""
        client: DblpClient | CrossrefClient | None
        if self.crossref is not None and (self.client is None or not dblp_covers(paper)):
            client, query, name = self.crossref, f"{title} {surname}", "crossref"
        elif self.client is not None:
            client, query, name = self.client, search_words(title, surname), "dblp"
        else:
            return None
        cache_key = f"{name} {client.base_url} {query}"
        keys = self.store.get_query(cache_key)
        if keys is None:
            self.on_ask(query)
            records = client.search(query)
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
