"""DBLP's XML dump (``dblp.xml`` or ``dblp.xml.gz``, https://dblp.org/xml/) read as a stream.

The dump is one ``<dblp>`` element holding millions of records (``<article>``,
``<inproceedings>``, ``<proceedings>``, ``<incollection>``...), each with a ``key`` attribute and
children ``author``, ``title``, ``booktitle``/``journal``, ``volume``, ``number``, ``pages``,
``year``, ``ee`` (links: the DOI, arXiv), ``crossref`` (the proceedings' key) and ``publisher``:

    <inproceedings mdate="2023-07-19" key="conf/iclr/FrantarAHA23">
    <author>Elias Frantar</author> ... <title>OPTQ: Accurate Quantization ... Transformers.</title>
    <year>2023</year><booktitle>ICLR</booktitle><ee>https://openreview.net/...</ee>
    <crossref>conf/iclr/2023</crossref></inproceedings>

It is read with ``iterparse`` and every record is dropped from the tree once read, so memory
stays flat (``benchmarks/dblp_import.py``). The dump names accented letters by entities its DTD
declares (``&ouml;``): they are turned into character references as the bytes stream past (they
are HTML's Latin-1 names), and the DTD is never read. An entity the document declares itself
(an XML bomb, an external entity) is refused, as the arXiv feeds are (defusedxml).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from html.entities import name2codepoint
from pathlib import Path
from typing import IO, Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bibtool.errors import InputError
from bibtool.ids.doi import parse_doi
from bibtool.model import VenueRecord
from bibtool.venues.dblp import arxiv_of, clean_name, clean_title, dblp_kind, is_arxiv_doi

__all__ = ["read_dblp_xml"]

KINDS = {
    "article": "article",
    "inproceedings": "inproceedings",
    "proceedings": "proceedings",
    "incollection": "incollection",
}
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _reference(m: re.Match[bytes]) -> bytes:
    name = m[1]
    if name in _XML_ENTITIES or name.decode() not in name2codepoint:
        return m[0]
    return b"&#%d;" % name2codepoint[name.decode()]


class _EntityReader:
    """A binary stream with DBLP's named entities turned into character references."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._held = b""

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size if size and size > 0 else 1 << 16)
        data = self._held + chunk
        cut = data.rfind(b"&")
        if chunk and cut != -1 and b";" not in data[cut:] and len(data) - cut < 40:
            data, self._held = data[:cut], data[cut:]  # an entity split across two reads
        else:
            self._held = b""
        return _ENTITY.sub(_reference, data)


def _open(path: Path) -> IO[bytes]:
    with path.open("rb") as handle:
        gz = handle.read(2) == b"\x1f\x8b"
    return gzip.GzipFile(path, "rb") if gz else path.open("rb")  # type: ignore[return-value]


def _all_text(elem: Any) -> str:
    return " ".join("".join(elem.itertext()).split())


def _record(elem: Any) -> VenueRecord | None:
    key = elem.get("key", "")
    title_elem = elem.find("title")
    if not key or title_elem is None:
        return None
    venue = elem.findtext("journal") or elem.findtext("booktitle") or ""
    kind = dblp_kind(key, KINDS[elem.tag], venue)
    links = [_all_text(e) for e in elem.findall("ee")]
    doi = next((d for d in (parse_doi(x) for x in links) if d and not is_arxiv_doi(d)), None)
    volume = elem.findtext("volume") or ""
    return VenueRecord(
        key=f"dblp:{key}",
        kind=kind,
        title=clean_title(_all_text(title_elem)),
        authors=tuple(clean_name(_all_text(a)) for a in elem.findall("author")),
        year=int(y) if (y := (elem.findtext("year") or "").strip()).isdigit() else None,
        venue=" ".join(venue.split()),
        volume=volume,
        number=elem.findtext("number") or "",
        pages=elem.findtext("pages") or "",
        publisher=" ".join((elem.findtext("publisher") or "").split()),
        doi=doi,
        url=links[0] if links else None,
        arxiv_id=arxiv_of([*links, volume]) if kind == "preprint" else None,
        crossref=f"dblp:{c}" if (c := (elem.findtext("crossref") or "").strip()) else "",
    )


def read_dblp_xml(path: Path | str) -> Iterator[VenueRecord]:
    """Every article, paper, chapter and proceedings record of a DBLP dump, in file order.

    InputError for a file that is not well-formed XML, declares entities, or is not DBLP's.
    """
    path = Path(path)
    depth = 0
    root: Any = None
    try:
        with _open(path) as raw:
            events = SafeET.iterparse(_EntityReader(raw), events=("start", "end"), forbid_dtd=False)
            for event, elem in events:
                if event == "start":
                    if depth == 0 and elem.tag != "dblp":
                        raise InputError(f"{path} is not a DBLP dump (its root is <{elem.tag}>)")
                    root = elem if depth == 0 else root
                    depth += 1
                    continue
                depth -= 1
                if depth == 1:
                    if elem.tag in KINDS and (record := _record(elem)) is not None:
                        yield record
                    # the root keeps every record it has seen, cleared or not (84 MiB a million
                    # records): let go of them, so memory stays flat over the whole dump
                    root.clear()
    except DefusedXmlException as exc:
        raise InputError(f"{path} declares entities; refused ({exc.__class__.__name__})") from exc
    except SafeET.ParseError as exc:
        raise InputError(f"{path} is not well-formed XML: {exc}") from exc
    except (OSError, EOFError) as exc:
        raise InputError(f"could not read {path}: {exc}") from exc
