"""The identifier form: one arXiv identifier or publisher DOI per line.

The arXiv grammar is :mod:`bibtool.ids.arxiv`; this module decides what a *line* names:

1. the whole line (list marker and wrapping brackets aside) is one identifier in any form
   ``parse_arxiv_id`` accepts: ``2107.13163v2``, ``arXiv:…``, abs/pdf links, ``hep-th/9901001``,
   the arXiv DOI ``10.48550/arXiv.…``;
2. the whole line is a publisher DOI, bare, ``doi:`` or a doi.org link: the entry has a DOI only;
3. the line holds exactly one arXiv identifier in a prefixed form among other text
   (``Wei et al., arXiv:2107.13163``), or starts with a bare one (``2107.13163  Statistically…``);
4. the line holds exactly one DOI among other text.

Several different arXiv identifiers on one line are not guessed between: the line is reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bibtool.ids.arxiv import ArxivRef, find_arxiv_ids, parse_arxiv_id
from bibtool.ids.doi import find_dois, parse_doi
from bibtool.listing.text import (
    Line,
    Parsed,
    content_lines,
    source_of,
    strip_list_marker,
    unread,
)
from bibtool.model import ListingEntry, ListingForm, UnreadLine

_PAIRS = {"<": ">", "[": "]", "(": ")", "{": "}", '"': '"', "'": "'", "“": "”", "‘": "’", "`": "`"}


@dataclass(frozen=True)
class Identifier:
    """What one line identifies: an arXiv id, or a publisher DOI."""

    arxiv: ArxivRef | None = None
    doi: str | None = None


@dataclass(frozen=True)
class Unidentified:
    """A line that names no single paper, and why."""

    reason: str


def read_identifier(text: str) -> Identifier | Unidentified:
    """The paper one line identifies (rules 1-4 of the module docstring), or why none."""
    core = _unwrapped(strip_list_marker(text))
    whole = _whole(core)
    if whole is not None:
        return whole
    refs = find_arxiv_ids(core)
    if len(refs) > 1:
        shown = ", ".join(str(ref) for ref in refs)
        return Unidentified(f"{len(refs)} arXiv identifiers on one line ({shown}): list one a line")
    if refs:
        return Identifier(arxiv=refs[0])
    ref = parse_arxiv_id(core.split()[0].strip("[]():,;|.")) if core else None
    if ref is not None:
        return Identifier(arxiv=ref)
    doi = find_doi(core)
    return Identifier(doi=doi) if doi else Unidentified("no arXiv identifier or DOI on this line")


def find_doi(text: str) -> str | None:
    """The one publisher DOI in ``text`` (bare, ``doi:`` or a doi.org link), or None."""
    dois = find_dois(text)
    return dois[0] if len(dois) == 1 else None


def read_whole_identifier(text: str) -> Identifier | None:
    """The identifier when the line is nothing but one (rules 1-2), else None."""
    return _whole(_unwrapped(strip_list_marker(text)))


def _unwrapped(text: str) -> str:
    """``text`` without the brackets or quotes wrapped around all of it (``<…>``, ``[…]``):
    a closing bracket that the text opened itself (an old DOI's ``(199706)``) stays."""
    core = text.strip()
    while len(core) >= 2 and _PAIRS.get(core[0]) == core[-1]:
        core = core[1:-1].strip()
    return core


def _whole(core: str) -> Identifier | None:
    ref = parse_arxiv_id(core)
    if ref is not None:
        return Identifier(arxiv=ref)
    doi = parse_doi(core)
    return Identifier(doi=doi) if doi else None


def entry_for(
    line: Line, found: Identifier, *, form: ListingForm = ListingForm.IDS, title: str | None = None
) -> ListingEntry:
    """The entry of a line that identifies a paper (shared with the titles form)."""
    return ListingEntry(
        line=line.number,
        source=source_of([line]),
        form=form,
        title=title,
        arxiv_id=found.arxiv.id if found.arxiv else None,
        arxiv_version=found.arxiv.version if found.arxiv else None,
        doi=found.doi,
    )


class IdsParser:
    """Reads identifier listings; claims a block where most lines identify a paper."""

    form = ListingForm.IDS

    def claims(self, lines: Sequence[Line]) -> bool:
        filled = content_lines(lines)
        found = sum(isinstance(read_identifier(line.text), Identifier) for line in filled)
        return bool(filled) and 2 * found > len(filled)

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        entries: list[ListingEntry] = []
        lost: list[UnreadLine] = []
        for line in content_lines(lines):
            found = read_identifier(line.text)
            if isinstance(found, Identifier):
                entries.append(entry_for(line, found))
            else:
                lost.append(unread(line, found.reason))
        return Parsed(tuple(entries), tuple(lost))
