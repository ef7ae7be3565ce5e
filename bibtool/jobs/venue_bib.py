"""Venue facts read from BibTeX: DBLP's export of one record (``https://dblp.org/rec/KEY.bib``).

BibTeX is read only by ``bibfile`` (``parse_bib``, ``values.plain``), which the ``venues`` layer
may not import; so what ``venues.dblp.DblpClient.record_bib`` fetches is read here. DBLP's
standard export of a conference paper carries the full proceedings title and publisher its
search hit names only by the short name (``ICLR``):

    @inproceedings{DBLP:conf/iclr/FrantarAHA23, ...
      booktitle    = {The Eleventh International Conference on Learning Representations,
                      {ICLR} 2023, Kigali, Rwanda, May 1-5, 2023},
      publisher    = {OpenReview.net}, ...}
"""

from __future__ import annotations

from bibtool.bibfile import BibEntry, parse_bib
from bibtool.bibfile.values import plain

__all__ = ["booktitle_of"]


def _field(entry: BibEntry, name: str) -> str:
    return " ".join(plain(entry.fields[name]).split()) if name in entry.fields else ""


def booktitle_of(text: str, key: str) -> tuple[str, str] | None:
    """The ``booktitle`` and ``publisher`` of DBLP's BibTeX export of record ``key``
    (``conf/iclr/FrantarAHA23``), as text; None when the export has no such entry."""
    doc = parse_bib(text, name=f"dblp:{key}")
    for entry in doc.entries:
        if entry.key.lower() == f"dblp:{key}".lower() and "booktitle" in entry.fields:
            return _field(entry, "booktitle"), _field(entry, "publisher")
    return None
