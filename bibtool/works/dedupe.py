"""Duplicates inside one .bib file: which entries are one work, and the file with them collapsed.

The first entry of a work is kept with its key; each later one is removed (with its line), its
key recorded in the kept entry's ``ids = {…}`` (biblatex's key aliases, so ``\\cite{old}`` keeps
working there) and its identifiers (``eprint``, ``doi``...) added when the kept entry lacks them,
so the work can still be recognised from either version. Pairs the user marked distinct with
``@comment{bibtool:distinct key1 key2 ...}`` (every two keys listed together) are never merged,
and neither is an entry that a member of the group contradicts (different arXiv ids or DOIs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bibtool.bibfile import BibDocument, BibEntry
from bibtool.bibfile.edit import apply_edits, removing, replacing
from bibtool.bibfile.fields import add_fields, field_spans, rekey, requoted, set_field_value
from bibtool.bibfile.gcpause import collector_paused
from bibtool.works.enrich import IDENTIFIER_FIELDS, enrich
from bibtool.works.facts import WorkFacts, work_facts
from bibtool.works.same import Decision, WorkIndex, compare

__all__ = [
    "DedupePlan",
    "Duplicate",
    "DuplicateGroup",
    "apply_dedupe",
    "distinct_sets",
    "distinct_test",
    "entry_facts",
    "merged_group",
    "plan_dedupe",
]

_DISTINCT = re.compile(r"@\s*comment\s*[{(]\s*bibtool:distinct\b([^})]*)[})]", re.IGNORECASE)
# What keeps an entry out of a group although it matched one member: it contradicts another.
_VETOES = frozenset(
    {
        "arxiv-differs",
        "doi-differs",
        "id-conflict",
        "title-numbers",
        "edition-differs",
        "number-differs",
        "kind-differs",
    }
)


@dataclass(frozen=True)
class Duplicate:
    """An entry to remove, and why it is the kept entry's work."""

    entry: BibEntry
    decision: Decision


@dataclass(frozen=True)
class DuplicateGroup:
    """One work written several times: the entry kept, the ones removed, the kept entry's text."""

    kept: BibEntry  # where the work stays in the file
    duplicates: tuple[Duplicate, ...]
    text: str
    changes: tuple[str, ...]
    key: str = ""  # the kept entry's key: the first one's, or a crossref parent's ("" = kept's)

    @property
    def aliases(self) -> tuple[str, ...]:
        """Keys that cite this work in other documents: the other entries' distinct keys."""
        seen = {(self.key or self.kept.key).lower()}
        out = []
        for entry in (self.kept, *(dup.entry for dup in self.duplicates)):
            if entry.key and entry.key.lower() not in seen:
                seen.add(entry.key.lower())
                out.append(entry.key)
        return tuple(out)


@dataclass(frozen=True)
class DedupePlan:
    """Every group of duplicates, and one line per comparison for ``--explain``."""

    groups: tuple[DuplicateGroup, ...]
    explained: tuple[str, ...]

    def folded_pairs(self) -> list[frozenset[str]]:
        """The (kept key, removed key) pair of each entry the plan removes (one key when both
        are the same): what a judge of folds reads."""
        return [
            frozenset((group.kept.key, dup.entry.key))
            for group in self.groups
            for dup in group.duplicates
        ]

    def together(self, a: str, b: str) -> bool:
        """Whether the entries keyed ``a`` and ``b`` end in one group; for ``a == b``, whether
        the entries written under that one key do (a key given twice, folded)."""
        where: dict[str, list[int]] = {}
        for n, group in enumerate(self.groups):
            for entry in (group.kept, *(dup.entry for dup in group.duplicates)):
                where.setdefault(entry.key, []).append(n)
        if a == b:
            return len(set(where.get(a, ()))) == 1 and len(where[a]) > 1
        return bool(set(where.get(a, ())) & set(where.get(b, ())))


def distinct_sets(text: str) -> list[frozenset[str]]:
    """Key sets from ``@comment{bibtool:distinct a b c}`` blocks (commas or spaces separate)."""
    return [frozenset(m[1].replace(",", " ").split()) for m in _DISTINCT.finditer(text)]


def plan_dedupe(doc: BibDocument, *, distinct: Iterable[frozenset[str]] = ()) -> DedupePlan:
    """Group the file's entries by work (``works.same``), first entry of each group kept."""
    with collector_paused():  # the scan indexes every work of the file (see gcpause)
        return _plan_dedupe(doc, distinct)


def _plan_dedupe(doc: BibDocument, distinct: Iterable[frozenset[str]]) -> DedupePlan:
    marks = [*distinct_sets(doc.text), *distinct]
    is_distinct = distinct_test(marks)
    index = WorkIndex()
    root: list[int] = []  # index position -> position of its group's kept entry
    members: dict[int, list[tuple[BibEntry, WorkFacts, Decision | None]]] = {}
    explained: list[str] = []
    for entry in doc.entries:
        if entry.commented or not entry.key:
            continue
        facts = entry_facts(doc, entry)
        found = index.lookup(facts, distinct=is_distinct)
        explained += [
            f"{entry.key} (line {entry.start_line}) is not {index.works[p].key}: {d.reason}"
            for p, d in found.considered
        ]
        group = root[found.match] if found.match is not None else None
        if group is not None and found.decision is not None:
            veto = _veto(facts, members[group], is_distinct)
            if veto is None:
                members[group].append((entry, facts, found.decision))
                root.append(group)
                index.add(facts)
                kept = members[group][0][0]
                explained.append(f"{entry.key} (line {entry.start_line}) is {kept.key}: "
                                 f"{found.decision.reason}")  # fmt: skip
                continue
            explained.append(f"{entry.key} (line {entry.start_line}) kept apart: {veto}")
        root.append(len(root))
        members[root[-1]] = [(entry, facts, None)]
        index.add(facts)
    groups = [_group(doc, m) for m in members.values() if len(m) > 1]
    return DedupePlan(tuple(groups), tuple(explained))


def entry_facts(doc: BibDocument, entry: BibEntry) -> WorkFacts:
    """The facts of one entry of ``doc``, with what its ``crossref`` parent lends it."""
    fields = doc.inherited(entry)
    return work_facts(entry.key, fields, entry.start_line, entry_type=entry.entry_type)


def distinct_test(marks: Iterable[frozenset[str]]) -> Callable[[str, str], bool]:
    """Whether two keys are listed together in one of the ``marks`` (and are not one key)."""
    marks = tuple(marks)

    def test(a: str, b: str) -> bool:
        return a != b and any(a in m and b in m for m in marks)

    return test


def _veto(
    facts: WorkFacts,
    group: list[tuple[BibEntry, WorkFacts, Decision | None]],
    is_distinct: Callable[[str, str], bool],
) -> str | None:
    """Why ``facts`` must not join ``group`` although it matched one member, else None."""
    for entry, other, _ in group:
        if is_distinct(facts.key, entry.key):
            return f"marked distinct from {entry.key}"
        decision = compare(facts, other)
        if decision.rule in _VETOES:
            return f"{decision.reason} ({entry.key})"
    return None


def _group(
    doc: BibDocument, members: list[tuple[BibEntry, WorkFacts, Decision | None]]
) -> DuplicateGroup:
    kept = members[0][0]
    dups = tuple(Duplicate(e, d) for e, _, d in members[1:] if d is not None)
    try:
        return merged_group(doc, kept, dups)
    except ValueError:
        # An entry whose fields cannot be read (BIB001 reports it, and nothing writes a file
        # with a parse error) is still one of the group: it is reported, not rewritten.
        return DuplicateGroup(kept, dups, kept.raw, ())


def merged_group(doc: BibDocument, kept: BibEntry, dups: tuple[Duplicate, ...]) -> DuplicateGroup:
    """``kept`` with ``dups`` folded in: their identifiers it lacks, their keys in its ``ids``.

    The entry written in ``kept``'s place is the best version (``_best``): a published one over
    a preprint written first (its type, venue, pages and DOI, with the preprint's arXiv
    identifiers added), under the first key — or under its own key when other entries crossref
    it, so they keep their parent. ValueError when an entry's fields cannot be read.
    """
    best = _best(doc, kept, dups)
    key = best.key if best is not kept and _is_parent(doc, best) else kept.key
    text, changes = kept.raw, []
    if best is not kept:
        text = best.raw if key == best.key else rekey(best.raw, key)
        changes.append(f"the entry of {best.key} kept (published version or crossref parent)")
    for other in (kept, *(d.entry for d in dups)):
        if other is best:
            continue
        text, more = enrich(text, other.raw, newline=doc.newline, only=IDENTIFIER_FIELDS)
        changes += [f"{c} from {other.key}" for c in more]
    group = DuplicateGroup(kept, dups, text, (), key)
    if group.aliases:
        text, change = _with_ids(text, group.aliases, doc.newline)
        changes.append(change)
    return DuplicateGroup(kept, dups, text, tuple(changes), key)


def _best(doc: BibDocument, kept: BibEntry, dups: tuple[Duplicate, ...]) -> BibEntry:
    """The entry whose text the group keeps: a crossref parent (of a member or of any entry),
    else the first published version when the first entry is a preprint, else the first."""
    members = (kept, *(d.entry for d in dups))
    for entry in members[1:]:
        if _is_parent(doc, entry):  # of the first entry (a stub for an old key) or of others
            return entry
    first = entry_facts(doc, kept)
    if first.preprint or not first.published:
        for entry in members[1:]:
            facts = entry_facts(doc, entry)
            if facts.published and not facts.preprint:
                return entry
    return kept


def _is_parent(doc: BibDocument, entry: BibEntry) -> bool:
    """Whether an entry of ``doc`` names ``entry`` in its ``crossref``."""
    return entry.key.lower() in doc.parents


def _with_ids(raw: str, aliases: tuple[str, ...], newline: str) -> tuple[str, str]:
    """``raw`` with ``aliases`` in its ``ids`` field (added, or extended if there is one)."""
    spans = [s for s in field_spans(raw) if s.key == "ids"]
    if not spans:
        value = "{" + ", ".join(aliases) + "}"
        return add_fields(raw, [("ids", value)], newline=newline), f"ids = {value}"
    old = raw[spans[0].value_start : spans[0].value_end]
    have = [k.strip() for k in old.strip('{}"').split(",") if k.strip()]
    keys = have + [k for k in aliases if k not in have]
    value = requoted(old, "{" + ", ".join(keys) + "}")  # a quoted ids field stays quoted
    return set_field_value(raw, "ids", value), f"ids = {value}"


def apply_dedupe(doc: BibDocument, plan: DedupePlan) -> bytes:
    """The file with each group's duplicates removed and its kept entry rewritten in place."""
    edits = []
    for group in plan.groups:
        if group.text != group.kept.raw:
            edits.append(replacing(doc, group.kept, group.text))
        edits += [removing(doc, dup.entry) for dup in group.duplicates]
    return apply_edits(doc, edits)
