"""Full-text queries over the store's FTS5 index, built from a listing entry's words.

The index tokenises raw arXiv text (``unicode61``, diacritics removed); the queries are built
from bibtool's normalised words, so they only ever contain lower-case ASCII letters and digits,
each quoted: nothing from a listing can be read as FTS5 syntax.

A title is looked up by its rarest words first (an AND of the few words with the smallest
document counts is both fast and selective), then, when that finds nothing because a word was
mistyped or rewritten, by an OR of those words ranked by bm25. Abstracts use an OR of their
rarest words. The candidates then go through the same ``decide`` as the API's answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bibtool.text.normalise import STOP_WORDS, words

RARE_WORDS = 4  # an AND of this many rare title words almost always leaves one paper
ABSTRACT_WORDS = 12
CANDIDATES = 10


def key_words(text: str, *, minimum: int = 2) -> list[str]:
    """The searchable words of ``text``: normalised, no stop-words, no one-letter words."""
    kept = [w for w in words(text) if w not in STOP_WORDS and len(w) >= minimum]
    return list(dict.fromkeys(kept))


def rarest(candidates: Sequence[str], counts: Mapping[str, int], limit: int) -> list[str]:
    """The ``limit`` words the index holds with the fewest documents (absent words dropped)."""
    present = [w for w in candidates if counts.get(w, 0) > 0]
    return sorted(present, key=lambda w: (counts[w], -len(w), w))[:limit]


def match_expression(column: str, terms: Sequence[str], *, joiner: str) -> str | None:
    """``column : ("a" AND "b")`` (or OR); None when there is nothing to ask."""
    if not terms:
        return None
    return f"{column} : ({f' {joiner} '.join(f'{chr(34)}{t}{chr(34)}' for t in terms)})"


def title_queries(title: str, counts: Callable[[Sequence[str]], Mapping[str, int]]) -> list[str]:
    """FTS5 expressions to try in turn for a title: rare words AND-ed, then OR-ed."""
    candidates = key_words(title)
    known = counts(candidates)
    rare = rarest(candidates, known, RARE_WORDS)
    queries = [
        match_expression("title", rare, joiner="AND"),
        match_expression("title", rarest(candidates, known, 2 * RARE_WORDS), joiner="OR"),
    ]
    return [q for q in dict.fromkeys(queries) if q]


def abstract_queries(
    abstract: str, counts: Callable[[Sequence[str]], Mapping[str, int]]
) -> list[str]:
    """FTS5 expressions for an abstract-only entry: its rarest words, OR-ed and ranked."""
    candidates = key_words(abstract, minimum=4)
    rare = rarest(candidates, counts(candidates), ABSTRACT_WORDS)
    query = match_expression("abstract", rare, joiner="OR")
    return [query] if query else []
