"""One Paper as one BibTeX, biblatex or Zotero entry: which fields, in what order, escaped, aligned.

Every profile writes `@misc`. arXiv's own "Export BibTeX" uses it, every classic style prints
it, and biblatex's standard styles print `@misc` with `eprint` as they print `@online`, so an
entry keeps working if the document moves between backends. `@online` would also make Zotero's
importer file the paper as a web page and biblatex styles ask for a `urldate`.

Profile `zotero` is for Zotero's stock BibTeX import: it keeps the arXiv id only from `eprint`
with `eprinttype = {arxiv}` (it ignores `archivePrefix` and `primaryClass`), so both are written
with `year`/`month`; names are UTF-8 with organisations braced whole; titles are plain text
(titles.plain_text: accents and symbol maths as characters, no case-protecting braces, which
Zotero has no use for since it never re-cases on import) with only `& % # _ $` escaped, which its
importer decodes. Maths with no plain-character form stays as `$...$` source.
"""

from __future__ import annotations

import re

from bibtool.ids.doi import parse_doi
from bibtool.model import Paper
from bibtool.render.latex import escape_latex
from bibtool.render.names import format_authors
from bibtool.render.titles import plain_text, protect_title

PROFILES = ("bibtex", "biblatex", "zotero")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KEY_FORBIDDEN = re.compile(r"[\s,{}()\"#%'=\\~]")


def _braced(value: str) -> str:
    return "{" + value + "}"


def _verbatim(value: str, *, ascii_only: bool) -> str:
    """A URL-like value (url, doi, eprint) as written, percent-encoding what a .bib can't hold
    (braces, backslashes, and ``^``, which TeX reads in ``^^5c`` as a backslash)."""
    out: list[str] = []
    for c in value.strip():
        unsafe = c in "{}\\^" or c.isspace() or not c.isprintable() or (ascii_only and ord(c) > 127)
        out.append("".join(f"%{b:02X}" for b in c.encode()) if unsafe else c)
    return "".join(out)


def clean_doi(raw: str | None) -> str | None:
    """The first publisher DOI in arXiv's doi field, bare (`10.1103/...`), or None.

    arXiv lists several DOIs separated by spaces when there are errata; the first is the
    article's own. Values that are not DOIs (handles such as `21.11130/...`) are dropped.
    """
    for token in (raw or "").split():
        doi = parse_doi(token)
        if doi:
            return doi
    return None


def _common_fields(paper: Paper, *, ascii_only: bool, zotero: bool) -> list[tuple[str, str]]:
    title = plain_text(paper.title) if zotero else protect_title(paper.title, paper.abstract)
    fields = [("title", _braced(escape_latex(title, ascii_only=ascii_only, zotero=zotero)))]
    authors = format_authors(paper.authors, ascii_only=ascii_only)
    if authors:
        fields.append(("author", _braced(authors)))
    elif not zotero:  # classic styles sort and label by `key` when there is no author
        fields.append(("key", _braced("arXiv:" + _verbatim(paper.arxiv_id, ascii_only=True))))
    return fields


def _tail_fields(paper: Paper, *, ascii_only: bool, zotero: bool) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    doi = clean_doi(paper.doi)
    if doi:
        fields.append(("doi", _braced(_verbatim(doi, ascii_only=ascii_only))))
    url = "https://arxiv.org/abs/" + paper.arxiv_id
    fields.append(("url", _braced(_verbatim(url, ascii_only=ascii_only))))
    ref = paper.journal_ref or ""
    note = escape_latex(plain_text(ref) if zotero else ref, ascii_only=ascii_only, zotero=zotero)
    if note:
        fields.append(("note", _braced(note)))
    return fields


def _eprint_fields(paper: Paper, *, style: str, ascii_only: bool) -> list[tuple[str, str]]:
    """The arXiv id and category under each reader's field names (class left out if unknown)."""
    eprint = ("eprint", _braced(_verbatim(paper.arxiv_id, ascii_only=ascii_only)))
    if style == "bibtex":
        fields, class_field = [eprint, ("archivePrefix", "{arXiv}")], "primaryClass"
    else:
        fields, class_field = [("eprinttype", "{arxiv}"), eprint], "eprintclass"
    category = _verbatim(paper.primary_category, ascii_only=ascii_only)
    return fields + ([(class_field, _braced(category))] if category and style != "zotero" else [])


def _year_month(paper: Paper) -> list[tuple[str, str]]:
    return [
        ("year", _braced(str(paper.published.year))),
        ("month", _MONTHS[paper.published.month - 1]),  # the macro, so styles can localise it
    ]


def _fields(paper: Paper, profile: str, *, ascii_only: bool) -> list[tuple[str, str]]:
    zotero = profile == "zotero"
    date = (
        [("date", _braced(paper.published.isoformat()))]
        if profile == "biblatex"
        else _year_month(paper)
    )
    return [
        *_common_fields(paper, ascii_only=ascii_only, zotero=zotero),
        *date,
        *_eprint_fields(paper, style=profile, ascii_only=ascii_only),
        *_tail_fields(paper, ascii_only=ascii_only, zotero=zotero),
    ]


def _check_key(key: str, *, ascii_only: bool) -> None:
    if not key or _KEY_FORBIDDEN.search(key) or (ascii_only and not key.isascii()):
        raise ValueError(f"{key!r} cannot be a BibTeX key")


def render_entry(paper: Paper, key: str, *, profile: str = "bibtex", unicode: bool = False) -> str:
    """One complete entry ending in a newline, fields aligned on `=`.

    Profile `bibtex` (classic BibTeX styles): ASCII only, non-ASCII spelt as LaTeX, because
    classic styles cut UTF-8 characters in half; `unicode=True` keeps UTF-8. Profile
    `biblatex` (biber): `date`, `eprinttype`/`eprintclass`, UTF-8. Profile `zotero`: see the
    module docstring; UTF-8. ValueError for an unknown profile or a key BibTeX cannot read.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    ascii_only = profile == "bibtex" and not unicode
    _check_key(key, ascii_only=ascii_only)
    fields = _fields(paper, profile, ascii_only=ascii_only)
    width = max(len(name) for name, _ in fields)
    lines = [f"@misc{{{key},", *(f"  {name:<{width}} = {value}," for name, value in fields), "}"]
    return "\n".join(lines) + "\n"
