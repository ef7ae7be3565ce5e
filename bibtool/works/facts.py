"""What identifies a work in a .bib entry: arXiv ids, DOIs, and the facts fuzzy matching compares.

A work is identified by its arXiv id (versionless) and its DOIs, wherever a tool wrote them:
``eprint``/``arxivid`` (bare, versioned, old style with or without subject class), arXiv links and
``arXiv:ID`` in ``url``, ``howpublished``, ``note``, ``journal`` (Google Scholar, Zotero), arXiv's
DOI ``10.48550/arXiv.ID`` (counted as the arXiv id, never as a publisher DOI), DBLP's
``volume = {abs/ID}``. Free prose (abstract, annote, title) is left out: it cites other papers.
When no identifier settles it, ``WorkFacts`` carries the normalised title, first-author surname
and year that ``samework`` compares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bibtool.bibfile.values import first_name, inner
from bibtool.ids.arxiv import find_arxiv_ids, parse_arxiv_id
from bibtool.ids.doi import ARXIV_DOI_PREFIX, doi_key, find_dois
from bibtool.render.names import surname as name_surname
from bibtool.text.normalise import NAME_SUFFIXES, STOP_WORDS, normalise

__all__ = [
    "WorkFacts",
    "describe_token",
    "entry_identities",
    "entry_surname",
    "first_author",
    "normalize_doi",
    "plain",
    "work_facts",
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
_ESCAPED = re.compile(r"\\([_:%&#$~/.-])")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_NUMBER = re.compile(r"\d+")
_NOBODY = frozenset({"anonymous", "anon", "unknown", "others", "n", "a"})
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def plain(value: str) -> str:
    """A raw BibTeX value as text to search for identifiers: braces, quotes and escapes gone."""
    text = value.replace("{", "").replace("}", "")
    if "\\" in text:
        text = _ESCAPED.sub(r"\1", text)  # {\_} and \_ in DBLP and Zotero URLs
        text = _COMMAND.sub(" ", text)  # \url, \href, \path
    return text.replace('"', " ")


def normalize_doi(value: str) -> str | None:
    """The first DOI in ``value`` (bare, ``doi:``, or a doi.org link), lower-cased, else None."""
    dois = find_dois(plain(value))
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
        if name in fields and (name != "eprint" or _eprint_is_arxiv(fields)):
            text = plain(fields[name])
            ref = parse_arxiv_id(text)
            yield from [ref.id] if ref else (r.id for r in find_arxiv_ids(text, bare=True))
    for name, value in links:
        # Every prefixed form contains "arxiv" or "abs/": a cheap test spares the regexes.
        if _ARXIVISH.search(value) and _linkish(name):
            yield from (r.id for r in find_arxiv_ids(plain(value)))


def _eprint_is_arxiv(fields: Mapping[str, str]) -> bool:
    """``eprint`` is an arXiv id unless ``eprinttype``/``archiveprefix`` names another archive."""
    kinds = [
        plain(fields[k]).strip().lower() for k in ("eprinttype", "archiveprefix") if k in fields
    ]
    return not kinds or "arxiv" in kinds


def _dois(fields: Mapping[str, str], links: list[tuple[str, str]]) -> Iterable[str]:
    if "doi" in fields:
        yield from (doi_key(d) for d in find_dois(plain(fields["doi"])))
    for _, value in links:
        if _DOIISH.search(value):
            yield from (doi_key(d) for d in find_dois(plain(value), linked_only=True))


def describe_token(token: str) -> str:
    """``arxiv:ID`` -> ``arXiv ID``, ``doi:X`` -> ``DOI X``."""
    kind, _, value = token.partition(":")
    return f"arXiv {value}" if kind == "arxiv" else f"DOI {value}"


@dataclass(frozen=True)
class WorkFacts:
    """What identifies one entry: identifier tokens, then title, first author and year."""

    key: str
    line: int | None
    tokens: tuple[str, ...]
    title: str  # normalised: lower-case ASCII words
    words: frozenset[str]  # significant title words, for blocking
    surname: str  # the first author's, folded
    year: int | None
    published: bool  # has a venue (journal, booktitle, publisher DOI): not only a preprint
    pages: str = ""  # the first page, to tell apart same-titled columns in one journal
    volume: str = ""
    number: str = ""  # the issue: one title recurs in every issue of a volume (reports, columns)

    @property
    def arxiv(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.startswith("arxiv:"))

    @property
    def dois(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.startswith("doi:"))


def work_facts(
    key: str, fields: Mapping[str, str], line: int | None = None, *, tokens: Iterable[str] = ()
) -> WorkFacts:
    """The facts of an entry with these raw fields (lower-case names); ``tokens``, when the
    caller has them, are ``entry_identities(fields)``."""
    tokens = tuple(tokens or entry_identities(fields))
    title = fold(plain(fields.get("title", "")))
    year_text = fields.get("year") or fields.get("date") or ""
    year = _YEAR.search(year_text)
    venue = any(
        f in fields and "arxiv" not in fields[f].lower() and "corr" not in fields[f].lower()
        for f in ("journal", "journaltitle", "booktitle")
    )
    return WorkFacts(
        key=key,
        line=line,
        tokens=tokens,
        title=title,
        words=frozenset(w for w in title.split() if w not in STOP_WORDS),
        surname=entry_surname(fields),
        year=int(year[1]) if year else None,
        published=venue or any(t.startswith("doi:") for t in tokens),
        pages=_first_number(fields.get("pages", "")),
        volume=_first_number(fields.get("volume", "")),
        number=_first_number(fields.get("number", "")),
    )


def _first_number(value: str) -> str:
    found = _NUMBER.search(value)
    return found[0].lstrip("0") if found else ""


def entry_surname(fields: Mapping[str, str]) -> str:
    """The folded surname of the entry's first author (or first editor), or ""."""
    return first_author(fields.get("author") or fields.get("editor") or "")


def first_author(value: str) -> str:
    """The folded surname of the first name in a raw ``author`` value, or "" if there is none."""
    text = inner(value)
    if not text or not (text[0].isalpha() or text[0] in "{\\"):
        return ""  # empty, or a @string macro / number we cannot see into
    first = first_name(value)
    if first.lower() in ("others", "et al.", "et al"):
        return ""
    last, comma, _ = first.partition(",")
    if comma and " " not in last.strip():
        words = fold(last).split()  # "Vaswani, Ashish": the common case, without the full parse
    else:
        words = [] if comma else fold(first).split()
        if not words or words[-1] in NAME_SUFFIXES or not first.isascii() or "{" in first:
            words = fold(name_surname(first)).split()  # particles, suffixes, braces, accents
    return words[-1] if words and words[-1] not in _NOBODY else ""


def fold(text: str) -> str:
    """``textnorm.normalise``, with a fast path for plain ASCII text (most titles and names)."""
    if text.isascii() and "\\" not in text:
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    return normalise(text)
