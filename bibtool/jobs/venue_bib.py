"""A DBLP conference paper's full proceedings title and publisher, which its search hit names
only by DBLP's short name (``"venue": "ICLR"``).

The proceedings volume is a DBLP publication of its own (type ``Editorship``) with the paper's
stream (``conf/iclr``), year and short name, and the full title. The volumes of every venue
asked, all years, come in one search (``venues.dblp.DblpClient.proceedings``) and are stored per
venue: a venue is asked once, and again only for an edition newer than every volume stored.
Only for a paper whose volume DBLP's search does not list (or lists twice) is DBLP's BibTeX
export of the record read (``https://dblp.org/rec/KEY.bib``, once a volume, stored), its
standard layout carrying the full ``booktitle`` and ``publisher``:

    @inproceedings{DBLP:conf/iclr/FrantarAHA23, ...
      booktitle    = {The Eleventh International Conference on Learning Representations,
                      {ICLR} 2023, Kigali, Rwanda, May 1-5, 2023},
      publisher    = {OpenReview.net}, ...}

BibTeX is read only by ``bibfile`` (``parse_bib``, ``values.field_text``), which the ``venues``
layer may not import; so the export is read here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from bibtool.bibfile import parse_bib
from bibtool.bibfile.values import field_text
from bibtool.errors import VenueError
from bibtool.model import VenueRecord
from bibtool.store import Store
from bibtool.venues.dblp import DblpClient, proceedings_query, stream_of

__all__ = ["ProceedingsTitles", "Volume", "booktitle_of"]

Volume = tuple[str, str]  # a proceedings volume's full title and publisher
VolumeKey = tuple[str, int | None, str]  # its stream, year and short name


def booktitle_of(text: str, key: str) -> tuple[str, str] | None:
    """The ``booktitle`` and ``publisher`` of DBLP's BibTeX export of record ``key``
    (``conf/iclr/FrantarAHA23``), as text; None when the export has no such entry."""
    doc = parse_bib(text, name=f"dblp:{key}")
    for entry in doc.entries:
        if entry.key.lower() == f"dblp:{key}".lower() and "booktitle" in entry.fields:
            return field_text(entry.fields, "booktitle"), field_text(entry.fields, "publisher")
    return None


def volume_of(record: VenueRecord) -> VolumeKey:
    """The proceedings volume a DBLP conference paper names: stream, year and short name."""
    return stream_of(record.key), record.year, record.venue


@dataclass
class ProceedingsTitles:
    """The full proceedings titles of DBLP conference papers: the store, then DBLP."""

    store: Store
    client: DblpClient
    on_ask: Callable[[str], None] = lambda query: None

    def titles(self, papers: set[VenueRecord]) -> dict[VenueRecord, Volume]:
        """paper -> the full title and publisher of its proceedings, for those found (the
        others keep DBLP's short name); VenueError when DBLP fails."""
        out = {r: v for r in papers if (v := self._stored_export(r)) is not None}
        rest = papers - out.keys()
        volumes = self._volumes(rest) if rest else {}
        for record in rest:
            found = volumes.get(volume_of(record)) or self._exported_title(record)
            if found is not None:
                out[record] = found
        return out

    def _volumes(self, papers: set[VenueRecord]) -> dict[VolumeKey, Volume]:
        """(stream, year, short name) -> the full title and publisher of the one proceedings
        volume DBLP lists for it, for the venues of ``papers``. A venue's volumes are asked once
        and stored; again only when a paper is newer than every stored volume (a new edition).
        A venue DBLP listed no volume of is not asked again (its papers' exports are read)."""
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
        by_volume: dict[VolumeKey, list[Volume]] = {}
        for stream, volumes in known.items():
            for v in volumes:
                by_volume.setdefault((stream, v.year, v.venue), []).append((v.title, v.publisher))
        return {k: found[0] for k, found in by_volume.items() if len(set(found)) == 1}

    def _ask_volumes(self, streams: list[str]) -> list[VenueRecord]:
        """The proceedings volumes of ``streams``, in one search. Should DBLP refuse the
        either-or of several venues (HTTP 400) or list no volume of some of them, those are
        asked one venue a search, the form every client of DBLP's facets uses."""
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
        of the record (asked once a volume, and stored); None when DBLP holds no export (404)
        or it names none (the short name stays)."""
        key = record.key.removeprefix("dblp:")
        try:
            self.on_ask(f"dblp record {key}")
            found = booktitle_of(self.client.record_bib(key), key)
        except VenueError as exc:
            if exc.status == 404:
                return None
            raise
        if found is None or not found[0]:
            return None
        full = dataclasses.replace(record, venue=found[0], publisher=record.publisher or found[1])
        # the record is stored with its full title, which then names it too
        self.store.put_venue_answer(self._export_key(record, record.venue), [full])
        self.store.put_venue_answer(self._export_key(record, found[0]), [full])
        return found
