"""Author names written for BibTeX: ``von Last, Jr, First``, organisations braced whole.

The parts of a name are ``text.names``'s; this module only writes them the way BibTeX (and
biber, and Zotero's importer) will read them back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibtool.model import Author
from bibtool.render.latex import escape_latex
from bibtool.text.names import clean_author_names, parse_name, wholly_braced


def format_name(name: str) -> str:
    """One name as BibTeX reads it: `van Beethoven, Ludwig`, `Evans, II, Neal J.`, `{OpenAI}`.

    Corporate and one-word names are braced whole so no reader splits them or files them under
    their last word.
    """
    n = parse_name(name)
    if n.literal is not None:
        return n.literal if wholly_braced(n.literal) else "{" + n.literal + "}"
    parts = [n.von_last, n.jr, n.first] if n.jr else [n.von_last, n.first]
    # A word "and" would split the name in two for BibTeX.
    return ", ".join(re.sub(r"(?i)(?<!\S)and(?!\S)", "{\\g<0>}", p) for p in parts)


def format_authors(authors: Sequence[Author], *, ascii_only: bool | None = None) -> str:
    """The author field: every real author, joined with ` and `; never `others`.

    Plain Unicode by default; with ascii_only True or False, escaped as escape_latex does.
    """
    names = (format_name(n) for n in clean_author_names(a.name for a in authors))
    if ascii_only is None:
        return " and ".join(names)
    return " and ".join(escape_latex(n, ascii_only=ascii_only) for n in names)
