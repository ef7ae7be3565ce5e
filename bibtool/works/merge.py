"""The merge plan: which new works to add, which are already in the file, which to enrich.

Identity is ``works.same``'s (arXiv id, then DOI, then title + first author + year). A work already
present is never added again and keeps its key; with ``update`` its entry gains what the new
version adds (``enrich``). New entries are appended, or inserted at their place when the file is
visibly sorted by key. Applying a plan splices into the original bytes (``bibfile.edit``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bibtool.bibfile import BibDocument, BibEntry, parse_bib
from bibtool.bibfile.edit import (
    Edit,
    appending,
    apply_edits,
    inserting_after,
    inserting_before,
    replacing,
)
from bibtool.bibfile.fields import rekey, same_text
from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.ids.entry import describe_token, entry_identities, normalize_doi
from bibtool.render.keys import unique_key
from bibtool.works.enrich import enrich
from bibtool.works.facts import WorkFacts, entry_surname, work_facts
from bibtool.works.same import Decision, WorkIndex

_TYPE = re.compile(r"\s*@\s*(\w+)")

__all__ = [
    "MergePlan",
    "NewWork",
    "Skip",
    "Update",
    "apply_plan",
    "plan_merge",
    "work_identities",
]


@dataclass(frozen=True)
class NewWork:
    """An entry to merge: key (unique against the file), BibTeX text, identity, and the text's
    raw fields (``BibEntry.fields``) when the caller has parsed it already."""

    key: str
    text: str
    arxiv_id: str | None = None
    doi: str | None = None
    fields: Mapping[str, str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Skip:
    """A new work left out because the file (or an earlier new work) already has it."""

    work: NewWork
    existing_key: str
    line: int | None  # where the existing entry starts; None when it is an earlier new work
    reason: str


@dataclass(frozen=True)
class Update:
    """An existing entry enriched in place by a new version of its work (``--update``)."""

    existing_key: str
    line: int
    text: str  # the entry's new text, in the file's newline style
    changes: tuple[str, ...]
    works: tuple[NewWork, ...]
    reason: str


@dataclass(frozen=True)
class MergePlan:
    """What a merge will do: additions in order, updates, skips and renamed keys, with reasons."""

    additions: tuple[NewWork, ...]
    skipped: tuple[Skip, ...]
    updates: tuple[Update, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (key in the new file, key it was given)
    explained: tuple[str, ...] = ()  # one line per comparison made, for --explain


def work_identities(work: NewWork) -> list[str]:
    """Identity tokens of a new work, from its text; the ids the caller declares must be there.

    Only what is written can be found again, so a declared id missing from the text would make a
    second merge add the work again: that is a caller error (ValueError).
    """
    return list(_facts(work).tokens)


def _facts(work: NewWork) -> WorkFacts:
    fields, entry_type = work.fields, ""
    if fields is None:
        entries = parse_bib(work.text, name=work.key).entries
        fields = entries[0].fields if entries else {}
        entry_type = entries[0].entry_type if entries else ""
    else:
        head = _TYPE.match(work.text)
        entry_type = head[1].lower() if head else ""
    facts = work_facts(work.key, fields, entry_type=entry_type)
    for declared in _declared(work):
        if declared not in facts.tokens:
            what = describe_token(declared)
            raise ValueError(
                f"{work.key}: {what} is not in its BibTeX text, so a re-run would add it again"
            )
    return facts


def _declared(work: NewWork) -> list[str]:
    tokens = []
    if work.arxiv_id is not None:
        ref = parse_arxiv_id(work.arxiv_id)
        if ref is None:
            raise ValueError(f"{work.key}: not an arXiv identifier: {work.arxiv_id!r}")
        tokens.append(f"arxiv:{ref.id}")
    if work.doi is not None:
        doi = normalize_doi(work.doi)
        if doi is None:
            raise ValueError(f"{work.key}: not a DOI: {work.doi!r}")
        ref = parse_arxiv_id(doi)
        tokens.append(f"arxiv:{ref.id}" if ref else f"doi:{doi}")
    return tokens


def index_document(
    doc: BibDocument, wanted: Sequence[WorkFacts] | None = None
) -> tuple[WorkIndex, list[BibEntry]]:
    """The file's works, indexed; position i of the index is entry i of the list.

    With ``wanted``, only entries sharing an identifier or the first author's surname with one of
    them: every candidate ``WorkIndex.lookup`` could return for them, so a merge into a large
    file reads ids and a surname per entry, and titles only of the few entries that matter.
    """
    tokens = {t for facts in wanted or () for t in facts.tokens}
    surnames = {facts.surname for facts in wanted or () if facts.surname}
    index, entries = WorkIndex(), []
    for entry in doc.entries:
        if entry.commented:
            continue  # the user commented it out; adding the paper again is what they want
        fields, kind = doc.inherited(entry), entry.entry_type
        if wanted is None or entry_surname(fields) in surnames:
            facts = work_facts(entry.key, fields, entry.start_line, entry_type=kind)
        else:
            ids = entry_identities(fields)
            if not any(t in tokens for t in ids):
                continue
            facts = work_facts(entry.key, fields, entry.start_line, tokens=ids, entry_type=kind)
        index.add(facts)
        entries.append(entry)
    return index, entries


def plan_merge(
    doc: BibDocument,
    new: Sequence[NewWork],
    *,
    update: bool = False,
    rename: bool = False,
    distinct: Callable[[str, str], bool] | None = None,
) -> MergePlan:
    """Split ``new`` into additions, skips and (with ``update``) enrichments of existing entries.

    A new key that collides, ignoring case as BibTeX does, with an existing entry or another
    addition raises ValueError — or, with ``rename``, gets a letter suffix — unless the work is
    skipped anyway or its text is the existing entry's, so a merge can be re-run unchanged.
    """
    return _Planner(doc, update=update, rename=rename, distinct=distinct).run(new)


class _Planner:
    def __init__(
        self,
        doc: BibDocument,
        *,
        update: bool,
        rename: bool,
        distinct: Callable[[str, str], bool] | None,
    ) -> None:
        self.doc, self.update, self.rename, self.distinct = doc, update, rename, distinct
        self.index, self.entries = WorkIndex(), list[BibEntry]()
        self.keys: dict[str, str] = {e.key.lower(): e.key for e in doc.entries}
        self.new_index = WorkIndex()
        self.additions: list[NewWork] = []
        self.skipped: list[Skip] = []
        self.updates: dict[str, Update] = {}
        self.renamed: list[tuple[str, str]] = []
        self.explained: list[str] = []

    def run(self, new: Sequence[NewWork]) -> MergePlan:
        facts = [_facts(work) for work in new]
        self.index, self.entries = index_document(self.doc, facts)
        for work, one in zip(new, facts, strict=True):
            self._one(work, one)
        return MergePlan(
            tuple(self.additions),
            tuple(self.skipped),
            tuple(self.updates.values()),
            tuple(self.renamed),
            tuple(self.explained),
        )

    def _one(self, work: NewWork, facts: WorkFacts) -> None:
        found = self.index.lookup(facts, distinct=self.distinct)
        self._explain(work, found.considered, self.index.works)
        if found.match is not None and found.decision is not None:
            same_version = self.index.works[found.match].published == facts.published
            self._present(work, self.entries[found.match], found.decision, same_version)
            return
        same_key = self._same_key_entry(work)
        if same_key is not None:
            reason = f"entry {same_key.key} already in {self.doc.name} (line {same_key.start_line})"
            self.skipped.append(Skip(work, same_key.key, same_key.start_line, reason))
            return
        earlier = self.new_index.lookup(facts, distinct=self.distinct)
        if earlier.match is not None and earlier.decision is not None:
            self._repeated(work, earlier.match, earlier.decision)
            return
        work = self._keyed(work)
        self.additions.append(work)
        self.keys[work.key.lower()] = work.key
        self.new_index.add(facts)
        self.explained.append(f"{work.key}: added (no entry in {self.doc.name} is this work)")

    def _repeated(self, work: NewWork, pos: int, decision: Decision) -> None:
        """A work listed twice among the new ones: added once, enriched by the later copy so a
        re-run (which finds the addition in the file) has nothing left to update."""
        first = self.additions[pos]
        reason = f"{_what(decision)} listed twice; added once as {first.key}"
        if self.update:
            same_version = self.new_index.works[pos].published == _facts(work).published
            text, changes = enrich(first.text, work.text, newline="\n", same_version=same_version)
            if changes:
                self.additions[pos] = NewWork(first.key, text, first.arxiv_id, first.doi)
                reason += f" ({'; '.join(changes)})"
        self.skipped.append(Skip(work, first.key, None, reason))

    def _present(
        self, work: NewWork, entry: BibEntry, decision: Decision, same_version: bool
    ) -> None:
        where = f"{self.doc.name} as {entry.key} (line {entry.start_line})"
        reason = f"{_what(decision)} already in {where}"
        self.explained.append(f"{work.key}: {reason}")
        if self.update:
            previous = self.updates.get(entry.key)
            current = previous.text if previous else entry.raw
            text, changes = enrich(
                current, work.text, newline=self.doc.newline, same_version=same_version
            )
            if changes:
                done = (previous.changes if previous else ()) + changes
                works = (previous.works if previous else ()) + (work,)
                self.updates[entry.key] = Update(
                    entry.key, entry.start_line, text, done, works, reason
                )
                return
        self.skipped.append(Skip(work, entry.key, entry.start_line, reason))

    def _same_key_entry(self, work: NewWork) -> BibEntry | None:
        for entry in self.doc.find(self.keys.get(work.key.lower(), "\0")):
            if same_text(entry.raw, work.text):
                return entry
        return None

    def _keyed(self, work: NewWork) -> NewWork:
        clash = self.keys.get(work.key.lower())
        if clash is None:
            return work
        if not self.rename:
            raise ValueError(f"new key {work.key!r} collides with {clash!r} (BibTeX ignores case)")
        key = unique_key(work.key, self.keys)
        self.renamed.append((work.key, key))
        return NewWork(key, rekey(work.text, key), work.arxiv_id, work.doi)

    def _explain(
        self, work: NewWork, considered: Sequence[tuple[int, Decision]], works: list[WorkFacts]
    ) -> None:
        for pos, decision in considered:
            self.explained.append(f"{work.key}: not {works[pos].key}: {decision.reason}")


def _what(decision: Decision) -> str:
    """``arXiv 2107.13163`` for identifier matches, ``same work (title ...)`` for the others."""
    if decision.rule in ("arxiv", "doi"):
        return decision.reason.removeprefix("same ")
    return f"same work ({decision.reason})"


def apply_plan(doc: BibDocument, plan: MergePlan) -> bytes:
    """The new file: updates spliced in place, additions appended or inserted in key order."""
    edits = [replacing(doc, doc.find(u.existing_key)[0], u.text) for u in plan.updates]
    if plan.additions:
        edits += _placed(doc, [w.text for w in plan.additions], [w.key for w in plan.additions])
    return apply_edits(doc, edits)


def _placed(doc: BibDocument, texts: Sequence[str], keys: Sequence[str]) -> list[Edit]:
    """Appended, or in key order after the entry each new key follows if the file is sorted."""
    keyed = [e for e in doc.entries if e.key and not e.commented]
    folded = [e.key.casefold() for e in keyed]
    if len(keyed) < 3 or any(a > b for a, b in zip(folded, folded[1:], strict=False)):
        return [appending(doc, texts)]
    groups: dict[int, list[tuple[str, str]]] = {}
    for key, text in zip(keys, texts, strict=True):
        at = bisect.bisect_right(folded, key.casefold())
        groups.setdefault(at, []).append((key.casefold(), text))
    edits = []
    for at, group in groups.items():
        ordered = [text for _, text in sorted(group)]
        if at == len(keyed):
            edits.append(appending(doc, ordered))
        elif at == 0:
            edits.append(inserting_before(doc, keyed[0], ordered))
        else:
            edits.append(inserting_after(doc, keyed[at - 1], ordered))
    return edits
