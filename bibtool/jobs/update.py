"""The job ``update``: refresh the arXiv entries already in a .bib file, keys and all else kept.

Which entries and what changes in each is ``works.update``'s; this job finds the papers (store
first) and rewrites the file through ``bibfile.rewrite``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bibtool.bibfile import BibDocument, BibEntry, Rewritten, apply_edits, commit, open_for_rewrite
from bibtool.bibfile.edit import replacing
from bibtool.bibfile.rewrite import Rewrote
from bibtool.ids.entry import entry_identities
from bibtool.jobs.resolve import Progress
from bibtool.jobs.session import OnRequest, Session, Settings
from bibtool.jobs.venues import VenueFinder
from bibtool.model import Paper
from bibtool.render.papers import Style
from bibtool.works.facts import work_facts
from bibtool.works.published import Published
from bibtool.works.update import refreshed
from bibtool.works.upgrade import as_published

__all__ = [
    "EntryUpdate",
    "Preprint",
    "PublishedChoice",
    "UpdateOutcome",
    "published_versions",
    "update",
]


@dataclass(frozen=True)
class EntryUpdate:
    """One entry that changed: its key, paper, line, and the fields replaced or added."""

    key: str
    arxiv_id: str
    line: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PublishedChoice:
    """What ``update --published`` decided for one preprint entry, and why."""

    key: str
    arxiv_id: str
    verdict: str  # "published", "ambiguous", "none", "already" (a venue is named already)
    record: str | None  # the venue record chosen ("dblp:conf/iclr/FrantarAHA23")
    reason: str
    declined: tuple[tuple[str, str], ...] = ()
    fields: tuple[str, ...] = ()  # what the rewrite changed ("@inproceedings", "+booktitle")


@dataclass(frozen=True)
class UpdateOutcome(Rewrote):
    """What ``update`` did to a file (or, on a dry run, would do)."""

    path: Path
    updates: tuple[EntryUpdate, ...]
    missing: tuple[str, ...]  # arXiv ids that arXiv does not know
    skipped: tuple[str, ...]  # "key: reason" for entries left alone on purpose
    rewrite: Rewritten
    published: tuple[PublishedChoice, ...] = ()
    requests: int = 0  # HTTP requests made (arXiv and DBLP)
    offline: bool = False  # answered from the local store only: "missing" is missing there

    def summary(self) -> list[str]:
        verb = "updated" if self.written else "would update" if self.updates else "updated"
        n = len(self.updates)
        lines = [f"{self.path}: {verb} {n} entr{'y' if n == 1 else 'ies'}"]
        lines += [f"  ~ {u.key} (arXiv:{u.arxiv_id}): {', '.join(u.fields)}" for u in self.updates]
        where = "is not in the local store (offline)" if self.offline else "is not on arXiv"
        lines += [f"  ? {i} {where}" for i in self.missing]
        lines += [f"  = {s}" for s in self.skipped]
        for c in self.published:
            mark = "^" if c.verdict == "published" else "-"
            lines.append(f"  {mark} {c.key} (arXiv:{c.arxiv_id}): {c.verdict}: {c.reason}")
        return lines


def update(
    path: Path | str,
    *,
    settings: Settings | None = None,
    style: Style = Style(),
    dry_run: bool = False,
    backup: bool = False,
    on_request: OnRequest | None = None,
    published: bool = False,
    progress: Callable[[int], Progress | None] | None = None,
    export_progress: Callable[[int], Progress | None] | None = None,
) -> UpdateOutcome:
    """Refresh every arXiv entry of the file at ``path`` (``style``: its profile and unicode);
    BibFileError, before any request, for a file that could not be rewritten.

    ``published``: rewrite each preprint whose published version is found (``works.published``
    decides, ``works.upgrade`` rewrites) as that version, arXiv fields kept. ``progress``: given
    the number of entries to look up, returns what to call as each is decided (a bar);
    ``export_progress``: the same for the bytes of the ACL Anthology's whole export, when a file
    of many NLP preprints reads it (``VenueFinder.on_export``)."""
    style.check()
    settings = settings or Settings()
    doc = open_for_rewrite(path, dry_run=dry_run)
    targets, skipped = _targets(doc)
    choices: list[PublishedChoice] = []
    edits, updates = [], []
    with Session(settings, on_request=on_request) as session:
        papers = session.resolver().papers_by_id(list(dict.fromkeys(targets.values())))
        upgraded: set[str] = set()
        if published:
            if export_progress is not None:
                session.venue_finder().on_export = export_progress
            step = progress(len(targets)) if progress else None
            each = (lambda: step(1)) if step else (lambda: None)
            for entry, choice, text in _published(doc, targets, papers, session, style, each):
                choices.append(choice)
                if text is not None:
                    upgraded.add(entry.key)
                    edits.append(replacing(doc, entry, text))
                    updates.append(EntryUpdate(entry.key, choice.arxiv_id, entry.start_line,
                                               choice.fields))  # fmt: skip
        requests = session.requests + session.venue_requests if published else session.requests
    for entry in doc.entries:
        arxiv_id = targets.get(entry.key)
        if arxiv_id is None or arxiv_id not in papers or entry.commented:
            continue
        if entry.key in upgraded or (published and _is_published(entry)):
            continue  # the venue's authors and fields, not arXiv's, for a published version
        text, changed = refreshed(
            entry, papers[arxiv_id], newline=doc.newline, profile=style.profile,
            unicode=style.unicode,
        )  # fmt: skip
        if changed:
            edits.append(replacing(doc, entry, text))
            updates.append(EntryUpdate(entry.key, arxiv_id, entry.start_line, changed))
    missing = tuple(i for i in dict.fromkeys(targets.values()) if i not in papers)
    rewrite = commit(doc, path, apply_edits(doc, edits), dry_run=dry_run, backup=backup)
    return UpdateOutcome(
        Path(path), tuple(updates), missing, skipped, rewrite, tuple(choices), requests,
        offline=settings.offline,
    )  # fmt: skip


def _published(
    doc: BibDocument,
    targets: dict[str, str],
    papers: dict[str, Paper],
    session: Session,
    style: Style,
    on_each: Callable[[], None],
) -> list[tuple[BibEntry, PublishedChoice, str | None]]:
    """Each preprint entry, the decision on its published version, and its rewritten text (None
    when it stays as it is), in the file's order."""
    entries = [e for e in doc.entries if e.key in targets and not e.commented]
    preprints = [Preprint(e, dict(doc.inherited(e)), targets[e.key], papers.get(targets[e.key]))
                 for e in entries]  # fmt: skip
    found = published_versions(preprints, session.venue_finder(), newline=doc.newline,
                               unicode=style.unicode, on_each=on_each)  # fmt: skip
    return [(e, choice, text) for e, (choice, text) in zip(entries, found, strict=True)]


@dataclass(frozen=True)
class Preprint:
    """A preprint entry to upgrade: ``fields`` its own and those a ``crossref`` parent lends,
    ``paper`` arXiv's record of it when known."""

    entry: BibEntry
    fields: dict[str, str]
    arxiv_id: str
    paper: Paper | None


def published_versions(
    preprints: Sequence[Preprint],
    finder: VenueFinder,
    *,
    newline: str = "\n",
    unicode: bool = False,
    on_each: Callable[[], None] = lambda: None,
) -> list[tuple[PublishedChoice, str | None]]:
    """The decision on each preprint entry's published version and its rewritten text (None
    when it stays as it is), all decided together (``VenueFinder.decide_all``: one search an
    entry at most, the proceedings titles of all in one request); an entry already naming a
    venue is left as it is, so a second run changes nothing."""
    pending = [p for p in preprints if not _is_published(p.entry)]
    facts = [(p.fields, p.paper, work_facts(p.entry.key, p.fields,
              entry_type=p.entry.entry_type).surname) for p in pending]  # fmt: skip
    decisions = iter(finder.decide_all(facts, on_each=on_each))
    out: list[tuple[PublishedChoice, str | None]] = []
    for p in preprints:
        if _is_published(p.entry):
            why = "the entry already names a venue: left as it is"
            out.append((PublishedChoice(p.entry.key, p.arxiv_id, "already", None, why), None))
            on_each()
        else:
            out.append(_rewritten(p.entry, p.arxiv_id, next(decisions), newline, unicode))
    return out


def _rewritten(
    entry: BibEntry, arxiv_id: str, decision: Published, newline: str, unicode: bool
) -> tuple[PublishedChoice, str | None]:
    """What was decided for ``entry``, and its text rewritten as the version chosen (None when
    none is)."""
    text: str | None = None
    changed: tuple[str, ...] = ()
    if decision.record is not None:
        text, changed = as_published(entry, decision.record, newline=newline, unicode=unicode)
    record = decision.record.key if decision.record else None
    choice = PublishedChoice(entry.key, arxiv_id, decision.verdict.value, record,
                             decision.reason, decision.declined, tuple(changed))  # fmt: skip
    return choice, text


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


def _is_published(entry: BibEntry) -> bool:
    facts = work_facts(entry.key, entry.fields, entry_type=entry.entry_type)
    return facts.published and not facts.preprint


def _arxiv_id(entry: BibEntry) -> str | None:
    tokens = [t for t in entry_identities(entry.fields) if t.startswith("arxiv:")]
    return tokens[0].removeprefix("arxiv:") if tokens else None
