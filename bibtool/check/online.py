"""The ``--online`` rules: an entry against arXiv's current record, store first, then arXiv.

BIB018: the title or the author list differs from arXiv's (a renamed paper, a wrong id, a
misspelt name). BIB019: a preprint that arXiv now lists with a journal reference or DOI.
Papers come from a ``PaperSource`` (``Resolver.papers_by_id``: the local store, then one polite
batched request per 100 ids), injected so tests and the CLI choose where they come from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from bibtool.bibfile import BibEntry
from bibtool.bibfile.values import split_names, unwrap
from bibtool.check.context import Context, Hit
from bibtool.check.engine import Check
from bibtool.ids.entry import entry_identities
from bibtool.model import Paper
from bibtool.text.names import clean_author_names, is_et_al, surname
from bibtool.text.normalise import normalise

_PUBLISHED_FIELDS = ("journal", "journaltitle", "booktitle")


class PaperSource(Protocol):
    """Where papers come from (``bibtool.identify.resolver.Resolver`` satisfies it)."""

    def papers_by_id(self, ids: Sequence[str]) -> dict[str, Paper]: ...


def online_check(source: PaperSource) -> Check:
    """A check running BIB018 and BIB019 with papers from ``source``."""

    def check(ctx: Context) -> Iterator[Hit]:
        ids = {e.key: arxiv_id(e) for e in ctx.entries}
        papers = source.papers_by_id([i for i in ids.values() if i])
        for entry in ctx.entries:
            paper = papers.get(ids[entry.key] or "")
            if paper is not None:
                yield from _compare(ctx, entry, paper)

    return check


def arxiv_id(entry: BibEntry) -> str | None:
    """The entry's arXiv id (versionless) when it names exactly one."""
    ids = [t[6:] for t in entry_identities(entry.fields) if t.startswith("arxiv:")]
    return ids[0] if len(ids) == 1 else None


def _compare(ctx: Context, entry: BibEntry, paper: Paper) -> Iterator[Hit]:
    title = unwrap(entry.fields.get("title", "")) or ""
    if title and normalise(title) != normalise(paper.title):
        msg = f"entry '{entry.key}': title differs from arXiv {paper.arxiv_id}: '{paper.title}'"
        yield ctx.at_field("BIB018", entry, "title", msg)
    elif "author" in entry.fields and (why := _author_difference(entry, paper)):
        yield ctx.at_field("BIB018", entry, "author", f"entry '{entry.key}': {why}")
    if (paper.doi or paper.journal_ref) and _is_preprint(entry):
        where = f"DOI {paper.doi}" if paper.doi else f"'{paper.journal_ref}'"
        msg = f"entry '{entry.key}': arXiv {paper.arxiv_id} is now published ({where})"
        yield ctx.at_entry("BIB019", entry, msg)


def _author_difference(entry: BibEntry, paper: Paper) -> str | None:
    """Why the entry's author surnames are not arXiv's, in order, or None."""
    names = split_names(entry.fields["author"])
    truncated = bool(names) and is_et_al(names[-1])
    mine = [normalise(surname(n)) for n in (names[:-1] if truncated else names)]
    theirs = [normalise(surname(n)) for n in clean_author_names(a.name for a in paper.authors)]
    if truncated and theirs[: len(mine)] == mine:
        return None
    if mine == theirs:
        return None
    for i, (a, b) in enumerate(zip(mine, theirs, strict=False)):
        if a != b:
            return f"author {i + 1} is '{a}', arXiv {paper.arxiv_id} has '{b}'"
    return f"{len(mine)} authors, arXiv {paper.arxiv_id} lists {len(theirs)}"


def _is_preprint(entry: BibEntry) -> bool:
    if any(name in entry.fields for name in _PUBLISHED_FIELDS):
        return False
    return not any(t.startswith("doi:") for t in entry_identities(entry.fields))
