"""Identity of works in a .bib file, and the merge plan: which new entries to add, which to skip.

A work is identified by its arXiv id (versionless) and its DOIs, wherever a tool wrote them:
``eprint``/``arxivid`` (bare, versioned, old style), arXiv links and ``arXiv:ID`` in ``url``,
``howpublished``, ``note``, ``journal`` (Google Scholar, Zotero), arXiv's DOI ``10.48550/arXiv.ID``
(counted as the arXiv id, never as a publisher DOI), DBLP's ``volume = {abs/ID}``. Titles are not
compared: that is the resolver's job, and a false "already there" would silently drop a paper.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bibtool.arxiv.ids import find_arxiv_ids, parse_arxiv_id
from bibtool.bibfile import BibDocument, BibEntry, append_entries, parse_bib

__all__ = [
    "MergePlan",
    "NewWork",
    "Skip",
    "apply_plan",
    "entry_identities",
    "normalize_doi",
    "plan_merge",
    "work_identities",
]

# Fields that hold nothing but an identifier, so a bare "2107.13163" there is an arXiv id.
_ID_FIELDS = ("eprint", "arxivid", "arxiv_id", "arxiv")
# Fields where tools put links and "arXiv:ID" text; only prefixed forms count there. Free prose
# (abstract, annote, title) is left out: it cites *other* papers.
_LINK_FIELDS = frozenset(
    {"url", "howpublished", "note", "journal", "journaltitle", "doi", "pdf", "link", "eprinturl"}
    | {"volume", "number", "publisher", "file", "booktitle", "series", "addendum", "arxivurl"}
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_LINKED_DOI = re.compile(r"(?:doi\.org/|\bdoi:\s*)(10\.\d{4,9}/[^\s,;]+)", re.IGNORECASE)
_ARXIV_DOI = "10.48550/"


@dataclass(frozen=True)
class NewWork:
    """An entry to merge: its key (unique against the file), full BibTeX text, and identity."""

    key: str
    text: str
    arxiv_id: str | None = None
    doi: str | None = None


@dataclass(frozen=True)
class Skip:
    """A new work left out because the file (or an earlier new work) already has it."""

    work: NewWork
    existing_key: str
    line: int | None  # where the existing entry starts; None when it is an earlier new work
    reason: str


@dataclass(frozen=True)
class MergePlan:
    """What a merge will do: entries to append, in order, and the ones skipped, with reasons."""

    additions: tuple[NewWork, ...]
    skipped: tuple[Skip, ...]


def _plain(value: str) -> str:
    """A raw BibTeX value as text to search for identifiers: braces, quotes and escapes gone."""
    text = value.replace("{", "").replace("}", "")
    text = re.sub(r"\\([_:%&#$~/.-])", r"\1", text)  # {\_} and \_ in DBLP and Zotero URLs
    text = re.sub(r"\\[A-Za-z]+\*?", " ", text)  # \url, \href, \path
    return text.replace('"', " ")


def normalize_doi(value: str) -> str | None:
    """The DOI in ``value`` (bare, ``doi:``, or a doi.org link), lower-cased, else None."""
    text = urllib.parse.unquote(_plain(value)).strip()
    found = _LINKED_DOI.search(text) or _DOI.search(text)
    if not found:
        return None
    return _clean_doi(found[1] if found.re is _LINKED_DOI else found[0])


def _clean_doi(doi: str) -> str:
    doi = doi.rstrip(".,;")
    if doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1]  # "(doi:10.1/x)" in a note
    return doi.lower()


def entry_identities(fields: Mapping[str, str]) -> list[str]:
    """Identity tokens ("arxiv:2107.13163", "doi:10.1000/xyz") of one entry, in a stable order."""
    found: dict[str, None] = {}
    for arxiv_id in _arxiv_ids(fields):
        found[f"arxiv:{arxiv_id}"] = None
    for doi in _dois(fields):
        if not doi.startswith(_ARXIV_DOI):  # arXiv's DOI is its id, found as such above
            found[f"doi:{doi}"] = None
    return list(found)


def _arxiv_ids(fields: Mapping[str, str]) -> Iterable[str]:
    for name in _ID_FIELDS:
        if name in fields and (name != "eprint" or _eprint_is_arxiv(fields)):
            text = _plain(fields[name])
            ref = parse_arxiv_id(text)
            yield from [ref.id] if ref else (r.id for r in find_arxiv_ids(text, bare=True))
    for name, value in fields.items():
        if name in _LINK_FIELDS or name.startswith(("url", "bdsk-url")):
            yield from (r.id for r in find_arxiv_ids(_plain(value)))


def _eprint_is_arxiv(fields: Mapping[str, str]) -> bool:
    """``eprint`` is an arXiv id unless ``eprinttype``/``archiveprefix`` names another archive."""
    kinds = [
        _plain(fields[k]).strip().lower() for k in ("eprinttype", "archiveprefix") if k in fields
    ]
    return not kinds or "arxiv" in kinds


def _dois(fields: Mapping[str, str]) -> Iterable[str]:
    if "doi" in fields:
        text = urllib.parse.unquote(_plain(fields["doi"]))
        yield from (_clean_doi(m[0]) for m in _DOI.finditer(text))
    for name, value in fields.items():
        if name in _LINK_FIELDS or name in _ID_FIELDS or name.startswith(("url", "bdsk-url")):
            text = urllib.parse.unquote(_plain(value))
            yield from (_clean_doi(m[1]) for m in _LINKED_DOI.finditer(text))


def work_identities(work: NewWork) -> list[str]:
    """Identity tokens of a new work, from its text; the ids the caller declares must be there.

    Only what is written can be found again, so a declared id missing from the text would make a
    second merge add the work again: that is a caller error (ValueError).
    """
    entries = parse_bib(work.text, name=work.key).entries
    tokens = entry_identities(entries[0].fields) if entries else []
    for declared in _declared(work):
        if declared not in tokens:
            what = _describe(declared)
            raise ValueError(
                f"{work.key}: {what} is not in its BibTeX text, so a re-run would add it again"
            )
    return tokens


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


def _describe(token: str) -> str:
    kind, _, value = token.partition(":")
    return f"arXiv {value}" if kind == "arxiv" else f"DOI {value}"


def _index(doc: BibDocument) -> dict[str, BibEntry]:
    """Identity token -> the first entry in the file that carries it."""
    index: dict[str, BibEntry] = {}
    for entry in doc.entries:
        if entry.commented:
            continue  # the user commented it out; adding the paper again is what they want
        for token in entry_identities(entry.fields):
            index.setdefault(token, entry)
    return index


def plan_merge(doc: BibDocument, new: Sequence[NewWork]) -> MergePlan:
    """Split ``new`` into additions and skips (already in ``doc``, or listed earlier in ``new``).

    Keys are the caller's job (unique against ``doc.keys``); a key that collides, ignoring case
    as BibTeX does, with an existing entry or another addition raises ValueError, unless the work
    is skipped anyway or its text is the existing entry's, so a merge can be re-run unchanged.
    """
    index = _index(doc)
    existing: dict[str, BibEntry] = {}
    for entry in doc.entries:
        existing.setdefault(entry.key.lower(), entry)
    earlier: dict[str, NewWork] = {}
    added: dict[str, NewWork] = {}
    additions: list[NewWork] = []
    skipped: list[Skip] = []
    for work in new:
        tokens = work_identities(work)
        skip = _in_document(doc, work, tokens, index, existing) or _repeated(work, tokens, earlier)
        if skip is not None:
            skipped.append(skip)
            continue
        _guard_key(work, existing, added)
        additions.append(work)
        added[work.key.lower()] = work
        for token in tokens:
            earlier.setdefault(token, work)
    return MergePlan(tuple(additions), tuple(skipped))


def apply_plan(doc: BibDocument, plan: MergePlan) -> bytes:
    """The new file content: ``doc``'s bytes untouched, then the additions (see append_entries)."""
    return append_entries(doc, [work.text for work in plan.additions])


def _in_document(
    doc: BibDocument,
    work: NewWork,
    tokens: Sequence[str],
    index: Mapping[str, BibEntry],
    existing: Mapping[str, BibEntry],
) -> Skip | None:
    for token in tokens:
        if token in index:
            entry = index[token]
            where = f"{doc.name} as {entry.key} (line {entry.start_line})"
            return Skip(work, entry.key, entry.start_line, f"{_describe(token)} already in {where}")
    same_key = existing.get(work.key.lower())
    if same_key is not None and _same_text(same_key.raw, work.text):
        reason = f"entry {same_key.key} already in {doc.name} (line {same_key.start_line})"
        return Skip(work, same_key.key, same_key.start_line, reason)
    return None


def _repeated(work: NewWork, tokens: Sequence[str], earlier: Mapping[str, NewWork]) -> Skip | None:
    for token in tokens:
        if token in earlier:
            first = earlier[token]
            reason = f"{_describe(token)} listed twice; added once as {first.key}"
            return Skip(work, first.key, None, reason)
    return None


def _guard_key(
    work: NewWork, existing: Mapping[str, BibEntry], added: Mapping[str, NewWork]
) -> None:
    lower = work.key.lower()
    if lower in existing or lower in added:
        clash = existing[lower].key if lower in existing else added[lower].key
        raise ValueError(f"new key {work.key!r} collides with {clash!r} (BibTeX ignores case)")


def _same_text(a: str, b: str) -> bool:
    def norm(text: str) -> list[str]:
        return [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]

    return norm(a) == norm(b)
