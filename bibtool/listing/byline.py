"""The title line of an author-page entry: a title glued to its author list, then affiliations.

``GPT-4o System CardAaron Hurst, Adam Lerer, Adam P. Goucher et al. · openai`` reads as title
``GPT-4o System Card``, three authors, truncated, affiliation ``openai``.  The affiliations (after
the last `` · ``) and the ``et al.`` are easy; splitting the title from the first author is not,
because nothing separates them and both sides vary: titles end in capitals, digits and brackets
(``…Frontier LLMs``, ``…GPT-4``, ``…(RLHF)``), names carry particles, accents, initials and
inner capitals (``Stéphane d'Ascoli``, ``Jeff Z. HaoChen``, ``Yann LeCun``).

The split is chosen, not guessed (see :func:`split_title_authors`): every *glue point*, a capital
right after a non-space character, is a candidate start of the author list; each candidate is
scored by how well what follows reads as a comma-separated list of personal names
(:func:`bibtool.listing.names.name_cost`) plus how plausible the title's last word is; the
cheapest candidate wins, ties going to the later one (the title keeps its words).  When no
candidate is plausible the whole line is the title and there are no authors: the entry survives,
and the matcher can still find the paper from its title and abstract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibtool.listing.names import (
    GROUP_NAME,
    NAME_PREFIXES,
    Kind,
    camel_tail,
    name_cost,
    token_kind,
)
from bibtool.listing.text import squash
from bibtool.text.names import ET_AL_TAIL, is_suffix

# Above this the title end and first name together are too odd to be a split.  The worst genuine
# case in view: a one-word first author (4) with a surname-prefixed camel name (2) after a title
# ending in a camel word (2).
MAX_SPLIT_COST = 8.0
BAD_NAME_COST = 4.0  # a later list item that is no name ("(OpenAI)"), kept as the listing shows
# Each plausible name a candidate explains earns this much: of two candidates whose names all
# read well, the one that leaves fewer of them in the title wins ("…, J.|N. Cayla" loses to
# "…|C. Travier, L. Boy, J.N. Cayla").  It exceeds a camel surname's cost, so "Dohoon Choi,
# YoungJu Choie" is not cut at "Young|Ju".
NAME_REWARD = 2.0

_AFFILIATIONS = re.compile(r"\s*·\s*(?P<affiliations>[^·]*)$")
# Commas (or semicolons), with an Oxford "and" allowed.  A bare " and " is not a separator: it
# is far more common inside titles, and would let title words pass for names.
# arXiv's own "BABAR Collaboration: B. Aubert, …" puts a colon after a collaboration's name.
# A spaced ampersand joins names too ("Walter A. Simmons & Sandip S. Pakvasa").
_SEPARATOR = re.compile(
    r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+&\s+"
    r"|(?:(?<=ollaboration)|(?<=ollaborations)|(?<=Team))\s*:\s*"
)
# A group among the authors (:data:`~bibtool.listing.names.GROUP_NAME`): later in the list it
# neither counts as a name that failed to read nor earns a name's reward; heading the list
# ("LHCb collaboration: R. Aaij") it costs as much as a camel surname.
GROUP_COST = 2.0
_OPEN_ENDS = "([{“‘/&+"  # a title ending in one of these was cut mid-phrase
_DASHES = "-‐–—"
_INITIAL_END = re.compile(r"[A-Z][a-z]?\.$")
_TEX_CUT = re.compile(r"\\(?:[`'^\"~=.]|[vHcdbkurt])$")  # "…spaces\\'" of "\\'Arp\\'ad"
_TEX_CAPITAL = re.compile(
    r"\{?\\(?:[`'^\"~=.]|[vHcdbkurt](?![a-zA-Z]))\s*\{?[A-Z]|\{?\\(?:AA|AE|OE|O|L)(?![a-zA-Z])"
)


@dataclass(frozen=True)
class Byline:
    """What a title line says: title, the names shown, whether they were cut, affiliations."""

    title: str
    authors: tuple[str, ...] = ()
    truncated: bool = False
    affiliations: tuple[str, ...] = ()


def read_byline(text: str) -> Byline:
    """The title, authors, ``et al.`` and affiliations of one author-page title line."""
    text = squash(text)
    m = _AFFILIATIONS.search(text)
    if m is not None:
        byline = _read_head(text[: m.start()])
        if byline.authors:  # a "·" inside a title with no authors after it is not a separator
            affiliations = tuple(a for a in (squash(x) for x in m["affiliations"].split(",")) if a)
            return Byline(byline.title, byline.authors, byline.truncated, affiliations)
    return _read_head(text)


def _read_head(head: str) -> Byline:
    m = ET_AL_TAIL.search(head)
    truncated = m is not None and m.start() > 0
    names_part = head[: m.start()] if m is not None and truncated else head
    split = split_title_authors(names_part)
    if split is None:
        return Byline(title=head.strip())
    title, authors = split
    return Byline(title=title, authors=authors, truncated=truncated)


def split_title_authors(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``(title, authors)`` for text where the author list starts glued to the title, or None.

    Candidates are the glue points (:func:`glue_points`).  A candidate's cost is the title-end
    cost (:func:`title_end_cost`) plus the cost of each name after it, less a reward per name
    (:func:`_opening_cost`, :func:`_rest_cost`); impossible candidates (a title cut at a hyphen,
    a first "name" holding a digit or a lower-case word) drop out.  The cheapest survivor wins,
    the later one on a tie.  The costs only rank the few candidates of one line, so the weights
    are coarse on purpose: checked against the 2,800 records and 10,000 titles of the fixtures
    rendered as title lines, the split is right for more than 99% of them.
    """
    best: tuple[float, int] | None = None
    rest_costs: dict[int, float | None] = {}  # candidates before one comma share what follows
    for i in glue_points(text):
        sep = _SEPARATOR.search(text, i)
        first_end, rest_start = (sep.start(), sep.end()) if sep else (len(text), len(text))
        if rest_start not in rest_costs:
            rest_costs[rest_start] = _rest_cost(author_items(text[rest_start:]))
        cost = _opening_cost(text, i, first_end, alone=rest_start == len(text))
        rest = rest_costs[rest_start]
        if cost is not None and rest is not None and (best is None or cost + rest <= best[0]):
            best = (cost + rest, i)
    if best is None:
        return None
    return text[: best[1]].strip(), tuple(author_items(text[best[1] :]))


def glue_points(text: str) -> list[int]:
    """Where authors may start: a capital (or a TeX-accented one) right after a non-space."""
    return [
        i
        for i in range(1, len(text))
        if not text[i - 1].isspace() and (text[i].isupper() or _TEX_CAPITAL.match(text, i))
    ]


def _opening_cost(text: str, i: int, end: int, *, alone: bool) -> float | None:
    """The cost of the title ``text[:i]`` plus the first name ``text[i:end]``, or None.

    Some cuts are impossible, whatever the costs.  An all-capitals first word or a bare initial
    right after a capital or digit continues an acronym or model name (``BAB|AR Collaboration``,
    ``LL|M-Based``, ``3|D Printing``); ``GPT|Sam``, ``stars|M Prakash`` and ``Prediction|CJ
    Finnegan`` stay possible.  A one-word author list (``LL|Ms``, ``Plan|Bench``) is in a title
    line far likelier the title's last word, unless the word is a whole name (``J.P.Hague``).
    """
    title_cost = title_end_cost(text[:i])
    first = squash(text[i:end])
    first_cost = name_cost(first, opens_list=True)
    # "…decays|LHCb collaboration: R. Aaij"; never glued to a capital ("decaysLH|Cb …")
    if (
        first_cost is None
        and first[:1].isupper()
        and not text[i - 1].isupper()
        and GROUP_NAME.fullmatch(first)
    ):
        first_cost = GROUP_COST
    if title_cost is None or first_cost is None or title_cost + first_cost > MAX_SPLIT_COST:
        return None
    words = first.split()
    head, before = words[0].split("-")[0], text[i - 1]
    # An all-capitals first word, or a bare initial, glued to a capital or a digit.
    if head.isupper() and not head.endswith(".") and (before.isdigit() or before.isupper()):
        return None
    if alone and len(words) == 1 and token_kind(words[0]) is not Kind.INITIALED:
        return None
    return title_cost + first_cost - NAME_REWARD


def _rest_cost(items: list[str]) -> float | None:
    """The cost of the names after the first (None if most are no names); each earns a reward."""
    while items and is_suffix(items[0]):  # the "Jr." of the first name
        items = items[1:]
    costs = [NAME_REWARD if GROUP_NAME.search(item) else name_cost(item) for item in items]
    if 2 * sum(cost is None for cost in costs) > len(costs):
        return None
    return sum(BAD_NAME_COST if cost is None else cost - NAME_REWARD for cost in costs)


def author_items(text: str) -> list[str]:
    """The names of a comma-separated author list; ``Jr.`` rejoins its name, stray marks go."""
    items: list[str] = []
    for item in _SEPARATOR.split(text.strip()):
        if not any(c.isalpha() for c in item):
            continue  # a stray ":" after a collaboration name, an empty item from ",,"
        if items and is_suffix(item):
            items[-1] = f"{items[-1]} {item}"
        else:
            items.append(squash(item))
    return items


def title_end_cost(title: str) -> float | None:
    """How odd ``title`` is as a whole title, judging by its end (0 = ordinary), or None.

    The telling case is a capital at the very end that belongs to a camel-case word: ``…LL`` of
    ``LLMs`` is fine (all capitals), but ``…FrameworkA`` (an orphan capital) or ``…SmartPlay`` (a
    word ending in a capitalised hump) suggest the author list really starts a little earlier.
    A title does not end cut mid-word (``Doubly-``) or in an opened bracket, and rarely in what
    reads as an initial (``…Simon J.`` of ``Simon J.A. Malham``).
    """
    title = title.rstrip()
    if not any(c.isalnum() for c in title) or title[-1] in _OPEN_ENDS or _TEX_CUT.search(title):
        return None
    if title[-1] in _DASHES:  # "Doubly-" and "J.-" are cut; "mixing --" is not
        return 2.0 if title[-2:-1].isspace() or title[-2:-1] in _DASHES else None
    word = title.split()[-1]
    if word in NAME_PREFIXES:  # "…David Mc" of "David McGuire Withrow"
        return 3.0
    initial = _INITIAL_END.search(word)
    if initial is not None:  # "…Simon J." of "Simon J.A. Malham"; worse glued on: "…PlayS."
        before = word[initial.start() - 1 : initial.start()]
        return 1.0 if before == "." else 2.0 if not before else 3.0  # "U.S." is an abbreviation
    hump = camel_tail(word)
    if hump == word or not word[-1].isalpha() or not any(c.islower() for c in hump):
        return 1.0 if title.endswith(",") else 0.0
    if len(hump) == 1:
        return 4.0
    if word[0].islower() and hump[1:].islower():
        return 7.0  # "bulletHong": no title word is so shaped, a given name "HongSheng" is
    return 3.0 if hump in NAME_PREFIXES else 2.0
