"""Shared plumbing of the listing parsers: numbered lines, the parser interface, text helpers.

Every parser reads a sequence of :class:`Line` values rather than raw text, so a dispatcher can hand
it any slice of a file (a block of a mixed listing) and line numbers stay those of the whole file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bibtool.model import ListingEntry, ListingForm, UnreadLine

SOURCE_LIMIT = 200  # ListingEntry.source keeps this many characters: enough for any report


@dataclass(frozen=True)
class Line:
    """One line of a listing: its 1-based number and its text without the line ending."""

    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Parsed:
    """What one parser made of its lines: entries in order, and the lines it could not read."""

    entries: tuple[ListingEntry, ...] = ()
    unread: tuple[UnreadLine, ...] = ()


class FormParser(Protocol):
    """One listing form: whether a block of lines looks like it, and how to read such a block."""

    form: ListingForm

    def claims(self, lines: Sequence[Line]) -> bool:
        """True when ``lines`` look like this form (detection; cheap, never raises)."""
        ...

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        """Entries and unread lines of ``lines``; every non-blank line ends up in one of them."""
        ...


def split_lines(text: str) -> list[Line]:
    """Numbered lines of ``text``: LF, CRLF or lone CR endings, a BOM dropped, no phantom last line.

    ``str.splitlines`` is avoided on purpose: it also breaks on form feeds, U+2028 and friends,
    which would make our line numbers disagree with the user's editor.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":  # the newline that ends the last line does not start another
        parts.pop()
    return [Line(i, part) for i, part in enumerate(parts, start=1)]


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """``text`` with every run of whitespace (tabs, NBSP, newlines) made one space, ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def source_of(lines: Sequence[Line]) -> str:
    """The listing text of an entry for reports: its lines joined, cut to SOURCE_LIMIT chars."""
    return "\n".join(line.text.strip() for line in lines if not line.blank)[:SOURCE_LIMIT]


def unread(line: Line, reason: str) -> UnreadLine:
    """An UnreadLine for ``line`` (text trimmed) saying why it was not read."""
    return UnreadLine(line=line.number, text=line.text.strip(), reason=reason)


# List markers a user may leave in front of an item: "-", "*", "+", "•", "1.", "1)", "[1]", "(1)".
# apalike's "[Wei et al., 2021]" and alpha's "[WCM21]" label a reference the same way.
_LIST_MARKER = re.compile(
    r"^\s*(?:[-*+•·–]\s+|\d{1,4}[.)]\s+|\[\d{1,4}\]\s*|\(\d{1,4}\)\s+"
    r"|\[[^\W\d][^\[\]]{0,60}?\d{2}[a-z]?\]\s+)"
)


def strip_list_marker(text: str) -> str:
    """``text`` without one leading list marker (bullet or number) and surrounding whitespace."""
    return _LIST_MARKER.sub("", text, count=1).strip()


_SECTION_HEADING = re.compile(
    r"\s*(?:[\dIVX]+\.?\s+)?(?:references|bibliography|works\s+cited|literature\s+cited"
    r"|literature|citations)\s*:?\s*",
    re.IGNORECASE,
)


def is_comment(text: str) -> bool:
    """True for a comment line (``#`` first); Markdown headings count, they name no paper.

    So does a bibliography's own heading (``References``, ``7 Bibliography``, ``Works cited:``),
    pasted with the list under it: searched as a title, it could only find a paper so named.
    """
    return text.lstrip().startswith("#") or _SECTION_HEADING.fullmatch(text) is not None


def content_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines a line-per-entry form reads: not blank, not a comment."""
    return [line for line in lines if not line.blank and not is_comment(line.text)]
