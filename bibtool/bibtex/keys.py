"""Citation keys: `{auth}{year}{title}` for a Paper, ASCII, stable across arXiv versions, unique.

The year is the first version's, so a new arXiv version never changes a key people already cite.
The surname is the one a person sorts under, without particles (`d'Ascoli` -> `ascoli`, as
Better BibTeX does); an organisation gives its distinctive words (`The ATLAS Collaboration` ->
`atlas`). Keys are compared case-insensitively, as BibTeX and biber compare them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection

from bibtool.bibtex.latex import GREEK, MATH_ARGS, TEXT_COMMANDS, to_unicode
from bibtool.bibtex.names import clean_author_names, surname
from bibtool.model import Paper

DEFAULT_PATTERN = "{auth}{year}{title}"
STOP_WORDS = frozenset(
    "a an the on of for in to and or nor but with without within via from is are was were be "
    "been do does did how why what when where which who towards toward at by as into onto over "
    "under about between through it its this that these those can we our you your not vs "
    "versus per than".split()
)
# Letters NFKD leaves alone, spelt the way their languages transliterate them.
_TRANSLIT = {
    "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ȷ": "j", "ħ": "h", "ŋ": "ng", "ŀ": "l", "ĸ": "k", "ŧ": "t",
}  # fmt: skip
# Commands that only format or draw a symbol; other command names (\alpha) are kept as words.
_SILENT = TEXT_COMMANDS | {
    n for n in MATH_ARGS if n.startswith(("math", "text", "operator", "bold"))
}
_LITERAL_OK = re.compile(r"[A-Za-z0-9_:.\-]*")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Łukasz` -> `lukasz`, `β-VAE` -> `betavae`."""
    text = re.sub(r"\\([A-Za-z]+)", lambda m: "" if m[1] in _SILENT else m[1], to_unicode(text))
    decomposed = unicodedata.normalize("NFKD", text.lower())
    out = [GREEK[c].removeprefix("var") if c in GREEK else _TRANSLIT.get(c, c) for c in decomposed]
    return re.sub(r"[^a-z0-9]", "", "".join(out))


def title_words(title: str, *, significant: bool = True) -> list[str]:
    """The title's words, folded to ASCII; without stop words unless significant is False."""
    words = [w for w in (ascii_fold(w) for w in to_unicode(title).split()) if w]
    return [w for w in words if w not in STOP_WORDS] if significant else words


def _first_words(paper: Paper, n: int) -> str:
    words = title_words(paper.title) or title_words(paper.title, significant=False)
    return "".join(words[:n])


def _auth(paper: Paper) -> str:
    names = clean_author_names(a.name for a in paper.authors)
    return (ascii_fold(surname(names[0])) if names else "") or "anon"


_FIELDS: dict[str, Callable[[Paper], str]] = {
    "auth": _auth,
    "Auth": lambda p: _auth(p).capitalize(),
    "year": lambda p: str(p.published.year),
    "title": lambda p: _first_words(p, 1),
    "shorttitle": lambda p: _first_words(p, 3),
    "id": lambda p: re.sub(r"[./]", "_", p.arxiv_id),
}


def expand_pattern(pattern: str, paper: Paper) -> str:
    """Fill a key pattern's `{token}`s; ValueError for an unknown token or unsafe literal text."""
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


def make_key(paper: Paper, taken: Collection[str] = (), pattern: str = DEFAULT_PATTERN) -> str:
    """A key for paper that is not in taken (compared case-insensitively): base, basea, baseb..."""
    base = expand_pattern(pattern, paper) or "arxiv" + re.sub(r"[^A-Za-z0-9]", "", paper.arxiv_id)
    used = {t.lower() for t in taken}
    key, n = base, 0
    while key.lower() in used:
        n += 1
        key = base + suffix_letters(n)
    return key
