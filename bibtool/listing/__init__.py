"""Listing parsers: a pasted listing of papers in, :class:`~bibtool.model.ListingEntry` values out.

Seven forms are read (see :class:`~bibtool.model.ListingForm`): an author page copied from an
arXiv front-end, a list of abstracts, a .bib file, a Markdown list of links, pasted reference
strings, identifiers one a line, titles one a line.  Unless a form is given, each block of the
listing is detected and read on its own, so one file may mix forms.

Parsing is pure: no I/O, no printing; every non-blank line ends up in an entry, is
reported as an :class:`~bibtool.model.UnreadLine`, or is one the form ignores by design (comment
lines, the name line heading an abstract listing).
"""

from __future__ import annotations

import datetime as dt

from bibtool.listing.detect import detect_blocks, parse_lines
from bibtool.listing.text import split_lines
from bibtool.model import Listing, ListingForm

__all__ = ["detect_form", "parse_listing"]


def parse_listing(
    text: str,
    *,
    name: str = "<stdin>",
    form: ListingForm | None = None,
    today: dt.date | None = None,
) -> Listing:
    """The entries and unread lines of listing ``text``, in the given form or the detected one.

    ``today`` dates the headers that show no year (``Mar 11``): such a date is in today's year
    unless that puts it more than a week in the future, then in the year before.
    """
    chosen, parsed = parse_lines(
        split_lines(text), form=form, today=today if today is not None else dt.date.today()
    )
    return Listing(name=name, form=chosen, entries=parsed.entries, unread=parsed.unread)


def detect_form(text: str) -> ListingForm:
    """The form of listing ``text`` (MIXED when its blocks differ); titles when it is empty."""
    return detect_blocks(split_lines(text))
