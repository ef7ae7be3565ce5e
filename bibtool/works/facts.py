"""The facts that tell two entries' works apart: identifiers first, then title, author, year.

A work is identified by its arXiv id (versionless) and its DOIs (``ids.entry``). When no
identifier settles it, ``WorkFacts`` carries the normalised title, first-author surname and year
that ``works.same`` compares, the volume, issue and pages that tell a column's issues apart, the
numbers of the title and the edition that tell parts and versions apart, and what kind of
publication the entry is (a preprint, or a journal article, a conference paper, a chapter, a
book, a report, a thesis), which tells a technical report from the article that followed it.
Callers pass the fields a ``crossref`` parent lends (``BibDocument.inherited``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from bibtool.bibfile.values import first_name, inner, split_names
from bibtool.ids.entry import entry_identities
from bibtool.text.names import is_et_al, surname_key
from bibtool.text.normalise import STOP_WORDS, normalise
from bibtool.text.similarity import numbers_as_digits, title_marks

__all__ = ["WorkFacts", "entry_surname", "first_author", "surnames", "venue_words", "work_facts"]

_NUMBER = re.compile(r"\d+")
_NOBODY = frozenset({"anonymous", "anon", "unknown", "others", "n", "a"})
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
# The kind of publication an entry type names; types not here (misc, online...) say nothing.
_KINDS = {
    "article": "article",
    "inproceedings": "paper",
    "conference": "paper",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "mvbook": "book",
    "manual": "book",
    "booklet": "book",
    "collection": "book",
    "proceedings": "book",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
}
_PREPRINT_VENUE = re.compile(r"arxiv|\bcorr\b|preprint|e-?prints?\b|biorxiv|medrxiv|ssrn", re.I)
# A journal that is a conference's proceedings: exports type such papers @article.
_PROCEEDINGS = re.compile(r"\bproc\b|proceedings|conference|workshop|symposium|meeting", re.I)
_VENUES = ("journal", "journaltitle", "booktitle")
_PLACES = (*_VENUES, "publisher", "school", "institution", "organization")  # where it appeared
_WHERE = (*_VENUES, "publisher", "institution", "howpublished", "note", "number")  # e-print?


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
    number: str = ""  # the issue or report number's digits: one title recurs in every issue
    edition: str = ""
    entry_type: str = ""
    # The raw fields (not copied), read only when two entries are compared (most never are).
    fields: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def venue(self) -> str:
        """The raw journal or booktitle, else publisher, school, institution, organization."""
        return next((self.fields[f] for f in _PLACES if f in self.fields), "")

    @property
    def authors(self) -> str:
        """The raw author (or editor) list."""
        return self.fields.get("author") or self.fields.get("editor") or ""

    @cached_property
    def marks(self) -> str:
        """The title's numbers (``text.similarity.title_marks``): parts, versions, issues."""
        return title_marks(self.title)

    @cached_property
    def kind(self) -> str:
        """article, paper, chapter, book, report or thesis; "" when the type says nothing (misc,
        unpublished, online...). An @article in a journal named "Proceedings of ..." is a paper."""
        kind = _KINDS.get(self.entry_type, "")
        journal = self.fields.get("journal", "")
        return "paper" if kind == "article" and _PROCEEDINGS.search(journal) else kind

    @cached_property
    def preprint(self) -> bool:
        """An e-print: an arXiv (or other e-print) venue, or an arXiv id and no venue."""
        where = " ".join([self.fields[f] for f in _WHERE if f in self.fields])
        return _PREPRINT_VENUE.search(where) is not None or (
            bool(self.arxiv) and not self.published
        )

    @property
    def arxiv(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.startswith("arxiv:"))

    @property
    def dois(self) -> frozenset[str]:
        return frozenset(t for t in self.tokens if t.startswith("doi:"))


def work_facts(
    key: str,
    fields: Mapping[str, str],
    line: int | None = None,
    *,
    tokens: Iterable[str] = (),
    entry_type: str = "",
) -> WorkFacts:
    """The facts of an entry with these raw fields (lower-case names); ``tokens``, when the
    caller has them, are ``entry_identities(fields)``."""
    tokens = tuple(tokens or entry_identities(fields))
    title = normalise(inner(fields.get("title", "")))
    year_text = fields.get("year") or fields.get("date") or ""
    year = _YEAR.search(year_text)
    venue = "crossref" in fields or any(
        f in fields and "arxiv" not in fields[f].lower() and "corr" not in fields[f].lower()
        for f in _VENUES
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
        number="".join(_NUMBER.findall(fields.get("number", ""))).lstrip("0"),
        edition=_edition(fields["edition"]) if "edition" in fields else "",
        entry_type=entry_type,
        fields=fields,
    )


def _edition(value: str) -> str:
    """``2`` for ``{2}``, ``{Second}`` or ``{2nd ed.}``: the number, else the words."""
    return _first_number(value) or numbers_as_digits(normalise(inner(value)))


def _first_number(value: str) -> str:
    found = _NUMBER.search(value)
    return found[0].lstrip("0") if found else ""


def venue_words(facts: WorkFacts) -> str:
    """The entry's venue (journal, booktitle, else publisher, school...), normalised."""
    return normalise(inner(facts.venue))


def surnames(value: str) -> tuple[str, ...]:
    """The folded surnames of every name in a raw author list ("" for one that has none)."""
    return tuple(surname_key(name) for name in split_names(value) if not is_et_al(name))


def entry_surname(fields: Mapping[str, str]) -> str:
    """The folded surname of the entry's first author (or first editor), or ""."""
    return first_author(fields.get("author") or fields.get("editor") or "")


def first_author(value: str) -> str:
    """The folded surname of the first name in a raw ``author`` value, or "" if there is none."""
    text = inner(value).strip()
    if not text or not (text[0].isalpha() or text[0] in "{\\"):
        return ""  # empty, or a @string macro / number we cannot see into
    first = first_name(value)
    if is_et_al(first):
        return ""
    key = surname_key(first)
    return key if key not in _NOBODY else ""
