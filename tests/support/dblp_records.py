"""The real DBLP records of fixtures/venues/ in DBLP's other formats: search hits and dblp.xml.

fixtures/venues/dblp-records.bib holds DBLP's BibTeX exports (CC0; SOURCES.md). DBLP serves the
same records as JSON search hits and in its XML dump; this module writes them in those layouts
(https://dblp.org/faq/How+to+use+the+dblp+search+API.html, https://dblp.org/xml/dblp.dtd) so the
loopback DBLP server and the offline import read real records:

- a hit's ``venue`` is DBLP's short name (the key's second part, upper-cased: ``ICLR``), its
  ``type`` the category of the key (``conf/`` papers, ``journals/`` articles, CoRR informal);
- in the dump, a paper's ``booktitle`` is that short name and its ``crossref`` names a
  ``<proceedings>`` record whose ``title`` is the full booktitle of the BibTeX export, as DBLP
  does; the proceedings key is made from the paper's (``conf/iclr/2023-x`` style, not DBLP's);
- in the search, that proceedings record is a hit of type ``Editorship`` (``proceedings_hit``):
  the same title with DBLP's closing full stop, the export's ``editor``s as its authors, its
  ``publisher`` and ``year``, and the paper's short name as ``venue`` (DBLP's ``booktitle`` of a
  proceedings record is the short name its papers carry). DBLP's BibTeX export writes the
  booktitle from that proceedings record, so its text is the volume's title as DBLP holds it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from bibtool.bibfile import read_bib
from bibtool.bibfile.values import split_names, unwrap
from bibtool.model import Paper
from bibtool.text.tex import to_text
from tests.support.helpers import paper_from_record

ROOT = Path(__file__).resolve().parents[2]
VENUES = ROOT / "fixtures" / "venues"
BIB_FILES = (VENUES / "dblp-records.bib", VENUES / "dblp-added.bib")


@dataclass(frozen=True)
class DblpBib:
    """One DBLP BibTeX record, its values read as Unicode text."""

    key: str  # "conf/iclr/FrantarAHA23"
    entry_type: str
    fields: dict[str, str]
    authors: tuple[str, ...]
    text: str = ""  # the record as DBLP exports it (https://dblp.org/rec/KEY.bib), verbatim

    @property
    def workshop(self) -> bool:
        """A workshop paper filed under its conference's stream (``conf/cvpr/...``, booktitle
        "... CVPR Workshops 2022"), as DBLP files CVPR's workshops."""
        stream = self.key.split("/")[1]
        return "workshop" in self.fields.get("booktitle", "").lower() and not stream.endswith("w")

    @property
    def short_venue(self) -> str:
        parts = self.key.split("/")
        if self.key.startswith("journals/corr/"):
            return "CoRR"
        return f"{parts[1].upper()} Workshops" if self.workshop else parts[1].upper()

    @property
    def proceedings_key(self) -> str:
        stream = "/".join(self.key.split("/")[:2])
        short = self.short_venue.replace(" ", "-")
        return f"{stream}/{self.fields.get('year', '')}-{short}"


def _text(raw: str) -> str:
    return " ".join(to_text(unwrap(raw) or raw).split())


def load_dblp_bib(*paths: Path) -> list[DblpBib]:
    """The records of ``paths``; by default the shared set and those added for hard cases."""
    out = []
    entries = [e for p in paths or BIB_FILES for e in read_bib(p).entries]
    for entry in entries:
        if not entry.key.startswith("DBLP:"):
            continue  # the "% source: repo path@commit" lines read as entries
        fields = {k: _text(v) for k, v in entry.fields.items() if k != "author"}
        authors = tuple(_text(n) for n in split_names(entry.fields.get("author", "")))
        key = entry.key.removeprefix("DBLP:")
        out.append(DblpBib(key, entry.entry_type, fields, authors, entry.raw))
    return out


def _links(rec: DblpBib) -> list[str]:
    links = [f"https://doi.org/{rec.fields['doi']}"] if "doi" in rec.fields else []
    if rec.fields.get("url") and rec.fields["url"] not in links:
        links.append(rec.fields["url"])
    if rec.fields.get("eprint"):
        links.append(f"https://arxiv.org/abs/{rec.fields['eprint']}")
    return links


def search_hit(rec: DblpBib) -> dict[str, Any]:
    """The record as one hit of DBLP's JSON search answer."""
    kind = {
        "inproceedings": "Conference and Workshop Papers",
        "article": "Journal Articles",
    }.get(rec.entry_type, "Informal and Other Publications")
    if rec.key.startswith("journals/corr/"):
        kind = "Informal and Other Publications"
    info: dict[str, Any] = {
        "authors": {"author": [{"@pid": "0", "text": a} for a in rec.authors]},
        "title": rec.fields.get("title", "") + ".",
        "venue": rec.short_venue
        if rec.entry_type == "inproceedings"
        else rec.fields.get("journal", rec.short_venue),
        "year": rec.fields.get("year", ""),
        "type": kind,
        "key": rec.key,
        "url": f"https://dblp.org/rec/{rec.key}",
    }
    for name in ("volume", "number", "pages", "doi"):
        if name in rec.fields:
            info[name] = rec.fields[name]
    links = _links(rec)
    if links:
        info["ee"] = links if len(links) > 1 else links[0]
    if len(rec.authors) == 1:
        info["authors"]["author"] = info["authors"]["author"][0]
    return {"@score": "1", "@id": "0", "info": info, "url": f"URL#{rec.key}"}


def proceedings_hit(rec: DblpBib) -> dict[str, Any]:
    """The proceedings volume of conference paper ``rec`` as one hit of DBLP's search answer
    (type ``Editorship``), read from the paper's export (its booktitle, editors, publisher)."""
    editors = [_text(n) for n in split_names(rec.fields.get("editor", ""))] if "editor" in \
        rec.fields else []  # fmt: skip
    info: dict[str, Any] = {
        "authors": {"author": [{"@pid": "0", "text": e} for e in editors]},
        "title": rec.fields.get("booktitle", "") + ".",
        "venue": rec.short_venue,
        "publisher": rec.fields.get("publisher", ""),
        "year": rec.fields.get("year", ""),
        "type": "Editorship",
        "key": rec.proceedings_key,
        "url": f"https://dblp.org/rec/{rec.proceedings_key}",
    }
    if not editors:
        del info["authors"]
    elif len(editors) == 1:
        info["authors"]["author"] = info["authors"]["author"][0]
    return {"@score": "1", "@id": "0", "info": info, "url": f"URL#{rec.proceedings_key}"}


def search_hits(records: list[DblpBib]) -> list[dict[str, Any]]:
    """Every record as a search hit, and the proceedings volume of each conference paper (one
    hit a volume): what the loopback DBLP search serves."""
    volumes = {r.proceedings_key: r for r in records if r.entry_type == "inproceedings"}
    return [*(search_hit(r) for r in records), *(proceedings_hit(r) for r in volumes.values())]


def record_exports(records: list[DblpBib]) -> dict[str, str]:
    """DBLP's BibTeX export of each record (``/rec/KEY.bib``), by key: the fixture's own text,
    which is that export copied verbatim."""
    return {r.key: r.text + "\n\n" for r in records}


def search_answer(
    hits: list[dict[str, Any]], query: str, *, total: int | None = None, first: int = 0
) -> bytes:
    """DBLP's JSON answer: ``hits`` sent, from the ``first``, of ``total`` found."""
    total = len(hits) if total is None else total
    data = {
        "result": {
            "query": query,
            "status": {"@code": "200", "text": "OK"},
            "hits": {
                "@total": str(total),
                "@computed": str(total),
                "@sent": str(len(hits)),
                "@first": str(first),
                "hit": hits,
            },
        }
    }
    return json.dumps(data).encode()


def _element(tag: str, key: str, children: list[tuple[str, str]]) -> str:
    body = "".join(f"<{name}>{escape(value)}</{name}>\n" for name, value in children if value)
    return f'<{tag} mdate="2024-01-01" key={quoteattr(key)}>\n{body}</{tag}>\n'


def dblp_xml(records: list[DblpBib]) -> bytes:
    """The records as a DBLP dump (papers, their proceedings records, CoRR articles)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n']
    proceedings: dict[str, DblpBib] = {}
    for rec in records:
        f = rec.fields
        children = [("author", a) for a in rec.authors]
        children += [("title", f.get("title", "") + ".")]
        if rec.entry_type == "inproceedings":
            proceedings.setdefault(rec.proceedings_key, rec)
            children += [
                ("pages", f.get("pages", "")),
                ("year", f.get("year", "")),
                ("booktitle", rec.short_venue),
            ]
        else:
            children += [
                ("journal", f.get("journal", rec.short_venue)),
                ("volume", f.get("volume", "")),
                ("number", f.get("number", "")),
                ("pages", f.get("pages", "")),
                ("year", f.get("year", "")),
            ]
        children += [("ee", link) for link in _links(rec)]
        if rec.entry_type == "inproceedings":
            children.append(("crossref", rec.proceedings_key))
        tag = "inproceedings" if rec.entry_type == "inproceedings" else "article"
        out.append(_element(tag, rec.key, children))
    for key, rec in proceedings.items():
        f = rec.fields
        out.append(_element("proceedings", key, [
            ("title", f.get("booktitle", "") + "."), ("publisher", f.get("publisher", "")),
            ("year", f.get("year", "")), ("booktitle", rec.short_venue),
        ]))  # fmt: skip
    out.append("</dblp>\n")
    return "".join(out).encode()


def judged(name: str) -> dict[str, tuple[str, str]]:
    """arXiv id -> (the venue record a row names, keyed as the store keys it: ``DBLP:conf/x/Y``
    -> ``dblp:conf/x/Y``, ``ACL:2020.acl-main.9`` -> ``acl:2020.acl-main.9``; its relation to
    the preprint), from fixtures/venues/NAME (truth.tsv, judged.tsv, acl-judged.tsv: judged
    by hand). A later row of a paper overrides an earlier one."""
    out: dict[str, tuple[str, str]] = {}
    with (VENUES / name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            source, _, key = (row.get("record_key") or row["dblp_key"]).partition(":")
            out[row["arxiv_id"]] = (f"{source.lower()}:{key}", row["relation"])
    return out


def venue_papers() -> dict[str, Paper]:
    """The preprints of the hard cases added beside the shared set (fixtures/venues/
    preprints.jsonl, records.jsonl's schema), by arXiv id."""
    with (VENUES / "preprints.jsonl").open(encoding="utf-8") as handle:
        found = [paper_from_record(json.loads(line)) for line in handle if line.strip()]
    return {p.arxiv_id: p for p in found}
