"""Which form a listing (or a block of one) has, and the dispatch to that form's parser.

Each form is one :class:`~bibtool.listing.text.FormParser`; detection asks them in order of how
distinctive their evidence is, and the first that claims the lines wins:

1. author page: header lines (``CLOct 25, 2024``), mostly followed by a title line;
2. abstracts: ``Abstract:`` lines;
3. identifiers: more than half of the non-blank, non-comment lines identify a paper;
4. titles: everything else.

Parsers read numbered lines, not text, so reading a mixed file block by block (a later step) is
a matter of cutting the lines into blocks and calling :func:`parse_lines` on each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bibtool.listing.abstracts import AbstractsParser
from bibtool.listing.author_page import AuthorPageParser
from bibtool.listing.identifiers import IdsParser
from bibtool.listing.text import FormParser, Line, Parsed
from bibtool.listing.titles import TitlesParser
from bibtool.model import ListingForm

PARSERS: tuple[FormParser, ...] = (
    AuthorPageParser(),
    AbstractsParser(),
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


def parse_lines(
    lines: Sequence[Line], *, form: ListingForm | None, today: dt.date
) -> tuple[ListingForm, Parsed]:
    """The form of ``lines`` (given, or detected) and what its parser made of them."""
    chosen = form if form is not None else detect_lines(lines)
    return chosen, parser_for(chosen).parse(lines, today=today)
