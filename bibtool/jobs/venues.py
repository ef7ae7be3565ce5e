"""Where the venue records of a preprint come from: arXiv's own journal reference, the store,
then one request to one service: DBLP for computer science, Crossref for the rest.

The store holds an imported DBLP dump and every DBLP answer already asked; a preprint whose
published version the store settles costs no request. Otherwise one DBLP search (the first
author's surname and the title's longest words) is asked, stored with its records, and never
asked again. A DBLP record naming a proceedings record (``crossref``) takes the proceedings'
full title as its venue, and its publisher, when the store has it (imported dumps do).

Online, a DBLP search hit names a conference only by its short name (``ICLR``). The full
``booktitle`` and ``publisher`` are those of the proceedings volume, a DBLP publication of its
own (type ``Editorship``) with the same stream, year and short name. Once every entry is
decided, the volumes of all the venues chosen, all years, are asked in one search
(``venues.dblp.DblpClient.proceedings``) and stored per venue, so a venue is asked once and
again only for an edition newer than every volume stored: a run costs one search per entry
the store does not settle, plus one for the proceedings titles of the whole file. Only for a
paper whose volume DBLP's search does not list (or lists twice) is the record's BibTeX export
(``/rec/KEY.bib``) read, once a volume.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtool.errors import VenueError
from bibtool.ids.doi import doi_key
from bibtool.jobs.venue_bib import booktitle_of
from bibtool.model import Paper, VenueRecord
from bibtool.store import Store
from bibtool.venues.arxiv_ref import record_from_paper
from bibtool.venues.crossref import CrossrefClient
from bibtool.venues.dblp import (
    DblpClient,
    clean_title,
    is_arxiv_doi,
    proceedings_query,
    search_words,
    stream_of,
)
from bibtool.works.published import Published, Verdict, choose_published, venue_records

__all__ = ["VenueFinder", "dblp_covers"]


# arXiv categories whose papers go to venues DBLP lists: computing, statistics, and the
# mathematics machine learning publishes in (optimisation at NeurIPS: "Even Faster SVRG").
_DBLP_FIELDS = ("cs.", "eess.", "stat.", "math.OC", "math.ST", "math.NA", "math.IT")


Volume = tuple[str, str]  # a proceedings volume's full title and publisher


def _volume_of(record: VenueRecord) -> tuple[str, int | None, str]:
    """The proceedings volume a DBLP conference paper names: stream, year and short name."""
    return stream_of(record.key), record.year, record.venue


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

    @property
    def requests_made(self) -> int:
        clients: list[DblpClient | CrossrefClient | None] = [self.client, self.crossref]
        return sum(c.requests_made for c in clients if c is not None)

    def decide(self, fields: dict[str, str], paper: Paper | None, surname: str) -> Published:
        """The decision for one preprint entry (``fields`` raw, ``paper`` arXiv's when known)."""
        return self.decide_all([(fields, paper, surname)])[0]

    def decide_all(
        self,
        preprints: Sequence[tuple[dict[str, str], Paper | None, str]],
        on_each: Callable[[], None] = lambda: None,
    ) -> list[Published]:
        """The decisions for many preprint entries (``decide``'s arguments each). The store
        decides first; the works of the DOIs arXiv lists for the rest are asked of Crossref
        together (``_by_doi``); each entry still undecided costs one search; the full titles of
        the proceedings chosen are asked together, one request for all their venues
        (``_with_booktitles``)."""
        firsts = [self._local_decision(*preprint) for preprint in preprints]
        by_doi = self._by_doi([
            paper.doi
            for (_, paper, _), (decision, _) in zip(preprints, firsts, strict=True)
            if paper and paper.doi and decision.verdict is Verdict.NONE
        ])  # fmt: skip
        decisions = []
        for (fields, paper, surname), (decision, local) in zip(preprints, firsts, strict=True):
            found = by_doi.get(doi_key(paper.doi), []) if paper and paper.doi else []
            if decision.verdict is Verdict.NONE and found:
                local = [*local, *found]
                arxiv_id = paper.arxiv_id if paper else None
                decision = choose_published(fields, paper, venue_records(local, arxiv_id))
            if decision.verdict is Verdict.NONE and surname:
                decision = self._decide_remote(fields, paper, surname, local, decision)
            decisions.append(decision)
            on_each()
        return self._with_booktitles(decisions)

    def _local_decision(
        self, fields: dict[str, str], paper: Paper | None, surname: str
    ) -> tuple[Published, list[VenueRecord]]:
        """The decision the store and arXiv's journal reference settle, and their records."""
        title = paper.title if paper else fields.get("title", "").strip('{}" ')
        arxiv_id = paper.arxiv_id if paper else None
        local = self._local(title, surname, arxiv_id)
        own = record_from_paper(paper) if paper else None
        local = [own, *local] if own else local
        return choose_published(fields, paper, venue_records(local, arxiv_id)), local

    def _decide_remote(
        self,
        fields: dict[str, str],
        paper: Paper | None,
        surname: str,
        local: list[VenueRecord],
        decision: Published,
    ) -> Published:
        """The decision with one service's answer for the paper (``decision`` without one)."""
        title = paper.title if paper else fields.get("title", "").strip('{}" ')
        try:
            remote = self._remote(paper, title, surname)
        except VenueError as exc:
            self._failed(exc)  # BIB019 without the services, not no check
            return decision
        if remote is None:
            return decision
        arxiv_id = paper.arxiv_id if paper else None
        return choose_published(fields, paper, venue_records([*local, *remote], arxiv_id))

    def _by_doi(self, dois: list[str]) -> dict[str, list[VenueRecord]]:
        """DOI (``doi_key``) -> Crossref's work of that DOI: stored, or the DOIs not stored
        asked together (``CrossrefClient.works``) and each answer stored by its DOI. An arXiv
        DOI names no published version, and a DOI with a comma cannot be asked: neither is."""
        wanted = [doi_key(d) for d in dois if not is_arxiv_doi(d) and "," not in d]
        if not wanted or self.crossref is None:
            return {}
        base = self.crossref.base_url
        out: dict[str, list[VenueRecord]] = {}
        ask = []
        for doi in dict.fromkeys(wanted):
            kept = self.store.get_query(f"crossref-doi {base} {doi}")
            if kept is None:
                ask.append(doi)
            else:
                out[doi] = list(self.store.get_venues(kept).values())
        if ask:
            try:
                self.on_ask(f"crossref works of {len(ask)} DOIs")
                found = self.crossref.works(ask)
            except VenueError as exc:
                self._failed(exc)
                return out
            for doi in ask:
                out[doi] = [r for r in found if r.doi and doi_key(r.doi) == doi]
                self.store.put_venue_answer(f"crossref-doi {base} {doi}", out[doi])
        return out

    def _failed(self, exc: VenueError) -> None:
        """A service failed: raised, or (tolerant) remembered, and no service asked again."""
        if not self.tolerant:
            raise exc
        self.failure, self.client, self.crossref = str(exc), None, None

    def _needs_title(self, record: VenueRecord | None) -> bool:
        """Whether ``record`` is a DBLP conference paper named only by DBLP's short name (a
        search hit: no proceedings record in the store lends it the full title)."""
        return (
            record is not None
            and self.client is not None
            and record.source == "dblp"
            and record.kind == "inproceedings"
            and not (record.crossref and self.store.get_venues([record.crossref]))
        )

    def _with_booktitles(self, decisions: list[Published]) -> list[Published]:
        """The decisions with their DBLP conference papers' full proceedings titles, from the
        proceedings volumes of their venues (stored, or asked in one request for all venues);
        a volume not found there is read from DBLP's export of the record, once a volume."""
        papers = {d.record for d in decisions if d.record and self._needs_title(d.record)}
        exported = {r: v for r in papers if (v := self._stored_export(r)) is not None}
        try:
            volumes = self._volumes(papers - exported.keys()) if papers - exported.keys() else {}
        except VenueError as exc:
            self._failed(exc)
            return decisions
        out = []
        for decision in decisions:
            record = decision.record
            if record is not None and record in papers:
                found = (exported.get(record) or volumes.get(_volume_of(record))
                         or self._exported_title(record))  # fmt: skip
                if found is not None:
                    title, publisher = found
                    record = dataclasses.replace(
                        record, venue=title, publisher=record.publisher or publisher
                    )
                    decision = dataclasses.replace(decision, record=record)
            out.append(decision)
        return out

    def _volumes(self, papers: set[VenueRecord]) -> dict[tuple[str, int | None, str], Volume]:
        """(stream, year, short name) -> the full title and publisher of the one proceedings
        volume DBLP lists for it, for the venues of ``papers``. A venue's volumes are asked once
        and stored; again only when a paper is newer than every stored volume (a new edition).
        A venue DBLP listed no volume of is not asked again (its papers' exports are read)."""
        assert self.client is not None
        base = self.client.base_url
        newest: dict[str, int] = {}
        for record in papers:
            stream = stream_of(record.key)
            newest[stream] = max(newest.get(stream, 0), record.year or 0)
        known: dict[str, list[VenueRecord]] = {}
        ask = []
        for stream, year in newest.items():
            kept = self.store.get_query(f"dblp-proceedings {base} {stream}")
            known[stream] = list(self.store.get_venues(kept).values()) if kept else []
            if kept is None or (kept and all((v.year or 0) < year for v in known[stream])):
                ask.append(stream)
        if ask:
            found = self._ask_volumes(ask)
            for stream in ask:
                known[stream] = [v for v in found if stream_of(v.key) == stream]
                self.store.put_venue_answer(f"dblp-proceedings {base} {stream}", known[stream])
        by_volume: dict[tuple[str, int | None, str], list[Volume]] = {}
        for stream, volumes in known.items():
            for v in volumes:
                by_volume.setdefault((stream, v.year, v.venue), []).append((v.title, v.publisher))
        return {k: found[0] for k, found in by_volume.items() if len(set(found)) == 1}

    def _ask_volumes(self, streams: list[str]) -> list[VenueRecord]:
        """The proceedings volumes of ``streams``, in one search. Should DBLP refuse the
        either-or of several venues (HTTP 400) or list no volume of some of them, those are
        asked one venue a search, the form every client of DBLP's facets uses."""
        assert self.client is not None
        try:
            self.on_ask(proceedings_query(streams))
            found = self.client.proceedings(streams)
        except VenueError as exc:
            if exc.status != 400 or len(streams) == 1:
                raise
            found = []
        if len(streams) > 1:
            listed = {stream_of(v.key) for v in found}
            for stream in (s for s in streams if s not in listed):
                self.on_ask(proceedings_query([stream]))
                found += self.client.proceedings([stream])
        return found

    def _export_key(self, record: VenueRecord, venue: str) -> str:
        assert self.client is not None
        stream = stream_of(record.key)
        return f"dblp-booktitle {self.client.base_url} {stream} {record.year} {venue}"

    def _stored_export(self, record: VenueRecord) -> Volume | None:
        """The full title and publisher of ``record``'s proceedings as a record export read
        before gave them (``_exported_title``), or None."""
        kept = self.store.get_query(self._export_key(record, record.venue))
        known = list(self.store.get_venues(kept).values()) if kept else []
        return (known[0].venue, known[0].publisher) if known else None

    def _exported_title(self, record: VenueRecord) -> Volume | None:
        """The full title and publisher of ``record``'s proceedings from DBLP's BibTeX export
        of the record (asked once a volume, and stored), when DBLP lists no volume of its own
        for it; None when there is none (the short name stays)."""
        if self.client is None:  # a service failed before (tolerant)
            return None
        key = record.key.removeprefix("dblp:")
        try:
            self.on_ask(f"dblp record {key}")
            found = booktitle_of(self.client.record_bib(key), key)
        except VenueError as exc:
            if exc.status != 404:  # a 404: DBLP holds no export of the record
                self._failed(exc)
            return None
        if found is None or not found[0]:
            return None
        full = dataclasses.replace(record, venue=found[0], publisher=record.publisher or found[1])
        # the record is stored with its full title, which then names it too
        self.store.put_venue_answer(self._export_key(record, record.venue), [full])
        self.store.put_venue_answer(self._export_key(record, found[0]), [full])
        return found

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
