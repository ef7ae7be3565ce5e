"""Where the venue records of a preprint come from: arXiv's own journal reference, the store,
then one request to one service: DBLP for computer science, Crossref for the rest.

The store holds an imported DBLP dump and every DBLP answer already asked; a preprint whose
published version the store settles costs no request. Otherwise one DBLP search (the first
author's surname and the title's longest words) is asked, stored with its records, and never
asked again. A DBLP record naming a proceedings record (``crossref``) takes the proceedings'
full title as its venue, and its publisher, when the store has it (imported dumps do).

Many entries are decided together (``decide_all``): the DOIs arXiv lists for those the store
does not settle are asked of Crossref in one request (``filter=doi:...``); each entry still
undecided costs one search; then the full titles of the DBLP conference papers chosen, which a
search hit names only by a short name (``ICLR``), come from their proceedings volumes, asked
for all their venues in one request and stored (``jobs.venue_bib.ProceedingsTitles``). A run
costs one request per entry the store does not settle, plus one for the whole file's
proceedings titles, and none for a file whose answers the store holds.

A file of ``EXPORT_AT`` or more computational linguistics preprints the store does not settle
first downloads the Anthology's whole export (``anthology.bib.gz``, once: the store notes it, as
it notes one ``store import`` read), and an entry whose paper it holds, in a main conference or
journal volume, is decided from it with no search (a workshop's paper only after the entry's own
search, as below).

A DBLP record of an ACL Anthology paper (its DOI ``10.18653/v1/...`` or its link to
aclanthology.org) is replaced by the Anthology's own record, the publisher's: from the store
when an imported ``anthology.bib.gz`` holds it (no request), else from the Anthology's BibTeX
export of the paper's volume (``/volumes/2020.acl-main.bib``), fetched in place of DBLP's
proceedings title and kept in the store, so one request per volume answers every paper of it:
an entry after it whose paper the volume holds is decided from the store with no search of its
own (unless the volume is a workshop's: the paper may have a main-conference version only its
search finds), and entries before it are decided again at the end.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtool.errors import InputError, VenueError
from bibtool.ids.doi import doi_key
from bibtool.jobs.anthology_bib import EXPORT_QUERY, anthology_records, read_anthology_export
from bibtool.jobs.venue_bib import ProceedingsTitles
from bibtool.model import Paper, VenueRecord
from bibtool.store import Store
from bibtool.venues.anthology import AnthologyClient, anthology_id_of, volume_of
from bibtool.venues.arxiv_ref import record_from_paper
from bibtool.venues.crossref import CrossrefClient
from bibtool.venues.dblp import DblpClient, clean_title, is_arxiv_doi, search_words
from bibtool.works.published import (
    Published,
    Verdict,
    choose_published,
    is_workshop,
    venue_records,
    with_venue,
)

__all__ = ["EXPORT_AT", "VenueFinder", "dblp_covers", "is_nlp"]

log = logging.getLogger("bibtool.venues")  # INFO: what a long pause is (a whole export read)


# arXiv categories whose papers go to venues DBLP lists: computing, statistics, and the
# mathematics machine learning publishes in (optimisation at NeurIPS: "Even Faster SVRG").
_DBLP_FIELDS = ("cs.", "eess.", "stat.", "math.OC", "math.ST", "math.NA", "math.IT")


# A file with this many computational linguistics preprints the store does not settle is
# answered from the Anthology's whole export, one download, rather than by a DBLP search (a
# second each, at DBLP's pace) and a volume export for each. An export of the real one's size
# (about 100,000 papers) is read and stored in about 30 s (benchmarks/anthology_export.py),
# about what 20 entries' requests take; every later run and file is answered from the store.
EXPORT_AT = 20


def is_nlp(paper: Paper | None) -> bool:
    """Whether ``paper`` is listed in computational linguistics (``cs.CL``), primary or not."""
    return paper is not None and "cs.CL" in (paper.primary_category, *paper.categories)


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
    # Anthology volumes or whole exports stored: each may settle entries decided before it
    _anthology_reads: int = dataclasses.field(default=0, init=False)
    export_failure: str | None = dataclasses.field(default=None, init=False)
    # given the size of the Anthology's export once downloaded, what to call with the bytes of
    # it read as they are read (a progress bar: reading it takes half a minute)
    on_export: Callable[[int], Callable[[int], None] | None] = lambda size: None

    @property
    def requests_made(self) -> int:
        clients = [self.client, self.crossref, self.anthology]
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
        reads = self._anthology_reads
        nlp = sum(
            1
            for (_, paper, _), (decision, _) in zip(preprints, firsts, strict=True)
            if decision.verdict is Verdict.NONE and is_nlp(paper)
        )
        if nlp >= EXPORT_AT and self._export_wanted():
            self._read_export(nlp)  # an Anthology read: each entry is decided again below
        by_doi = self._by_doi([
            paper.doi
            for (_, paper, _), (decision, _) in zip(preprints, firsts, strict=True)
            if paper and paper.doi and decision.verdict is Verdict.NONE
        ])  # fmt: skip
        decisions = []
        for (fields, paper, surname), (decision, local) in zip(preprints, firsts, strict=True):
            if decision.verdict is Verdict.NONE and self._anthology_reads != reads:
                decision, local = self._from_volumes(fields, paper, surname, (decision, local))
            found = by_doi.get(doi_key(paper.doi), []) if paper and paper.doi else []
            if decision.verdict is Verdict.NONE and found:
                local = [*local, *found]
                arxiv_id = paper.arxiv_id if paper else None
                decision = choose_published(fields, paper, venue_records(local, arxiv_id))
            if decision.verdict is Verdict.NONE and surname:
                decision = self._decide_remote(fields, paper, surname, local, decision)
            decisions.append(self._as_anthology(fields, paper, decision))
            on_each()
        if self._anthology_reads != reads:
            # An Anthology volume read for one entry, or the whole export, may hold others of the
            # file: each entry left undecided is decided again from the store, which holds its
            # own answer too (so the volume only adds to what its search found), with no request.
            for n, preprint in enumerate(preprints):
                if decisions[n].verdict is Verdict.NONE:
                    decisions[n] = self._local_decision(*preprint)[0]
        return self._with_booktitles(decisions)

    def _export_wanted(self) -> bool:
        """Whether the Anthology's whole export may be downloaded (for a file of ``EXPORT_AT``
        or more computational linguistics preprints the store does not settle): there is an
        Anthology to ask, and the store holds no export yet."""
        return self.anthology is not None and self.store.get_query(EXPORT_QUERY) is None

    def _read_export(self, nlp: int) -> None:
        """The Anthology's whole export downloaded and stored, in one transaction, for a file of
        ``nlp`` preprints of computational linguistics. One that cannot be had or read is left
        (``export_failure`` says why): volumes are asked instead."""
        assert self.anthology is not None
        log.info("%d preprints of computational linguistics: reading the ACL Anthology's whole "
                 "export once (kept in the local store)", nlp)  # fmt: skip
        name = self.anthology.export_url()
        try:
            self.on_ask("acl anthology.bib.gz")
            body = self.anthology.export_gz()
            step = self.on_export(len(body))
            records = read_anthology_export(body, name=name, progress=step)
            self.store.put_venue_export(EXPORT_QUERY, records)
        except (VenueError, InputError) as exc:
            self.export_failure = str(exc)
            log.info("the ACL Anthology's export was not read (%s): its volumes are asked", exc)
            return
        self._anthology_reads += 1

    def _from_volumes(
        self,
        fields: dict[str, str],
        paper: Paper | None,
        surname: str,
        before: tuple[Published, list[VenueRecord]],
    ) -> tuple[Published, list[VenueRecord]]:
        """The store's decision again, now that Anthology volumes (or its whole export) were
        read: kept, and no search asked, when it upgrades to a paper of a main conference or
        journal volume; else ``before``. A workshop's record does not settle an entry without
        its own search: the main conference's paper of the same title (WiNLP's abstract of an
        ICML paper) would be found only by that search."""
        again = self._local_decision(fields, paper, surname)
        record = again[0].record
        if again[0].verdict is Verdict.PUBLISHED and record and record.source == "acl":
            return again if not is_workshop(record) else before
        return before

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
        self._anthology_reads += 1
        return {r.key: r for r in records}

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
        """The decisions with their DBLP conference papers' full proceedings titles
        (``jobs.venue_bib.ProceedingsTitles``: the volumes of all their venues in one request)."""
        papers = {d.record for d in decisions if d.record and self._needs_title(d.record)}
        if not papers or self.client is None:
            return decisions
        try:
            titles = ProceedingsTitles(self.store, self.client, self.on_ask).titles(papers)
        except VenueError as exc:
            self._failed(exc)
            return decisions
        out = []
        for decision in decisions:
            record = decision.record
            if record is not None and record in titles:
                title, publisher = titles[record]
                full = dataclasses.replace(
                    record, venue=title, publisher=record.publisher or publisher
                )
                decision = with_venue(decision, full)
            out.append(decision)
        return out

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
