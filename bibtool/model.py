"""Frozen data types flowing between the stages: listing -> resolver -> renderer -> merge."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Author:
    """One author as arXiv lists them ("First Last"), with affiliations when arXiv gives them."""

    name: str
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paper:
    """One arXiv paper as the API (or the local store) describes its latest version."""

    arxiv_id: str  # without version: "2107.13163", "hep-th/9901001"
    version: int  # latest version number known
    title: str  # whitespace-normalised
    authors: tuple[Author, ...]
    abstract: str  # whitespace-normalised
    published: dt.date  # first version
    updated: dt.date  # latest version
    primary_category: str
    categories: tuple[str, ...] = ()
    doi: str | None = None  # publisher DOI as arXiv lists it
    journal_ref: str | None = None
    comment: str | None = None


class ListingForm(str, enum.Enum):
    """The shapes of listing bibtool reads."""

    AUTHOR_PAGE = "author-page"
    ABSTRACTS = "abstracts"
    IDS = "ids"
    TITLES = "titles"
    REFERENCES = "references"
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    BBL = "bbl"  # the bibliography BibTeX or biber wrote for LaTeX
    MIXED = "mixed"  # a listing whose blocks have different forms (each entry says its own)


@dataclass(frozen=True)
class ListingEntry:
    """One paper as a listing shows it; every field but ``line`` and ``source`` may be missing."""

    line: int  # 1-based line where the entry begins in its listing
    source: str  # the listing text of the entry (first 200 chars are enough for reports)
    form: ListingForm
    title: str | None = None
    authors: tuple[str, ...] = ()  # the names shown, in order, "First Last"
    authors_truncated: bool = False  # the listing said "et al."
    affiliations: tuple[str, ...] = ()
    date: dt.date | None = None  # the date the listing shows (usually first version)
    year: int | None = None  # a year alone (a reference's year: may be the published version's)
    category: str | None = None  # full arXiv category when known ("cs.LG"), else the raw suffix
    abstract: str | None = None
    arxiv_id: str | None = None  # without version
    arxiv_version: int | None = None
    doi: str | None = None


@dataclass(frozen=True)
class UnreadLine:
    """A listing line (or block) that no parser could read."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Listing:
    """A parsed listing: its entries in order, and what could not be read."""

    name: str  # file name, or "<stdin>"
    form: ListingForm
    entries: tuple[ListingEntry, ...]
    unread: tuple[UnreadLine, ...] = ()


class MatchStatus(str, enum.Enum):
    """How the resolver decided about one listing entry."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"
    UNPARSED = "unparsed"


@dataclass(frozen=True)
class Candidate:
    """A paper the resolver considered for an entry, with its score in [0, 1] and the evidence."""

    paper: Paper
    score: float
    evidence: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Match:
    """The resolver's decision for one entry."""

    entry: ListingEntry
    status: MatchStatus
    paper: Paper | None = None
    score: float | None = None
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""
    query: str | None = None  # the query (or "id", "store") that found the paper


@dataclass(frozen=True)
class VenueRecord:
    """One publication as a bibliographic service (DBLP, Crossref) lists it.

    ``key`` is the service's own ("dblp:conf/iclr/FrantarAHA23", "crossref:10.1145/..."); a DBLP
    CoRR record is ``kind="preprint"`` with its ``arxiv_id``; ``crossref`` names the DBLP
    proceedings record whose title is the full ``booktitle``.
    """

    key: str
    kind: str  # "inproceedings", "article", "incollection", "preprint", "proceedings", "other"
    title: str  # as the service writes it, without DBLP's closing full stop
    authors: tuple[str, ...]  # "First Last", DBLP's homonym numbers ("0001") removed
    year: int | None
    venue: str = ""  # the journal, or the proceedings' title (or DBLP's short name: "ICLR")
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str | None = None
    url: str | None = None
    arxiv_id: str | None = None
    crossref: str = ""

    @property
    def source(self) -> str:
        """ "dblp", "crossref", "acl": the service the record comes from."""
        return self.key.partition(":")[0]
