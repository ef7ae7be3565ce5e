"""The Markdown form: a list of links to papers, as reading lists and awesome-lists write them.

Items look like::

    - [Statistically Meaningful Approximation](https://arxiv.org/abs/2107.13163)
    - [Statistically Meaningful Approximation](https://arxiv.org/abs/2107.13163) by Colin Wei, …
    * **Statistically Meaningful Approximation** — Colin Wei, Tengyu Ma. [arXiv](https://…)
    1. Colin Wei, Yining Chen, Tengyu Ma. [Statistically Meaningful …](https://…). 2021.

The link whose target is an arXiv paper or a DOI gives the identifier.  Its text is the title,
unless it is a label (``arXiv``, ``PDF``, ``paper``, an identifier): then the title is the
emphasised text, or the rest of the line.  Authors are read after the title (``by``, a dash, a
colon) or, failing that, before it.  An item with no link whose text opens with emphasis
(``1. **Title** — Authors (2021)``) has that text as its title, the rest as authors; other lines
with no link are read as the titles form reads them, so a list that links only some items loses
none.  A bullet with neither link nor emphasis that has bullets nested under it (indented deeper
on the next line, and holding a link or a bold title) is a topic heading, not a paper, and is
skipped like a ``#`` heading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from bibtool.listing.authors import Authors, read_authors
from bibtool.listing.identifiers import (
    Identifier,
    Unidentified,
    entry_for,
    read_identifier,
    read_whole_identifier,
)
from bibtool.listing.text import Line, Parsed, content_lines, squash, strip_list_marker, unread
from bibtool.listing.titles import read_title_line
from bibtool.model import ListingEntry, ListingForm, UnreadLine

LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = re.compile(r"\*\*(?P<a>[^*]+)\*\*|__(?P<b>[^_]+)__|\*(?P<c>[^*]+)\*")
_LABELS = frozenset("arxiv pdf paper link abs abstract doi code html web website url".split())
_LEAD = re.compile(r"^[\s,;:.|–—-]*(?:by\s+)?", re.IGNORECASE)
_CUTS = re.compile(r"\s*\(|\.\s|\s[–—|-]\s|\s*\[|$")  # where an author list may end
_WRAP = " \t*_\"'“”‘’`.,;:–—-|"
_LEADING_EMPHASIS = re.compile(r"(?:\*\*|__)[^*_]")  # an item that opens with a bold title


class MarkdownParser:
    """Reads Markdown lists of links; claims a block where at least half the items hold one."""

    form = ListingForm.MARKDOWN

    def claims(self, lines: Sequence[Line]) -> bool:
        filled = content_lines(lines)
        marked = sum(1 for line in filled if LINK.search(line.text) or _bold_title(line.text))
        return marked >= 1 and 2 * marked >= len(filled)

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        entries: list[ListingEntry] = []
        lost: list[UnreadLine] = []
        filled = content_lines(lines)
        for i, line in enumerate(filled):
            if i + 1 < len(filled) and _topic(line, filled[i + 1]):
                continue
            entry = read_markdown_line(line)
            if isinstance(entry, Unidentified):
                lost.append(unread(line, entry.reason))
            else:
                entries.append(entry)
        return Parsed(tuple(entries), tuple(lost))


def read_markdown_line(line: Line) -> ListingEntry | Unidentified:
    """The entry of one Markdown list item, or why it names no paper."""
    core = strip_list_marker(line.text)
    links = list(LINK.finditer(core))
    if not links:
        found = read_title_line(core)
        if isinstance(found, Unidentified):
            return found
        entry = entry_for(line, found[1], form=ListingForm.MARKDOWN, title=found[0])
        if not _bold_title(line.text):
            return entry
        title, authors = _title_outside(core, [])
        entry = dataclasses.replace(entry, title=title or entry.title)
        if authors is None:
            return entry
        return dataclasses.replace(
            entry, authors=authors.names, authors_truncated=authors.truncated
        )
    link, ident = _paper_link(links)
    text = squash(link["text"]).strip(_WRAP)
    if text.lower() in _LABELS or read_whole_identifier(text) is not None:
        title, authors = _title_outside(core, links)
    else:
        title = text
        authors = _authors_after(core[link.end() :]) or _authors_before(core[: link.start()])
    if not title and not (ident.arxiv or ident.doi):
        return Unidentified("a link to neither an arXiv paper nor a DOI, and no title")
    entry = entry_for(line, ident, form=ListingForm.MARKDOWN, title=title or None)
    if authors is None:
        return entry
    return dataclasses.replace(entry, authors=authors.names, authors_truncated=authors.truncated)


def _bold_title(text: str) -> bool:
    """True for an item whose text opens with bold emphasis (its title, by convention)."""
    return _LEADING_EMPHASIS.match(strip_list_marker(text)) is not None


def _topic(line: Line, after: Line) -> bool:
    """True for a bullet with no link or emphasis under which a paper's bullet is nested.

    A nested bullet with no link or emphasis is more likely a note on the paper above it.
    """
    return (
        LINK.search(line.text) is None
        and _EMPHASIS.search(line.text) is None
        and strip_list_marker(line.text) != line.text.strip()
        and _indent(after) > _indent(line)
        and strip_list_marker(after.text) != after.text.strip()
        and (LINK.search(after.text) is not None or _bold_title(after.text))
    )


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _paper_link(links: list[re.Match[str]]) -> tuple[re.Match[str], Identifier]:
    """The first link to an arXiv paper or a DOI (else the first link), with its identifier."""
    for link in links:
        found = read_identifier(link["url"])
        if isinstance(found, Identifier):
            return link, found
    return links[0], Identifier()


def _title_outside(core: str, links: list[re.Match[str]]) -> tuple[str, Authors | None]:
    """Title and authors of an item whose link is only a label: emphasis first, else the text."""
    rest = LINK.sub(" ", core)
    bold = _EMPHASIS.search(rest)
    if bold is not None:
        title = squash(bold["a"] or bold["b"] or bold["c"]).strip(_WRAP)
        after, before = rest[bold.end() :], rest[: bold.start()]
        return title, _authors_after(after) or _authors_before(before)
    return squash(rest).strip(_WRAP), None


def _authors_after(text: str) -> Authors | None:
    """The author list that follows a title: the longest prefix up to a cut that reads as one."""
    text = _LEAD.sub("", text, count=1)
    for cut in reversed(list(_CUTS.finditer(text))):
        found = read_authors(text[: cut.start()].strip(_WRAP))
        if found is not None:
            return found
    return None


def _authors_before(text: str) -> Authors | None:
    """The author list in front of a title (``Colin Wei, Tengyu Ma. [Title](…)``)."""
    text = text.strip(_WRAP)
    return read_authors(text) if text else None
