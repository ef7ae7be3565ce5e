"""What a personal name in an author list looks like, token by token, as a cost (0 = typical).

The title/author split (:mod:`bibtool.listing.byline`) asks one question many times: "if the
authors started here, how plausible would the first name be?".  This module answers it without a
dictionary of names, from the shape of each whitespace-separated token:

* a *word* starts with a capital and continues in lower case, allowing capitals only after a
  hyphen or apostrophe (``Colin``, ``Sébastien``, ``Domingo-Enrich``, ``O'Brien``);
* a *camel* word has a capital after a lower-case letter (``HaoChen``, ``LeCun``, ``DeLiang``);
  real in surnames, but it is also exactly what a title glued to a name looks like
  (``InferenceColin``), so it costs something, and a lot when it opens the author list;
* an *initial* (``P.``, ``J.-P.``, a bare ``Z``), a lower-case *particle* (``van``, ``de``, ``d'``
  glued as in ``d'Ascoli``), a *suffix* (``Jr.``, ``III``), or an *all-caps* word (``JJ``, ``AI``);
* anything else (digits, brackets, colons, lower-case words such as ``via``) cannot be in a name.
"""

from __future__ import annotations

import enum
import re

from bibtool.text.names import PARTICLES, is_suffix
from bibtool.text.tex import decode_accents

MAX_TOKENS = 6  # "Caio César Teodoro Mendes", "Juan Felipe Ceron Uribe" have four; six is ample

# Surname prefixes written glued to a capital (McDonald, LeCun, DeLiang): a camel word that
# starts with one is an ordinary name, not a title word glued to a name.
NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Del", "Fitz")

# A group listed among the authors ("the PHOBOS Collaboration", "for the CB-ELSA collaboration",
# "LHCb collaboration"): a few words, then the group word.  Longer text ending so is a title
# about a collaboration, not a name.
GROUP_NAME = re.compile(
    r"(?:for\s+)?(?:the\s+)?[\w/-]+(?:\s+[\w/-]+){0,2}\s+(?:collaborations?|team|consortium)",
    re.IGNORECASE,
)
_APOSTROPHES = "'’"
_INITIALS = re.compile(r"(?:[^\W\d_]{1,2}(?:\.-?|-))*[^\W\d_]{1,2}\.")  # P. J.-P. K-C. Yu.N.
_HYPHENATED = re.compile(r"[^\W\d_]\.(?:-[^\W\d_]\.)+")  # "C.-h.", "H.-y."
_INITIALS_PREFIX = re.compile(r"(?:[^\W\d_]{1,2}\.-?)+(?=[^\W\d_])")  # "A.N." of "A.N.Aleshaev"


class Kind(enum.Enum):
    """The shape of one token of a name."""

    WORD = "word"
    CAMEL = "camel"
    INITIAL = "initial"
    INITIALED = "initialed"  # initials glued to a word: "A.N.Aleshaev", "N.d'Ambrumenil"
    PARTICLE = "particle"
    SUFFIX = "suffix"
    CAPS = "caps"
    BAD = "bad"


def token_kind(token: str) -> Kind:
    """The shape of ``token`` as a part of a personal name."""
    token = detex(token)
    if is_suffix(token) and token[0].isupper():
        return Kind.SUFFIX
    if token in PARTICLES:
        return Kind.PARTICLE
    if _INITIALS.fullmatch(token):
        return Kind.INITIAL if _capital_pieces(token) else Kind.BAD
    prefix = _INITIALS_PREFIX.match(token)
    if prefix is not None:
        if not _capital_pieces(prefix.group()):
            return Kind.BAD
        rest = _word_kind(token[prefix.end() :])
        return Kind.INITIALED if rest in (Kind.WORD, Kind.CAMEL) else Kind.BAD
    return _word_kind(token)


def detex(token: str) -> str:
    """``token`` with TeX accents and letters read as the letters they are, braces gone:
    ``\\v{S}r\\'amek`` -> ``Šrámek``. arXiv's own metadata writes accents in TeX
    (``Aur\\'elien``, ``{\\O}bro``) and a front-end may pass them through."""
    if "\\" not in token and "{" not in token:
        return token
    return decode_accents(token).replace("{", "").replace("}", "")


def _word_kind(word: str) -> Kind:
    if not word:  # a token of nothing but TeX braces ("{}")
        return Kind.BAD
    if len(word) == 1:
        return Kind.INITIAL if word.isupper() else Kind.BAD
    if _is_glued_particle(word):
        return Kind.WORD
    if not word[0].isupper() or not all(c.isalpha() or c in "-" + _APOSTROPHES for c in word):
        return Kind.BAD
    if not any(c.islower() for c in word):
        return Kind.CAPS
    return Kind.CAMEL if is_camel(word) else Kind.WORD


def _capital_pieces(initials: str) -> bool:
    """Initials in capitals; BibTeX writes a hyphenated given name's second part in lower case
    when it was so (``Chia-hsuan`` -> ``C.-h.``)."""
    pieces = re.findall(r"[^\W\d_]+", initials)
    return (
        bool(pieces)
        and pieces[0][0].isupper()
        and (
            all(piece[0].isupper() for piece in pieces)
            or _HYPHENATED.fullmatch(initials) is not None
        )
    )


def is_camel(word: str) -> bool:
    """True when ``word`` has a capital right after a lower-case letter or after a second capital.

    ``HaoChen`` and ``MsChuan`` are camel; ``Domingo-Enrich`` and ``O'Brien`` are not, because a
    capital after a hyphen or apostrophe starts a new part of a compound name.
    """
    return any(
        b.isupper() and (a.islower() or a.isupper()) for a, b in zip(word, word[1:], strict=False)
    )


def camel_tail(word: str) -> str:
    """What follows the last lower-to-upper change in ``word``: ``InferenceColin`` -> ``Colin``."""
    for i in range(len(word) - 1, 0, -1):
        if word[i].isupper() and word[i - 1].islower():
            return word[i:]
    return word


_NAME_WORDS = (Kind.WORD, Kind.CAMEL, Kind.CAPS, Kind.INITIALED)


def name_cost(name: str, *, opens_list: bool = False) -> float | None:
    """How unusual ``name`` is as a personal name (0 = typical), or None if it cannot be one.

    ``opens_list`` marks the first name of an author list, whose first token sits right where the
    title ends: there a camel word whose tail is itself a plain name (``MsChuan``, ``AgentsYue``)
    is almost always title glued to name, so it costs much more than elsewhere.
    """
    tokens = name.split()
    if not 1 <= len(tokens) <= MAX_TOKENS:
        return None
    kinds = [token_kind(t) for t in tokens]
    if Kind.BAD in kinds or kinds[0] is Kind.SUFFIX:
        return None
    if kinds[-1] is Kind.PARTICLE or not any(k in _NAME_WORDS for k in kinds):
        return None
    if kinds == [Kind.CAPS]:  # "AI", "NL": an acronym, not a name
        return None
    # One token is a mononym or a collaboration, rare; "A.N.Aleshaev" is a full name in one token.
    single = len(tokens) == 1 and kinds[0] is not Kind.INITIALED
    cost = 4.0 if single else 0.5 * max(0, len(tokens) - 3)
    cost += 2.0 if kinds[0] is Kind.PARTICLE else 0.0
    cost += 1.0 if kinds[-1] is Kind.INITIAL else 0.0
    for i, (token, kind) in enumerate(zip(tokens, kinds, strict=True)):
        cost += _token_cost(token, kind, first=i == 0, opening=opens_list and i == 0)
    return cost


def _token_cost(token: str, kind: Kind, *, first: bool, opening: bool) -> float:
    if kind is Kind.CAPS:
        return 2.0
    if kind is Kind.INITIALED:  # "A.N.Aleshaev" is a whole name; later in one it is glue
        return 0.5 if first else 3.0
    if kind is Kind.INITIAL and not token.endswith("."):
        return 0.5
    return _camel_cost(detex(token), opening) if kind is Kind.CAMEL else 0.0


def _camel_cost(token: str, opening: bool) -> float:
    """The cost of a camel word: each inner capital is a place where a title may be glued on.

    ``HaoChen`` has one such place, ``SmartPlayColin`` two; the first hump of ``McDonald`` or
    ``LeCun`` belongs to a surname prefix and is cheap.  Opening the list, a camel word whose tail
    is a plain name (``MsChuan``, ``InferenceColin``) is nearly always title glued to name.
    """
    humps = _humps(token)
    if _has_name_prefix(token):
        return (2.0 if opening else 0.5) + 1.5 * (humps - 1)
    if opening:
        return 6.0 if _is_plain_word(camel_tail(token)) else 2.0
    return 1.5 * humps


def _humps(word: str) -> int:
    """Lower-to-upper changes in ``word``, at least one (``LLMs`` counts as one)."""
    return sum(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)) or 1


def _has_name_prefix(word: str) -> bool:
    return any(word.startswith(p) and word[len(p) : len(p) + 1].isupper() for p in NAME_PREFIXES)


def _is_plain_word(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()


def _is_glued_particle(token: str) -> bool:
    """``d'Ascoli``, ``dell'Orto``: a lower-case particle glued by an apostrophe to a capital."""
    for mark in _APOSTROPHES:
        head, sep, tail = token.partition(mark)
        if sep and head.isalpha() and head.islower() and len(head) <= 4 and tail[:1].isupper():
            return tail.replace("-", "").isalpha()
    return False
