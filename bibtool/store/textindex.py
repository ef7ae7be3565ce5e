"""Full-text queries over the store's FTS5 indexes, built from a listing entry's words.

The indexes tokenise raw arXiv text (``unicode61``, diacritics removed); the queries are built
from bibtool's normalised words, so they only ever contain lower-case ASCII letters and digits,
each quoted: nothing from a listing can be read as FTS5 syntax.

A title is looked up by its rarest words (document counts of the title index), in three
steps, each tried only when the one before found no title close to the listing's:

1. all of them AND-ed: the paper itself has every word of its own title, and an AND anchored
   on a rare word reads only that word's short list of papers, whatever the store's size;
2. all of them but one, for each one (a word mistyped into another real word, a word the
   listing added, a symbol spelt another way: "α" is indexed as "α", folded as "alpha");
3. any of them, ranked by bm25 (two damaged words or more).

The index is asked for the first two by their three rarest words only (``Query.probe``): every
paper holding all the words, or all but one, holds all three, or two of them; the other words
are checked on the indexed words of the few papers found. An AND of every word costs what its
commonest word's list of papers costs to step through ("model", "based": hundreds of thousands
at 2.7 million papers; 4.4 ms a title there, against 0.4 ms for the three rarest). A probe
that finds ``PROBED`` papers or more (a title of common words only) is not read: the index is
asked for every word instead.

The first two are ranked here, by ``closeness`` (the listing's words a title lacks, then its
other words), over the ids and indexed words of at most ``RANKED`` papers: among papers
holding every word the one without a "Part II" or a subtitle comes first. bm25 would rank
them alike, but computes each word's document frequency by reading its whole list of papers
on every query (1.1 ms a title at 100,000 papers, growing with the store); it ranks only the
last query, and a query matching ``RANKED`` papers or more. ``CANDIDATES`` bounds what the
accept rule reads. Abstracts use an OR of their rarest words, ranked by bm25.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bibtool.text.normalise import STOP_WORDS, words

TITLE_WORDS = 8  # the rarest words of a title that its queries ask for
ABSTRACT_WORDS = 12
CANDIDATES = 20  # papers one query brings back at most
RANKED = 1000  # papers whose indexed words a query reads to rank them itself
CLOSE = 0.9  # a candidate title this alike (text.similarity) ends the search
COMMON = 64  # words in this many papers or more have their counts kept (``common_words``)
PROBE_WORDS = 3  # the rarest words the index is asked for; a title's others are checked here
PROBED = 2000  # papers a probe may find; past this, the index is asked for every word


def key_words(text: str, *, minimum: int = 2) -> list[str]:
    """The searchable words of ``text``: normalised, no stop-words, no one-letter words."""
    kept = [w for w in words(text) if w not in STOP_WORDS and len(w) >= minimum]
    return list(dict.fromkeys(kept))


def rarest(candidates: Sequence[str], counts: Mapping[str, int], limit: int) -> list[str]:
    """The ``limit`` words the index holds with the fewest documents (absent words dropped)."""
    present = [w for w in candidates if counts.get(w, 0) > 0]
    return sorted(present, key=lambda w: (counts[w], -len(w), w))[:limit]


def match_expression(terms: Sequence[str], *, joiner: str) -> str | None:
    """``"a" AND "b"`` (or OR); None when there is nothing to ask."""
    if not terms:
        return None
    return f" {joiner} ".join(f'"{t}"' for t in terms)


@dataclass(frozen=True)
class Query:
    """An FTS5 expression, and whether bm25 ranks its matches (else ``closeness`` does).

    ``probe``, when set, is a cheaper expression whose matches include every match of
    ``expression``: those holding all ``words`` but at most ``missing`` of them (``holds``).
    """

    expression: str
    by_bm25: bool = False
    probe: str | None = None
    words: tuple[str, ...] = ()
    missing: int = 0


def holds(query: Query, title_key: str) -> bool:
    """Whether an indexed title matches ``query``'s expression: all its words but at most
    ``missing`` of them (the probe's matches, filtered to the expression's)."""
    held = set(title_key.split())
    return sum(1 for w in query.words if w not in held) <= query.missing


def closeness(words: frozenset[str], title_key: str) -> tuple[int, int]:
    """How far an indexed title is from a listing's words: the ones it lacks, then its others."""
    held = set(title_key.split())
    return len(words - held), len(held - words)


def title_queries(title: str, counts: Callable[[Sequence[str]], Mapping[str, int]]) -> list[Query]:
    """The queries to try in turn for a title: all rare words, all but one, any."""
    candidates = key_words(title)
    rare = rarest(candidates, counts(candidates), TITLE_WORDS)
    but_one = [
        f"({match_expression(rare[:i] + rare[i + 1 :], joiner='AND')})" for i in range(len(rare))
    ]
    every, anyone = match_expression(rare, joiner="AND"), match_expression(rare, joiner="OR")
    probe = rare[:PROBE_WORDS]
    pairs = [
        f"({match_expression([a, b], joiner='AND')})"
        for i, a in enumerate(probe)
        for b in probe[i + 1 :]
    ]
    probed = len(rare) > PROBE_WORDS
    queries = [
        Query(
            every,
            probe=match_expression(probe, joiner="AND") if probed else None,
            words=tuple(rare),
        )
        if every
        else None,
        Query(
            " OR ".join(but_one),
            probe=" OR ".join(pairs) if probed else None,
            words=tuple(rare),
            missing=1,
        )
        if len(rare) > 2
        else None,
        Query(anyone, by_bm25=True) if anyone and len(rare) > 1 else None,
    ]
    return [q for q in queries if q]


def abstract_queries(
    abstract: str, counts: Callable[[Sequence[str]], Mapping[str, int]]
) -> list[str]:
    """FTS5 expressions for an abstract-only entry: its rarest words, OR-ed and ranked."""
    candidates = key_words(abstract, minimum=4)
    rare = rarest(candidates, counts(candidates), ABSTRACT_WORDS)
    query = match_expression(rare, joiner="OR")
    return [query] if query else []
