"""How the loopback arXiv server writes Atom: records, result feeds, error feeds, in two layouts.

``new`` is the layout export.arxiv.org serves since late 2025 (namespaces on ``<feed>``, https
links, unwrapped text, ``<arxiv:primary_category>`` without scheme); ``classic`` is the older one
(per-element namespaces, ``ArXiv Query:`` title, http links, text hard-wrapped at 80 columns).
Element order and shapes are copied from the recorded responses in fixtures/arxiv/atom/.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

LAYOUTS = ("new", "classic")
ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV = "http://arxiv.org/schemas/atom"
_INVALID_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_DECL = {
    "new": "<?xml version='1.0' encoding='UTF-8'?>",
    "classic": '<?xml version="1.0" encoding="UTF-8"?>',
}
_FEED_OPEN = {
    "new": f'<feed xmlns:opensearch="{OPENSEARCH}" xmlns:arxiv="{ARXIV}" xmlns="{ATOM}">',
    "classic": f'<feed xmlns="{ATOM}">',
}


def esc(text: object, *, attr: bool = False) -> str:
    """``text`` made safe for XML content (or a double-quoted attribute); invalid chars dropped."""
    out = _INVALID_XML.sub("", str(text)).replace("&", "&amp;").replace("<", "&lt;")
    out = out.replace(">", "&gt;")
    return out.replace('"', "&quot;") if attr else out


def iso(value: object, fallback: str = "") -> str:
    """An ISO date or date-time as arXiv writes it (``2016-05-26T17:59:46Z``)."""
    text = str(value or fallback)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def _month_of(arxiv_id: str) -> str:
    """The first day of the month an identifier was assigned: a stand-in for a missing date."""
    yymm = arxiv_id.split("/")[-1][:4]
    if not yymm.isdigit():
        return ""
    year = (1900 if yymm[:2] >= "91" else 2000) + int(yymm[:2])
    return f"{year}-{yymm[2:]}-01T00:00:00Z"


@dataclass(frozen=True)
class Record:
    """One paper as the server holds it, at the version a request asked for."""

    arxiv_id: str
    version: int
    latest: int
    title: str
    authors: tuple[tuple[str, tuple[str, ...]], ...]  # (name, affiliations)
    abstract: str
    published: str
    updated: str
    primary_category: str
    categories: tuple[str, ...]
    doi: str | None
    journal_ref: str | None
    comment: str | None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Record:
        """A record from the records.jsonl schema; missing dates come from the id's month."""
        arxiv_id = str(raw["id"])
        version = int(str(raw.get("version") or "v1").lstrip("v") or 1)
        names = [str(n) for n in raw.get("authors") or ()]
        affiliations = list(raw.get("affiliations") or ())
        affiliations += [()] * (len(names) - len(affiliations))
        published = iso(raw.get("published") or _month_of(arxiv_id))
        primary = str(raw.get("primary_category") or "")
        return cls(
            arxiv_id=arxiv_id,
            version=version,
            latest=version,
            title=str(raw.get("title") or ""),
            authors=tuple(
                (n, tuple(map(str, a or ()))) for n, a in zip(names, affiliations, strict=False)
            ),
            abstract=str(raw.get("abstract") or ""),
            published=published,
            updated=iso(raw.get("updated"), published),
            primary_category=primary,
            categories=tuple(raw.get("categories") or ()) or ((primary,) if primary else ()),
            doi=raw.get("doi") or None,
            journal_ref=raw.get("journal_ref") or None,
            comment=raw.get("comment") or None,
        )

    def at_version(self, version: int | None) -> Record | None:
        """This record as of ``version`` (None: the latest); None if that version does not exist."""
        if version is None or version == self.version:
            return self
        if not 1 <= version <= self.latest:
            return None
        return replace(
            self, version=version, updated=self.published if version == 1 else self.updated
        )

    @property
    def vid(self) -> str:
        return f"{self.arxiv_id}v{self.version}"


@dataclass(frozen=True)
class FeedInfo:
    """What a feed header echoes of the request."""

    search_query: str
    id_list: str
    start: int
    max_results: int
    now: dt.datetime

    def query_string(self, *, paged: bool = True) -> str:
        text = f"search_query={self.search_query}&id_list={self.id_list}"
        return f"{text}&start={self.start}&max_results={self.max_results}" if paged else text

    def feed_id(self, layout: str) -> str:
        digest = base64.b64encode(hashlib.sha1(self.query_string().encode()).digest()).decode()
        base = "https://arxiv.org/api/" if layout == "new" else "http://arxiv.org/api/"
        return base + digest.rstrip("=")

    def updated(self, layout: str) -> str:
        if layout == "new":
            return self.now.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.now.strftime("%Y-%m-%dT00:00:00-05:00")


def render_feed(records: Sequence[Record], total: int, info: FeedInfo, layout: str) -> str:
    """A complete result feed: header, then one entry per record."""
    lines = [_XML_DECL[layout], _FEED_OPEN[layout], *_header(info, layout, total, info.max_results)]
    for record in records:
        lines.extend(_entry_new(record) if layout == "new" else _entry_classic(record))
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def render_error(code: str, message: str, info: FeedInfo, layout: str) -> str:
    """arXiv's error feed: HTTP 400 with one entry titled ``Error`` by ``arXiv api core``."""
    now = info.updated(layout)
    if layout == "new":
        href = esc(f"https://arxiv.org/api/errors#{code}", attr=True)
        head = [
            "  <id>https://arxiv.org/</id>",
            "  <title>arXiv Search Results</title>",
            f"  <updated>{now}</updated>",
            *_opensearch("new", total=1, start=0, per_page=1),
        ]
        entry = [
            f"    <id>{href}</id>",
            "    <title>Error</title>",
            f"    <updated>{now}</updated>",
            f'    <link href="{href}" rel="alternate" type="text/html"/>',
            f"    <summary>{esc(message)}</summary>",
        ]
    else:
        href = esc(f"http://arxiv.org/api/errors#{code}", attr=True)
        head = _header(replace(info, start=0), layout, total=1, per_page=1, paged=False)
        entry = [
            f"    <id>{href}</id>",
            "    <title>Error</title>",
            f"    <summary>{esc(message)}</summary>",
            f"    <updated>{now}</updated>",
            f'    <link href="{href}" rel="alternate" type="text/html"/>',
        ]
    author = ["    <author>", "      <name>arXiv api core</name>", "    </author>"]
    body = [_XML_DECL[layout], _FEED_OPEN[layout], *head, "  <entry>", *entry, *author]
    return "\n".join([*body, "  </entry>", "</feed>"]) + "\n"


def _header(
    info: FeedInfo, layout: str, total: int, per_page: int, paged: bool = True
) -> list[str]:
    query = info.query_string(paged=paged)
    if layout == "new":
        link = (
            f"https://arxiv.org/api/query?search_query={info.search_query}&start={info.start}"
            f"&max_results={info.max_results}&id_list={info.id_list}"
        )
        return [
            f"  <id>{info.feed_id(layout)}</id>",
            f"  <title>arXiv Query: {esc(query)}</title>",
            f"  <updated>{info.updated(layout)}</updated>",
            f'  <link href="{esc(link, attr=True)}" type="application/atom+xml"/>',
            *_opensearch(layout, total=total, start=info.start, per_page=per_page),
        ]
    link = "http://arxiv.org/api/query?" + quote(query, safe="")
    return [
        f'  <link href="{esc(link, attr=True)}" rel="self" type="application/atom+xml"/>',
        f'  <title type="html">ArXiv Query: {esc(query)}</title>',
        f"  <id>{info.feed_id(layout)}</id>",
        f"  <updated>{info.updated(layout)}</updated>",
        *_opensearch(layout, total=total, start=info.start, per_page=per_page),
    ]


def _opensearch(layout: str, *, total: int, start: int, per_page: int) -> list[str]:
    values = {"itemsPerPage": per_page, "totalResults": total, "startIndex": start}
    if layout == "new":
        return [f"  <opensearch:{k}>{v}</opensearch:{k}>" for k, v in values.items()]
    order = ("totalResults", "startIndex", "itemsPerPage")
    ns = f'xmlns:opensearch="{OPENSEARCH}"'
    return [f"  <opensearch:{k} {ns}>{values[k]}</opensearch:{k}>" for k in order]


def _authors(record: Record, arxiv_ns: str) -> list[str]:
    lines = []
    for name, affiliations in record.authors:
        lines += ["    <author>", f"      <name>{esc(name)}</name>"]
        lines += [
            f"      <arxiv:affiliation{arxiv_ns}>{esc(a)}</arxiv:affiliation>" for a in affiliations
        ]
        lines.append("    </author>")
    return lines


def _flat(text: str | None) -> str:
    """The new layout unwraps the hard line breaks that .abs metadata carries."""
    return " ".join((text or "").split())


def _entry_new(r: Record) -> list[str]:
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{esc(r.vid)}</id>",
        f"    <title>{esc(_flat(r.title))}</title>",
        f"    <updated>{r.updated}</updated>",
        f'    <link href="https://arxiv.org/abs/{esc(r.vid, attr=True)}" rel="alternate" '
        'type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{esc(r.vid, attr=True)}" rel="related" '
        'type="application/pdf" title="pdf"/>',
        f"    <summary>{esc(_flat(r.abstract))}</summary>",
        *(f'    <category term="{esc(c, attr=True)}" scheme="{ARXIV}"/>' for c in r.categories),
        f"    <published>{r.published}</published>",
    ]
    if r.comment:
        lines.append(f"    <arxiv:comment>{esc(_flat(r.comment))}</arxiv:comment>")
    lines.append(f'    <arxiv:primary_category term="{esc(r.primary_category, attr=True)}"/>')
    if r.journal_ref:
        lines.append(f"    <arxiv:journal_ref>{esc(_flat(r.journal_ref))}</arxiv:journal_ref>")
    lines += _authors(r, "")
    if r.doi:
        lines.append(f"    <arxiv:doi>{esc(_flat(r.doi))}</arxiv:doi>")
        href = esc(f"https://doi.org/{_flat(r.doi)}", attr=True)
        lines.append(f'    <link rel="related" href="{href}" title="doi"/>')
    return [*lines, "  </entry>"]


def _wrap(text: str, label: str) -> str:
    """Hard-wrap like arXiv's .abs files: 79 columns counting the ``Title: `` label."""
    wrapped = textwrap.fill(
        " ".join(text.split()),
        width=79,
        initial_indent=label,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped[len(label) :]


def _entry_classic(r: Record) -> list[str]:
    ns = f' xmlns:arxiv="{ARXIV}"'
    summary = textwrap.fill(
        " ".join(r.abstract.split()),
        width=79,
        initial_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{esc(r.vid)}</id>",
        f"    <updated>{r.updated}</updated>",
        f"    <published>{r.published}</published>",
        f"    <title>{esc(_wrap(r.title, 'Title: '))}</title>",
        f"    <summary>{esc(summary)}\n</summary>",
        *_authors(r, ns),
    ]
    if r.doi:
        lines.append(f"    <arxiv:doi{ns}>{esc(r.doi)}</arxiv:doi>")
        href = esc(f"http://dx.doi.org/{r.doi}", attr=True)
        lines.append(f'    <link title="doi" href="{href}" rel="related"/>')
    if r.comment:
        lines.append(
            f"    <arxiv:comment{ns}>{esc(_wrap(r.comment, 'Comments: '))}</arxiv:comment>"
        )
    if r.journal_ref:
        lines.append(f"    <arxiv:journal_ref{ns}>{esc(r.journal_ref)}</arxiv:journal_ref>")
    vid = esc(r.vid, attr=True)
    primary = esc(r.primary_category, attr=True)
    return [
        *lines,
        f'    <link href="http://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        f'    <link title="pdf" href="http://arxiv.org/pdf/{vid}" rel="related" '
        'type="application/pdf"/>',
        f'    <arxiv:primary_category{ns} term="{primary}" scheme="{ARXIV}"/>',
        *(f'    <category term="{esc(c, attr=True)}" scheme="{ARXIV}"/>' for c in r.categories),
        "  </entry>",
    ]


# An arXiv error entry served with HTTP 200, as the live API answers a malformed query.
ERROR_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>1'
    "</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex><entry>"
    "<id>http://arxiv.org/api/errors#malformed</id><title>Error</title>"
    "<summary>malformed query</summary></entry></feed>"
)
