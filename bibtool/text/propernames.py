"""Words that are names whatever the sentence: people, places, eponyms, chemical elements; and
the common English words a capital on which may be mere emphasis.

Three kinds of evidence, none kept by hand: SCOWL's proper names (``propernames.txt``: words
English only writes capitalised, less those whose lower case is a common word; how it is made
and its licence are in SOURCES.md beside it), the eponymous forms built on such a name
(``Keplerian`` from Kepler, ``Euclidean`` from Euclid, ``Bertrand's``), and the symbols of the
chemical elements that are no English word (``Zn``, ``Fe``, ``Sn``; not ``In``, ``As``, ``Be``).
The common words (``englishwords.txt.gz``) are SCOWL's too, the same list the names are
filtered against.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib.resources import files

ELEMENTS = frozenset(
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se "
    "Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb "
    "Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm "
    "Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og".split()
)
# Symbols that are also words, prefixes (Bi-directional) or abbreviations (Ac, Cm, Rf, Db) a
# title may capitalise, and the superheavy elements no title names by symbol.
_WORDLIKE_SYMBOLS = frozenset(
    "In As At Be He No Am Co Re Ho Es Pa Po La Ra Bi Ac Cm Fl Rf Db Md Pm Ds Mc Hs Bh Sg Nh Og "
    "Lv Cn Rg Mt Ts Bk Cf Lr Fm Np".split()
)
# Eponymous adjectives: the ending, and what to put back to find the name (Gauss-ian,
# Lagrang(e)-ian, Euclid-ean, Boole-an, Markov-ian, Hermit(e)-ian).
_EPONYM_ENDINGS = (("ians", ("", "e")), ("ian", ("", "e")), ("eans", ("", "e")), ("ean", ("", "e")))
_POSSESSIVE = re.compile(r"(.+?)['’]s?")


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    text = files("bibtool.text").joinpath("propernames.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    data = files("bibtool.text").joinpath("englishwords.txt.gz").read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_english_word(word: str) -> bool:
    """Is ``word``, folded to lower case, a common English word (SCOWL, size 50 or less):
    ``quantum``, ``mechanics``, ``finite``, not ``lopatinski`` or ``higgsino``?"""
    return word.lower() in _english()


def is_element(word: str) -> bool:
    """A chemical element's symbol of two letters that is no English word (``Zn``, not ``In``)."""
    return len(word) == 2 and word in ELEMENTS and word not in _WORDLIKE_SYMBOLS


def is_proper_name(word: str) -> bool:
    """Is ``word`` (one capital, then lower case) a name wherever it stands in a title?

    A listed name (``Turing``, ``Gaussian``), also in the possessive (``Bertrand's``), an
    eponymous adjective or plural of a listed name (``Keplerian``, ``Hamiltonians``,
    ``Euclidean``), or a chemical element's symbol (``Zn``).
    """
    if len(word) < 2 or not word[0].isupper():
        return False
    names = _names()
    if word in names or is_element(word):
        return True
    if (m := _POSSESSIVE.fullmatch(word)) and m[1] in names:
        return True
    if word.endswith(("ians", "eans")) and word[:-1] in names:  # Gaussians, not Loss (Los)
        return True
    for ending, restore in _EPONYM_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if any(stem + tail in names for tail in restore):
                return True
    return False
