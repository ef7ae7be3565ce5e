"""Which form a listing (or a block of one) has, and the dispatch to that form's parser.

Each form is one :class:`~bibtool.listing.text.FormParser`; detection asks them in order of how
distinctive their evidence is, and the first that claims the lines wins:

1. author page: header lines (``CLOct 25, 2024``), mostly followed by a title line;
2. abstracts: ``Abstract:`` lines;
3. BibTeX: the first line that is no ``%`` comment opens an ``@type{`` entry;
   .bbl: ``\\bibitem``, biber's ``\\entry{…}`` or the TeX that wraps them;
4. Markdown: most lines hold a ``[text](url)`` link;
5. references: most items read as authors, a title, and a year or an identifier (before the
   identifiers form, so a reference that carries its arXiv id keeps its title and authors);
6. identifiers: more than half of the non-blank, non-comment lines identify a paper;
7. titles: everything else.

Unless a form is given, a listing is cut into blocks (:mod:`bibtool.listing.blocks`) and each
block is detected and read on its own; a listing whose blocks differ in form is
:attr:`~bibtool.model.ListingForm.MIXED`, and each entry keeps the form of its block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bibtool.listing.abstracts import AbstractsParser
from bibtool.listing.author_page import AuthorPageParser
from bibtool.listing.bbl import BblParser
from bibtool.listing.bib import BibParser
from bibtool.listing.blocks import split_blocks
from bibtool.listing.identifiers import IdsParser
from bibtool.listing.markdown import MarkdownParser
from bibtool.listing.references import ReferencesParser
from bibtool.listing.text import FormParser, Line, Parsed
from bibtool.listing.titles import TitlesParser
from bibtool.model import ListingEntry, ListingForm, UnreadLine

PARSERS: tuple[FormParser, ...] = (
    AuthorPageParser(),
    AbstractsParser(),
    BibParser(),
    BblParser(),
    MarkdownParser(),
    ReferencesParser(),
    IdsParser(),
    TitlesParser(),
)


def parser_for(form: ListingForm) -> FormParser:
    """The parser of ``form``."""
    return next(parser for parser in PARSERS if parser.form is form)


def detect_lines(lines: Sequence[Line]) -> ListingForm:
    """The form of ``lines``: the first parser, in order of distinctiveness, that claims them."""
    for parser in PARSERS:
        if parser.claims(lines):
            return parser.form
    return ListingForm.TITLES


def detect_blocks(lines: Sequence[Line]) -> ListingForm:
    """The form of a whole listing: that of its blocks when they agree, else MIXED."""
    forms = {block.form for block in split_blocks(lines, detect_lines)}
    if len(forms) > 1:
        return ListingForm.MIXED
    return forms.pop() if forms else ListingForm.TITLES


def parse_lines(
    lines: Sequence[Line], *, form: ListingForm | None, today: dt.date
) -> tuple[ListingForm, Parsed]:
    """The form of ``lines`` and what was read from them: all by ``form`` when one is given
    (but MIXED), else block by block, each in its detected form."""
    if form is not None and form is not ListingForm.MIXED:
        return form, parser_for(form).parse(lines, today=today)
    blocks = split_blocks(lines, detect_lines)
    entries: list[ListingEntry] = []
    lost: list[UnreadLine] = []
    for block in blocks:
        parsed = parser_for(block.form).parse(block.lines, today=today)
        entries.extend(parsed.entries)
        lost.extend(parsed.unread)
    forms = {block.form for block in blocks}
    chosen = ListingForm.MIXED if len(forms) > 1 else forms.pop() if forms else ListingForm.TITLES
    return chosen, Parsed(tuple(entries), tuple(sorted(lost, key=lambda u: u.line)))
