"""What every rule sees: the document, its settings, arXiv's papers, where a field sits.

A rule's producer yields ``Hit``s; the engine turns them into ``Finding``s (severity,
fix, file), drops the ones the entry silences, and sorts them. Positions are 1-based lines and
columns of the original text, so an editor or a GitHub annotation lands on the field itself; a
repair is made with the hit, as edits of the file's bytes (``Context.edit``, ``rewrite``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from bibtool.bibfile import BibDocument, BibEntry, Edit
from bibtool.bibfile.fields import FieldSpan, field_spans
from bibtool.model import Paper
from bibtool.works.published import Published

# Characters that are only LaTeX's way of writing the value, not its content.


@dataclass(frozen=True)
class Settings:
    """What the rules need from the configuration."""

    target: str = "bibtex"  # "bibtex" (classic BibTeX styles) or "biblatex" (biber)
    key_pattern: str | None = None
    macros: tuple[str, ...] = ()  # @string names defined in another file
    distinct: tuple[frozenset[str], ...] = ()  # key sets the user says are different works


class PaperSource(Protocol):
    """Where the ``--online`` rules get papers (``identify.resolver.Resolver`` satisfies it)."""

    def papers_by_id(self, ids: Sequence[str]) -> dict[str, Paper]: ...


class VenueSource(Protocol):
    """Where BIB019 looks for a preprint's published version (``jobs.venues.VenueFinder``:
    arXiv's own reference, the store's venue records, then DBLP)."""

    failure: str | None  # why a service failed, after which none was asked: BIB019 went on without

    def decide_all(
        self,
        preprints: Sequence[tuple[dict[str, str], Paper | None, str]],
        on_each: Callable[[], None] = ...,
    ) -> list[Published]:
        """The decision for each preprint (its fields, arXiv's paper, the first surname), all
        asked together."""
        ...


@dataclass(frozen=True)
class Hit:
    """One rule's finding before it is dressed as a ``Finding``: where, what, and its repair."""

    code: str
    line: int
    column: int
    message: str
    key: str | None = None  # the entry it belongs to, for silencing
    edits: tuple[Edit, ...] = ()  # the fix, in the file's bytes; none when it cannot be repaired


@dataclass
class Context:
    """The document under check, its settings, and the position and edit helpers of the rules."""

    doc: BibDocument
    settings: Settings = field(default_factory=Settings)
    papers: PaperSource | None = None  # arXiv's records, for the --online rules
    venues: VenueSource | None = None  # published versions, for BIB019's fix

    @cached_property
    def entries(self) -> tuple[BibEntry, ...]:
        """The entries rules look into: commented-out ones are only reported by BIB017."""
        return tuple(e for e in self.doc.entries if not e.commented)

    @cached_property
    def lines(self) -> list[str]:
        return self.doc.text.split("\n")

    def entry_column(self, entry: BibEntry) -> int:
        """1-based column of the entry's ``@`` (usually 1)."""
        if entry.start_line - 1 >= len(self.lines):
            return 1
        head = entry.raw.split("\n", 1)[0]
        found = self.lines[entry.start_line - 1].find(head)
        return found + 1 if found >= 0 else 1

    def at_entry(
        self, code: str, entry: BibEntry, message: str, *, edits: tuple[Edit, ...] = ()
    ) -> Hit:
        return Hit(code, entry.start_line, self.entry_column(entry), message, entry.key, edits)

    def at_field(
        self, code: str, entry: BibEntry, name: str, message: str, *, value: str | None = None
    ) -> Hit:
        """A hit where field ``name`` is written; ``value``, the repair: its new raw value.

        The repair is attached only where the scanned value is the one bibtexparser read, so
        it can never land on other text.
        """
        span = field_span(entry, name)
        if span is None:
            return self.at_entry(code, entry, message)
        line, column = self.position(entry, span.start)
        start, end = span.value_start, span.value_end
        edits: tuple[Edit, ...] = ()
        if value is not None and entry.raw[start:end] == entry.fields[name]:
            edits = (self.edit(entry, start, end, value),)
        return Hit(code, line, column, message, entry.key, edits)

    def position(self, entry: BibEntry, offset: int) -> tuple[int, int]:
        """Line and column of character ``offset`` of ``entry.raw``."""
        before = entry.raw[:offset]
        newlines = before.count("\n")
        if newlines == 0:
            return entry.start_line, self.entry_column(entry) + offset
        return entry.start_line + newlines, offset - before.rfind("\n")

    def edit(self, entry: BibEntry, start: int, end: int, text: str) -> Edit:
        """The file edit putting ``text`` in place of characters ``start:end`` of ``entry.raw``."""
        encoding = self.doc.encoding
        first = entry.span[0] + len(entry.raw[:start].encode(encoding))
        return Edit(first, first + len(entry.raw[start:end].encode(encoding)), text)

    def rewrite(self, entry: BibEntry, raw: str) -> Edit:
        """The smallest file edit turning ``entry.raw`` into ``raw`` (their common ends kept)."""
        old = entry.raw
        head = len(os.path.commonprefix([old, raw]))
        tail = len(os.path.commonprefix([old[head:][::-1], raw[head:][::-1]]))
        return self.edit(entry, head, len(old) - tail, raw[head : len(raw) - tail])


def field_span(entry: BibEntry, name: str) -> FieldSpan | None:
    """Where field ``name`` is written in ``entry.raw``, by bibfile's field scanner, or None.

    The first field of that name (BibTeX keeps the first of a repeated field), so a
    ``name = value`` inside another field's text is never taken for it. None when the entry has
    no such field or the scanner cannot read it (the finding then sits on the entry).
    """
    if name not in entry.fields:
        return None
    try:
        spans = field_spans(entry.raw)
    except ValueError:
        return None
    return next((s for s in spans if s.key == name), None)
