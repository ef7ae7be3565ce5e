"""The titles form: one paper title per line, the form every other listing falls back to.

Blank lines and ``#`` lines (comments, Markdown headings) are skipped; a leading list marker
(``-``, ``*``, ``1.``) and wrapping emphasis or quotes are dropped.  A Markdown link
``[Title](https://arxiv.org/abs/2107.13163)`` gives the title and the identifier of its target;
a line that is nothing but an identifier gives the identifier alone; a title followed by one
prefixed arXiv identifier (``Title (arXiv:2107.13163)``) or one DOI gives both, the identifier
cut from the title.  A line with no letters, or a link to neither arXiv nor a DOI, names no
paper: it is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bibtool.ids.arxiv import find_arxiv_ids
from bibtool.listing.identifiers import (
    Identifier,
    Unidentified,
    entry_for,
    find_doi,
    read_identifier,
    read_whole_identifier,
)
from bibtool.listing.text import Line, Parsed, content_lines, squash, strip_list_marker, unread
from bibtool.model import ListingEntry, ListingForm, UnreadLine

_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WRAPPERS = "*_\"'“”‘’`"
_LEFTOVER = " \t-–—|,;:()[]"  # what is left around an identifier cut out of a title


class TitlesParser:
    """Reads title listings; claims anything (the fallback of detection)."""

    form = ListingForm.TITLES

    def claims(self, lines: Sequence[Line]) -> bool:
        return True

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        entries: list[ListingEntry] = []
        lost: list[UnreadLine] = []
        for line in content_lines(lines):
            found = read_title_line(line.text)
            if isinstance(found, Unidentified):
                lost.append(unread(line, found.reason))
            else:
                title, ident = found
                entries.append(entry_for(line, ident, form=self.form, title=title))
        return Parsed(tuple(entries), tuple(lost))


def read_title_line(text: str) -> tuple[str | None, Identifier] | Unidentified:
    """``(title, identifier)`` named by one line of a title listing, or why it names no paper."""
    core = strip_list_marker(text)
    link = _LINK.search(core)
    if link is not None:
        return _read_link(link["text"], link["url"])
    whole = read_whole_identifier(core)
    if whole is not None:
        return None, whole
    if _URL.fullmatch(core):
        return Unidentified("a link to neither an arXiv paper nor a DOI")
    if not any(c.isalpha() for c in core):
        return Unidentified("no title on this line")
    refs = find_arxiv_ids(core)
    if len(refs) == 1:
        return _unwrap(_cut_identifier(core, refs[0].id)), Identifier(arxiv=refs[0])
    doi = find_doi(core) if not refs else None
    if doi is not None:
        return _unwrap(_cut_identifier(core, doi)), Identifier(doi=doi)
    return _unwrap(core), Identifier()


def _read_link(text: str, url: str) -> tuple[str | None, Identifier]:
    """A Markdown link: its text is the title (unless it is an identifier), its target the id."""
    target = read_identifier(url)
    ident = target if isinstance(target, Identifier) else Identifier()
    as_id = read_whole_identifier(text)
    if as_id is not None:
        return None, ident if ident.arxiv or ident.doi else as_id
    return _unwrap(text), ident


def _cut_identifier(text: str, ident: str) -> str:
    """``text`` without the words that carry ``ident`` (and a detached ``arXiv:`` or ``doi:``)."""
    words = text.split()
    kept = [w for w in words if ident not in w]
    if kept and kept[-1].lower().rstrip(":") in ("arxiv", "doi"):
        kept.pop()
    rest = " ".join(kept).strip(_LEFTOVER)
    return rest if any(c.isalpha() for c in rest) else text


def _unwrap(title: str) -> str:
    """``title`` without wrapping emphasis or quotes, whitespace made single spaces."""
    title = squash(title)
    while len(title) > 2 and title[0] in _WRAPPERS and title[-1] in _WRAPPERS:
        title = title[1:-1].strip()
    return title
