"""The facts that tell two entries' works apart: identifiers first, then title, author, year.

A work is identified by its arXiv id (versionless) and its DOIs (``ids.entry``). When no
identifier settles it, ``WorkFacts`` carries the normalised title, first-author surname and year
that ``works.same`` compares, and the volume, issue and pages that tell a column's issues apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bibtool.bibfile.values import first_name, inner
from bibtool.ids.entry import entry_identities
from bibtool.text.names import is_et_al, surname_key
from bibtool.text.normalise import STOP_WORDS, normalise

__all__ = ["WorkFacts", "entry_surname", "first_author", "work_facts"]

_NUMBER = re.compile(r"\d+")
_NOBODY = frozenset({"anonymous", "anon", "unknown", "others", "n", "a"})
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


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
    title = normalise(inner(fields.get("title", "")))
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
    if is_et_al(first):
        return ""
    key = surname_key(first)
    return key if key not in _NOBODY else ""
