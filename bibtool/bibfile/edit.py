"""Splicing: new or changed text put into the original bytes, every other byte kept.

Every change is an ``Edit`` (a byte range of the original and its replacement text); a change
set is applied in one pass, so what is not inside an edit's range is copied unchanged.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bibtool.bibfile.model import BibDocument, BibEntry
from bibtool.bibfile.parse import parse_bib
from bibtool.errors import BibFileError

_LINE_END = re.compile(rb"[ \t]*(?:\r\n|\n|\r)")
_BLANK_LINE = re.compile(rb"[ \t]*(?:\r\n|\n|\r)")


@dataclass(frozen=True, order=True)
class Edit:
    """Replace bytes ``[start, end)`` of the original with ``text`` (an insertion if equal)."""

    start: int
    end: int
    text: str


def apply_edits(doc: BibDocument, edits: Sequence[Edit]) -> bytes:
    """The file with every edit applied; ranges must not overlap. Refuses broken files."""
    if not edits:
        return doc.data  # nothing written, so nothing risked even in a broken file
    doc.require_clean()
    out: list[bytes] = []
    pos = 0
    for edit in sorted(edits):
        if edit.start < pos:
            raise ValueError(f"overlapping edits at byte {edit.start}")
        out += [doc.data[pos : edit.start], encode_text(doc, edit.text)]
        pos = edit.end
    out.append(doc.data[pos:])
    return b"".join(out)


def entry_text(doc: BibDocument, text: str) -> str:
    """One entry's text, checked to be exactly one well-formed entry, in the file's newlines."""
    return entry_texts(doc, [text])[0]


def entry_texts(doc: BibDocument, texts: Sequence[str]) -> list[str]:
    """``entry_text`` of each of ``texts``, all checked in one parse rather than one each."""
    if not texts:
        return []
    texts_lines = [_lines(text) for text in texts]
    firsts, line = [], 1
    for lines in texts_lines:
        firsts.append(line)
        line += len(lines) + 1  # the blank line that separates them below
    checked = parse_bib("\n\n".join("\n".join(lines) for lines in texts_lines), name="<new>")
    owners = [bisect.bisect_right(firsts, e.start_line) - 1 for e in checked.entries]
    # Keys repeated across the texts are the caller's business (merge renames them).
    bad = [
        bisect.bisect_right(firsts, p.line) - 1 for p in checked.failed if p.kind != "duplicate-key"
    ]
    if owners != list(range(len(texts))) or bad:
        counts = Counter(owners)
        i = min([*bad, *(i for i in range(len(texts)) if counts[i] != 1)])
        raise ValueError(f"not exactly one well-formed BibTeX entry: {texts[i][:80]!r}")
    return [doc.newline.join(line.rstrip() for line in lines) for lines in texts_lines]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")


def appending(doc: BibDocument, texts: Sequence[str]) -> Edit:
    """An edit adding ``texts`` at the end, one blank line apart and after one blank line."""
    nl = doc.newline
    body = (nl + nl).join(entry_texts(doc, texts)) + nl
    end = len(doc.data)
    return Edit(end, end, _separator(doc) + body)


def inserting_after(doc: BibDocument, entry: BibEntry, texts: Sequence[str]) -> Edit:
    """An edit putting ``texts`` right after ``entry``, each after one blank line."""
    nl = doc.newline
    body = "".join(nl + nl + t for t in entry_texts(doc, texts))
    return Edit(entry.span[1], entry.span[1], body)


def inserting_before(doc: BibDocument, entry: BibEntry, texts: Sequence[str]) -> Edit:
    """An edit putting ``texts`` just before ``entry``, each followed by one blank line."""
    nl = doc.newline
    body = "".join(t + nl + nl for t in entry_texts(doc, texts))
    return Edit(entry.span[0], entry.span[0], body)


def replacing(doc: BibDocument, entry: BibEntry, text: str) -> Edit:
    """An edit putting ``text`` (already in the file's style) in place of ``entry``'s span."""
    return Edit(entry.span[0], entry.span[1], text)


def removing(doc: BibDocument, entry: BibEntry) -> Edit:
    """An edit deleting ``entry`` with its line, leaving the blank lines around it as one."""
    data = doc.data
    start, end = entry.span
    line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    if not data[line_start:start].strip():
        start = line_start
    if (m := _LINE_END.match(data, end)) is not None:
        end = m.end()
        before_blank = data[:start].endswith((b"\n\n", b"\r\n\r\n", b"\r\r")) or start == 0
        if before_blank and (m := _BLANK_LINE.match(data, end)) is not None:
            end = m.end()
    return Edit(start, end, "")


def append_entries(doc: BibDocument, texts: Sequence[str]) -> bytes:
    """The original bytes, untouched, then ``texts`` one blank line apart in the file's style."""
    if not texts:
        return doc.data
    return apply_edits(doc, [appending(doc, texts)])


def insert_entries(doc: BibDocument, after: BibEntry | None, texts: Sequence[str]) -> bytes:
    """``texts`` inserted after entry ``after`` (before the first entry when None)."""
    if not texts:
        return doc.data
    if after is None:
        first = next((e for e in doc.entries), None)
        edit = inserting_before(doc, first, texts) if first else appending(doc, texts)
    else:
        edit = inserting_after(doc, after, texts)
    return apply_edits(doc, [edit])


def replace_entry(doc: BibDocument, key: str, new_text: str) -> bytes:
    """The file with entry ``key``'s raw span replaced by ``new_text``; every other byte kept."""
    doc.require_clean()
    return apply_edits(doc, [replacing(doc, unique_entry(doc, key), entry_text(doc, new_text))])


def remove_entry(doc: BibDocument, key: str) -> bytes:
    """The file without entry ``key`` (and its now empty line); every other byte kept."""
    doc.require_clean()
    return apply_edits(doc, [removing(doc, unique_entry(doc, key))])


def unique_entry(doc: BibDocument, key: str) -> BibEntry:
    """The one entry with ``key``: KeyError if none, BibFileError if the key is repeated."""
    found = doc.find(key)
    if not found:
        raise KeyError(key)
    if len(found) > 1:
        raise BibFileError(f"{doc.name}: key '{key}' is used {len(found)} times — not written")
    return found[0]


def _separator(doc: BibDocument) -> str:
    """Line breaks so that the new text starts after exactly one blank line (none in new files)."""
    stripped = doc.text.rstrip()
    if not stripped:
        return "" if not doc.text or doc.ends_with_newline else doc.newline
    trailing = doc.text[len(stripped) :]
    breaks = trailing.count("\n") if "\n" in trailing else trailing.count("\r")
    return doc.newline * max(0, 2 - breaks)


def encode_text(doc: BibDocument, text: str) -> bytes:
    """``text`` in the file's encoding; BibFileError when the file cannot hold it."""
    try:
        return text.encode(doc.encoding)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        form = "not UTF-8 (read as Latin-1)" if doc.encoding == "latin-1" else doc.encoding
        raise BibFileError(f"{doc.name} is {form} and cannot hold {bad!r} — not written") from exc
