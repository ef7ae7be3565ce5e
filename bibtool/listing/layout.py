"""How a list copied out of a PDF is laid out: page furniture, labels, line widths, page breaks.

``pdftotext`` and a PDF viewer's copy give a bibliography as lines, and what tells one reference
from the next is left in the layout, never in blank lines alone:

* page furniture sits between the lines of a reference: a page number (``12``), a running head
  (``REFERENCES  12``), a form feed before a page's first line; a page break is no gap;
* a label may stand on a line of its own (biblatex-ieee's ``[12]``, the text below it);
* justified text fills every line of a reference but its last: in a list whose lines are set
  full (most within 15% of the widest usual one), a short line ends a reference;
* a word broken at a line end is joined back: ``Unify-``/``ing`` reads ``Unify\\u00ading``
  with a soft hyphen, since only arXiv knows whether ``cross-``/``lingual`` was one word (the
  query tries both, the accept rule reads the word either way); before a capital or after a
  word that already holds a hyphen (``vision-and-``/``language``) the hyphen is the word's own.

A paragraph here is a run of lines that no blank line, comment or heading separates, a page
break (furniture or a form feed in the gap) and a lone label bridging the gap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibtool.listing.text import Line, is_comment, squash
from bibtool.text.normalise import SOFT_HYPHEN

# A page number: up to three digits (a four-digit number is a year), or a small Roman numeral.
_PAGE_NUMBER = re.compile(r"\d{1,3}|[ivxlc]{1,6}")
# A running head: a capitalised heading beside a page number, either side ("REFERENCES  12").
_RUNNING_HEAD = re.compile(r"(?:\d{1,3}\s+)?(?P<head>[^a-z\d]{5,60}?)(?:\s+\d{1,3})?")
_LONE_LABEL = re.compile(r"\[\d{1,4}\]|\(\d{1,4}\)|\[[A-Za-z][^\]\s]{1,12}\]")
FULL_SHARE = 0.6  # lines set full in a justified list, at least (last lines are ~1 in 4)
FULL = 0.85  # a line this close to the list's width is set full
SHORT = 0.75  # a line shorter than this share of the width ends its paragraph
MIN_JUDGED = 8  # fewer lines than this cannot show a width


def is_furniture(text: str) -> bool:
    """True for a page number or a running head copied with the text around it."""
    core = text.replace("\f", " ").strip()
    if not core:
        return False
    if page_break(text) and is_comment(core):  # the list's own heading, run at a page's head
        return True
    if _PAGE_NUMBER.fullmatch(core):
        return True
    m = _RUNNING_HEAD.fullmatch(core)
    return (
        m is not None
        and core != m["head"].strip()  # a page number beside it
        and sum(c.isupper() for c in m["head"]) >= 4
    )


def lone_label(text: str) -> bool:
    """True for a line that is only a list label (``[12]``): its reference is on the next line."""
    return _LONE_LABEL.fullmatch(text.replace("\f", " ").strip()) is not None


def page_break(text: str) -> bool:
    """True for a line that starts a page (pdftotext puts a form feed before it)."""
    return text.lstrip(" \t").startswith("\f")


def indent(line: Line) -> int:
    """The line's indentation (a form feed is no indentation)."""
    text = line.text.replace("\f", "")
    return len(text) - len(text.lstrip())


def bridges(para: Sequence[Line]) -> bool:
    """True for a paragraph of nothing but page furniture or a lone label: the paragraphs on
    either side of it (after it, for a label) are one."""
    filled = [line for line in para if not line.blank]
    return bool(filled) and all(is_furniture(x.text) or lone_label(x.text) for x in filled)


def paragraphs(lines: Sequence[Line]) -> tuple[list[list[Line]], list[Line]]:
    """The paragraphs of ``lines`` (see the module docstring) and the page furniture."""
    out: list[list[Line]] = []
    furniture: list[Line] = []
    gap, broke = True, False
    for line in lines:
        if line.blank:
            gap = True
            continue
        if is_furniture(line.text):
            furniture.append(line)
            broke = True
            continue
        if is_comment(line.text.replace("\f", "")):
            gap, broke = True, False
            out.append([])  # a heading or comment ends the paragraph whatever follows
            continue
        joins = out and out[-1] and (not gap or broke or page_break(line.text))
        if joins or (out and out[-1] and lone_label(out[-1][-1].text)):
            out[-1].append(line)
        else:
            out.append([line])
        gap, broke = False, False
    return [p for p in out if p], furniture


def full_width(lines: Sequence[Line]) -> int | None:
    """The width lines are set to when ``lines`` are justified (see the module doc), else None."""
    widths = sorted(len(line.text.replace("\f", "").rstrip()) for line in lines)
    if len(widths) < MIN_JUDGED:
        return None
    width = widths[int(0.9 * (len(widths) - 1))]
    full = sum(1 for w in widths if w >= FULL * width)
    return width if full >= FULL_SHARE * len(widths) else None


def is_short(line: Line, width: int) -> bool:
    """True for a line that stops short of ``width``: the last line of a paragraph."""
    return len(line.text.replace("\f", "").rstrip()) < SHORT * width


_COMPOUND = re.compile(r"\w-\w+-$")


def join_lines(parts: Sequence[str]) -> str:
    """Lines of one item joined into one string, words broken at a line end joined back."""
    text = ""
    for raw in parts:
        part = squash(raw)
        if not part:
            continue
        if text.endswith("-") and not text.endswith(" -") and part[:1].isalnum():
            last = text.rsplit(" ", 1)[-1]
            if part[:1].islower() and not _COMPOUND.search(last):
                text = text[:-1] + SOFT_HYPHEN + part  # a syllable break, or a compound
            else:
                text += part  # "Baeza-"/"Yates", "vision-and-"/"language": the word's hyphen
        else:
            text = f"{text} {part}" if text else part
    return text
