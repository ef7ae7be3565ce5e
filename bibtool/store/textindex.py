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

Candidates are ranked by bm25 on the title alone, so among papers holding every word the
shortest titles (the one without a "Part II" or a subtitle) come first, and ``CANDIDATES``
bounds what the accept rule reads. Abstracts use an OR of their rarest words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bibtool.text.normalise import STOP_WORDS, words

TITLE_WORDS = 8  # the rarest words of a title that its queries ask for
ABSTRACT_WORDS = 12
CANDIDATES = 20  # papers one query brings back at most
CLOSE = 0.9  # a candidate title this alike (text.similarity) ends the search
COMMON = 64  # words in this many papers or more have their counts kept (``common_words``)


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


def title_queries(title: str, counts: Callable[[Sequence[str]], Mapping[str, int]]) -> list[str]:
    """FTS5 expressions to try in turn for a title: all rare words, all but one, any."""
    candidates = key_words(title)
    rare = rarest(candidates, counts(candidates), TITLE_WORDS)
    but_one = [
        f"({match_expression(rare[:i] + rare[i + 1 :], joiner='AND')})" for i in range(len(rare))
    ]
    queries = [
        match_expression(rare, joiner="AND"),
        " OR ".join(but_one) if len(rare) > 2 else None,
        match_expression(rare, joiner="OR"),
    ]
    return [q for q in dict.fromkeys(queries) if q]


def abstract_queries(
    abstract: str, counts: Callable[[Sequence[str]], Mapping[str, int]]
) -> list[str]:
    """FTS5 expressions for an abstract-only entry: its rarest words, OR-ed and ranked."""
    candidates = key_words(abstract, minimum=4)
    rare = rarest(candidates, counts(candidates), ABSTRACT_WORDS)
    query = match_expression(rare, joiner="OR")
    return [query] if query else []
