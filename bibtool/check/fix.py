"""``--fix``: the safe repairs, spliced into the original bytes; nothing else changes.

Safe means the value means the same afterwards for every reader: an arXiv id without its
version pin (BIB010), a DOI without its link prefix (BIB008), a title with the braces bibtool's
own renderer would add (BIB015). Each repair rewrites one field value inside one entry, and the
whole change set goes through ``bibfile.apply_edits`` in one pass, so every byte outside those
values stays as it was. The result is parsed again and refused if any entry or problem changed.

Duplicate works (BIB003) are not merged here: the dedupe of issue 5 will plug in once it lands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtool.bibfile import BibDocument, BibEntry, Edit, apply_edits, parse_bib
from bibtool.check.context import value_span
from bibtool.check.identifiers import fix_doi, fix_pinned
from bibtool.check.style import fix_title
from bibtool.errors import BibFileError
from bibtool.model import Finding

FieldFix = Callable[[str], "str | None"]

# code -> the fields it repairs and how.
FIXES: dict[str, tuple[tuple[str, ...], FieldFix]] = {
    "BIB008": (("doi",), fix_doi),
    "BIB010": (("eprint", "arxivid", "arxiv_id"), fix_pinned),
    "BIB015": (("title",), fix_title),
}


@dataclass(frozen=True)
class FixResult:
    """The repaired file content and the findings it repaired."""

    data: bytes
    fixed: tuple[Finding, ...]


def fix_document(doc: BibDocument, findings: Sequence[Finding]) -> FixResult:
    """Apply the fixable ``findings`` of ``doc``; BibFileError if the file must not be written."""
    wanted: dict[str, set[str]] = {}
    for f in findings:
        key = dict(f.extra).get("key")
        if f.fixable and key is not None and f.code in FIXES:
            wanted.setdefault(key, set()).add(f.code)
    if not wanted:
        return FixResult(doc.data, ())
    doc.require_clean()
    edits, done = [], set()
    for entry in doc.entries:
        codes = wanted.get(entry.key)
        if not codes or len(doc.find(entry.key)) > 1:
            continue  # a repeated key cannot say which entry a silencing or finding meant
        new_raw = _fixed_raw(entry, codes)
        if new_raw != entry.raw:
            edits.append(Edit(entry.span[0], entry.span[1], new_raw))
            done |= {(entry.key, c) for c in codes}
    data = apply_edits(doc, edits)
    _verify(doc, data)
    fixed = tuple(f for f in findings if (dict(f.extra).get("key"), f.code) in done and f.fixable)
    return FixResult(data, fixed)


def _fixed_raw(entry: BibEntry, codes: set[str]) -> str:
    """``entry.raw`` with each repairable field value replaced, right to left."""
    replacements: list[tuple[int, int, str]] = []
    for code in sorted(codes):
        names, repair = FIXES[code]
        for name in names:
            span = value_span(entry, name)
            new = repair(entry.fields[name]) if span else None
            if span and new is not None:
                replacements.append((span[0], span[1], new))
    raw = entry.raw
    for start, end, new in sorted(replacements, reverse=True):
        raw = raw[:start] + new + raw[end:]
    return raw


def _verify(before: BibDocument, data: bytes) -> None:
    """The repaired file must read as the same entries with the same problems."""
    after = parse_bib(data, name=before.name)
    same_keys = [e.key for e in after.entries] == [e.key for e in before.entries]
    same_problems = [(p.kind, p.line) for p in after.failed] == [
        (p.kind, p.line) for p in before.failed
    ]
    if not (same_keys and same_problems):
        raise BibFileError(
            f"{before.name}: the fixes would change the file's structure — not written"
        )
