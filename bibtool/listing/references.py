"""The reference-list form: a bibliography pasted from papers, one reference per item.

An item is one reference, however it is wrapped.  Items start:

* at a number or bullet (``[12]``, ``12.``, ``(12)``, ``-``) when the paragraph opens with one:
  every unmarked line then continues the item above it, and so does a line opening with a number
  that does not come next (``2007. The HARPS…`` wrapped inside item 4 is no item 2007);
* at every line that is not indented when the block uses a hanging indent (some line indented
  deeper than the block's first line): the indent is then the layout, so an item that does not
  read cannot swallow the references after it;
* otherwise after a blank line, or on a line after one that ends a reference (a year, an
  identifier, a page number, then at most a full stop), or after an item that reads as a
  reference and ends in a full stop, or on a line that reads as a whole reference showing a
  year or an identifier; a line indented deeper than its item continues it.

Each item is read by :func:`bibtool.listing.refstring.read_reference`.  An item that does not read
as a reference still gives an entry when it is a single line that names a paper the titles form
can read (a title, an identifier); otherwise it is reported.  The year a reference shows is kept
as ``year`` (``date`` stays empty: a year is not a full date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bibtool.listing.authors import read_authors
from bibtool.listing.identifiers import Unidentified
from bibtool.listing.refstring import VENUE_ONLY, Reference, read_reference
from bibtool.listing.text import Line, Parsed, is_comment, source_of, squash, unread
from bibtool.listing.titles import read_title_line
from bibtool.model import ListingEntry, ListingForm, UnreadLine

_MARKER = re.compile(
    r"^\s*(?:\[(?P<a>\d{1,4})\]|\((?P<b>\d{1,4})\)\s|(?P<c>\d{1,4})[.)]\s|[-*+•]\s)"
)
# The end of a reference: a year, a page or volume number, an identifier or link, then "." or not.
# A link ends one only when it is a link: "…/secrets/hello.txt,"" is a quoted title going on.
_COMPLETE = re.compile(r"(?:\d[a-z]?\)?|\d+[-–]\d+|(?:https?://|doi:)\S*|\.pdf)\s*\.?\s*$")
_ACL_OPENING = re.compile(r"(?P<authors>.+?)\.\s+\(?(?:19|20)\d{2}[a-z]?\)?\.(?:\s|$)")
_AFTER_AUTHORS = re.compile(r",?\s*[\"“]|\.(?=\s)")  # where an author list may end
_SENTENCES = re.compile(r"[a-z]{2}\.\s+\S")  # a full stop inside the line, not after an initial
TITLE_LINE_MAX_WORDS = 30  # an unreadable item longer than this is no title either
MAX_ITEM_LINES = 6  # no reference wraps over more lines; a longer run is a list of something else
CLAIM_SAMPLE = 50  # detection reads this many items: enough to judge, cheap on huge listings


class ReferencesParser:
    """Reads reference lists; claims a block most of whose items read as references."""

    form = ListingForm.REFERENCES

    def claims(self, lines: Sequence[Line]) -> bool:
        items = split_items(lines)[:CLAIM_SAMPLE]
        strong = strong_references(items)
        return strong >= 1 and 2 * strong > len(items)

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        entries: list[ListingEntry] = []
        lost: list[UnreadLine] = []
        for item in split_items(lines):
            entry = read_item(item)
            if entry is not None:
                entries.append(entry)
            else:
                lost.extend(
                    unread(line, "not read as a reference (authors, title, year)") for line in item
                )
        return Parsed(tuple(entries), tuple(lost))


def strong_references(items: Sequence[Sequence[Line]]) -> int:
    """How many ``items`` read as references that show a year or an identifier."""
    return sum(1 for item in items if _strong(read_reference(_text(item))))


def split_items(lines: Sequence[Line]) -> list[list[Line]]:
    """The items of a block: lists of consecutive non-blank, non-comment lines (see module doc).

    Numbering and indentation are read per paragraph (a run of lines between blank lines): a
    block may join bibliographies pasted from several papers, each laid out its own way.
    """
    items: list[list[Line]] = []
    for run in _runs(lines):
        first = _MARKER.match(run[0].text)
        base = last = _number(first)
        flush = _indent(run[0])
        hanging = not first and any(_indent(line) > flush for line in run)
        items.append([run[0]])
        for line in run[1:]:
            marker = _MARKER.match(line.text)
            if first:
                # Bullets after a bullet; after a number the next one, or the first repeated.
                number = _number(marker)
                starts = marker is not None and (
                    number is None if base is None else number in (base, (last or 0) + 1)
                )
                last = number if starts else last
            elif hanging:
                starts = _indent(line) <= flush
            else:
                starts = _starts_item(items[-1], line)
            if starts:
                items.append([line])
            else:
                items[-1].append(line)
    return items


def _runs(lines: Sequence[Line]) -> list[list[Line]]:
    """Maximal runs of lines that are neither blank nor comments."""
    runs: list[list[Line]] = []
    after_gap = True
    for line in lines:
        if line.blank or is_comment(line.text):
            after_gap = True
        elif after_gap:
            runs.append([line])
            after_gap = False
        else:
            runs[-1].append(line)
    return runs


def _number(marker: re.Match[str] | None) -> int | None:
    """The number of a list marker (``[12]``, ``12.``), None for a bullet."""
    digits = marker and (marker["a"] or marker["b"] or marker["c"])
    return int(digits) if digits else None


def _starts_item(item: list[Line], line: Line) -> bool:
    if len(item) >= MAX_ITEM_LINES:
        return True
    if _indent(line) > _indent(item[0]):  # a hanging indent continues the reference
        return False
    if not any(c.isalpha() for c in line.text):  # "2019.", "pp. 1-12": the end of the one above
        return False
    if VENUE_ONLY.match(line.text.lstrip()):  # "arXiv:2308.16189, 2023.": no reference opens so
        return False
    so_far = _text(item)
    complete = _COMPLETE.search(so_far) is not None
    alone = read_reference(line.text)
    if alone is not None and not so_far.endswith(".") and _one_word_author(alone):
        alone = None  # mid-sentence, "Clarifying. In …, 2025." is the title's last word
    ref = read_reference(so_far)
    if ref is None:  # not yet a reference: goes on, unless a new one starts
        # or it already ends as one ("…Linguistics. 2008.") and what follows opens one: an
        # unreadable reference is reported alone instead of swallowing the ones after it.
        if complete and (alone is not None or _opens_reference(line.text)):
            return True
        # A line that reads as a reference alone may still end this one: "…, and Dhruv" then
        # "Batra. 2017. Best Of Both Worlds…" reads whole, where cut it leaves half a list.
        return _strong(alone) and not _ends_list(so_far, line)
    # A reference that has read through to a full stop is over once it shows its year or
    # identifier: a wrap rarely falls right there, and when it does, the rest is reported
    # rather than silently swallowed.  Before that, a full stop ends it only if a reference
    # follows: "Wylie W. Complete Shrinking…Group." goes on to "arXiv:0704.0317. 2007.".
    # Mid-sentence ("…For Language" / "Agents. Physical Review D."), only a reference that
    # shows a year or an identifier starts a new item: a line of title words can read as a
    # one-word "author" and a "title".
    # A reference that ends with its title has not shown its venue yet: ACL puts the year
    # first ("… Ji. 2019. Probing … fragments." wrapped before "Physical Review D.").
    shown = _strong(ref) and not so_far.rstrip(" .").endswith(ref.title)
    stopped = so_far.endswith(".") and (shown or alone is not None or _opens_acl(line.text))
    return complete or stopped or _strong(alone)


def _one_word_author(ref: Reference) -> bool:
    return len(ref.authors.names) == 1 and len(ref.authors.names[0].split()) == 1


def _opens_reference(text: str) -> bool:
    """True when ``text`` starts with a list of two names or more, then a quoted title or a full
    stop: how a wrapped reference's first line looks, though it does not read alone."""
    text = text.strip()
    ends = [m.start() for m in _AFTER_AUTHORS.finditer(text)]
    for end in ends[:4]:  # the list ends at one of the first few stops
        authors = read_authors(text[:end])
        if authors is not None and len(authors.names) >= 2:
            return True
    return False


def _opens_acl(text: str) -> bool:
    """True for the authors-then-year opening of an ACL reference: ``A, B, and C. 2019.``"""
    m = _ACL_OPENING.match(text.strip())
    return m is not None and read_authors(m["authors"]) is not None


def _ends_list(so_far: str, line: Line) -> bool:
    """True when ``so_far`` is an author list cut mid-way that ``line`` completes."""
    if so_far.endswith(".") or read_authors(so_far) is None:
        return False
    return _strong(read_reference(f"{so_far} {line.text.strip()}"))


def _strong(ref: Reference | None) -> bool:
    return ref is not None and bool(ref.year or ref.arxiv or ref.doi)


def read_item(item: Sequence[Line]) -> ListingEntry | None:
    """The entry of one item: a reference, else (one line) a title or identifier, else None."""
    ref = read_reference(_text(item))
    if ref is not None:
        return ListingEntry(
            line=item[0].number,
            source=source_of(item),
            form=ListingForm.REFERENCES,
            title=ref.title,
            authors=ref.authors.names,
            authors_truncated=ref.authors.truncated,
            year=ref.year,
            arxiv_id=ref.arxiv.id if ref.arxiv else None,
            arxiv_version=ref.arxiv.version if ref.arxiv else None,
            doi=ref.doi,
        )
    text = item[0].text.strip()
    if len(item) > 1 or len(text.split()) > TITLE_LINE_MAX_WORDS or _SENTENCES.search(text):
        return None  # several lines, or sentences: an unread reference or prose, not a title
    found = read_title_line(item[0].text)
    if isinstance(found, Unidentified):
        return None
    title, ident = found
    return ListingEntry(
        line=item[0].number,
        source=source_of(item),
        form=ListingForm.REFERENCES,
        title=title,
        arxiv_id=ident.arxiv.id if ident.arxiv else None,
        arxiv_version=ident.arxiv.version if ident.arxiv else None,
        doi=ident.doi,
    )


def _text(item: Sequence[Line]) -> str:
    """An item's lines joined; a word hyphenated across a line break is joined back."""
    text = ""
    for line in item:
        part = line.text.strip()
        text = text[:-1] + part if text.endswith("-") and part[:1].islower() else f"{text} {part}"
    return squash(text)


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())
