"""arXiv's own word on a paper's published version: its journal reference and DOI, read into a
``VenueRecord`` (venue source 1, before the store's records and DBLP).

arXiv's ``journal_ref`` is free text the authors type. Three layouts cover most of it and are
read; anything else is not guessed at (the DOI alone names no journal, so it gives no record):

    Phys.Rev.D76:044016,2007          journal volume:pages,year   (SPIRES style)
    Phys. Rev. Lett. 99, 096803 (2007)  journal volume, pages (year)
    Astrophys.J. 395 (1992) L83-L86    journal volume (year) pages

The record's title and authors are arXiv's: the authors say this paper is that publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibtool.model import Paper, VenueRecord
from bibtool.text.names import clean_author_names

__all__ = ["JournalRef", "parse_journal_ref", "record_from_paper"]

_JOURNAL = r"(?P<journal>[^\d()]*?[A-Za-z][^\d()]*?)"
_VOLUME = r"(?:,?\s*(?i:vol)\.?\s*)?(?P<volume>\d+)"
_PAGES = r"(?P<pages>[A-Z]?\d+(?:\s*-+\s*[A-Z]?\d+)?)(?:\s*\(R\))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_LAYOUTS = (
    re.compile(rf"{_JOURNAL}\s*{_VOLUME}\s*:\s*{_PAGES}\s*,\s*{_YEAR}"),
    re.compile(rf"{_JOURNAL}\s*{_VOLUME}\s*,\s*{_PAGES}\s*\(\s*{_YEAR}\s*\)"),
    re.compile(rf"{_JOURNAL}\s*{_VOLUME}\s*\(\s*{_YEAR}\s*\)\s*,?\s*{_PAGES}"),
)


@dataclass(frozen=True)
class JournalRef:
    """A journal reference read: the journal as written, volume, pages, year."""

    journal: str
    volume: str
    pages: str
    year: int


def parse_journal_ref(text: str) -> JournalRef | None:
    """``text`` read in one of the three layouts (the whole of it, a final full stop aside), or
    None."""
    text = " ".join(text.split()).rstrip(". ")
    for layout in _LAYOUTS:
        found = layout.fullmatch(text)
        if found is None:
            continue
        journal = found["journal"].strip(" ,;")
        if len(re.sub(r"[^A-Za-z]", "", journal)) < 2:
            continue
        pages = re.sub(r"\s*-+\s*", "-", found["pages"])
        return JournalRef(journal, found["volume"], pages, int(found["year"]))
    return None


def record_from_paper(paper: Paper) -> VenueRecord | None:
    """The published version arXiv's record of ``paper`` names, or None when it names none
    that can be read."""
    ref = parse_journal_ref(paper.journal_ref or "")
    if ref is None:
        return None
    return VenueRecord(
        key=f"arxiv:{paper.arxiv_id}#journal-ref",
        kind="article",
        title=paper.title,
        authors=tuple(clean_author_names(a.name for a in paper.authors)),
        year=ref.year,
        venue=ref.journal,
        volume=ref.volume,
        pages=ref.pages,
        doi=paper.doi or None,
    )
