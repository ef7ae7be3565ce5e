"""DBLP's publication search API (JSON) read into ``VenueRecord``s, and the client that asks it.

One request per paper: ``q`` is the first author's surname and the title's longest words, which
finds the CoRR record and the venue records of a work even when the venue changed its title
(GPTQ became "OPTQ: Accurate Quantization for Generative Pre-trained Transformers"), since DBLP
matches every query word as a prefix of a title or author word. The answer's layout, from
https://dblp.org/faq/How+to+use+the+dblp+search+API.html:

    {"result": {"hits": {"@total": "2", "hit": [{"info": {
        "authors": {"author": [{"@pid": "...", "text": "Elias Frantar"}, ...]},
        "title": "OPTQ: ... Transformers.", "venue": "ICLR", "year": "2023",
        "type": "Conference and Workshop Papers", "key": "conf/iclr/FrantarAHA23",
        "ee": "https://openreview.net/...", "doi": "...", "url": "https://dblp.org/rec/..."}}]}}}

A single author or ``ee`` comes as an object or a string, not a list; DBLP adds a full stop to
every title and a homonym number to some names ("Wei Wang 0001"); both are removed.

A hit names a conference only by its short name (``"venue": "ICLR"``). The full title is that of
the proceedings volume, itself a DBLP publication of type ``Editorship`` whose ``venue`` is the
same short name. The search grammar (https://dblp.org/search help: a word matches as a prefix,
``word$`` exactly, words separated by spaces are all required, ``a|b`` is either) and the
constraint words of DBLP's faceted search (``type:Editorship:``, ``streamid:conf/iclr:``, the
values its search page adds as "constraints") find every proceedings volume of several venues,
all years, in one request (``proceedings_query``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bibtool.errors import VenueBadResponse
from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.ids.doi import parse_doi
from bibtool.model import VenueRecord
from bibtool.text.normalise import STOP_WORDS, normalise
from bibtool.venues.anthology import anthology_id_of
from bibtool.venues.service import VenueClient

__all__ = [
    "DBLP_DELAY",
    "DEFAULT_DBLP_URL",
    "DblpClient",
    "SearchAnswer",
    "clean_name",
    "clean_title",
    "dblp_kind",
    "is_arxiv_doi",
    "proceedings_query",
    "record_from_hit",
    "search_words",
    "stream_of",
]

DEFAULT_DBLP_URL = "https://dblp.org/search/publ/api"
_SEARCH_PATH = "search/publ/api"
DBLP_DELAY = 1.0  # DBLP throttles bursts with 429 + Retry-After; one request a second is polite
HITS = 30
MAX_HITS = 1000  # DBLP's cap on ``h``; ``f`` pages on beyond it
QUERY_WORDS = 4
_HOMONYM = re.compile(r"\s+\d{4}$")
_TYPES = {
    "Conference and Workshop Papers": "inproceedings",
    "Journal Articles": "article",
    "Parts in Books or Collections": "incollection",
    "Editorship": "proceedings",
}


def clean_name(name: str) -> str:
    """A DBLP person name without its homonym number: "Wei Wang 0001" -> "Wei Wang"."""
    return _HOMONYM.sub("", " ".join(name.split()))


def clean_title(title: str) -> str:
    """A DBLP title without the full stop DBLP ends every title with ("?" and "!" stay)."""
    title = " ".join(title.split())
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def dblp_kind(key: str, kind: str, venue: str) -> str:
    """A DBLP record's kind: a CoRR (or other e-print) record is a ``preprint``."""
    if key.startswith("journals/corr/") or venue.strip().lower() in ("corr", "arxiv"):
        return "preprint"
    return kind


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text", ""))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def _year(value: str) -> int | None:
    found = re.search(r"\d{4}", value)
    return int(found[0]) if found else None


def is_arxiv_doi(doi: str) -> bool:
    """arXiv's own DataCite DOI (10.48550/arXiv.…): the preprint's, never a publisher's."""
    return doi.lower().startswith("10.48550/")


def arxiv_of(texts: Iterable[str]) -> str | None:
    """The arXiv id among a CoRR record's links or volume ("abs/2210.17323")."""
    for text in texts:
        ref = parse_arxiv_id(text.replace("abs/", "arXiv:", 1) if text.startswith("abs/") else text)
        if ref is not None:
            return ref.id
    return None


def record_from_hit(info: Mapping[str, Any]) -> VenueRecord | None:
    """The record of one search hit's ``info``, or None when it has no key or title."""
    key, title = _text(info.get("key")), clean_title(_text(info.get("title")))
    if not key or not title:
        return None
    venue = _text(info.get("venue"))
    kind = dblp_kind(key, _TYPES.get(_text(info.get("type")), "other"), venue)
    links = [_text(e) for e in _listed(info.get("ee"))]
    authors = _listed((info.get("authors") or {}).get("author"))
    doi = parse_doi(_text(info.get("doi"))) if info.get("doi") else None
    doi = None if doi is None or is_arxiv_doi(doi) else doi
    return VenueRecord(
        key=f"dblp:{key}",
        kind=kind,
        title=title,
        authors=tuple(clean_name(_text(a)) for a in authors),
        year=_year(_text(info.get("year"))),
        venue=venue,
        volume=_text(info.get("volume")),
        number=_text(info.get("number")),
        pages=_text(info.get("pages")),
        publisher=_text(info.get("publisher")),
        doi=doi,
        # the Anthology's page when DBLP links one (a TACL paper's DOI is MIT Press's): it is
        # how the Anthology's own record of the paper is found (jobs.venues)
        url=next((e for e in links if anthology_id_of(e)), links[0] if links else None),
        arxiv_id=arxiv_of([*links, _text(info.get("volume"))]) if kind == "preprint" else None,
    )


@dataclass(frozen=True)
class SearchAnswer:
    """One page of a search answer: its records, its hits, and how many DBLP counted in all."""

    records: list[VenueRecord]
    sent: int
    total: int


def answer_of(data: Any, url: str) -> SearchAnswer:
    """A whole search answer read; VenueBadResponse when it is not DBLP's layout."""
    try:
        hits = data["result"]["hits"]
        found = [record_from_hit(h["info"]) for h in _listed(hits.get("hit"))]
        total = int(hits.get("@total", len(found)))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise VenueBadResponse(
            f"{url} answered JSON that is not DBLP's ({exc!r})", url=url
        ) from exc
    return SearchAnswer([r for r in found if r is not None], len(found), total)


def stream_of(key: str) -> str:
    """The venue stream of a DBLP key: ``conf/iclr`` of ``conf/iclr/FrantarAHA23`` (a
    ``dblp:`` prefix aside), which its proceedings volumes (``conf/iclr/2023``) share."""
    return "/".join(key.removeprefix("dblp:").split("/")[:2])


def proceedings_query(streams: Iterable[str]) -> str:
    """The query for every proceedings volume (``Editorship``) of ``streams``, all years."""
    either = "|".join(f"streamid:{s}:" for s in sorted(set(streams)))
    return f"type:Editorship: {either}"


def _prefix_of_forms(word: str) -> str:
    """A query word matching the singular and the plural alike, since DBLP matches a prefix:
    "systems" -> "system", "approaches" -> "approach", "policies" -> "polic"."""
    if len(word) < 5 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3]
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def search_words(title: str, surname: str) -> str:
    """The query for one paper: the first author's surname and the title's longest words.

    A title's first word is often the acronym a venue renames (GPTQ / OPTQ): it is used only when
    the title has too few other words. Hyphenated words are split, since DBLP indexes each part;
    a plural is asked as its singular's prefix, since a venue may change the number ("Dialog
    Systems" became "Dialog System" at AAAI 2021).
    """
    words = [w for w in normalise(title).split() if w not in STOP_WORDS and len(w) > 2]
    rest = words[1:] if len(words) > QUERY_WORDS else words
    longest = sorted(dict.fromkeys(rest), key=len, reverse=True)[:QUERY_WORDS]
    chosen = [_prefix_of_forms(w) for w in dict.fromkeys(rest) if w in longest]
    return " ".join([*normalise(surname).split(), *dict.fromkeys(chosen)])


class DblpClient(VenueClient):
    """Asks DBLP's publication search, politely (``venues.service.VenueClient``)."""

    def __init__(
        self, *, base_url: str = DEFAULT_DBLP_URL, delay: float = DBLP_DELAY, **options: Any
    ) -> None:
        super().__init__(base_url=base_url, what="DBLP", delay=delay, **options)

    def search(self, query: str) -> list[VenueRecord]:
        """The records DBLP finds for ``query`` (its first ``HITS``)."""
        return self.page(query, hits=HITS).records

    def page(self, query: str, *, hits: int, first: int = 0) -> SearchAnswer:
        """One page of DBLP's answer to ``query``: ``hits`` hits from the ``first``."""
        params = {"q": query, "format": "json", "h": str(hits)}
        if first:
            params["f"] = str(first)
        return answer_of(self.get(params), self.base_url)

    def proceedings(self, streams: Iterable[str], *, per_page: int = MAX_HITS) -> list[VenueRecord]:
        """Every proceedings volume of ``streams`` (``conf/iclr``), all years: one request for
        up to ``per_page`` volumes, one more per ``per_page`` beyond. Only volumes of the
        streams asked are kept (a record whose key is outside them is not DBLP's answer to
        this question)."""
        wanted = set(streams)
        query, found, seen = proceedings_query(wanted), [], 0
        while True:
            answer = self.page(query, hits=per_page, first=seen)
            found += answer.records
            seen += answer.sent
            if not answer.sent or seen >= answer.total:
                break
        return [r for r in found if r.kind == "proceedings" and stream_of(r.key) in wanted]

    def record_url(self, key: str) -> str:
        """The address of DBLP's BibTeX export of one record (``https://dblp.org/rec/KEY.bib``,
        https://dblp.org/faq/How+can+I+fetch+DBLP+data.html), beside the search endpoint."""
        root = self.base_url.rstrip("/")
        root = root[: -len(_SEARCH_PATH)] if root.endswith(_SEARCH_PATH) else root + "/"
        return f"{root}rec/{key.removeprefix('dblp:')}.bib"

    def record_bib(self, key: str) -> str:
        """DBLP's BibTeX export of one record (its standard layout: the full ``booktitle`` and
        ``publisher`` of a conference paper, which the search hit names only by ``venue``)."""
        return self.get_text(self.record_url(key))
