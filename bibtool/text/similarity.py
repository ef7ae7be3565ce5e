"""How alike two titles or two abstracts are, folded as ``text.normalise`` folds them.

Shared by the resolver (is this arXiv paper the listing's entry?) and by ``works.same`` (are
these two .bib entries one work?), so both read "Part II" and "Part III", or a typo, alike.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

from bibtool.text.normalise import STOP_WORDS, glue_scripts, normalise

__all__ = [
    "abstract_similarity",
    "content_bigrams",
    "numbers_as_digits",
    "title_marks",
    "title_similarity",
    "title_word_differences",
]

# What numbers a title: digits, roman numerals of two letters or more ("Part II", "XIII"), a
# lone "i" ending the title or after a part word, ordinal and cardinal words up to ten.
_ROMAN = {
    r: str(i)
    for i, r in enumerate(
        "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split(), 1
    )
    if len(r) > 1
}
_WORD_NUMBERS = {
    w: str(i)
    for names in (
        "first second third fourth fifth sixth seventh eighth ninth tenth",
        "one two three four five six seven eight nine ten",
    )
    for i, w in enumerate(names.split(), 1)
} | {"final": "final"}
_PART_WORDS = frozenset("part vol volume book chapter section report issue no".split())
_DIGITS = re.compile(r"\d+")
# Any of the above in a title: most titles have none and are read no further.
_MARKED = re.compile(
    r"\d|\b(?:" + "|".join(sorted({*_ROMAN, *_WORD_NUMBERS}, key=len, reverse=True)) + r"|i)\b"
)


def numbers_as_digits(title: str) -> str:
    """A normalised title with its number words as digits ("three field" -> "3 field") and the
    "x" between two numbers dropped ("16 x 16" -> "16 16"), for comparing two spellings."""
    words = title.split()
    out = []
    for i, word in enumerate(words):
        if word == "x" and 0 < i < len(words) - 1 and words[i - 1].isdigit():
            continue
        out.append(_ROMAN.get(word) or _WORD_NUMBERS.get(word) or word)
    return " ".join(out)


def title_marks(title: str) -> str:
    """The numbers that tell a title's parts, versions and issues apart, in order, as one string.

    ``title`` is normalised (``text.normalise``). The digits are joined across separators, so
    ``16 x 16`` and ``16×16``, or ``(10-10)`` and ``(101\\=0)``, mark alike, while "DPACE01" /
    "DPACE07", "9.1.0" / "9.0.1", "Part I" / "Part II" and "first / second report" do not.
    """
    if not _MARKED.search(title):
        return ""
    words = title.split()
    marks = []
    for i, word in enumerate(words):
        if _DIGITS.search(word):
            marks.append("".join(_DIGITS.findall(word)))
        elif word in _ROMAN or word in _WORD_NUMBERS:
            marks.append(_ROMAN.get(word) or _WORD_NUMBERS[word])
        elif word == "i" and (i == len(words) - 1 or (i and words[i - 1] in _PART_WORDS)):
            marks.append("1")
    return "".join(marks)


def title_similarity(a: str, b: str) -> float:
    """Similarity of two titles in [0, 1], insensitive to case, accents, LaTeX and punctuation."""
    return fuzz.ratio(normalise(glue_scripts(a)), normalise(glue_scripts(b))) / 100.0


def title_word_differences(listing: str, arxiv: str) -> int:
    """Significant words one title has that the other lacks (counted on both sides).

    A character budget alone lets a short extra word through ("Response: Emergent Analogical
    Reasoning…" is 0.92 similar to the paper it answers), and extra or changed words are exactly
    what tells sequels, parts and replies apart ("II", "Part 3.2"). Words match when equal, when
    one is the other plus a plural "s", or when both are long and differ by a typo, or when a
    run of them spells what a run of the other title spells (one word written as two).
    """
    a, b = normalise(glue_scripts(listing)).split(), normalise(glue_scripts(arxiv)).split()
    runs_a, runs_b = _runs(a), _runs(b)
    # Runs both titles spell with the same letters: one word written as two, or two as one
    # ("Unify-"/"ing" broken at a line end, "machinegenerated" where pdftotext dropped the
    # hyphen, "Learnin gvia" where a typist moved a space) are the same words.
    same = runs_a.keys() & runs_b.keys()
    glued_a = {k for run in same for k in runs_a[run]}
    glued_b = {k for run in same for k in runs_b[run]}
    rest_a = [w for k, w in enumerate(a) if k not in glued_a and w not in STOP_WORDS]
    rest_b = [w for k, w in enumerate(b) if k not in glued_b and w not in STOP_WORDS]
    keep_a = [w for w in a if w not in STOP_WORDS]
    keep_b = [w for w in b if w not in STOP_WORDS]
    return _unmatched(rest_a, keep_b) + _unmatched(rest_b, keep_a)


def _runs(words: list[str]) -> dict[str, set[int]]:
    """Each run of one to three consecutive words written together, and the words it covers."""
    out: dict[str, set[int]] = {}
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            out.setdefault("".join(words[i : i + n]), set()).update(range(i, i + n))
    return out


def _unmatched(words: list[str], others: list[str]) -> int:
    pool = set(others)
    fuzzy = [o for o in pool if len(o) >= 5]  # only long words can match by a typo
    return sum(
        1
        for w in words
        if not (w in pool or w + "s" in pool or (w[-1:] == "s" and w[:-1] in pool))
        and not (len(w) >= 5 and any(fuzz.ratio(w, o) >= 80 for o in fuzzy))
    )


@functools.lru_cache(maxsize=1024)  # an entry meets ~20 candidates, a paper many entries
def content_bigrams(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of content words (stop-words removed) of a normalised text."""
    kept = [w for w in normalise(text).split() if w not in STOP_WORDS]
    return frozenset(zip(kept, kept[1:], strict=False))


def abstract_similarity(listing: str, arxiv: str) -> float:
    """Share of content-word bigrams two abstracts have in common, over the smaller set.

    Character edit ratios cannot tell a rewritten version of the same abstract from any other
    English abstract (both score near 0.5). Shared word pairs can: two different abstracts share
    almost none (at most 0.10 for every pair of the 2,826 fixture records against the example
    listings), while versions of one abstract keep whole phrases (0.29 for the most rewritten
    example, 1.0 for a copy). Dividing by the smaller set keeps a truncated copy at full score.
    """
    a, b = content_bigrams(listing), content_bigrams(arxiv)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
