"""A preprint entry rewritten as its published version, inside its own text.

The type becomes ``@inproceedings``, ``@article`` or ``@incollection``; the venue (``booktitle``,
or ``journal``/``journaltitle``), ``volume``, ``number``, ``pages``, ``publisher``, ``year`` (or
``date``) and ``doi`` are the record's; the title and authors are replaced only when the venue's
differ (a title the venue changed, an author added), so an entry's own braces stay otherwise;
what says "preprint" (``journal = {arXiv preprint ...}``, ``howpublished``, a ``month`` of the
preprint) goes. ``eprint``, ``archivePrefix``/``eprinttype``, ``primaryClass`` and ``url`` stay,
so the arXiv link survives; the key and every other field stay as written (``bibfile.fields``).
"""

from __future__ import annotations

import re

from bibtool.bibfile import BibEntry
from bibtool.bibfile.fields import (
    add_fields,
    field_spans,
    remove_field,
    requoted,
    retype,
    set_field_value,
)
from bibtool.bibfile.values import split_names, unwrap
from bibtool.model import Author, VenueRecord
from bibtool.render.latex import escape_latex
from bibtool.render.names import format_authors
from bibtool.render.titles import protect_title
from bibtool.text.names import is_et_al, surname_key
from bibtool.text.normalise import normalise

__all__ = ["as_published"]

_PREPRINTY = re.compile(r"arxiv|preprint|corr\b|e-?print", re.I)
_TYPES = {"inproceedings": "inproceedings", "article": "article", "incollection": "incollection"}


def _escaped(text: str, unicode: bool) -> str:
    return "{" + escape_latex(text, ascii_only=not unicode) + "}"


def _values(entry: BibEntry, record: VenueRecord, unicode: bool) -> dict[str, str]:
    """Field name -> braced value the published entry must have."""
    fields = entry.fields
    biblatex = bool({"eprinttype", "date", "journaltitle"} & fields.keys())
    out: dict[str, str] = {}
    title = unwrap(fields.get("title", "")) or ""
    if normalise(title) != normalise(record.title):
        out["title"] = _escaped(protect_title(record.title), unicode)
    names = [n for n in split_names(fields.get("author", "")) if not is_et_al(n)]
    if [surname_key(n) for n in names] != [surname_key(a) for a in record.authors]:
        authors = [Author(a) for a in record.authors]
        out["author"] = "{" + format_authors(authors, ascii_only=not unicode) + "}"
    if record.kind == "article":
        out["journaltitle" if biblatex else "journal"] = _escaped(record.venue, unicode)
    else:
        out["booktitle"] = _escaped(record.venue, unicode)
    for name, value in (("volume", record.volume), ("number", record.number)):
        if value and not (name == "volume" and value.startswith("abs/")):
            out[name] = _escaped(value, unicode)
    if record.pages:
        out["pages"] = "{" + re.sub(r"\s*[-\u2013]+\s*", "--", record.pages) + "}"
    if record.publisher:
        out["publisher"] = _escaped(record.publisher, unicode)
    if record.year:
        out["date" if "date" in fields else "year"] = "{" + str(record.year) + "}"
    if record.doi:
        out["doi"] = "{" + record.doi + "}"
    return out


def _unwanted(entry: BibEntry, record: VenueRecord, keep: set[str]) -> list[str]:
    """The fields of the preprint that the published version must not keep."""
    fields = entry.fields
    venues = {"journal", "journaltitle", "booktitle"} - keep
    drop = [f for f in venues if f in fields]
    drop += [f for f in ("howpublished", "note", "type") if _PREPRINTY.search(fields.get(f, ""))]
    drop += [f for f in ("month", "institution", "school") if f in fields and f not in keep]
    drop += [f for f in ("volume", "number", "pages", "publisher") if f in fields and f not in keep]
    return [f for f in drop if f not in keep]


def as_published(
    entry: BibEntry, record: VenueRecord, *, newline: str, unicode: bool = False
) -> tuple[str, tuple[str, ...]]:
    """``entry``'s text rewritten as ``record``, and the fields it changed, added or removed."""
    values = _values(entry, record, unicode)
    text = retype(entry.raw, _TYPES.get(record.kind, "inproceedings"))
    changed: list[str] = [] if entry.entry_type == record.kind else [f"@{record.kind}"]
    for name in _unwanted(entry, record, set(values)):
        text = remove_field(text, name)
        changed.append(f"-{name}")
    add: list[tuple[str, str]] = []
    for name, value in values.items():
        span = next((s for s in field_spans(text) if s.key == name), None)
        if span is None:
            add.append((name, value))
            continue
        old = text[span.value_start : span.value_end]
        if unwrap(old) != unwrap(value):
            text = set_field_value(text, name, requoted(old, value))
            changed.append(name)
    text = add_fields(text, add, newline=newline)
    return text, (*changed, *(f"+{n}" for n, _ in add))
