"""The ``--online`` rules: an entry against arXiv's current record, store first, then arXiv.

BIB018: the title or the author list differs from arXiv's (a renamed paper, a wrong id, a
misspelt name). BIB019: a preprint that arXiv now lists with a journal reference or DOI, or
whose published version the venue source finds; its fix (unsafe: it changes what the entry
cites) rewrites the entry as that version.
Papers come from the context's ``PaperSource`` (``Resolver.papers_by_id``: the local store, then
one polite batched request per 100 ids), injected so tests and the CLI choose where they come
from; without one the rules find nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from bibtool.bibfile import BibEntry, Edit
from bibtool.bibfile.values import split_names, unwrap
from bibtool.ids.entry import entry_identities
from bibtool.lint.context import Context, Hit
from bibtool.lint.rule import Applicability, FixPolicy, Rule, Severity
from bibtool.model import Paper, VenueRecord
from bibtool.text.names import clean_author_names, is_et_al, surname
from bibtool.text.normalise import normalise
from bibtool.works.facts import work_facts
from bibtool.works.upgrade import as_published

_PUBLISHED_FIELDS = ("journal", "journaltitle", "booktitle")


def check_online(ctx: Context) -> Iterator[Hit]:
    """BIB018 and BIB019: each entry naming one arXiv id against arXiv's record of it."""
    if ctx.papers is None:
        return
    ids = {e.key: arxiv_id(e) for e in ctx.entries}
    papers = ctx.papers.papers_by_id([i for i in ids.values() if i])
    found = {e.key: papers[i] for e in ctx.entries if (i := ids[e.key]) and i in papers}
    versions = _published_versions(ctx, found)
    for entry in ctx.entries:
        paper = found.get(entry.key)
        if paper is not None:
            yield from _compare(ctx, entry, paper, versions.get(entry.key))


def _published_versions(ctx: Context, papers: dict[str, Paper]) -> dict[str, VenueRecord]:
    """entry key -> the published version the venue source finds for each preprint entry, all
    asked together (one search an entry at most, the proceedings titles in one request)."""
    if ctx.venues is None:
        return {}
    keys, preprints = [], []
    for entry in ctx.entries:
        if entry.key in papers and _is_preprint(entry):
            fields = dict(ctx.doc.inherited(entry))
            surname = work_facts(entry.key, fields, entry_type=entry.entry_type).surname
            keys.append(entry.key)
            preprints.append((fields, papers[entry.key], surname))
    decisions = ctx.venues.decide_all(preprints)
    return {k: d.record for k, d in zip(keys, decisions, strict=True) if d.record is not None}


def arxiv_id(entry: BibEntry) -> str | None:
    """The entry's arXiv id (versionless) when it names exactly one."""
    ids = [t[6:] for t in entry_identities(entry.fields) if t.startswith("arxiv:")]
    return ids[0] if len(ids) == 1 else None


def _compare(
    ctx: Context, entry: BibEntry, paper: Paper, record: VenueRecord | None
) -> Iterator[Hit]:
    title = unwrap(entry.fields.get("title", "")) or ""
    if title and normalise(title) != normalise(paper.title):
        msg = f"entry '{entry.key}': title differs from arXiv {paper.arxiv_id}: '{paper.title}'"
        yield ctx.at_field("BIB018", entry, "title", msg)
    elif "author" in entry.fields and (why := _author_difference(entry, paper)):
        yield ctx.at_field("BIB018", entry, "author", f"entry '{entry.key}': {why}")
    if _is_preprint(entry):
        yield from _now_published(ctx, entry, paper, record)


def _now_published(
    ctx: Context, entry: BibEntry, paper: Paper, record: VenueRecord | None
) -> Iterator[Hit]:
    """BIB019 when arXiv lists a journal reference or DOI, or the context's venue source finds
    the published version (``record``); its fix, the entry rewritten as that version
    (``works.upgrade``), as ``update --published`` would."""
    if paper.doi or paper.journal_ref:
        where = f"DOI {paper.doi}" if paper.doi else f"'{paper.journal_ref}'"
    elif record is not None:
        where = f"{record.venue} {record.year or ''}".strip() + f", {record.key}"
    else:
        return
    msg = f"entry '{entry.key}': arXiv {paper.arxiv_id} is now published ({where})"
    edits: tuple[Edit, ...] = ()
    if record is not None:
        text, _ = as_published(entry, record, newline=ctx.doc.newline)
        edits = (ctx.rewrite(entry, text),)
        msg += f"; the fix cites {record.key}, arXiv fields kept"
    yield ctx.at_entry("BIB019", entry, msg, edits=edits)


def _author_difference(entry: BibEntry, paper: Paper) -> str | None:
    """Why the entry's author surnames are not arXiv's, in order, or None."""
    names = split_names(entry.fields["author"])
    truncated = bool(names) and is_et_al(names[-1])
    mine = [normalise(surname(n)) for n in (names[:-1] if truncated else names)]
    theirs = [normalise(surname(n)) for n in clean_author_names(a.name for a in paper.authors)]
    for i, (a, b) in enumerate(zip(mine, theirs, strict=False)):
        if not _same_surname(a, b):
            return f"author {i + 1} is '{a}', arXiv {paper.arxiv_id} has '{b}'"
    if len(mine) == len(theirs) or (truncated and len(mine) < len(theirs)):
        return None
    return f"{len(mine)} authors, arXiv {paper.arxiv_id} lists {len(theirs)}"


def _same_surname(mine: str, theirs: str) -> bool:
    """Whether two surnames are one: equal, or one ends the other. arXiv writes First Last, which
    cannot tell a two-word surname: 'Allie Del Giorno' reads as 'giorno', the entry's
    'Del Giorno, Allie' as 'del giorno'."""
    return mine == theirs or mine.endswith(" " + theirs) or theirs.endswith(" " + mine)


def _is_preprint(entry: BibEntry) -> bool:
    if any(name in entry.fields for name in _PUBLISHED_FIELDS):
        return False
    return not any(t.startswith("doi:") for t in entry_identities(entry.fields))


RULES = (
    Rule(
        "BIB018", "arxiv-differs", Severity.WARNING, check_online,
        what="title or authors differ from arXiv's (--online)",
        why="the entry holds an old title of a renamed paper, a misspelt name, or the id of "
        "another paper",
        example="an old title of a renamed paper",
        online=True,
    ),
    Rule(
        "BIB019", "now-published", Severity.INFO, check_online,
        what="a preprint now published: arXiv lists a journal reference or DOI, or DBLP has "
        "its venue version (--online)",
        why="readers and reviewers expect the published version to be cited once there is one",
        example="`@misc` for a paper published since",
        fix=FixPolicy(
            Applicability.UNSAFE,
            "rewrites the entry as its published version (the accept rule of update "
            "--published: arXiv's reference, DBLP), key, eprint and every other byte kept",
        ),
        online=True,
    ),
)  # fmt: skip
