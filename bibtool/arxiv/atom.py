"""arXiv's Atom feeds (both the classic and the 2025 layout) -> ``Paper`` values, parsed safely."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bibtool.errors import ArxivBadResponse
from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.model import Author, Paper

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Feed:
    """One page of an API answer: the papers on it and the total the query matched."""

    papers: tuple[Paper, ...]
    total_results: int
    start_index: int
    error: str | None = None  # arXiv's own error entry ("incorrect id format for abc")


def normalise_space(text: str | None) -> str:
    """Collapse arXiv's hard wrapping (classic layout) and stray whitespace to single spaces."""
    return " ".join((text or "").split())  # str.split: the whitespace \s matches, in C


def parse_feed(data: bytes | str, *, url: str = "the arXiv API") -> Feed:
    """Parse one Atom answer; anything that is not an arXiv feed raises ArxivBadResponse."""
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException, LookupError) as exc:  # LookupError: encoding="x"
        raise ArxivBadResponse(
            f"{url} answered with XML that could not be read ({exc})", url=url
        ) from exc
    if root.tag != f"{ATOM}feed":
        raise ArxivBadResponse(f"{url} answered with <{root.tag}>, not an Atom feed", url=url)
    total = _int(root.findtext(f"{OPENSEARCH}totalResults"))
    start = _int(root.findtext(f"{OPENSEARCH}startIndex"))
    papers: list[Paper] = []
    for entry in root.iterfind(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id") or ""
        if "/api/errors" in entry_id:
            message = normalise_space(entry.findtext(f"{ATOM}summary")) or entry_id
            return Feed((), 0, start, error=message)
        papers.append(parse_entry(entry, url=url))
    return Feed(tuple(papers), total, start)


def parse_entry(entry: ET.Element, *, url: str = "the arXiv API") -> Paper:
    """One ``<entry>`` -> Paper; a missing id or date means the answer is broken."""
    raw_id = normalise_space(entry.findtext(f"{ATOM}id"))
    ref = parse_arxiv_id(raw_id)
    if ref is None:
        raise ArxivBadResponse(f"{url} returned an entry with an unreadable id {raw_id!r}", url=url)
    published = _date(entry.findtext(f"{ATOM}published"), url)
    updated_text = entry.findtext(f"{ATOM}updated")
    updated = _date(updated_text, url) if updated_text else published
    primary = entry.find(f"{ARXIV}primary_category")
    categories = tuple(
        c.get("term", "") for c in entry.iterfind(f"{ATOM}category") if c.get("term")
    )
    primary_term = primary.get("term", "") if primary is not None else ""
    return Paper(
        arxiv_id=ref.id,
        version=ref.version or 1,
        title=normalise_space(entry.findtext(f"{ATOM}title")),
        authors=tuple(_author(a) for a in entry.iterfind(f"{ATOM}author")),
        abstract=normalise_space(entry.findtext(f"{ATOM}summary")),
        published=published,
        updated=updated,
        primary_category=primary_term or (categories[0] if categories else ""),
        categories=categories,
        doi=normalise_space(entry.findtext(f"{ARXIV}doi")) or None,
        journal_ref=normalise_space(entry.findtext(f"{ARXIV}journal_ref")) or None,
        comment=normalise_space(entry.findtext(f"{ARXIV}comment")) or None,
    )


def _author(element: ET.Element) -> Author:
    affiliations = tuple(
        normalise_space(a.text) for a in element.iterfind(f"{ARXIV}affiliation") if a.text
    )
    return Author(normalise_space(element.findtext(f"{ATOM}name")), affiliations)


def _date(text: str | None, url: str) -> dt.date:
    try:
        return dt.date.fromisoformat(normalise_space(text)[:10])
    except ValueError as exc:
        raise ArxivBadResponse(
            f"{url} returned an entry with a bad date {text!r}", url=url
        ) from exc


def _int(text: str | None) -> int:
    try:
        return int(normalise_space(text))
    except ValueError:
        return 0
