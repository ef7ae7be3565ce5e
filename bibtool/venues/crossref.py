"""Crossref's works API (JSON) read into ``VenueRecord``s, and the client that asks it: the
venue source for journals DBLP does not cover (physics, mathematics).

One request per paper: ``query.bibliographic`` is the title and the first author's surname, with
a ``mailto`` (Crossref's "polite pool"). The answer's layout, from
https://api.crossref.org/swagger-ui/index.html and https://github.com/CrossRef/rest-api-doc:

    {"status": "ok", "message-type": "work-list", "message": {"total-results": 2, "items": [
        {"DOI": "10.1109/tit.2024.3350518", "type": "journal-article",
         "title": ["Max-Linear Regression by Convex Programming"],
         "author": [{"given": "Seonho", "family": "Kim", "sequence": "first"}, ...],
         "container-title": ["IEEE Transactions on Information Theory"], "volume": "70",
         "issue": "3", "page": "1897-1912", "publisher": "...",
         "published-print": {"date-parts": [[2024, 3]]}, "issued": {...}}]}}

Titles may carry JATS markup (``<i>H</i>``), which is removed; an organisation author has a
``name`` instead of ``given``/``family``.

A paper whose DOI is known (arXiv's record lists it) needs no search: the works API's ``doi``
filter names it, and "specifying the same filter multiple times will result in OR semantics"
(https://github.com/CrossRef/rest-api-doc, "Multiple filters"), so the works of many DOIs come
in one request, ``filter=doi:A,doi:B,...`` with ``rows`` as many (``CrossrefClient.works``).
``query.bibliographic`` searches cannot be combined so: one request each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from bibtool.errors import VenueBadResponse
from bibtool.ids.doi import parse_doi
from bibtool.model import VenueRecord
from bibtool.venues.service import VenueClient

__all__ = [
    "CROSSREF_DELAY",
    "DEFAULT_CROSSREF_URL",
    "DOI_BATCH",
    "CrossrefClient",
    "record_from_item",
    "records_from_answer",
]

DEFAULT_CROSSREF_URL = "https://api.crossref.org/works"
CROSSREF_DELAY = 1.0  # the polite pool allows more; one a second is plenty for one user
ROWS = 5
DOI_BATCH = 50  # DOIs a request: a URL of a few kilobytes, well under Crossref's 1000 rows
_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "posted-content": "preprint",
}
_MARKUP = re.compile(r"<[^>]+>")
_DATES = ("published-print", "published-online", "published", "issued")


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def _text(value: Any) -> str:
    return " ".join(html.unescape(_MARKUP.sub("", _first(value))).split())


def _year(item: Mapping[str, Any]) -> int | None:
    years = []
    for name in _DATES:
        parts = (item.get(name) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and isinstance(parts[0][0], int):
            years.append(parts[0][0])
    return min(years) if years else None


def _author(person: Mapping[str, Any]) -> str:
    if "family" in person:
        return " ".join(f"{person.get('given', '')} {person['family']}".split())
    return " ".join(str(person.get("name", "")).split())


def record_from_item(item: Mapping[str, Any]) -> VenueRecord | None:
    """The record of one work item, or None when it has no DOI or title."""
    doi = parse_doi(str(item.get("DOI", "")))
    title = _text(item.get("title"))
    if doi is None or not title:
        return None
    subtitle = _text(item.get("subtitle"))
    if subtitle and not title.lower().endswith(subtitle.lower()):
        title = f"{title}: {subtitle}"
    authors = [_author(a) for a in item.get("author") or []]
    return VenueRecord(
        key=f"crossref:{doi}",
        kind=_TYPES.get(str(item.get("type")), "other"),
        title=title,
        authors=tuple(a for a in authors if a),
        year=_year(item),
        venue=_text(item.get("container-title")),
        volume=_first(item.get("volume")),
        number=_first(item.get("issue")),
        pages=_first(item.get("page")),
        publisher=" ".join(str(item.get("publisher", "")).split()),
        doi=doi,
        url=f"https://doi.org/{doi}",
    )


def records_from_answer(data: Any, url: str) -> list[VenueRecord]:
    """The records of a works answer; VenueBadResponse when it is not Crossref's layout."""
    try:
        items = data["message"]["items"]
        found = [record_from_item(i) for i in items]
    except (KeyError, TypeError, AttributeError) as exc:
        raise VenueBadResponse(
            f"{url} answered JSON that is not Crossref's ({exc!r})", url=url
        ) from exc
    return [r for r in found if r is not None]


class CrossrefClient(VenueClient):
    """Asks Crossref's works API, politely (``venues.service.VenueClient``), with a ``mailto``."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_CROSSREF_URL,
        mailto: str = "",
        delay: float = CROSSREF_DELAY,
        **options: Any,
    ) -> None:
        super().__init__(base_url=base_url, what="Crossref", delay=delay, **options)
        self.mailto = mailto

    def search(self, query: str) -> list[VenueRecord]:
        """The works Crossref ranks first for ``query`` (a title and a surname)."""
        return self._works({"query.bibliographic": query, "rows": str(ROWS)})

    def works(self, dois: Sequence[str]) -> list[VenueRecord]:
        """The works of ``dois`` (those Crossref has), ``DOI_BATCH`` DOIs a request. A DOI
        with a comma cannot be written in a filter and is not asked."""
        wanted = list(dict.fromkeys(d for d in dois if "," not in d))
        found: list[VenueRecord] = []
        for start in range(0, len(wanted), DOI_BATCH):
            batch = wanted[start : start + DOI_BATCH]
            params = {"filter": ",".join(f"doi:{d}" for d in batch), "rows": str(len(batch))}
            found += self._works(params)
        return found

    def _works(self, params: dict[str, str]) -> list[VenueRecord]:
        if self.mailto:
            params["mailto"] = self.mailto
        return records_from_answer(self.get(params), self.base_url)
