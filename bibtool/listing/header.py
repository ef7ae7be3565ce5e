"""The header line of an author-page entry: score, category, date and link labels glued together.

Real headers look like ``CLOct 25, 2024``, ``LGJun 1, 2023Code``, ``92.5AIMar 11Code`` and
``91.0CVDec 3, 2025``: an optional trending score, an arXiv category suffix (2-3 capitals, or a
full category such as ``cs.LG``), a date with or without its year or day (or, for a recent paper,
``2 days ago``, ``yesterday``), then optional link labels (``Code``).  The front-end glues the
parts; we also accept spaces between them, which is how the same page reads when copied from
another browser.

A header is recognised only when the whole line fits this grammar, so prose never passes for one.
A line that has the shape of a header but not its content (``LGJnu 1, 2023``, ``CLOct 32, 2024``)
is reported as :class:`Garbled`, so the author-page parser can report it instead of silently
gluing it to the previous abstract.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bibtool.listing.categories import full_category

# A no-year date is in today's year unless that puts it further than this in the future: listing
# pages run ahead of the reader's clock by a time zone or an announcement cycle, never by weeks.
FUTURE_SLACK = dt.timedelta(days=7)
ARXIV_OPENED = dt.date(1991, 8, 14)  # no relative date ("999 years ago") goes back further

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A month's name as dates write it, full or cut ("Sept", "Nov"); the caller adds the dot.
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH = rf"(?P<month>{MONTH_NAME})"
# A suffix ("LG"), or a full category, which always has a dot or a hyphen ("cs.LG", "hep-th").
_CATEGORY = r"(?P<cat>[A-Z]{2,3}|[a-z]+-[a-z]+(?:\.[A-Za-z-]+)?|[a-z]+\.[A-Za-z]+(?:-[a-z]+)?)"
# A recent paper's date as front-ends write it: "2 days ago", "5h ago", "yesterday", "today".
_RELATIVE = (
    r"(?i:(?P<ago>\d{1,3}|an?|one)\s*(?P<unit>m(?:in(?:ute)?s?)?|h(?:(?:ou)?rs?)?|d(?:ays?)?"
    r"|w(?:(?:ee)?ks?)?|mo(?:nths?)?|y(?:(?:ea)?rs?)?)\s+ago|(?P<word>just now|today|yesterday))"
)
_HEADER = re.compile(
    r"\s*(?P<score>\d{1,3}(?:\.\d{1,2})?)?\s*"
    + _CATEGORY
    + r"?\s*(?:"
    + _MONTH
    + r"\.?\s*(?:(?P<day>\d{1,2})(?:(?:\s*,\s*|\s+)(?P<year>\d{4}))?|(?P<month_year>\d{4}))|"
    + _RELATIVE
    + r")\s*(?P<links>(?:[A-Z][a-z]+\s*)*)"
)
# The shape of a header whatever its content: capitals glued to a capitalised word and a number
# ("LGJnu 1, 2023"), or spaced out but then nothing but a day, a year and a link label.  Prose
# does neither, so an abstract line is not mistaken for a broken header.
_HEADER_SHAPE = re.compile(
    r"\s*[\d.]*\s*[A-Z]{2,3}(?:[A-Z][a-z]{1,8}\.?\s*\d{1,2}\b.{0,20}"
    r"|\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:\s*,\s*\d{2,4})?\s*(?:[A-Z][a-z]+)?\s*)"
)
_HEADER_SHAPE_MAX = 40


@dataclass(frozen=True)
class Header:
    """What an author-page header says about its entry."""

    category: str | None  # full category when the suffix is known, else as shown
    date: dt.date
    score: float | None = None
    links: tuple[str, ...] = ()  # link labels such as "Code"


@dataclass(frozen=True)
class Garbled:
    """A line shaped like a header that could not be read, and why."""

    reason: str


def read_header(text: str, *, today: dt.date) -> Header | Garbled | None:
    """The header on ``text``; Garbled for a header-shaped line that does not read; else None."""
    m = _match(text)
    if m is None:
        if len(text.strip()) <= _HEADER_SHAPE_MAX and _HEADER_SHAPE.fullmatch(text):
            return Garbled(f"header-like line with no readable date: {text.strip()!r}")
        return None
    date = _date_of(m, today)
    if date is None:
        return Garbled(f"header with an impossible date: {text.strip()!r}")
    return Header(
        category=full_category(m["cat"]) if m["cat"] else None,
        date=date,
        score=float(m["score"]) if m["score"] else None,
        links=tuple(re.findall(r"[A-Z][a-z]+", m["links"])),
    )


def is_header(text: str) -> bool:
    """True when ``text`` is a well-formed header line (a cheap test for detection)."""
    return _match(text) is not None


def _match(text: str) -> re.Match[str] | None:
    m = _HEADER.fullmatch(text)
    if m is not None and not m["cat"] and not m["day"]:
        return None  # "Today", "2 days ago", "March 2024" alone: no header without a category
    return m


def _date_of(m: re.Match[str], today: dt.date) -> dt.date | None:
    """The date a header shows, or None when it is impossible."""
    if not m["month"]:
        return _relative(m, today)
    month = _MONTHS.index(m["month"][:3].lower()) + 1
    if m["month_year"]:  # "Oct 2024": the month's last day, the latest it allows
        first = _dated(month % 12 + 1, 1, int(m["month_year"]) + month // 12)
        return first - dt.timedelta(days=1) if first else None
    day = int(m["day"])
    return _dated(month, day, int(m["year"])) if m["year"] else _undated(month, day, today)


def _relative(m: re.Match[str], today: dt.date) -> dt.date | None:
    """The date of "3 days ago": the latest day the phrase allows ("3 months ago" was rounded
    down, so it is at least 2 months back), which keeps the date veto from firing on a guess."""
    if m["word"]:
        return today - dt.timedelta(days=1 if m["word"].lower() == "yesterday" else 0)
    ago = int(m["ago"]) if m["ago"].isdigit() else 1
    unit = m["unit"].lower()
    if unit.startswith(("m", "h")) and not unit.startswith("mo"):  # minutes, hours
        return today
    days = {"d": 1, "w": 7, "m": 28, "y": 365}[unit[0]]
    date = today - dt.timedelta(days=days * (ago if unit[0] == "d" else ago - 1))  # ago <= 999
    return date if date >= ARXIV_OPENED else None  # "999 years ago"


def _dated(month: int, day: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _undated(month: int, day: int, today: dt.date) -> dt.date | None:
    """The date of a "Mar 11" header: this year, or last year if this year's is well ahead."""
    for year in (today.year, today.year - 1):
        date = _dated(month, day, year)
        if date is not None and date - today <= FUTURE_SLACK:
            return date
    return None
