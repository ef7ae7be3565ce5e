"""Folding text for comparing and searching: words, accents, Greek, stop-words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bibtool.text.chars import TRANSLIT
from bibtool.text.tex import to_text

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Where a word was broken at a line end and it is unknown whether the hyphen was the word's own
# ("Unify-"/"ing" or "cross-"/"lingual"): folded as a word break, spelt both ways by spellings().
SOFT_HYPHEN = "\u00ad"
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


# Key material skips more (as Better BibTeX does) but keeps "all" and "no", which can open a
# title's one distinctive phrase; matching must not skip these extra words: "with" and
# "without" tell two titles apart.
KEY_STOP_WORDS = (STOP_WORDS - {"all", "no"}) | frozenset(
    "about been between but did nor onto over per through toward towards under versus vs was "
    "were where who within without you your".split()
)

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
    """Lower-case ASCII words separated by single spaces: TeX read as a reader sees it
    (``text.tex.to_text``), accents dropped, letters NFKD cannot split transliterated
    (``Łukasz`` -> ``lukasz``, ``Seßler`` -> ``sessler``), Greek letters spelt out.

    ``$(1 - \\epsilon)$-fraction`` and ``(1 - ε)-fraction`` both become ``1 epsilon fraction``.
    """
    if text.isascii() and "\\" not in text:  # most titles and names: no commands, no accents
        return _words_of(to_text(text).lower())
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", to_text(text).lower()):
        if ord(ch) < 128:
            out.append(ch)
        elif unicodedata.combining(ch):
            continue
        elif ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        else:
            greek = _GREEK_LETTER.match(unicodedata.name(ch, ""))
            # Unicode spells the letter LAMDA; TeX's \\lambda must fold to the same word.
            out.append(f" {greek[1].lower().replace('lamda', 'lambda')} " if greek else " ")
    return _words_of("".join(out))


def _words_of(text: str) -> str:
    words = _NON_WORD.sub(" ", text).split()
    if "var" not in text:
        return " ".join(words)
    return " ".join(w.replace("var", "", 1) if w.startswith("var") and w[3:] in _GREEK_NAMES
                    else w for w in words)  # fmt: skip


_SCRIPT_MARKS = re.compile(r"[$^_]")


def glue_scripts(text: str) -> str:
    """``text`` without TeX maths delimiters and sub/superscript marks: ``TiSe$_{2}$`` reads
    ``TiSe2`` and ``$^{132}$Sn`` reads ``132Sn``, as people type a rendered title (and as
    NFKD reads ``TiSe₂``).  For comparing titles; search terms keep arXiv's own word breaks."""
    return _SCRIPT_MARKS.sub("", text)


def spellings(text: str) -> list[str]:
    """``text`` as each reading of its soft hyphens spells it: joined (``Unifying``), then
    hyphenated (``cross-lingual``); just ``[text]`` when it has none."""
    if SOFT_HYPHEN not in text:
        return [text]
    return [text.replace(SOFT_HYPHEN, ""), text.replace(SOFT_HYPHEN, "-")]


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return normalise(text).split()


def significant_words(text: str) -> list[str]:
    """Normalised words without stop-words (what arXiv's search actually indexes)."""
    return [w for w in words(text) if w not in STOP_WORDS]
