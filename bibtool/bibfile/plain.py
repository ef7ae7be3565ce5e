"""Plainly written entries, read without bibtexparser's splitter; the rest of the text goes to it.

bibtexparser's splitter steps through every brace, quote, comma and newline in Python, which is
most of the time a large file takes to read. Nearly every entry of a real file is plain: a
line-start ``@type{key,``, fields ``name = value`` whose values are brace groups (at most three
deep), quoted strings or bare words joined by ``#``, then ``}``. Regular expressions read such an
entry and give exactly the key, type and fields the splitter gives, and it has nothing for
``grammar`` to report; every other piece of text goes to the splitter.

Why the text can be cut: wherever ``@type{`` (or ``@type(``) begins a line after nothing but
whitespace, the splitter starts a block afresh. Outside a block such a mark starts one; inside one
it aborts the open block (bibtexparser's error recovery) and then starts one. So the text from one
such mark to the next is split the same alone as within the whole file. A piece is read here when
it holds one plain entry and then nothing that could start a block (bibtexparser's block start
anywhere); runs of other pieces go to the splitter with the following mark appended (``Rest``),
so a block left open there is aborted by it exactly as in the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from bibtool.bibfile.grammar import field_name

__all__ = ["PlainEntry", "Rest", "pieces"]

# bibtexparser's block start (an "@" mark of its splitter), and the same at a line start.
_BLOCK_START = re.compile(r"@\w*[ \t]*(?=[{(])")
_LINE_START_BLOCK = re.compile(r"^[^\S\n]*(@\w*[ \t]*)[{(]", re.MULTILINE)


def _group(run: str, depth: int = 3) -> str:
    """A brace group nested at most ``depth`` deep, ``run`` matching the text between its braces
    (runs between nested groups, so matching never backtracks)."""
    group = rf"\{{{run}\}}"
    for _ in range(depth - 1):
        group = rf"\{{{run}(?:{group}{run})*\}}"
    return group


# What the splitter reads as a field, and ``grammar`` finds well-formed: tokens joined by "#",
# each a brace group, a quoted string or a bare word. No character of a name, key or bare word is
# one the splitter stops at (braces, quotes, commas, "=", "@"), nor a backslash, which hides the
# next character from it. A brace group hides commas and quotes from it; in a quoted string it
# ignores braces, so a quote inside braces there must be escaped (``{\"o}``) to mean the same to
# both. ``\{`` and ``\}`` are braces here, as for BibTeX and biber (``Adri\{\`a}`` balances);
# the splitter is given them as braces too (``parse._Reader``).
_NAME = r"[^\s#{}\",=()%'@\\]+"
# Text inside quotes: no braces, and a quote only right after a backslash (a run of backslashes is
# matched whole: the splitter takes any character after a backslash as escaped).
_IN_QUOTES = r'[^"{}\\]*(?:\\+[^{}\\][^"{}\\]*)*'
_QUOTED = rf'"{_IN_QUOTES}(?:{_group(_IN_QUOTES)}{_IN_QUOTES})*"'
_TOKEN = rf'{_group("[^{}]*")}|{_QUOTED}|[^\s#{{}}",=%@\\]+'
_VALUE = rf"(?:{_TOKEN})(?:\s*#\s*(?:{_TOKEN}))*"
_HEAD = re.compile(r"(@\w*[ \t]*)\{([^{}\",=@\\]*),")
_FIELD = re.compile(rf"\s*({_NAME})\s*=\s*({_VALUE})\s*(,?)")
_CLOSE = re.compile(r"\s*\}")
_NOT_ENTRIES = ("@comment", "@preamble", "@string")


class PlainEntry(NamedTuple):
    """A plain entry at ``text[start:end]``, as the splitter reads it (raw values, fields in
    order, names as ``grammar.field_name`` gives them)."""

    start: int
    end: int
    key: str
    entry_type: str
    fields: dict[str, str]


class Rest(NamedTuple):
    """Text for the splitter: ``text[start:end]`` and then ``tail``, the block start that follows
    it in the file (or ""). The block the tail starts is not part of this piece."""

    start: int
    end: int
    tail: str


def pieces(text: str) -> Iterator[PlainEntry | Rest]:
    """The whole of ``text`` in order, as plain entries and pieces for the splitter."""
    marks = [(m.start(1), m.end()) for m in _LINE_START_BLOCK.finditer(text)]
    done = 0
    for i, (at, _) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        entry = _plain_entry(text, at, end)
        if entry is None:
            continue
        if done < at:
            yield Rest(done, at, text[at : marks[i][1]])
        yield entry
        done = end
    if done < len(text):
        yield Rest(done, len(text), "")


def _plain_entry(text: str, at: int, end: int) -> PlainEntry | None:
    """The entry that ``text[at:end]`` holds, if it is plain and followed by no block start."""
    head = _HEAD.match(text, at, end)
    if head is None:
        return None
    pairs, pos = [], head.end()
    while field := _FIELD.match(text, pos, end):
        pairs.append(field.group(1, 2))
        pos = field.end()
        if not field[3]:
            break  # no comma: the entry must close here
    close = _CLOSE.match(text, pos, end)
    if close is None or _BLOCK_START.search(text, close.end(), end):
        return None
    mark, key = head[1].lower(), head[2].strip()  # as the splitter reads them
    if mark.startswith(_NOT_ENTRIES) or not key:
        return None
    fields = {field_name(name): value for name, value in pairs}
    if len(fields) < len(pairs):
        return None  # a repeated field, which grammar reports
    return PlainEntry(at, close.end(), key, mark[1:].strip(), fields)
