"""Text normalisation shared by matching and query building: LaTeX, accents, Greek, punctuation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# LaTeX accent commands and their combining marks, so "{\'e}" and "é" normalise alike.
# Letter commands (\c, \v, \t ...) must not run on into a word, or "\textit" reads as "\t ext".
_ACCENT_CMD = re.compile(r"\\([`'^\"~=.]|[uvHcdbtkr](?![A-Za-z]))\s*\{?\s*\\?([A-Za-z])\}?")
_ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "b": "\u0331", "t": "\u0361", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_NAMED = {
    "ss": "ss", "o": "o", "O": "O", "l": "l", "L": "L", "ae": "ae", "AE": "AE", "i": "i",
    "ell": "l",
}  # fmt: skip
_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_GREEK_LETTER = re.compile(r"GREEK (?:SMALL|CAPITAL) LETTER (\w+)")

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "in",
        "on",
        "and",
        "or",
        "to",
        "with",
        "by",
        "is",
        "are",
        "be",
        "via",
        "from",
        "as",
        "at",
        "its",
        "we",
        "this",
        "that",
        "it",
        "into",
        "not",
        "no",
        "do",
        "does",
        "can",
        "our",
        "than",
        "these",
        "those",
        "which",
        "when",
        "how",
        "why",
        "what",
        "all",
    ]
)


def _latex_to_unicode(text: str) -> str:
    text = _ACCENT_CMD.sub(lambda m: m[2] + _ACCENTS[m[1]], text)

    def command(m: re.Match[str]) -> str:
        name = m[1]
        if name in _NAMED:
            return _NAMED[name]
        # \epsilon, \alpha ... are words in their own right; \em, \textit are markup.
        return f" {name} " if name.lower() in _GREEK_NAMES else " "

    # Braces only group in LaTeX; dropping them joins "Sch{ö}dinger" back into one word.
    return _COMMAND.sub(command, text).replace("{", "").replace("}", "")


_GREEK_NAMES = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "omicron",
        "pi",
        "varpi",
        "rho",
        "varrho",
        "sigma",
        "varsigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
    ]
)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: LaTeX, accents and Greek folded.

    ``$(1 - \\epsilon)$-fraction`` and ``(1 - ε)-fraction`` both become ``1 epsilon fraction``.
    """
    text = _latex_to_unicode(text)
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        if ord(ch) < 128:
            out.append(ch)
            continue
        greek = _GREEK_LETTER.match(unicodedata.name(ch, ""))
        # Unicode spells the letter LAMDA; TeX's \lambda must fold to the same word.
        out.append(f" {greek[1].lower().replace('lamda', 'lambda')} " if greek else " ")
    words = _NON_WORD.sub(" ", "".join(out).lower()).split()
    return " ".join(w.replace("var", "", 1) if w.startswith("var") and w[3:] in _GREEK_NAMES
                    else w for w in words)  # fmt: skip


_SCRIPT_MARKS = re.compile(r"[$^_]")


def glue_scripts(text: str) -> str:
    """``text`` without TeX maths delimiters and sub/superscript marks: ``TiSe$_{2}$`` reads
    ``TiSe2`` and ``$^{132}$Sn`` reads ``132Sn``, as people type a rendered title (and as
    NFKD reads ``TiSe₂``).  For comparing titles; search terms keep arXiv's own word breaks."""
    return _SCRIPT_MARKS.sub("", text)


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return normalise(text).split()


def significant_words(text: str) -> list[str]:
    """Normalised words without stop-words (what arXiv's search actually indexes)."""
    return [w for w in words(text) if w not in STOP_WORDS]


def fold_name(name: str) -> str:
    """A person's name folded for comparison: ``Sébastien Bubeck`` -> ``sebastien bubeck``."""
    return normalise(name)


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # folded: "Jr." reads "jr"


def surname(name: str) -> str:
    """The last word of a folded "First Last" name, a suffix aside (``King, Jr.`` -> ``king``).

    Good enough to compare author lists.
    """
    parts = fold_name(name).split()
    while len(parts) > 1 and parts[-1] in NAME_SUFFIXES and len(parts[-2]) > 1:  # not "J. Iv"
        parts.pop()
    return parts[-1] if parts else ""
