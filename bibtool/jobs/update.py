"""Refreshing the arXiv entries already in a .bib file, keeping their keys and everything else.

For each entry that names an arXiv paper (in any field form merge.entry_identities knows), and
only where arXiv knows more than the entry: the author list is replaced when it says `others`
or has fewer names than arXiv; a publisher `doi` and the journal reference (`note`, unless the
entry already has a `note` or `journal`) are added; missing arXiv fields (`eprint`,
`archivePrefix`/`primaryClass` or `eprinttype`/`eprintclass`, `url`) are added. Values come
from render_entry, so they are escaped exactly as new entries are, and are spliced into the
entry's raw text (bibtex.splice): other fields, order, indentation and quoting stay as written.
An entry keeps the field names of its dialect: biblatex's when it has `eprinttype` or `date`,
classic BibTeX's when it has `archivePrefix` or `primaryClass`, otherwise the profile's.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from bibtool.bibfile import (
    BibDocument,
    BibEntry,
    check_writable,
    read_bib,
    replace_entry,
    write_atomic,
)
from bibtool.bibfile.splice import field_spans, splice_fields
from bibtool.jobs.pipeline import Session
from bibtool.model import Paper
from bibtool.render import render_entry
from bibtool.works.merge import entry_identities

_ARXIV_FIELDS = {
    "bibtex": ("eprint", "archiveprefix", "primaryclass", "url"),
    "biblatex": ("eprinttype", "eprint", "eprintclass", "url"),
}


@dataclass(frozen=True)
class EntryUpdate:
    """One entry that changed: its key, paper, line, and the fields replaced or added."""

    key: str
    arxiv_id: str
    line: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class UpdateOutcome:
    """What `update` did to a file (or, with dry_run, would do)."""

    path: Path
    updates: tuple[EntryUpdate, ...]
    missing: tuple[str, ...]  # arXiv ids that arXiv does not know
    skipped: tuple[str, ...]  # "key: reason" for entries left alone on purpose
    diff: str
    written: bool

    def summary(self) -> list[str]:
        verb = "updated" if self.written else "would update" if self.updates else "updated"
        n = len(self.updates)
        lines = [f"{self.path}: {verb} {n} entr{'y' if n == 1 else 'ies'}"]
        lines += [f"  ~ {u.key} (arXiv:{u.arxiv_id}): {', '.join(u.fields)}" for u in self.updates]
        lines += [f"  ? arXiv has no paper {i}" for i in self.missing]
        lines += [f"  = {s}" for s in self.skipped]
        return lines


def _names(author: str) -> list[str]:
    """The names in an author value, split at ` and ` outside braces."""
    depth, start, out = 0, 0, []
    for m in re.finditer(r"[{}]|\s+and\s+", author):
        if m[0] in "{}":
            depth += 1 if m[0] == "{" else -1
        elif depth == 0:
            out.append(author[start : m.start()])
            start = m.end()
    return [*out, author[start:]]


def _dialect(entry: BibEntry, profile: str) -> str:
    if {"eprinttype", "eprintclass", "date"} & entry.fields.keys():
        return "biblatex"
    if {"archiveprefix", "primaryclass"} & entry.fields.keys():
        return "bibtex"
    return "bibtex" if profile == "bibtex" else "biblatex"


def plan_entry(
    entry: BibEntry, paper: Paper, *, profile: str = "bibtex", unicode: bool = False
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(values to replace, fields to add) that bring entry up to date with paper."""
    dialect = _dialect(entry, profile)
    fresh = render_entry(paper, "k", profile=dialect, unicode=unicode)
    spans = field_spans(fresh)
    ref = {s.name: fresh[s.value_start + 1 : s.value_end - 1] for s in spans}
    spelled = {s.name: fresh[s.start : fresh.index(" ", s.start)] for s in spans}
    have = entry.fields
    replace: dict[str, str] = {}
    if "author" in ref and "author" in have:
        raw = have["author"]
        old = _names(raw[1:-1] if raw[:1] in '{"' else raw)
        if any(n.strip().lower() == "others" for n in old) or len(old) < len(_names(ref["author"])):
            replace["author"] = ref["author"]
    wanted = ["author", "doi", "note", *_ARXIV_FIELDS[dialect]]
    add = [
        (spelled[name], ref[name])
        for name in ref
        if name in wanted
        and name in ref
        and name not in have
        and not (name == "note" and "journal" in have)
    ]
    return replace, add


def _arxiv_id(entry: BibEntry) -> str | None:
    tokens = [t for t in entry_identities(entry.fields) if t.startswith("arxiv:")]
    return tokens[0].removeprefix("arxiv:") if tokens else None


def update_bib(
    path: Path,
    session: Session,
    *,
    profile: str = "bibtex",
    unicode: bool = False,
    dry_run: bool = False,
    backup: bool = False,
) -> UpdateOutcome:
    """Refresh every arXiv entry of the file at path; nothing is written if any block is broken."""
    doc = read_bib(path)
    doc.require_clean()
    if not dry_run:
        check_writable(path)  # now, not after the requests
    targets, skipped = _targets(doc)
    papers = session.resolver().papers_by_id(list(dict.fromkeys(targets.values())))
    data, updates = doc.data, []
    # Bottom-up, so the spans of the entries still to do are unchanged by each splice.
    for entry in sorted(doc.entries, key=lambda e: e.span, reverse=True):
        arxiv_id = targets.get(entry.key)
        if arxiv_id is None or arxiv_id not in papers or entry.commented:
            continue
        replace, add = plan_entry(entry, papers[arxiv_id], profile=profile, unicode=unicode)
        if not replace and not add:
            continue
        text = splice_fields(entry.raw, replace, add)
        data = replace_entry(dataclasses.replace(doc, data=data), entry.key, text)
        changed = (*replace, *(name for name, _ in add))
        updates.append(EntryUpdate(entry.key, arxiv_id, entry.start_line, changed))
    missing = tuple(i for i in dict.fromkeys(targets.values()) if i not in papers)
    diff = _diff(doc, data) if dry_run else ""
    written = not dry_run and data != doc.data
    if written:
        written = write_atomic(path, data, expected=doc.on_disk, backup=backup)
    return UpdateOutcome(path, tuple(reversed(updates)), missing, skipped, diff, written)


def _targets(doc: BibDocument) -> tuple[dict[str, str], tuple[str, ...]]:
    """key -> arXiv id of the entries to refresh; entries whose key repeats are skipped."""
    targets: dict[str, str] = {}
    skipped: list[str] = []
    for entry in doc.entries:
        arxiv_id = None if entry.commented else _arxiv_id(entry)
        if arxiv_id is None:
            continue
        if len(doc.find(entry.key)) > 1:
            skipped.append(f"{entry.key}: the key is used more than once in the file")
            continue
        targets[entry.key] = arxiv_id
    return targets, tuple(dict.fromkeys(skipped))


def _diff(doc: BibDocument, new: bytes) -> str:
    before = doc.data.decode(doc.encoding, errors="replace").splitlines(keepends=True)
    after = new.decode(doc.encoding, errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{doc.name}", f"b/{doc.name}"))
