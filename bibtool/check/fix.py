"""``--fix``: the safe repairs, spliced into the original bytes; nothing else changes.

Safe means the value means the same afterwards for every reader: an arXiv id without its
version pin (BIB010), a DOI without its link prefix (BIB008), a title with the braces bibtool's
own renderer would add (BIB015). Each repair rewrites one field value inside one entry, and the
whole change set goes through ``bibfile.apply_edits`` in one pass, so every byte outside those
values stays as it was. The result is parsed again and refused if any entry or problem changed.

Then duplicate works (BIB003) are collapsed as ``bibtool dedupe`` collapses them, on the repaired
text parsed again: each later entry is removed with its line, its key added to the kept entry's
``ids = {…}``. Only entries reported as fixable BIB003 are removed, so one that silences the rule
for itself stays (it is marked distinct for the plan), and the result must hold exactly the
entries that were not removed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtool.bibfile import BibDocument, BibEntry, Edit, apply_edits, parse_bib
from bibtool.check.context import value_span
from bibtool.check.finding import Finding
from bibtool.check.identifiers import fix_doi, fix_pinned
from bibtool.check.style import fix_title
from bibtool.errors import BibFileError
from bibtool.works.dedupe import DedupePlan, apply_dedupe, plan_dedupe

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
    fixable = [f for f in findings if f.fixable and f.key is not None]
    if not fixable:
        return FixResult(doc.data, ())
    doc.require_clean()
    data, done = _fix_fields(doc, fixable)
    duplicates = {_key(f) for f in fixable if f.code == "BIB003"}
    if duplicates:
        after = doc if data == doc.data else parse_bib(data, name=doc.name)
        data, removed = _dedupe(after, duplicates)
        done |= {(key, "BIB003") for key in removed}
    return FixResult(data, tuple(f for f in fixable if (_key(f), f.code) in done))


def _key(finding: Finding) -> str:
    return finding.key or ""


def _fix_fields(doc: BibDocument, fixable: Sequence[Finding]) -> tuple[bytes, set[tuple[str, str]]]:
    """The field repairs, spliced in one pass; the (key, code) pairs they repaired."""
    wanted: dict[str, set[str]] = {}
    for f in fixable:
        if f.code in FIXES:
            wanted.setdefault(_key(f), set()).add(f.code)
    edits, done = [], set()
    for entry in doc.entries:
        codes = wanted.get(entry.key)
        if not codes or len(doc.find(entry.key)) > 1:
            continue  # a repeated key cannot say which entry a silencing or finding meant
        new_raw = _fixed_raw(entry, codes)
        if new_raw != entry.raw:
            edits.append(Edit(entry.span[0], entry.span[1], new_raw))
            done |= {(entry.key, c) for c in codes}
    if not edits:
        return doc.data, done
    data = apply_edits(doc, edits)
    _verify(doc, data)
    return data, done


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


def _dedupe(doc: BibDocument, wanted: set[str]) -> tuple[bytes, set[str]]:
    """``doc`` with the duplicates named in ``wanted`` folded into their kept entries."""
    plan = _plan(doc, wanted)
    if not plan.groups:
        return doc.data, set()
    data = apply_dedupe(doc, plan)
    gone = {id(d.entry) for g in plan.groups for d in g.duplicates}
    expected = [e.key for e in doc.entries if id(e) not in gone]
    after = parse_bib(data, name=doc.name)
    if [e.key for e in after.entries] != expected or after.blocking:
        raise BibFileError(
            f"{doc.name}: removing duplicate works would damage the file — not written"
        )
    return data, {d.entry.key for g in plan.groups for d in g.duplicates}


def _plan(doc: BibDocument, wanted: set[str]) -> DedupePlan:
    """Dedupe's plan, limited to the duplicates the check reported (and did not silence)."""
    plan = plan_dedupe(doc)
    # An unreported duplicate is kept apart from its entry, so the rest of its group still folds.
    apart = [
        frozenset({d.entry.key, g.kept.key})
        for g in plan.groups
        for d in g.duplicates
        if d.entry.key not in wanted
    ]
    if apart:
        plan = plan_dedupe(doc, distinct=apart)
    groups = tuple(g for g in plan.groups if all(d.entry.key in wanted for d in g.duplicates))
    return DedupePlan(groups, plan.explained)
