"""Cutting a listing into blocks of one form each, so a mixed file reads part by part.

A file may hold an author-page section, a few pasted references, a Markdown list and identifier
lines, one after the other.  The cut works on *paragraphs*, maximal runs of non-blank lines
(each keeps the blank lines after it, so blocks tile the file and line numbers stay exact):

1. paragraphs that a page break separates (page furniture such as ``12`` or ``REFERENCES 12``,
   a form feed) are one, and a lone label (``[12]``) is one with the paragraph after it;
   each paragraph gets the form that claims it (``classify``, the detection order of
   :mod:`bibtool.listing.detect`);
2. a BibTeX entry runs on, across blank lines, until its braces close;
3. an author page's or an abstract list's entries may hold paragraphs of their own: a paragraph
   of prose (its lines are long, and no distinctive form claims it) continues the block before
   it, and so does any such paragraph after a paragraph of nothing but author-page headers;
   prose after references joins them too, where it is reported rather than read as a title;
   but a paragraph holding two references or more is a reference list, however long its lines;
4. a paragraph of nothing but ``#``/``%`` comments, page furniture (``12``, ``REFERENCES 12``) or
   a lone label (``[12]``) takes the form of its neighbour, and so does a
   one-line heading right above an author page or an abstract list (``Tony``), which those forms
   read as the heading it is;
5. a paragraph beside references that only the titles form claims, but that
   carries a year, a link, pages or an indented wrap, is an unreadable reference;
6. neighbouring paragraphs of one form make one block (author-page entries and references are
   often separated by blank lines).

Within a paragraph nothing is cut: sections of different forms are separated by a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtool.listing.bib import ENTRY_START
from bibtool.listing.header import is_header
from bibtool.listing.layout import bridges, indent, is_furniture, lone_label, page_break
from bibtool.listing.references import split_items, strong_references
from bibtool.listing.text import Line, is_comment
from bibtool.model import ListingForm

PROSE_WORDS = 20  # a paragraph whose lines average this many words is running text, not titles
_CONTINUED = (ListingForm.AUTHOR_PAGE, ListingForm.ABSTRACTS)
# Prose after these joins them: an abstract's next paragraph, or an unreadable reference, which
# the references form reports instead of passing it off as a very long title.
_TAKES_PROSE = (*_CONTINUED, ListingForm.REFERENCES)
_WEAK = (ListingForm.TITLES, ListingForm.REFERENCES, ListingForm.IDS)  # may continue an entry
HEADING_MAX_WORDS = 8


@dataclass(frozen=True)
class Block:
    """A run of consecutive lines of a listing (blank ones included) and the form they have."""

    form: ListingForm
    lines: tuple[Line, ...]


def split_blocks(
    lines: Sequence[Line], classify: Callable[[Sequence[Line]], ListingForm]
) -> list[Block]:
    """The blocks of ``lines``, in order, tiling them (see the module docstring)."""
    paragraphs = _across_page_breaks(_paragraphs(lines))
    forms: list[ListingForm | None] = []
    i = 0
    merged: list[list[Line]] = []
    while i < len(paragraphs):
        para = paragraphs[i]
        form = None if _neutral(para) else classify(para)
        if form is ListingForm.BIBTEX:
            while _depth(para) > 0 and i + 1 < len(paragraphs):
                i += 1
                para = para + paragraphs[i]
        elif _headers_only(para) and i + 1 < len(paragraphs):  # a blank line, then its title
            form = ListingForm.AUTHOR_PAGE
        elif (
            forms
            and form in _WEAK
            and (
                (forms[-1] in _TAKES_PROSE and _prose(para) and not _reference_list(para, form))
                or (forms[-1] is ListingForm.AUTHOR_PAGE and _headers_only(merged[-1]))
            )
        ):
            form = forms[-1]
        merged.append(para)
        forms.append(form)
        i += 1
    _settle_neutral(merged, forms)
    _settle_wrapped_references(merged, forms)
    return _join(merged, forms)


def _paragraphs(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of non-blank lines, each with the blank lines after it (leading blanks go first)."""
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and (line.blank or not paragraphs[-1][-1].blank):
            paragraphs[-1].append(line)
        elif paragraphs and all(x.blank for x in paragraphs[-1]):
            paragraphs[-1].append(line)  # the leading blank lines join the first paragraph
        else:
            paragraphs.append([line])
    return paragraphs


# What a reference carries and a title does not: a year before a stop ("2020.", "(2020)"), a
# DOI or a link, pages, a word broken at the line end.
_REFERENCE_MARK = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}[a-z]?[.,;)]|\bdoi\b|https?://|\bpp\.\s*\d|\w-$"
)


def _settle_wrapped_references(paras: list[list[Line]], forms: list[ListingForm | None]) -> None:
    """A paragraph beside references that only the titles form claims, but that carries what a
    reference does (a year, a DOI or link, pages, a word broken at a line end, an indented
    wrap), is a reference the references form could not read: that form reports it, where the
    titles form would search every line of it."""
    for i, form in enumerate(forms):
        if form is not ListingForm.TITLES:  # identifiers on lines of their own read as such
            continue
        beside = {forms[j] for j in (i - 1, i + 1) if 0 <= j < len(forms)}
        if ListingForm.REFERENCES in beside and _reference_like(paras[i]):
            forms[i] = ListingForm.REFERENCES


def _reference_like(para: Sequence[Line]) -> bool:
    filled = [line for line in para if not line.blank]
    indented = any(indent(line) > indent(filled[0]) for line in filled[1:]) if filled else False
    return indented or any(_REFERENCE_MARK.search(line.text.rstrip()) for line in filled)


def _across_page_breaks(paragraphs: list[list[Line]]) -> list[list[Line]]:
    """Paragraphs that a page break (furniture, a form feed) or a lone label separates, joined:
    a reference cut by a page break, or a ``[12]`` above its reference, is one paragraph."""
    out: list[list[Line]] = []
    glue = False
    for para in paragraphs:
        filled = [line for line in para if not line.blank]
        furniture = bool(filled) and all(is_furniture(line.text) for line in filled)
        if out and (glue or furniture or (filled and page_break(filled[0].text))):
            out[-1] = out[-1] + para
        else:
            out.append(list(para))
        glue = bridges(para)
    return out


def _reference_list(para: Sequence[Line], form: ListingForm | None) -> bool:
    """True for a paragraph read as references whose items include two that read strongly."""
    return form is ListingForm.REFERENCES and strong_references(split_items(para)) >= 2


def _headers_only(para: Sequence[Line]) -> bool:
    filled = [line for line in para if not line.blank]
    return bool(filled) and all(is_header(line.text) for line in filled)


def _neutral(para: Sequence[Line]) -> bool:
    """Comments, and what a PDF leaves between references: page furniture, a lone ``[12]``."""
    return all(
        line.blank
        or line.text.lstrip()[:1] == "%"
        or is_comment(line.text)
        or is_furniture(line.text)
        or lone_label(line.text)
        for line in para
    )


def _prose(para: Sequence[Line]) -> bool:
    filled = [line for line in para if not line.blank]
    return sum(len(line.text.split()) for line in filled) >= PROSE_WORDS * len(filled)


def _heading(para: Sequence[Line]) -> bool:
    filled = [line.text.strip() for line in para if not line.blank]
    return (
        len(filled) == 1
        and len(filled[0].split()) <= HEADING_MAX_WORDS
        and not (filled[0].endswith((".", ":")))
    )


def _depth(para: Sequence[Line]) -> int:
    """Braces left open at the end of ``para``, counted from its first entry's ``@`` line."""
    depth, started = 0, False
    for line in para:
        started = started or ENTRY_START.match(line.text) is not None
        if started:
            depth = max(0, depth + line.text.count("{") - line.text.count("}"))
    return depth


def _settle_neutral(paras: list[list[Line]], forms: list[ListingForm | None]) -> None:
    """Comment paragraphs, and a heading above a page or abstracts, take a neighbour's form."""
    for i, form in enumerate(forms[:-1]):
        if form is ListingForm.TITLES and forms[i + 1] in _CONTINUED and _heading(paras[i]):
            forms[i] = forms[i + 1]
    for i, form in enumerate(forms):
        if form is None:
            behind = next((f for f in reversed(forms[:i]) if f is not None), None)
            ahead = next((f for f in forms[i + 1 :] if f is not None), None)
            forms[i] = ahead or behind or ListingForm.TITLES


def _join(paras: list[list[Line]], forms: list[ListingForm | None]) -> list[Block]:
    blocks: list[Block] = []
    for para, form in zip(paras, forms, strict=True):
        assert form is not None  # settled above
        if blocks and blocks[-1].form is form:
            blocks[-1] = Block(form, blocks[-1].lines + tuple(para))
        else:
            blocks.append(Block(form, tuple(para)))
    return blocks
