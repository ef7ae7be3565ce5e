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
from bibtool.listing.layout import (
    full_width,
    indent,
    is_short,
    join_lines,
    lone_label,
    paragraphs,
)
from bibtool.listing.refstring import VENUE_ONLY, Reference, read_reference
from bibtool.listing.text import Line, Parsed, source_of, strip_list_marker, unread
from bibtool.listing.titles import read_title_line
from bibtool.model import ListingEntry, ListingForm, UnreadLine

_MARKER = re.compile(
    r"^\s*(?:\[(?P<a>\d{1,4})\]|\((?P<b>\d{1,4})\)\s|(?P<c>\d{1,4})[.)]\s|[-*+•]\s)"
)
# apalike's "[Wei et al., 2021]", alpha's "[WCM21]": a label that names authors and a year.
_ALPHA_LABEL = re.compile(r"\s*\[[^\W\d][^\[\]]{0,60}?\d{2}[a-z]?\]\s")
# The end of a reference: a year, a page or volume number, an identifier or link, then "." or not.
# A link ends one only when it is a link: "…/secrets/hello.txt,"" is a quoted title going on.
_COMPLETE = re.compile(r"(?:\d[a-z]?\)?|\d+[-–]\d+|(?:https?://|doi:)\S*|\.pdf)\s*\.?\s*$")
_ACL_OPENING = re.compile(r"(?P<authors>.+?)\.\s+\(?(?:19|20)\d{2}[a-z]?\)?\.(?:\s|$)")
_ENDS_IN_INITIAL = re.compile(r"(?:^|[\s.-])[A-Z]\.$")
_SAME_AUTHORS = re.compile(r"(?:—+|–{2,}|-{3,}|_{3,})(?=[\s.,(]|$)")  # "———." as above
_LIST_CUT = re.compile(r"(?:,|,?\s+(?:and|&))\s*$")  # a list that goes on on the next line
_AFTER_AUTHORS = re.compile(r",?\s*[\"“]|\.(?=\s|$)")  # where an author list may end
_SENTENCES = re.compile(r"[a-z]{2}\.\s+\S")  # a full stop inside the line, not after an initial
TITLE_LINE_MAX_WORDS = 30  # an unreadable item longer than this is no title either
MAX_ITEM_LINES = 6  # no reference wraps over more lines; a longer run is a list of something else
MAX_JUSTIFIED_LINES = 14  # a two-column PDF's longest reference (editors, a long venue)
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
            entry = read_item(item, entries[-1] if entries else None)
            if entry is not None:
                entries.append(entry)
            else:
                lost.extend(
                    unread(line, "not read as a reference (authors, title, year)") for line in item
                )
        furniture = paragraphs(lines)[1]
        lost.extend(
            unread(line, "page furniture (a page number or running head)") for line in furniture
        )
        return Parsed(tuple(entries), tuple(sorted(lost, key=lambda u: u.line)))


def strong_references(items: Sequence[Sequence[Line]]) -> int:
    """How many ``items`` read as references that show a year or an identifier."""
    return sum(1 for item in items if _strong(read_reference(_with_authors(_text(item), None))))


def split_items(lines: Sequence[Line]) -> list[list[Line]]:
    """The items of a block: lists of consecutive lines, none blank, a comment or furniture.

    Numbering, labels, indentation and line widths are read per paragraph (see
    :mod:`bibtool.listing.layout`): a block may join bibliographies pasted from several papers,
    each laid out its own way.
    """
    return [item for run in paragraphs(lines)[0] for item in _split_run(run)]


def _split_run(run: list[Line]) -> list[list[Line]]:
    first = _MARKER.match(run[0].text)
    alpha = first is None and _ALPHA_LABEL.match(run[0].text) is not None
    base = last = _number(first)
    flush = indent(run[0])
    hanging = not first and not alpha and any(indent(line) > flush for line in run)
    width = None if first or alpha or hanging else full_width(run)
    items: list[list[Line]] = [[run[0]]]
    for line in run[1:]:
        marker = _MARKER.match(line.text)
        if len(items[-1]) == 1 and lone_label(items[-1][0].text):
            starts = False  # "[12]" alone: its reference is this line
        elif first:
            # Bullets after a bullet; after a number the next one, or the first repeated.
            number = _number(marker)
            starts = marker is not None and (
                number is None if base is None else number in (base, (last or 0) + 1)
            )
            last = number if starts else last
        elif alpha:
            starts = _ALPHA_LABEL.match(line.text) is not None
        elif hanging:
            starts = indent(line) <= flush
        elif width is not None:
            starts = _starts_justified(items[-1], line, width)
        else:
            starts = _starts_item(items[-1], line)
        if starts:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def _starts_justified(item: list[Line], line: Line, width: int) -> bool:
    """In a justified list only a reference's last line stops short.  After a full line ending
    in a full stop, a line that opens a reference (names, then a year or a title) starts one;
    so does any line long enough to be no reference's tail ("IEEE.") once the reference above
    has shown its year or pages."""
    if not any(c.isalpha() for c in line.text) or VENUE_ONLY.match(line.text.lstrip()):
        return False
    so_far = _text(item)
    last = next((x for x in reversed(item) if any(c.isalpha() for c in x.text)), item[-1])
    if is_short(last, width):  # but "…Iwasawa. 2022." before a title set as a link
        return not _completes(so_far, line) or _opens_reference(line.text)
    if len(item) >= MAX_JUSTIFIED_LINES:
        return True
    if not so_far.endswith(".") or _ENDS_IN_INITIAL.search(so_far):
        return False  # "…, and Vincent J." / "Hellendoorn. 2022. …": the list goes on
    text = line.text
    if _opens_acl(text) or _opens_reference(text) or _opens_list(text):
        return True
    if _strong(read_reference(text)):
        return True
    ref = read_reference(so_far)
    shown = ref is not None and _strong(ref) and not so_far.rstrip(" .").endswith(ref.title)
    return shown and _COMPLETE.search(so_far) is not None and not is_short(line, width)


def _opens_list(text: str) -> bool:
    """True for a line of two names or more that a wrap cut: ``Bin Huang, Xin Wang, and``,
    ``Khanh Nguyen, Debadeepta Dey, Chris Brockett, and Bill``."""
    authors = read_authors(_LIST_CUT.sub("", text.strip()))
    return authors is not None and len(authors.names) >= 2 and len(text.split()) >= 3


def _completes(so_far: str, line: Line) -> bool:
    """True when ``so_far`` does not read as a reference and does once ``line`` is added."""
    if read_reference(so_far) is not None:
        return False
    return _strong(read_reference(join_lines([so_far, line.text])))


def _number(marker: re.Match[str] | None) -> int | None:
    """The number of a list marker (``[12]``, ``12.``), None for a bullet."""
    digits = marker and (marker["a"] or marker["b"] or marker["c"])
    return int(digits) if digits else None


def _starts_item(item: list[Line], line: Line) -> bool:
    if len(item) >= MAX_ITEM_LINES:
        return True
    if indent(line) > indent(item[0]):  # a hanging indent continues the reference
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


def read_item(item: Sequence[Line], above: ListingEntry | None = None) -> ListingEntry | None:
    """The entry of one item: a reference, else (one line) a title or identifier, else None.

    A reference that opens with a dash (``———.``, biblatex's ``—``) has the authors of the
    reference ``above``.
    """
    ref = read_reference(_with_authors(_text(item), above))
    if ref is not None:
        return ref.entry(item[0].number, source_of(item), ListingForm.REFERENCES)
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


def _with_authors(text: str, above: ListingEntry | None) -> str:
    """``text`` with a dash that stands for the authors above written out (a stand-in name
    when there is no entry above, for detection)."""
    dash = _SAME_AUTHORS.match(strip_list_marker(text))
    if dash is None:
        return text
    names = list(above.authors) if above is not None and above.authors else ["A. Nonymous"]
    shown = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    tail = " et al." if above is not None and above.authors_truncated else ""
    return f"{shown}{tail}{strip_list_marker(text)[dash.end() :]}"


def _text(item: Sequence[Line]) -> str:
    """An item's lines joined; a word broken across a line end is joined back."""
    return join_lines([line.text for line in item])
