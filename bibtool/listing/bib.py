"""The BibTeX form: an existing .bib file read as a listing, so its entries can be re-resolved.

Each ``@type{key, …}`` entry becomes one :class:`~bibtool.model.ListingEntry` starting at the
entry's ``@`` line: the title with LaTeX accents decoded and braces dropped, the authors turned
from ``Last, First and …`` into ``First Last`` (``and others`` marks the list as cut), the
arXiv id and DOI wherever a tool wrote them (the rules of
:func:`bibtool.works.merge.entry_identities`),
the primary class, the abstract, and a date when the entry gives a full one (biblatex ``date``).
A year alone is not a date: it is kept as ``year``.

The file is read by :func:`bibtool.bibfile.parse_bib`, exactly as merge reads it.  Blocks it could
not read are reported at their line.  ``@string``, ``@preamble``, ``@comment`` and ``%`` lines
name no paper and are skipped by design; any other text outside entries is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bibtool.bibfile import BibEntry, parse_bib
from bibtool.bibfile.values import plain, split_commas, split_names
from bibtool.errors import BibtoolError
from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.ids.entry import entry_identities
from bibtool.listing.identifiers import find_doi
from bibtool.listing.text import Line, Parsed, squash, unread
from bibtool.model import ListingEntry, ListingForm, UnreadLine
from bibtool.text.names import is_et_al

ENTRY_START = re.compile(r"\s*@\s*(?P<type>[A-Za-z]+)\s*[{(]")
_NO_PAPER = frozenset({"string", "preamble", "comment"})
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class BibParser:
    """Reads .bib text; claims a block whose first line that is no ``%`` comment opens an entry."""

    form = ListingForm.BIBTEX

    def claims(self, lines: Sequence[Line]) -> bool:
        for line in lines:
            if not line.blank and not line.text.lstrip().startswith("%"):
                return ENTRY_START.match(line.text) is not None
        return False

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        if not lines:
            return Parsed()
        first = lines[0].number
        try:
            doc = parse_bib("\n".join(line.text for line in lines), name="<listing>")
        except BibtoolError as exc:
            return Parsed((), tuple(unread(line, str(exc)) for line in lines if not line.blank))
        broken = {p.line for p in doc.blocking}
        # An entry with a blocking problem (a missing comma swallows the next field) is reported,
        # not half-read: its fields cannot be trusted.
        entries = [e for e in doc.entries if not e.commented and broken.isdisjoint(_span(e))]
        covered = {n for e in doc.entries for n in _span(e)}
        lost = [
            UnreadLine(line=p.line + first - 1, text=_text_at(lines, p.line - 1), reason=p.message)
            for p in doc.blocking
        ]
        covered |= broken
        lost += _outside(lines, covered) + _after_entries(lines, doc.entries)
        listed = [entry_of(e, lines[e.start_line - 1 :], first) for e in entries]
        return Parsed(tuple(listed), tuple(sorted(lost, key=lambda u: u.line)))


def entry_of(entry: BibEntry, lines: Sequence[Line], first: int) -> ListingEntry:
    """The listing entry of one .bib entry (``lines`` start at its ``@`` line)."""
    fields = entry.fields
    authors, truncated = bib_authors(fields.get("author", ""))
    arxiv = [t.removeprefix("arxiv:") for t in entry_identities(fields) if t.startswith("arxiv:")]
    dois = [t.removeprefix("doi:") for t in entry_identities(fields) if t.startswith("doi:")]
    written = find_doi(plain(fields.get("doi", "")))  # as written: identities are lower-cased
    if written and dois and written.lower() == dois[0]:
        dois[0] = written
    eprint = parse_arxiv_id(plain(fields.get("eprint", "")))
    return ListingEntry(
        line=entry.start_line + first - 1,
        source=entry.raw[:200],
        form=ListingForm.BIBTEX,
        title=plain(fields["title"]) if "title" in fields else None,
        authors=authors,
        authors_truncated=truncated,
        date=_date(fields),
        year=_year(fields),
        category=plain(fields["primaryclass"]) if "primaryclass" in fields else None,
        abstract=plain(fields["abstract"]) if "abstract" in fields else None,
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=eprint.version if eprint and arxiv and eprint.id == arxiv[0] else None,
        doi=dois[0] if dois else None,
    )


def _year(fields: dict[str, str]) -> int | None:
    """The four-digit year of ``year`` or ``date``, when there is one."""
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", plain(fields.get("year", fields.get("date", ""))))
    return int(m[1]) if m else None


def bib_authors(value: str) -> tuple[tuple[str, ...], bool]:
    """``Last, First and …`` as ``First Last`` names, and whether ``and others`` cut the list."""
    names: list[str] = []
    truncated = False
    for part in split_names(value):
        name = plain(part)
        if is_et_al(name):
            truncated = True
        elif name:
            pieces = [p.strip() for p in split_commas(part)]
            if len(pieces) >= 2:  # "Last, First" or "Last, Jr., First"
                given = plain(pieces[-1])
                suffix = f", {plain(pieces[1])}" if len(pieces) == 3 else ""
                name = squash(f"{given} {plain(pieces[0])}{suffix}")
            names.append(name)
    return tuple(names), truncated


def _date(fields: dict[str, str]) -> dt.date | None:
    m = _ISO_DATE.fullmatch(plain(fields.get("date", "")))
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _span(entry: BibEntry) -> range:
    return range(entry.start_line, entry.start_line + entry.raw.count("\n") + 1)


def _text_at(lines: Sequence[Line], index: int) -> str:
    return lines[index].text.strip() if 0 <= index < len(lines) else ""


def _after_entries(lines: Sequence[Line], entries: Sequence[BibEntry]) -> list[UnreadLine]:
    """Text after an entry's closing brace on its last line (``}0``), which no entry holds."""
    lost: list[UnreadLine] = []
    for entry in entries:
        last = _span(entry)[-1]
        if last > len(lines):
            continue
        tail = entry.raw.rsplit("\n", 1)[-1]  # the entry's part of its last line
        text = lines[last - 1].text
        at = text.find(tail)
        rest = text[at + len(tail) :].strip() if at >= 0 else ""
        if rest and not rest.startswith("%") and not ENTRY_START.match(rest):
            lost.append(unread(lines[last - 1], f"text after the end of entry '{entry.key}'"))
    return lost


def _outside(lines: Sequence[Line], covered: set[int]) -> list[UnreadLine]:
    """Text outside every entry: skipped when it is a comment or macro block, else reported."""
    lost: list[UnreadLine] = []
    depth = 0  # brace depth inside a @string / @preamble / @comment block
    for i, line in enumerate(lines, start=1):
        if i in covered or line.blank:
            continue
        start = ENTRY_START.match(line.text)
        if depth > 0 or (start and start["type"].lower() in _NO_PAPER):
            depth = max(
                0,
                depth
                + line.text.count("{")
                + line.text.count("(")
                - line.text.count("}")
                - line.text.count(")"),
            )
            continue
        if not line.text.lstrip().startswith("%"):
            lost.append(unread(line, "text outside any BibTeX entry"))
    return lost
