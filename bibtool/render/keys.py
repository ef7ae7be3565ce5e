"""Citation keys: `{auth}{year}{title}` for a Paper, ASCII, stable across arXiv versions, unique.

Two pattern syntaxes: templates (`{auth}{year}{title}`, lower-case folded tokens) and formulas
like Better BibTeX's (`auth.lower + shorttitle(3,3) + year`, formula.py). The year is the first
version's, so a new arXiv version never changes a key people already cite.
The surname is the one a person sorts under, without particles (`d'Ascoli` -> `ascoli`, as
Better BibTeX does); an organisation gives its distinctive words (`The ATLAS Collaboration` ->
`atlas`). Keys are compared case-insensitively, as BibTeX and biber compare them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Container

from bibtool.model import Paper
from bibtool.render.fold import ascii_fold, paper_surnames
from bibtool.render.formula import expand_formula
from bibtool.text.normalise import KEY_STOP_WORDS
from bibtool.text.tex import to_unicode

DEFAULT_PATTERN = "{auth}{year}{title}"
_LITERAL_OK = re.compile(r"[A-Za-z0-9_:.\-]*")


def title_words(title: str, *, significant: bool = True) -> list[str]:
    """The title's words, folded to ASCII; without stop words unless significant is False."""
    words = [w for w in (ascii_fold(w) for w in to_unicode(title).split()) if w]
    return [w for w in words if w not in KEY_STOP_WORDS] if significant else words


def _first_words(paper: Paper, n: int) -> str:
    words = title_words(paper.title) or title_words(paper.title, significant=False)
    return "".join(words[:n])


def _auth(paper: Paper) -> str:
    names = paper_surnames(paper)
    return (ascii_fold(names[0]) if names else "") or "anon"


_FIELDS: dict[str, Callable[[Paper], str]] = {
    "auth": _auth,
    "Auth": lambda p: _auth(p).capitalize(),
    "year": lambda p: str(p.published.year),
    "title": lambda p: _first_words(p, 1),
    "shorttitle": lambda p: _first_words(p, 3),
    "id": lambda p: re.sub(r"[./]", "_", p.arxiv_id),
}


def expand_pattern(pattern: str, paper: Paper) -> str:
    """Fill a key pattern; ValueError for an unknown token or unsafe literal text.

    A pattern with `{token}`s is a template (`{auth}{year}{title}`); any other pattern is a
    Better BibTeX-like formula (`auth.lower + shorttitle(3,3) + year`, see formula.py).
    """
    if "{" not in pattern:
        return expand_formula(pattern, paper)
    pieces: list[str] = []
    pos = 0
    for m in re.finditer(r"\{([^{}]*)\}", pattern):
        pieces.append(pattern[pos : m.start()])
        if m[1] not in _FIELDS:
            known = ", ".join("{" + k + "}" for k in _FIELDS)
            raise ValueError(f"unknown key pattern token {m[0]} in {pattern!r} (known: {known})")
        pieces.append(_FIELDS[m[1]](paper))
        pos = m.end()
    pieces.append(pattern[pos:])
    literal = "".join(pieces[0::2])
    if not _LITERAL_OK.fullmatch(literal):
        raise ValueError(f"key pattern {pattern!r} has text a BibTeX key cannot hold: {literal!r}")
    return "".join(pieces)


def suffix_letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: the disambiguating suffix for the n-th collision."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def unique_key(base: str, taken: Container[str]) -> str:
    """``base``, or the first of ``basea``, ``baseb`` … ``baseaa`` not in ``taken``.

    ``taken`` holds lower-cased keys: BibTeX compares keys ignoring case. The one suffix
    scheme for every command (``add`` and ``merge`` alike), as Better BibTeX and JabRef do it.
    """
    key, n = base, 0
    while key.lower() in taken:
        n += 1
        key = base + suffix_letters(n)
    return key


def base_key(paper: Paper, pattern: str = DEFAULT_PATTERN) -> str:
    """The key ``pattern`` gives ``paper`` before any suffix (``arxivID`` if it gives nothing)."""
    return expand_pattern(pattern, paper) or "arxiv" + re.sub(r"[^A-Za-z0-9]", "", paper.arxiv_id)


def make_key(paper: Paper, taken: Collection[str] = (), pattern: str = DEFAULT_PATTERN) -> str:
    """A key for paper that is not in taken (compared case-insensitively): base, basea, baseb..."""
    return unique_key(base_key(paper, pattern), {t.lower() for t in taken})


def check_pattern(pattern: str) -> None:
    """ValueError naming the problem if pattern is not a usable key pattern."""
    probe = Paper(
        arxiv_id="2401.00001",
        version=1,
        title="A Probe",
        authors=(),
        abstract="",
        published=dt.date(2024, 1, 1),
        updated=dt.date(2024, 1, 1),
        primary_category="",
    )
    expand_pattern(pattern, probe)
