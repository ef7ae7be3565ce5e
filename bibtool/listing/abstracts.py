"""The abstract-only form: one ``Abstract:`` paragraph per paper, under an optional name line.

As a user collects them from arXiv pages::

    Tony
    Abstract:GPT-4o is an autoregressive omni model…
    Abstract:
    A major challenge in modern machine learning…

The text may follow the label on the same line or start on the next; every line up to the next
label belongs to the current abstract, blank lines included (an abstract may have paragraphs).
The text is kept verbatim but for whitespace: LaTeX such as ``$\\epsilon$`` stays, because the
matcher normalises both sides the same way.

Short lines before the first label name the person or the collection (``Tony``); they are the
listing's heading, not a paper, so they are neither entries nor unread lines.  Longer text there
is probably an abstract that lost its label, and is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bibtool.listing.text import Line, Parsed, source_of, squash, unread
from bibtool.model import ListingEntry, ListingForm

# "Abstract:" (the copied form), also "Abstract." / "Abstract —" / a bare "Abstract" on its line;
# "Abstract reasoning is…" in running text has none of these and stays text.
_LABEL = re.compile(r"\s*abstract\s*(?::|[.—–-](?=\s)|$)\s*", re.IGNORECASE)
_COLON_LABEL = re.compile(r"\s*abstract\s*:", re.IGNORECASE)
HEADING_MAX_WORDS = 8  # "Papers by Tony Ma (2019-2024)": a heading, not a lost abstract


class AbstractsParser:
    """Reads abstract-only listings; claims any block with an ``Abstract:`` line."""

    form = ListingForm.ABSTRACTS

    def claims(self, lines: Sequence[Line]) -> bool:
        return any(_COLON_LABEL.match(line.text) for line in lines)

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        starts = [i for i, line in enumerate(lines) if _LABEL.match(line.text)]
        first = starts[0] if starts else len(lines)
        lost = [
            unread(line, "text before the first Abstract: line")
            for line in lines[:first]
            if not line.blank and not _is_heading(line.text)
        ]
        entries: list[ListingEntry] = []
        ends = [*starts[1:], len(lines)] if starts else []  # a forced form may find no label
        for start, end in zip(starts, ends, strict=True):
            entry = _read_entry(lines[start:end])
            if entry is None:
                lost.append(unread(lines[start], "Abstract: label with no text after it"))
            else:
                entries.append(entry)
        return Parsed(tuple(entries), tuple(lost))


def _read_entry(block: Sequence[Line]) -> ListingEntry | None:
    """The entry of one block (label line first), or None when it holds no text."""
    label = _LABEL.match(block[0].text)
    first = block[0].text[label.end() :] if label else block[0].text
    text = squash(" ".join([first, *(line.text for line in block[1:])]))
    if not text:
        return None
    return ListingEntry(
        line=block[0].number,
        source=source_of(block),
        form=ListingForm.ABSTRACTS,
        abstract=text,
    )


def _is_heading(text: str) -> bool:
    """True for a short line naming a person or collection, the way a listing is headed."""
    words = text.split()
    return len(words) <= HEADING_MAX_WORDS and not text.rstrip().endswith((".", ":"))
