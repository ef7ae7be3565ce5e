"""Papers written as BibTeX or CSL-JSON: entries, names, citation keys, escaping, titles.

Modules: ``entry`` (one paper, one entry, per profile), ``papers`` (a batch with unique keys,
and the output ``Style``), ``csl`` (CSL-JSON), ``names`` (``von Last, Jr, First``), ``titles``
(case protection, plain titles), ``keys`` and ``formula`` (citation keys), ``fold`` (key
material), ``latex`` (escaping). What text *is* (TeX read, names parsed) is ``bibtool.text``'s.
"""

from __future__ import annotations

from bibtool.render.entry import PROFILES, clean_doi, render_entry
from bibtool.render.fold import ascii_fold
from bibtool.render.keys import DEFAULT_PATTERN, make_key
from bibtool.render.latex import escape_latex
from bibtool.render.names import format_authors, format_name
from bibtool.render.titles import protect_title

__all__ = [
    "DEFAULT_PATTERN",
    "PROFILES",
    "ascii_fold",
    "clean_doi",
    "escape_latex",
    "format_authors",
    "format_name",
    "make_key",
    "protect_title",
    "render_entry",
]
