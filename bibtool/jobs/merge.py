"""The jobs ``merge`` and ``dedupe``: read, plan (``works``), splice, diff, write atomically.

Nothing is written when a file is not fully parsed (the error names file and line), on a dry run,
or when nothing changes; the summary says what was added, updated, skipped and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bibtool.bibfile import BibDocument, Rewritten, commit, open_for_rewrite, read_bib
from bibtool.bibfile.rewrite import Rewrote
from bibtool.config import load_config
from bibtool.works.dedupe import apply_dedupe, distinct_sets, distinct_test, plan_dedupe
from bibtool.works.merge import MergePlan, NewWork, apply_plan, plan_merge

__all__ = ["FileOutcome", "dedupe", "merge"]


@dataclass(frozen=True)
class FileOutcome(Rewrote):
    """What a merge or dedupe did to one file (or, on a dry run, would do)."""

    path: Path
    summary: tuple[str, ...]
    explained: tuple[str, ...]  # one line per comparison made, for --explain
    rewrite: Rewritten


def merge(
    sources: Sequence[Path | str],
    into: Path | str,
    *,
    update: bool = False,
    dry_run: bool = False,
    backup: bool = False,
) -> FileOutcome:
    """Merge the entries of ``sources`` into ``into``; existing works are skipped (or, with
    ``update``, enriched); a new entry whose key is taken gets a letter suffix."""
    target = open_for_rewrite(into, dry_run=dry_run, missing_ok=True)
    works = [w for source in sources for w in _works_in(read_bib(source))]
    distinct = distinct_test([*distinct_sets(target.text), *_configured_distinct(into)])
    plan = plan_merge(target, works, update=update, rename=True, distinct=distinct)
    rewrite = commit(target, into, apply_plan(target, plan), dry_run=dry_run, backup=backup)
    summary = _merge_summary(target, plan, dry_run)
    return FileOutcome(Path(into), summary, plan.explained, rewrite)


def _configured_distinct(path: Path | str) -> tuple[frozenset[str], ...]:
    """The ``distinct`` key sets of the configuration found above ``path`` (see ``config``)."""
    return load_config(Path(path).resolve().parent).distinct


def _works_in(doc: BibDocument) -> list[NewWork]:
    doc.require_clean()
    return [
        NewWork(e.key, e.raw, fields=e.fields) for e in doc.entries if e.key and not e.commented
    ]


def _merge_summary(doc: BibDocument, plan: MergePlan, dry_run: bool) -> tuple[str, ...]:
    verb = "would " if dry_run else ""
    head = (
        f"{doc.name}: {verb}add {len(plan.additions)}, {verb}update {len(plan.updates)}, "
        f"skip {len(plan.skipped)}"
    )
    lines = [head]
    renamed = dict(plan.renamed)
    for work in plan.additions:
        was = next((old for old, new in renamed.items() if new == work.key), None)
        lines.append(f"  + {work.key}" + (f" (renamed from {was}: key taken)" if was else ""))
    lines += [f"  ~ {u.existing_key} (line {u.line}): {'; '.join(u.changes)}" for u in plan.updates]
    for s in plan.skipped:
        cite = f" — cite {s.existing_key} for {s.work.key}" if s.work.key != s.existing_key else ""
        lines.append(f"  = {s.work.key}: {s.reason}{cite}")
    return tuple(lines)


def dedupe(path: Path | str, *, dry_run: bool = False, backup: bool = False) -> FileOutcome:
    """Collapse duplicate works inside one file (see ``works.dedupe``)."""
    doc = open_for_rewrite(path, dry_run=dry_run)
    plan = plan_dedupe(doc, distinct=_configured_distinct(path))
    rewrite = commit(doc, path, apply_dedupe(doc, plan), dry_run=dry_run, backup=backup)
    removed = sum(len(g.duplicates) for g in plan.groups)
    verb = "would remove" if dry_run else "removed"
    lines = [f"{doc.name}: {verb} {removed} duplicate(s) of {len(plan.groups)} work(s)"]
    for group in plan.groups:
        lines += [
            f"  - {dup.entry.key} (line {dup.entry.start_line}) -> {group.kept.key} "
            f"(line {group.kept.start_line}): {dup.decision.reason}"
            for dup in group.duplicates
        ]
        if group.aliases:
            # Classic BibTeX has no key aliases: documents must cite the kept key.
            lines.append(f"    cite {group.kept.key} instead of {', '.join(group.aliases)}")
    return FileOutcome(Path(path), tuple(lines), plan.explained, rewrite)
