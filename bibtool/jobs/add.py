"""The job ``add``: resolve a listing and merge the new papers into a .bib file.

    outcome = add("listing.txt", "refs.bib")
    outcome.added            # the entries appended, each with its key
    outcome.skipped          # papers the file already had, and the key to cite them by
    outcome.csl_json()       # every paper as CSL-JSON for Zotero, under its key in the file

The file is checked before any request (a file that would be refused at the end is refused at
once), re-read after resolving, and rewritten through ``bibfile.rewrite`` like every other
command: every byte already there stays, the write is atomic, and nothing is written on a dry
run or when the file changed meanwhile.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bibtool.bibfile import Rewritten, commit, open_for_rewrite, parse_bib
from bibtool.bibfile.rewrite import Rewrote
from bibtool.jobs.resolve import ListingSource, Progress, RunResult, read_listings, resolve_listings
from bibtool.jobs.session import OnRequest, Session, Settings
from bibtool.jobs.update import Preprint, PublishedChoice, published_versions
from bibtool.jobs.venues import VenueFinder
from bibtool.model import ListingForm, Paper
from bibtool.render.csl import render_csl_json
from bibtool.render.papers import Rendered, Style, render_papers
from bibtool.works.merge import NewWork, Skip, Update, apply_plan, plan_merge

__all__ = ["Added", "add", "merge_into"]


@dataclass(frozen=True)
class Added(Rewrote):
    """What merging resolved papers into a .bib file did (or, on a dry run, would do)."""

    path: Path
    added: tuple[Rendered, ...]
    skipped: tuple[Skip, ...]
    keys: dict[str, str]  # arXiv id -> the key it has in the file (new or existing)
    rewrite: Rewritten
    updated: tuple[Update, ...] = ()
    run: RunResult = RunResult((), (), 0)  # the resolve run, when ``add`` made one
    papers: tuple[Paper, ...] = ()  # every paper merged, new or already there
    published: tuple[PublishedChoice, ...] = ()  # with ``published``: each added paper's venue
    requests: int = 0  # venue-service requests (``published``)

    def csl_json(self) -> str:
        """The papers as a CSL-JSON array, each with the key it has in the file as its
        ``citation-key`` (new or existing), so Zotero and the .bib cite it by one key."""
        return render_csl_json([(p, self.keys[p.arxiv_id]) for p in self.papers])

    def summary(self) -> list[str]:
        verb = "would add" if not self.written and self.diff else "added"
        lines = [
            f"{self.path}: {verb} {len(self.added)} entr{'y' if len(self.added) == 1 else 'ies'}"
            f", {len(self.skipped) + len(self.updated)} already present"
            + (f" ({len(self.updated)} updated)" if self.updated else "")
        ]
        lines += [f"  + {r.key} (arXiv:{r.paper.arxiv_id})" for r in self.added]
        lines += [f"  ~ {u.existing_key}: {'; '.join(u.changes)}" for u in self.updated]
        lines += [f"  = {s.existing_key}: {s.reason}" for s in self.skipped]
        for c in self.published:
            mark = "^" if c.verdict == "published" else "-"
            lines.append(f"  {mark} {c.key}: {c.verdict}: {c.reason}")
        return lines


def add(
    listing: ListingSource,
    bib: Path | str,
    *,
    settings: Settings | None = None,
    form: ListingForm | None = None,
    style: Style = Style(),
    update: bool = False,
    dry_run: bool = False,
    backup: bool = False,
    on_request: OnRequest | None = None,
    progress: Progress | None = None,
    published: bool = False,
) -> Added:
    """Resolve ``listing`` and add the papers ``bib`` does not have yet (``update``: enrich the
    entries it has with what they lack; ``published``: add each new paper as its published
    version when one is found, as ``update --published`` would rewrite it). BibFileError, before
    any request, for a file that could not be rewritten; the outcome's ``run`` says what each
    entry of the listing became."""
    style.check()
    open_for_rewrite(bib, dry_run=dry_run, missing_ok=True)
    parsed = read_listings([listing], form)
    with Session(settings or Settings(), on_request=on_request) as session:
        run = resolve_listings(parsed, session, progress)
        choices: list[PublishedChoice] = []
        upgrade = _upgrader(session.venue_finder(), style, choices) if published else None
        outcome = merge_into(
            bib, run.matched_papers(), style=style, update=update, dry_run=dry_run,
            backup=backup, upgrade=upgrade,
        )  # fmt: skip
        requests = session.venue_requests
    return dataclasses.replace(outcome, run=run, published=tuple(choices), requests=requests)


Upgrade = Callable[[list[Rendered]], list[Rendered]]


def _upgrader(finder: VenueFinder, style: Style, choices: list[PublishedChoice]) -> Upgrade:
    """The new entries as their published versions where found, all decided together (one
    search an entry at most, the proceedings titles of all in one request); each decision kept
    in ``choices``."""

    def upgrade(rendered: list[Rendered]) -> list[Rendered]:
        entries = [parse_bib(r.text, name="<new>").entries[0] for r in rendered]
        preprints = [Preprint(e, dict(e.fields), r.paper.arxiv_id, r.paper)
                     for e, r in zip(entries, rendered, strict=True)]  # fmt: skip
        found = published_versions(preprints, finder, unicode=style.unicode)
        choices.extend(choice for choice, _ in found)
        return [r if text is None else dataclasses.replace(r, text=text)
                for r, (_, text) in zip(rendered, found, strict=True)]  # fmt: skip

    return upgrade


def merge_into(
    path: Path | str,
    papers: Sequence[Paper],
    *,
    style: Style = Style(),
    update: bool = False,
    dry_run: bool = False,
    backup: bool = False,
    upgrade: Upgrade | None = None,
) -> Added:
    """Append the papers not yet in the .bib file at ``path``; the file's bytes stay as they were.

    Keys are made unique against the file; a paper already there keeps its existing key (and
    with ``update`` its entry gains the fields it lacks, see ``works.enrich``); ``upgrade``
    rewrites each new entry (as its published version) before it is merged.
    """
    doc = open_for_rewrite(path, dry_run=dry_run, missing_ok=True)
    # First pass finds what is already present; keys are then drawn for the additions only,
    # so a skipped paper never uses up a key suffix.
    first = plan_merge(doc, _works(render_papers(papers, style, taken=doc.keys)))
    present = {s.work.arxiv_id for s in first.skipped}
    fresh = render_papers([p for p in papers if p.arxiv_id not in present], style, taken=doc.keys)
    if upgrade is not None:
        fresh = upgrade(fresh)
    present_works = [s.work for s in first.skipped] if update else []
    plan = plan_merge(doc, _works(fresh) + present_works, update=update)
    by_id = {r.paper.arxiv_id: r for r in fresh}
    added = tuple(by_id[w.arxiv_id] for w in plan.additions if w.arxiv_id)
    keys = {s.work.arxiv_id: s.existing_key for s in first.skipped if s.work.arxiv_id}
    keys.update({r.paper.arxiv_id: r.key for r in added})
    rewrite = commit(doc, path, apply_plan(doc, plan), dry_run=dry_run, backup=backup)
    skipped = plan.skipped if update else plan.skipped + first.skipped
    merged = tuple({p.arxiv_id: p for p in papers if p.arxiv_id in keys}.values())  # once each
    return Added(Path(path), added, skipped, keys, rewrite, plan.updates, papers=merged)


def _works(rendered: Sequence[Rendered]) -> list[NewWork]:
    return [NewWork(r.key, r.text, arxiv_id=r.paper.arxiv_id) for r in rendered]
