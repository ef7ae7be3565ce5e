"""What arXiv knows better than an entry that names its paper, spliced into the entry's text.

Only where arXiv knows more: the author list when it says ``others`` or has fewer names than
arXiv's; a publisher ``doi`` and the journal reference (``note``, unless the entry already has a
``note`` or ``journal``); missing arXiv fields (``eprint``, ``archivePrefix``/``primaryClass`` or
``eprinttype``/``eprintclass``, ``url``). Values come from ``render_entry``, so they are escaped
exactly as new entries are, and are spliced into the entry's raw text (``bibfile.fields``): other
fields, their order, indentation, quoting and comments between them stay as written. An entry
keeps the field names of its dialect: biblatex's when it has ``eprinttype`` or ``date``, classic
BibTeX's when it has ``archivePrefix`` or ``primaryClass``, otherwise the profile's.
"""

from __future__ import annotations

from bibtool.bibfile import BibEntry
from bibtool.bibfile.fields import add_fields, field_spans, requoted, set_field_value
from bibtool.bibfile.values import split_names
from bibtool.model import Paper
from bibtool.render import render_entry
from bibtool.text.names import is_et_al

__all__ = ["refreshed"]

_ARXIV_FIELDS = {
    "bibtex": ("eprint", "archiveprefix", "primaryclass", "url"),
    "biblatex": ("eprinttype", "eprint", "eprintclass", "url"),
}


def _dialect(entry: BibEntry, profile: str) -> str:
    if {"eprinttype", "eprintclass", "date"} & entry.fields.keys():
        return "biblatex"
    if {"archiveprefix", "primaryclass"} & entry.fields.keys():
        return "bibtex"
    return "bibtex" if profile == "bibtex" else "biblatex"


def plan_entry(
    entry: BibEntry, paper: Paper, *, profile: str = "bibtex", unicode: bool = False
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(name -> braced value to replace, (name as rendered, braced value) to add) that bring
    ``entry`` up to date with ``paper``."""
    dialect = _dialect(entry, profile)
    fresh = render_entry(paper, "k", profile=dialect, unicode=unicode)
    spans = field_spans(fresh)
    ref = {s.key: fresh[s.value_start : s.value_end] for s in spans}
    spelled = {s.key: s.name for s in spans}
    have = entry.fields
    replace: dict[str, str] = {}
    if "author" in ref and "author" in have:
        old = split_names(have["author"])
        if any(is_et_al(n) for n in old) or len(old) < len(split_names(ref["author"])):
            replace["author"] = ref["author"]
    wanted = ["author", "doi", "note", *_ARXIV_FIELDS[dialect]]
    add = [
        (spelled[name], ref[name])
        for name in ref
        if name in wanted and name not in have and not (name == "note" and "journal" in have)
    ]
    return replace, add


def refreshed(
    entry: BibEntry, paper: Paper, *, newline: str, profile: str = "bibtex", unicode: bool = False
) -> tuple[str, tuple[str, ...]]:
    """``entry``'s text brought up to date with ``paper``, and the fields replaced or added
    (none: the text is ``entry.raw`` unchanged)."""
    replace, add = plan_entry(entry, paper, profile=profile, unicode=unicode)
    text = entry.raw
    for name, value in replace.items():
        old = next(s for s in field_spans(text) if s.key == name)
        text = set_field_value(text, name, requoted(text[old.value_start : old.value_end], value))
    text = add_fields(text, add, newline=newline)
    return text, (*replace, *(name for name, _ in add))
