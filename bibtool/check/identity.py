"""BIB003: the same work under two keys, by the identity rules of the merge.

Today a work is its arXiv id (any form, any version) and its DOIs (``merge.entry_identities``).
The fuzzy identity of issue 5 (same title and authors under another key, preprint and published
version) plugs in at ``IDENTITIES`` below: each function maps an entry to extra tokens, and two
entries sharing any token are the same work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from bibtool.bibfile import BibEntry
from bibtool.check.context import Context, Hit
from bibtool.merge import entry_identities

IdentityFn = Callable[[BibEntry], Iterable[str]]


def _merge_identities(entry: BibEntry) -> Iterable[str]:
    return entry_identities(entry.fields)


# HOOK (issue 5, fuzzy identity): append the dedupe module's entry -> tokens function here,
# e.g. ``IDENTITIES.append(dedupe.fuzzy_identities)``; tokens must not collide with "arxiv:"
# and "doi:" ones unless they mean the same work.
IDENTITIES: list[IdentityFn] = [_merge_identities]


def _describe(token: str) -> str:
    kind, _, value = token.partition(":")
    return {"arxiv": f"arXiv {value}", "doi": f"DOI {value}"}.get(kind, token)


def check_duplicates(ctx: Context) -> Iterator[Hit]:
    """One hit on every entry after the first that carries a work already in the file."""
    first: dict[str, BibEntry] = {}
    for entry in ctx.entries:
        tokens = [t for identity in IDENTITIES for t in identity(entry)]
        earlier = next((first[t] for t in tokens if t in first), None)
        if earlier is not None and earlier.key.lower() != entry.key.lower():
            token = next(t for t in tokens if first.get(t) is earlier)
            msg = (
                f"entry '{entry.key}' is the same work as '{earlier.key}' "
                f"(line {earlier.start_line}): {_describe(token)}"
            )
            yield ctx.at_entry("BIB003", entry, msg)
        for token in tokens:
            first.setdefault(token, entry)
