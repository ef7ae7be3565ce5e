"""``--update``: what a new version of a work adds to the entry already in the file.

Missing fields are added (``eprint`` and its companions, ``doi``, ``url``...) and an author list
cut short with ``and others`` is replaced by the full one; the key and every field already there
stay as written. A field counts as present under any of its aliases (``arxivid`` for ``eprint``,
``eprinttype`` for ``archivePrefix``, ``date`` for ``year``...).
"""

from __future__ import annotations

from collections.abc import Sequence

from bibtool.bibfile.fields import FieldSpan, add_fields, field_spans, requoted, set_field_value
from bibtool.bibfile.values import split_names
from bibtool.text.names import is_et_al
from bibtool.works.facts import first_author

__all__ = ["IDENTIFIER_FIELDS", "enrich"]

_ALIASES = [
    {"eprint", "arxivid", "arxiv_id"},
    {"archiveprefix", "eprinttype"},
    {"primaryclass", "eprintclass"},
    {"journal", "journaltitle", "booktitle"},  # one venue: never a second one beside it
    {"year", "date"},
    {"month", "date"},
    {"address", "location"},
]
# What a removed duplicate gives the entry kept by dedupe: the ways to find the work again.
IDENTIFIER_FIELDS = frozenset({"eprint", "archiveprefix", "eprinttype", "primaryclass", "doi"})
_NEVER = frozenset({"ids", "key", "crossref"})  # aliases and links meaningful only in their file
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


def _present(name: str, have: set[str]) -> bool:
    if name in have:
        return True
    return any(name in group and group & have for group in _ALIASES)


def enrich(
    raw: str,
    new_raw: str,
    *,
    newline: str,
    only: frozenset[str] | None = None,
    same_version: bool = True,
) -> tuple[str, tuple[str, ...]]:
    """``raw`` with what ``new_raw`` adds, and one phrase per change (none: ``raw`` unchanged).

    ``only`` restricts the fields added. A different version of the work (a preprint for a
    published entry, or the reverse) gives only its identifiers and a full author list: its
    venue, pages or dates describe another publication.
    """
    if not same_version and only is None:
        only = IDENTIFIER_FIELDS
    mine, theirs = field_spans(raw), field_spans(new_raw)
    have = {s.key for s in mine}
    values = {s.key: raw[s.value_start : s.value_end] for s in mine}
    new_values = {s.key: new_raw[s.value_start : s.value_end] for s in theirs}
    added = [
        (s.name, new_values[s.key])
        for s in theirs
        if (only is None or s.key in only) and _addable(s, new_values, values, have)
    ]
    changes: list[str] = []
    text = raw
    if "author" in values and "author" in new_values:
        full = _fuller_authors(values["author"], new_values["author"])
        if full is not None:
            text = set_field_value(text, "author", full)
            changes.append(f"author: 'and others' replaced by {_count(full)} names")
    if added:
        text = add_fields(text, added, newline=newline)
        changes.append("added " + ", ".join(name for name, _ in added))
    return text, tuple(changes)


def _addable(
    span: FieldSpan, new_values: dict[str, str], values: dict[str, str], have: set[str]
) -> bool:
    name, value = span.key, new_values[span.key]
    if name in _NEVER or _present(name, have):
        return False
    if not value.startswith(("{", '"')) and not value.isdigit() and value.lower() not in _MONTHS:
        return False  # a @string macro the target file may not define
    # A month from another version (the preprint's) would be wrong for a published entry.
    if name == "month":
        venue = have & {"journal", "journaltitle", "booktitle"}
        return not venue and values.get("year", "") == new_values.get("year", "")
    return True


def _fuller_authors(mine: str, theirs: str) -> str | None:
    """The new author list if the existing one ends in "and others" and agrees with it."""
    if not _cut(mine) or _cut(theirs):
        return None
    if _count(theirs) < _count(mine) or first_author(mine) != first_author(theirs):
        return None
    return requoted(mine, theirs)  # keep the file's quoting


def _cut(value: str) -> bool:
    """Whether an author list ends in ``and others`` (or ``et al.``)."""
    names = split_names(value)
    return len(names) > 1 and is_et_al(names[-1])


def _count(value: str) -> int:
    return len(split_names(value))


def aliases_of(names: Sequence[str]) -> set[str]:
    """Every name that counts as one of ``names``."""
    out = set(names)
    for group in _ALIASES:
        if out & group:
            out |= group
    return out
