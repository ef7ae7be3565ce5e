"""The author-page form: a header line, a title line, then the abstract, for each paper.

As copied from an author's page on an arXiv front-end::

    LGJun 17, 2021                                           <- header (entry starts here)
    Why Do Pretrained Language Models Help…TuningColin Wei, Sang Michael Xie, Tengyu Ma
    Pretrained language models have achieved…                <- abstract, one or more lines

The header grammar lives in :mod:`~bibtool.listing.header`, the title line in
:mod:`~bibtool.listing.byline`; this module only cuts the page into entries.  An entry runs from
one header to the next.  A header-shaped line that does not read (``LGJnu 1, 2023``) still opens
an entry, without date or category, and is reported unread: its title and abstract are intact,
and dropping them would lose a paper the matcher can find.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bibtool.listing.byline import read_byline
from bibtool.listing.header import Garbled, Header, is_header, read_header
from bibtool.listing.text import Line, Parsed, is_comment, source_of, squash, unread
from bibtool.model import ListingEntry, ListingForm, UnreadLine


class AuthorPageParser:
    """Reads author pages; claims a block whose headers are mostly followed by a title line."""

    form = ListingForm.AUTHOR_PAGE

    def claims(self, lines: Sequence[Line]) -> bool:
        filled = [line for line in lines if not line.blank]
        heads = [i for i, line in enumerate(filled) if is_header(line.text)]
        titled = sum(1 for i in heads if i + 1 < len(filled) and not is_header(filled[i + 1].text))
        return titled >= 1 and 2 * titled >= len(heads)

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        heads = _headers(lines, today)
        first = heads[0][0] if heads else len(lines)
        lost: list[UnreadLine] = [
            unread(line, "text before the first entry header")
            for line in lines[:first]
            if not line.blank and not is_comment(line.text)  # "# Reading list": a comment
        ]
        entries: list[ListingEntry] = []
        ends = [i for i, _ in heads[1:]] + [len(lines)] if heads else []  # forced, no header
        for (start, header), end in zip(heads, ends, strict=True):
            entry, problems = _read_entry(lines[start:end], header)
            lost.extend(problems)
            if entry is not None:
                entries.append(entry)
        return Parsed(tuple(entries), tuple(sorted(lost, key=lambda u: u.line)))


def _headers(lines: Sequence[Line], today: dt.date) -> list[tuple[int, Header | Garbled]]:
    """Index and reading of every header-like line: each one opens an entry."""
    heads: list[tuple[int, Header | Garbled]] = []
    for i, line in enumerate(lines):
        reading = read_header(line.text, today=today)
        if reading is not None:
            heads.append((i, reading))
    return heads


def _read_entry(
    block: Sequence[Line], header: Header | Garbled
) -> tuple[ListingEntry | None, list[UnreadLine]]:
    """One entry from its block (header first), and what in the block could not be read."""
    problems = [unread(block[0], header.reason)] if isinstance(header, Garbled) else []
    body = [line for line in block[1:] if not line.blank]
    if not body:
        if isinstance(header, Header):
            problems.append(unread(block[0], "entry header with no title line after it"))
        return None, problems
    byline = read_byline(body[0].text)
    abstract = squash(" ".join(line.text for line in body[1:]))
    dated = header if isinstance(header, Header) else None
    entry = ListingEntry(
        line=block[0].number,
        source=source_of(block),
        form=ListingForm.AUTHOR_PAGE,
        title=byline.title or None,
        authors=byline.authors,
        authors_truncated=byline.truncated,
        affiliations=byline.affiliations,
        date=dated.date if dated else None,
        category=dated.category if dated else None,
        abstract=abstract or None,
    )
    return entry, problems
