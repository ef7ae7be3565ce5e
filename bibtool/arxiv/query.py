"""Building arXiv search queries that survive the live service's traps, and batching them.

The API stems words and drops stop-words even inside quoted phrases, reads a hyphen in an
unquoted term as negation, reads an unquoted ``Word:`` as a field name (HTTP 400), and treats
upper-case AND/OR/NOT as operators. Every term built here is therefore lower-case alphanumeric
words only, quoted, with stop-words already removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bibtool.text.normalise import STOP_WORDS, significant_words, spellings, words

# Longer phrases add nothing but failure points (edits between versions).
MAX_PHRASE_WORDS = 12
HALF_WORDS = 3  # words in each half of a damage-tolerant query: specific enough with an author
MIN_HALF_WORDS = 2
_TEX_MARK = re.compile(r"[\\{}$^_]")


def phrase(field: str, text: str, *, limit: int = MAX_PHRASE_WORDS) -> str | None:
    """``ti:"word word …"`` from free text, or None when nothing searchable is left.

    Every word is kept: arXiv drops its own stop-words from the phrase, and dropping a word it
    does *not* drop (our list is broader) would break the adjacency the phrase requires.
    Lower-casing keeps AND/OR/NOT from being read as operators.
    """
    kept = words(text)[:limit]
    return f'{field}:"{" ".join(kept)}"' if kept else None


def word_terms(field: str, text: str, *, limit: int = 6) -> str | None:
    """``ti:word AND ti:word …`` from the longest (most specific) significant words.

    Words written with TeX or accents (``Schr\\"odinger``, ``Sébastien``) and mathematics are
    left out: how the index tokenised them is unknowable, and one unmatched word sinks an AND.
    """
    chosen = _specific_words(text)[:limit]
    return " AND ".join(f"{field}:{w}" for w in chosen) or None


def word_halves(field: str, text: str, *, per_half: int = HALF_WORDS) -> list[str]:
    """Two ANDs of the most specific words of ``text``, sharing none, alternating by length.

    One damaged word (a typo, ``Selfattention`` where pdftotext joined ``Self-``/``attention``,
    ``Learnin gvia``) sinks every query that holds it: it can sink only one of these.  A text
    with too few words for two gives one AND of them all.
    """
    chosen = _specific_words(text)
    if len(chosen) < 2 * MIN_HALF_WORDS:
        return [" AND ".join(f"{field}:{w}" for w in chosen)] if chosen else []
    halves = (chosen[0::2][:per_half], chosen[1::2][:per_half])
    return [" AND ".join(f"{field}:{w}" for w in half) for half in halves]


def _specific_words(text: str) -> list[str]:
    """Searchable significant words of ``text``, longest (most specific) first, each once; a
    word broken at a line end is taken joined (``Unify­ing``)."""
    text = spellings(text)[0]
    plain = " ".join(t for t in text.split() if t.isascii() and not _TEX_MARK.search(t))
    kept = [w for w in significant_words(plain) if len(w) > 2 and not w.isdigit()]
    return sorted(dict.fromkeys(kept), key=lambda w: (-len(w), w))


def author_term(name: str) -> str | None:
    """``au:surname`` for a "First Last" name (last word only: arXiv matches it anywhere)."""
    parts = words(name)
    return f"au:{parts[-1]}" if parts and len(parts[-1]) > 1 else None


def any_of(terms: Iterable[str | None]) -> str | None:
    """Several terms joined by OR and parenthesised when there is more than one; a term that
    is itself an AND is parenthesised too."""
    kept = list(dict.fromkeys(t for t in terms if t))
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    grouped = (f"({t})" if " AND " in t and not t.startswith("(") else t for t in kept)
    return "(" + " OR ".join(grouped) + ")"


def phrases(field: str, text: str) -> list[str]:
    """``phrase`` of each spelling of ``text`` (a word broken at a line end joined, then
    hyphenated: only arXiv knows which it was)."""
    return [p for p in dict.fromkeys(phrase(field, s) for s in spellings(text)) if p]


def all_of(terms: Iterable[str | None]) -> str | None:
    """Several terms joined by AND; parenthesised OR groups stay intact."""
    kept = [t for t in terms if t]
    return " AND ".join(kept) or None


def abstract_phrases(abstract: str, *, count: int = 3, length: int = 6) -> list[str]:
    """Distinctive runs of consecutive words from an abstract, spread over its length.

    A run must avoid mathematics and stop-words at its ends, so that arXiv's phrase search (which
    drops stop-words itself) sees the same consecutive stems in any version of the abstract.
    Runs are taken from the start, middle and end: an edit between versions rarely hits all.
    """
    tokens = words(abstract)
    windows = _candidate_windows(tokens, length)
    if not windows:
        return []
    picks: list[list[str]] = []
    for part in range(count):
        lo, hi = part * len(windows) // count, (part + 1) * len(windows) // count
        segment = windows[lo:hi] or windows[-1:]
        best = max(segment, key=lambda w: (sum(len(x) for x in w), w))
        if best not in picks:
            picks.append(best)
    return [" ".join(p) for p in picks]


def abstract_bigrams(abstract: str, *, count: int = 10) -> list[str]:
    """The most distinctive pairs of adjacent content words of an abstract.

    Used when whole phrases fail because the listing shows another version of the abstract:
    versions keep many word pairs even where sentences were rewritten, and a relevance-ranked
    OR of pairs brings the paper sharing most of them to the top. Longer words are rarer, so
    pairs are ranked by the length of their shorter word.
    """
    kept = [w for w in words(abstract) if w not in STOP_WORDS and not w.isdigit() and len(w) > 2]
    pairs = dict.fromkeys(zip(kept, kept[1:], strict=False))
    ranked = sorted(pairs, key=lambda p: (-min(len(p[0]), len(p[1])), p))
    return [" ".join(p) for p in ranked[:count]]


def _candidate_windows(tokens: Sequence[str], length: int) -> list[list[str]]:
    windows: list[list[str]] = []
    for i in range(len(tokens) - length + 1):
        window = list(tokens[i : i + length])
        if any(w.isdigit() or len(w) == 1 for w in window):
            continue
        if window[0] in STOP_WORDS or window[-1] in STOP_WORDS:
            continue
        if sum(w not in STOP_WORDS for w in window) < length - 2:
            continue
        windows.append(window)
    return windows
