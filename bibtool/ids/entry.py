"""Every identifier of a .bib entry: its arXiv id and its DOIs, wherever a tool wrote them.

``eprint``/``arxivid`` (bare, versioned, old style with or without subject class), arXiv links
and ``arXiv:ID`` in ``url``, ``howpublished``, ``note``, ``journal`` (Google Scholar, Zotero),
arXiv's DOI ``10.48550/arXiv.ID`` (counted as the arXiv id, never as a publisher DOI), DBLP's
``volume = {abs/ID}``, ``\\url{…}``, ``{\\_}`` and percent-encoded links. Free prose (abstract,
annote, title) is left out: it cites other papers. Values are read as a reader sees them
(``text.tex.to_text``); the grammars are ``ids.arxiv`` and ``ids.doi``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bibtool.ids.arxiv import find_arxiv_ids, parse_arxiv_id
from bibtool.ids.doi import ARXIV_DOI_PREFIX, doi_key, find_dois
from bibtool.text.tex import to_text

__all__ = [
    "ID_FIELDS",
    "describe_token",
    "entry_arxiv_id",
    "entry_identities",
    "eprint_is_arxiv",
    "normalize_doi",
]

# Fields that hold nothing but an identifier, so a bare "2107.13163" there is an arXiv id.
ID_FIELDS = ("eprint", "arxivid", "arxiv_id", "arxiv")
# Fields where tools put links and "arXiv:ID" text; only prefixed forms count there.
_LINK_FIELDS = frozenset(
    {"url", "howpublished", "note", "journal", "journaltitle", "doi", "pdf", "link", "eprinturl"}
    | {"volume", "number", "publisher", "file", "booktitle", "series", "addendum", "arxivurl"}
)
_ARXIVISH = re.compile(r"arxiv|abs/", re.IGNORECASE)
_DOIISH = re.compile(r"doi", re.IGNORECASE)


def normalize_doi(value: str) -> str | None:
    """The first DOI in ``value`` (bare, ``doi:``, or a doi.org link), lower-cased, else None."""
    dois = find_dois(to_text(value))
    return doi_key(dois[0]) if dois else None


def entry_identities(fields: Mapping[str, str]) -> list[str]:
    """Identity tokens ("arxiv:2107.13163", "doi:10.1000/xyz") of one entry, in a stable order."""
    links = [(name, value) for name, value in fields.items() if _scanned(name)]
    found: dict[str, None] = {}
    for arxiv_id in _arxiv_ids(fields, links):
        found[f"arxiv:{arxiv_id}"] = None
    for doi in _dois(fields, links):
        if not doi.startswith(ARXIV_DOI_PREFIX):  # arXiv's DOI is its id, found as such above
            found[f"doi:{doi}"] = None
    return list(found)


def _linkish(name: str) -> bool:
    return name in _LINK_FIELDS or name.startswith(("url", "bdsk-url"))


_SCANNED: dict[str, bool] = {}


def _scanned(name: str) -> bool:
    """Whether identifiers are looked for in this field: decided once per name, before any regex
    runs on a value (an entry's fields are mostly plain text, and abstracts are long)."""
    scanned = _SCANNED.get(name)
    if scanned is None:
        scanned = _linkish(name) or name in ID_FIELDS
        if len(_SCANNED) < 4096:
            _SCANNED[name] = scanned
    return scanned


def _arxiv_ids(fields: Mapping[str, str], links: list[tuple[str, str]]) -> Iterable[str]:
    for name in ID_FIELDS:
        if name in fields and (name != "eprint" or eprint_is_arxiv(fields)):
            text = to_text(fields[name])
            ref = parse_arxiv_id(text)
            yield from [ref.id] if ref else (r.id for r in find_arxiv_ids(text, bare=True))
    for name, value in links:
        # Every prefixed form contains "arxiv" or "abs/": a cheap test spares the regexes.
        if _ARXIVISH.search(value) and _linkish(name):
            yield from (r.id for r in find_arxiv_ids(to_text(value)))


def eprint_is_arxiv(fields: Mapping[str, str]) -> bool:
    """``eprint`` is an arXiv id unless ``eprinttype``/``archiveprefix`` names another archive."""
    kinds = [
        to_text(fields[k]).strip().lower() for k in ("eprinttype", "archiveprefix") if k in fields
    ]
    return not kinds or "arxiv" in kinds


def _dois(fields: Mapping[str, str], links: list[tuple[str, str]]) -> Iterable[str]:
    if "doi" in fields:
        yield from (doi_key(d) for d in find_dois(to_text(fields["doi"])))
    for _, value in links:
        if _DOIISH.search(value):
            yield from (doi_key(d) for d in find_dois(to_text(value), linked_only=True))


def describe_token(token: str) -> str:
    """``arxiv:ID`` -> ``arXiv ID``, ``doi:X`` -> ``DOI X``."""
    kind, _, value = token.partition(":")
    return f"arXiv {value}" if kind == "arxiv" else f"DOI {value}"


def entry_arxiv_id(fields: Mapping[str, str]) -> str | None:
    """The entry's arXiv id (versionless), or None when it names no arXiv paper."""
    for token in entry_identities(fields):
        if token.startswith("arxiv:"):
            return token.removeprefix("arxiv:")
    return None
