"""Author lists as reference strings write them, read into names in "First Last" order.

Reference styles write the same three people five ways::

    C. Wei, Y. Chen, and T. Ma              (natbib, ACL: given names first)
    Wei, C., Chen, Y., & Ma, T.             (APA: "Surname, initials" pairs)
    Wei C, Chen Y, Ma T                     (Vancouver: surname then bare initials)
    Colin Wei and Yining Chen and Tengyu Ma (BibTeX-ish, or "and" before the last)
    Wei, Colin, Yining Chen, and Tengyu Ma  (biblatex authoryear, Chicago: the first inverted)

:func:`read_authors` tells them apart from the items' shapes alone and returns the names in the
order shown, plus whether the list was cut (``et al.``, ``and others``, ``…``).  It answers None
when the text is not a list of personal names: that is how a reference parser finds where the
authors end and the title begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibtool.listing.names import (
    GROUP_NAME,
    MAX_TOKENS,
    detex,
    name_cost,
)
from bibtool.listing.text import squash
from bibtool.text.names import ET_AL_TAIL, PARTICLES, is_suffix
from bibtool.text.normalise import SOFT_HYPHEN

_ELLIPSIS_INSIDE = re.compile(r",?\s*(?:…|\.\.\.)")  # APA 7 lists 19 names, "…", the last
# "CLEO Collaboration: T. K. Pedlar" puts a colon after a collaboration's name; arXiv's own
# metadata doubles an "and" now and then ("Shea Brown, and and Liliya R. Williams").
_SEPARATOR = re.compile(
    r"\s*;\s*|\s*,\s*(?:(?:and|&)\s+){0,2}|\s+(?:and|&)\s+(?:and\s+)?"
    r"|(?<=ollaboration)s?\s*:\s*",
    re.IGNORECASE,
)
# "C.", "J.-P.", "Y. W.", "Th.", "Á. D." (a capital, checked by _initials_only)
_INITIALS_ONLY = re.compile(r"(?:[^\W\d_][a-z]?\.\s*-?\s*){1,4}")
_INITIAL = re.compile(r"(?:^|\s)[A-Z][a-z]?\.")
_VANCOUVER = re.compile(
    r"(?P<last>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)*)\s+(?P<init>[A-Z]{1,3})"
)
_ALIAS = re.compile(r"\s*\((?=[^()]*[A-Z])[^()\d]{2,40}\)")
MAX_AUTHORS = 60  # more items than this is a paragraph of prose, not an author list
MAX_NAME_WORDS = 4  # "Juan Felipe Ceron Uribe"; five capitalised words are a title


@dataclass(frozen=True)
class Authors:
    """The names an author list shows, in order, "First Last", and whether it was cut."""

    names: tuple[str, ...]
    truncated: bool = False


def read_authors(text: str) -> Authors | None:
    """The authors ``text`` lists, or None when it is not a list of personal names."""
    text = squash(text.replace(SOFT_HYPHEN, "")).strip(" ,;:")  # "Reiffen-"/"häuser" is one name
    cut = ET_AL_TAIL.search(text)
    truncated = cut is not None
    if cut is not None:
        text = text[: cut.start()].strip(" ,;")
    inner = _ELLIPSIS_INSIDE.search(text)
    if inner is not None:  # "A, B, … Z": the last author after the gap would break the prefix
        text, truncated = text[: inner.start()], True
    items = [item for item in _SEPARATOR.split(text) if item]
    if not items or len(items) > MAX_AUTHORS:
        return None
    names = _pairs(items) or _vancouver(items) or _first_inverted(items) or _plain(items)
    return Authors(tuple(names), truncated) if names else None


def _pairs(items: list[str]) -> list[str] | None:
    """APA's ``Wei, C., Chen, Y.``: surnames alternating with initials; given names put first.

    A suffix is a third item of its name (``Heath, R. W., Jr.``) and goes after the surname.
    """
    suffixes = {i: item for i, item in enumerate(items) if is_suffix(item) and i >= 2}
    items = [item for i, item in enumerate(items) if i not in suffixes]
    if len(items) < 2 or len(items) % 2:
        return None
    surnames, given = items[0::2], items[1::2]
    if not all(_INITIALS_ONLY.fullmatch(g) and g[0].isupper() for g in given):
        return None
    if any(_INITIAL.search(s) for s in surnames):  # "C. Wei, Y." is a list cut mid-name
        return None
    for i, suffix in suffixes.items():  # the suffix after the i-th item ends name (i - 1) // 2
        k = (i - 1 - sum(1 for j in suffixes if j < i)) // 2
        surnames[k] = f"{surnames[k]} {suffix}"
    names = [f"{squash(g)} {s}" for s, g in zip(surnames, given, strict=True)]
    return names if all(name_cost(n) is not None for n in names) else None


def _vancouver(items: list[str]) -> list[str] | None:
    """``Wei C, Chen YN``: every item a surname then bare capital initials.

    A surname may carry TeX accents (``G\\"ahler F``, as a .bbl prints it): its shape is judged
    without them, and it is kept as written.
    """
    found = [_VANCOUVER.fullmatch(detex(item)) for item in items]
    if not all(found) or not any(len(item.split()) > 1 for item in items):
        return None
    names = [
        f"{m['init']} {item.rsplit(None, 1)[0]}"
        for item, m in zip(items, found, strict=True)
        if m is not None
    ]
    # Judged with the initials dotted: bare "SR" or "II" would read as a suffix (Sr., II).
    dotted = [". ".join(m["init"]) + ". " + m["last"] for m in found if m is not None]
    return names if all(name_cost(n) is not None for n in dotted) else None


def _first_inverted(items: list[str]) -> list[str] | None:
    """biblatex's ``Fan, Angela, Mike Lewis, and Yann N. Dauphin``: the first name inverted.

    The second item must read as given names alone (one word, or ending in an initial:
    ``Angela``, ``Gati V.``), every later one as a whole name of two words or more; a lone
    ``Wei, Colin`` is one person, since no list gives two one-word names.
    """
    if len(items) < 2 or len(items[0].split()) > 2 or _INITIAL.search(f" {items[0]}"):
        return None
    given = [w for w in items[1].split() if w not in PARTICLES]  # "Jong, Michiel de"
    if not given or not (len(given) == 1 or _INITIAL.search(f" {given[-1]}")) or len(given) > 3:
        return None
    if any(len(item.split()) < 2 for item in items[2:]):
        return None
    names = [f"{items[1]} {items[0]}", *items[2:]]
    return names if _plain(names) else None


def _plain(items: list[str]) -> list[str] | None:
    """Given names first already (``C. Wei``, ``Colin Wei``): each item must read as a name,
    an alias in brackets aside (arXiv's ``Rai (Michael Pokorny)``)."""
    fits = all(
        (_short_enough(bare) and name_cost(bare) is not None) or GROUP_NAME.fullmatch(bare)
        for bare in (_ALIAS.sub("", i).strip() or i for i in items)
    )
    return items if fits else None


def _short_enough(name: str) -> bool:
    """Four words at most, or six with an initial or a particle (``Robert P. C. de Marrais``)."""
    words = name.split()
    if len(words) <= MAX_NAME_WORDS:
        return True
    marked = any(_INITIAL.match(f" {w}") or w in PARTICLES for w in words[1:-1])
    return len(words) <= MAX_TOKENS and marked
