"""Rendering papers as BibTeX: names, citation keys, LaTeX escaping and title protection."""

from __future__ import annotations

from bibtool.render.entry import PROFILES, clean_doi, render_entry
from bibtool.render.fold import ascii_fold
from bibtool.render.keys import DEFAULT_PATTERN, make_key
from bibtool.render.latex import escape_latex
from bibtool.render.names import (
    clean_author_names,
    format_authors,
    format_name,
    is_corporate,
    parse_name,
    surname,
)
from bibtool.render.titles import protect_title
from bibtool.text.tex import to_unicode

__all__ = [
    "DEFAULT_PATTERN",
    "PROFILES",
    "ascii_fold",
    "clean_author_names",
    "clean_doi",
    "escape_latex",
    "format_authors",
    "format_name",
    "is_corporate",
    "make_key",
    "parse_name",
    "protect_title",
    "render_entry",
    "surname",
    "to_unicode",
]
