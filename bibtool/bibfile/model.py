"""What a parsed .bib file is: its exact bytes, its entries with byte spans, and its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from bibtool.errors import BibFileError

BLOCKING_KINDS = frozenset({"syntax", "unclosed", "value"})


class BibProblem(NamedTuple):
    """Something wrong in a .bib file: 1-based line, kind (see module docstring), one sentence."""

    line: int
    kind: str
    message: str

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING_KINDS


@dataclass(frozen=True)
class BibEntry:
    """One entry as written: raw text, 1-based start line, byte span in the file, raw fields."""

    key: str
    entry_type: str  # lower-cased, as bibtexparser gives it
    start_line: int
    raw: str
    fields: dict[str, str] = field(hash=False)  # lower-cased name -> raw value ("{x}", "jan")
    span: tuple[int, int] = (0, 0)  # byte offsets of ``raw`` in ``BibDocument.data``
    commented: bool = False  # on a line starting with "%": meant as a comment, read by BibTeX


def ref_key(value: str) -> str:
    """The key a raw ``crossref`` value (``{Key}``, ``"Key"``) names, lower-cased."""
    return value.strip().strip('{}"').strip().lower()


@dataclass(frozen=True)
class BibDocument:
    """A parsed .bib file that still holds its exact bytes, encoding and newline style."""

    name: str
    data: bytes
    text: str  # decoded, without the BOM
    encoding: str  # "utf-8" or "latin-1" (the fallback; every byte sequence decodes)
    bom: bool
    newline: str
    ends_with_newline: bool
    entries: tuple[BibEntry, ...]
    failed: tuple[BibProblem, ...]
    exists: bool = True
    stray_byte: tuple[int, int] | None = None  # (line, byte): not UTF-8, in a UTF-8 file

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.entries)

    @property
    def on_disk(self) -> bytes | None:
        """What ``write_atomic`` should expect to find: the bytes read, or None for a new file."""
        return self.data if self.exists else None

    @property
    def blocking(self) -> tuple[BibProblem, ...]:
        return tuple(p for p in self.failed if p.blocking)

    def find(self, key: str) -> list[BibEntry]:
        """Every entry with exactly this key (more than one when the file repeats it)."""
        return list(self._by_key.get(key, ()))

    @cached_property
    def _by_key(self) -> dict[str, list[BibEntry]]:
        by_key: dict[str, list[BibEntry]] = {}
        for e in self.entries:
            by_key.setdefault(e.key, []).append(e)
        return by_key

    def inherited(self, entry: BibEntry, *, bibtex: bool = False) -> dict[str, str]:
        """``entry``'s fields with those it lacks taken from its ``crossref`` parent.

        With ``bibtex``, as BibTeX reads them: every field the child lacks. Otherwise as the
        work the child is: its own title only, the parent's title being its booktitle (biber).
        """
        ref = entry.fields.get("crossref")
        if not ref:
            return entry.fields
        parent = next(
            (e for e in self._by_folded_key.get(ref_key(ref), ()) if e is not entry), None
        )
        if parent is None:
            return entry.fields
        if bibtex:
            return {**parent.fields, **entry.fields}
        fields = {k: v for k, v in parent.fields.items() if k not in ("title", "crossref", "ids")}
        if "title" in parent.fields:
            fields.setdefault("booktitle", parent.fields["title"])
        return {**fields, **entry.fields}

    @cached_property
    def parents(self) -> frozenset[str]:
        """The keys (lower-cased, as BibTeX compares them) some entry names in its ``crossref``."""
        return frozenset(
            ref_key(e.fields["crossref"]) for e in self.entries if "crossref" in e.fields
        )

    @cached_property
    def _by_folded_key(self) -> dict[str, list[BibEntry]]:
        by_key: dict[str, list[BibEntry]] = {}
        for e in self.entries:
            by_key.setdefault(e.key.lower(), []).append(e)
        return by_key

    def require_clean(self) -> None:
        """Raise BibFileError naming the first blocking problem, so nothing is written after it.

        A UTF-8 file with a stray byte in it (read as Latin-1, since every byte decodes so) is
        refused as well: new text would be written in Latin-1 beside the UTF-8 text.
        """
        if self.stray_byte is not None:
            line, byte = self.stray_byte
            raise BibFileError(
                f"{self.name}:{line}: byte 0x{byte:02X} is not UTF-8 in a file that is UTF-8 "
                "elsewhere; new text would mix two encodings — not written (save it as UTF-8)"
            )
        problems = self.blocking
        if not problems:
            return
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BibFileError(f"{self.name}:{first.line}: {first.message}{more} — not written")
