"""Scoring candidate papers against a listing entry and the accept / ambiguous / not-found rule.

A wrong match is the worst outcome bibtool can produce, so a candidate is accepted only when its
evidence is strong on its own *and* it is clearly ahead of every other candidate; otherwise the
entry is reported as ambiguous (with the candidates) or not found.

Thresholds are stated as edit budgets rather than tuned numbers: a title may differ from
arXiv's by at most one character in ten (``TITLE_ACCEPT``), which absorbs LaTeX/Unicode and
punctuation differences but not a missing or extra word of a short title; the runner-up must
trail by at least ``MARGIN``, unless the best title has exactly the listing's words and the
runner-up's differ (a sequel, an erratum, a renamed version of a long title). Abstracts
differ between versions by whole sentences, so they are compared by shared word pairs (see
``abstract_similarity``) against a bar set well above what unrelated abstracts share.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bibtool.model import Candidate, ListingEntry, Match, MatchStatus, Paper
from bibtool.text.names import split_joined, surname_key
from bibtool.text.normalise import normalise, significant_words
from bibtool.text.similarity import (
    abstract_similarity,
    content_bigrams,
    title_similarity,
    title_word_differences,
)

TITLE_ACCEPT = 0.90
TITLE_PLAUSIBLE = 0.70
ABSTRACT_ACCEPT = 0.25  # 2.5 times the most two unrelated abstracts were seen to share
# An abstract of fewer content-word pairs names no one paper: arXiv's withdrawal notices ("This
# paper has been withdrawn by the authors.") are shared, nearly word for word, by thousands.
ABSTRACT_MIN_PAIRS = 10
ABSTRACT_PLAUSIBLE = 0.12
LENGTH_RATIO = 0.5
MARGIN = 0.05
ABSTRACT_MARGIN = 0.15
ID_TITLE_SANITY = 0.60  # an id given with a title: the title must still resemble arXiv's
ID_TITLE_WORDS = 0.8  # ...or the entry's text must hold this share of arXiv's title words
OPENING_WORDS = 8  # ...and name arXiv's first author among its first words
OUT_OF_ORDER_REACH = 3  # names past the shown ones where an out-of-order name may be
DATE_SLACK = dt.timedelta(days=45)  # a listing date may precede the stored first version by this


@dataclass(frozen=True)
class Evidence:
    """Feature values for one candidate; None where the entry gave nothing to compare."""

    title: float | None
    title_words: int | None  # significant words in one title but not the other
    authors: float | None
    abstract: float | None
    length_ok: bool | None  # the abstracts are of comparable length (see abstract_lengths_agree)
    names_ok: bool | None  # the listing writes the names arXiv's abstract keeps using
    date_ok: bool | None
    year_ok: bool | None  # a year alone: soft, as a reference may give a later (or earlier) print
    category_ok: bool | None

    def items(self) -> tuple[tuple[str, float], ...]:
        pairs = {
            "title": self.title,
            "authors": self.authors,
            "abstract": self.abstract,
            "length": None if self.length_ok is None else float(self.length_ok),
            "names": None if self.names_ok is None else float(self.names_ok),
            "date": None if self.date_ok is None else float(self.date_ok),
            "year": None if self.year_ok is None else float(self.year_ok),
            "category": None if self.category_ok is None else float(self.category_ok),
        }
        return tuple((k, round(v, 4)) for k, v in pairs.items() if v is not None)


def author_agreement(shown: Sequence[str], truncated: bool, paper: Paper) -> float | None:
    """Fraction of the shown authors found, in order, at the head of arXiv's list.

    The shown names are a prefix of the canonical list (a listing truncates with "et al."); a
    shorter canonical list than the shown one, or a longer one when the listing did not say
    "et al.", lowers the score by one name's worth.  Behind a first author in place, a name
    found elsewhere near the head of the list counts half.
    """
    if not shown:
        return None
    # arXiv's metadata joins names a listing may show apart, or the other way round ("CLEO
    # Collaboration: M. Artuso", "B. Dugmore & PP. Ntumba"): both sides are split alike.
    shown = [part for name in shown for part in _people(name)]
    canonical = _head_surnames(paper, len(shown) + 1)
    placed = [
        i < len(canonical) and _same_surname(name, canonical[i]) for i, name in enumerate(shown)
    ]
    hits = float(sum(placed))
    if placed[0] and not all(placed):
        # The first author in place, others further on: a venue's list in another order
        # (DBLP has "So, Le, Liang" where arXiv has "So, Liang, Le"), worth half each.
        head = _head_surnames(paper, len(shown) + OUT_OF_ORDER_REACH)
        hits += 0.5 * sum(
            1
            for name, ok in zip(shown, placed, strict=True)
            if not ok and any(_same_surname(name, other) for other in head)
        )
    score = hits / len(shown)
    if (truncated and len(canonical) <= len(shown)) or (
        not truncated and len(canonical) > len(shown)
    ):
        score -= 1 / (len(shown) + 1)
    return max(score, 0.0)


def _head_surnames(paper: Paper, count: int) -> list[str]:
    """The surnames of the first ``count`` people in arXiv's list (all that the score reads)."""
    out: list[str] = []
    for author in paper.authors:
        out.extend(surname_key(part) for part in _people(author.name))
        if len(out) >= count:
            return out[:count]
    return out


def _people(name: str) -> list[str]:
    """The people one author entry names."""
    return [part for part in split_joined(name) if part.strip(" :")]


def _same_surname(shown_name: str, canonical_surname: str) -> bool:
    mine = surname_key(shown_name)
    return bool(mine) and (mine == canonical_surname or fuzz.ratio(mine, canonical_surname) >= 85)


def _was_cut(listing: str) -> bool:
    """The listing's abstract ends in an ellipsis: it was cut short where it was copied."""
    return listing.rstrip().endswith(("…", "..."))


def abstract_lengths_agree(listing: str, arxiv: str) -> bool:
    """False when one abstract is less than half the other, unless the listing's was cut ("…").

    Versions of one abstract keep roughly its length; a much shorter abstract that is largely
    contained in a longer one is the signature of a companion paper (a letter and its long
    version) — sharing word pairs, but another work.
    """
    a, b = len(normalise(listing).split()), len(normalise(arxiv).split())
    if _was_cut(listing) and a <= b:
        return True
    return min(a, b) >= LENGTH_RATIO * max(a, b)


# A coined name: a capital after the first letter (LLaVA, CLIP, GPT), three letters or more;
# not a person cited by name, before "et al" or a year ("HaoChen et al (2021)").
_COINED_NAME = re.compile(r"\b[A-Za-z][a-z]*[A-Z][A-Za-z]+\b(?!\s+et\b|\s*[,(]?\s*\d{4}\b)")


def abstract_names_agree(listing: str, arxiv: str) -> bool:
    """False when either abstract keeps using (twice or more) a coined name the other never
    writes (arXiv's names are not asked of a listing's abstract that was cut, "…").

    A paper's abstract names its method, model or survey again and again (LLaVA, SDSS); another
    version of that abstract names it too. A companion paper of the same group may share whole
    phrases of its template ("In this paper, we present the first attempt to use GPT-4 to
    generate instruction-following data") and still be another work: 2304.03277 against LLaVA.
    """

    def kept(text: str) -> set[str]:
        return {n for n, times in Counter(_COINED_NAME.findall(text)).items() if times >= 2}

    mine_named = all(name in arxiv for name in kept(listing))
    return mine_named and (_was_cut(listing) or all(name in listing for name in kept(arxiv)))


def evidence_for(entry: ListingEntry, paper: Paper) -> Evidence:
    """Compare one entry with one paper on every feature the entry offers."""
    date_ok = None
    if entry.date is not None:
        date_ok = entry.date >= paper.published - DATE_SLACK
    category_ok = None
    if entry.category and "." in entry.category:
        category_ok = entry.category in (paper.primary_category, *paper.categories)
    return Evidence(
        title=title_similarity(entry.title, paper.title) if entry.title else None,
        title_words=title_word_differences(entry.title, paper.title) if entry.title else None,
        authors=author_agreement(entry.authors, entry.authors_truncated, paper),
        abstract=(
            abstract_similarity(entry.abstract, paper.abstract)
            if entry.abstract and paper.abstract
            else None
        ),
        length_ok=(
            abstract_lengths_agree(entry.abstract, paper.abstract)
            if entry.abstract and paper.abstract and not entry.title
            else None
        ),
        names_ok=(
            abstract_names_agree(entry.abstract, paper.abstract)
            if entry.abstract and paper.abstract and not entry.title
            else None
        ),
        date_ok=date_ok,
        year_ok=None if entry.year is None else abs(entry.year - paper.published.year) <= 2,
        category_ok=category_ok,
    )


def score(ev: Evidence) -> float:
    """One number per candidate for ranking: the text similarity, discounted by contradictions."""
    base = ev.title if ev.title is not None else (ev.abstract or 0.0)
    if ev.title is not None and ev.abstract is not None:
        base = max(base, 0.5 * base + 0.5 * ev.abstract)
    if ev.authors is not None:
        base *= 0.85 + 0.15 * ev.authors
    if ev.date_ok is False:
        base *= 0.8
    if ev.year_ok is False:  # ranks, never vetoes: old papers reach arXiv years after print
        base *= 0.9
    return base


def _vetoes(ev: Evidence) -> list[str]:
    reasons = []
    if ev.authors is not None and ev.authors < 0.5:
        reasons.append("the authors shown do not head arXiv's author list")
    if ev.date_ok is False:
        reasons.append("the listing's date is before arXiv's first version")
    if ev.title_words:
        reasons.append(f"{ev.title_words} title word(s) differ from arXiv's title")
    if ev.length_ok is False:
        reasons.append("the abstracts differ in length by more than half (a companion paper?)")
    if ev.names_ok is False:
        reasons.append("one abstract keeps using a name the other never writes")
    return reasons


def decide(entry: ListingEntry, papers: Iterable[Paper], *, query: str | None = None) -> Match:
    """Rank the candidates for ``entry`` and accept only a clear, uncontradicted winner."""
    unique = {p.arxiv_id: p for p in papers}
    ranked = _rank(entry, unique.values())
    if not ranked:
        return Match(
            entry, MatchStatus.NOT_FOUND, reason="arXiv returned no candidate", query=query
        )
    by_title = entry.title is not None
    accept, plausible, margin = (
        (TITLE_ACCEPT, TITLE_PLAUSIBLE, MARGIN)
        if by_title
        else (ABSTRACT_ACCEPT, ABSTRACT_PLAUSIBLE, ABSTRACT_MARGIN)
    )
    (best, best_ev), runner = ranked[0], ranked[1] if len(ranked) > 1 else None
    text = best_ev.title if by_title else best_ev.abstract
    shown = tuple(c for c, _ in ranked[:5])
    if text is None or best.score < plausible:
        why = f"best candidate scores {best.score:.2f}, below {plausible:.2f}"
        return Match(entry, MatchStatus.NOT_FOUND, candidates=shown, reason=why, query=query)
    problems = _vetoes(best_ev)
    if not by_title and len(content_bigrams(entry.abstract or "")) < ABSTRACT_MIN_PAIRS:
        problems.append("the abstract is too short to tell one paper from another")
    if text < accept:
        problems.append(f"{'title' if by_title else 'abstract'} similarity {text:.2f} < {accept}")
    if (
        runner is not None
        and runner[0].score > best.score - margin
        and not _twins_told_apart(
            best_ev, [ev for c, ev in ranked[1:] if c.score > best.score - margin]
        )
    ):
        problems.append(
            f"runner-up arXiv:{runner[0].paper.arxiv_id} scores {runner[0].score:.2f} "
            f"against {best.score:.2f}"
        )
    if problems:
        return Match(
            entry, MatchStatus.AMBIGUOUS, candidates=shown, reason="; ".join(problems), query=query
        )
    reason = ", ".join(f"{k} {v:.2f}" for k, v in best.evidence)
    return Match(
        entry, MatchStatus.MATCHED, best.paper, best.score, shown, f"accepted: {reason}", query
    )


def _twins_told_apart(best: Evidence, close: Sequence[Evidence]) -> bool:
    """True when the listing's title words are exactly the best candidate's and every close
    runner-up has words the listing lacks or lacks some of its words.

    The margin is counted in characters, so "X" and its sequel "X II", an "Erratum: X" or a
    renamed "X" with one word changed are told apart on a short title and not on a long one
    (0.98 alike at 60 characters); the words that differ are what tells them apart, and they
    are the evidence the rule already goes by (a best candidate with a word of difference is
    never accepted). Two papers with the same words stay ambiguous.
    """
    return best.title_words == 0 and all(ev.title_words for ev in close)


def _rank(entry: ListingEntry, papers: Iterable[Paper]) -> list[tuple[Candidate, Evidence]]:
    scored = []
    for paper in papers:
        ev = evidence_for(entry, paper)
        scored.append((Candidate(paper, round(score(ev), 4), ev.items()), ev))
    scored.sort(key=lambda pair: (-pair[0].score, pair[0].paper.arxiv_id))
    return scored


def check_identified(entry: ListingEntry, paper: Paper, *, query: str = "id") -> Match:
    """An entry that named its arXiv id: accept it unless its title clearly disagrees."""
    ev = evidence_for(entry, paper)
    cand = Candidate(paper, 1.0 if ev.title is None else round(ev.title, 4), ev.items())
    reason = "accepted: identifier"
    if ev.title is not None and ev.title < ID_TITLE_SANITY:
        if not _printed_in(entry.source, paper):
            why = f"arXiv:{paper.arxiv_id} has another title (similarity {ev.title:.2f})"
            return Match(entry, MatchStatus.AMBIGUOUS, candidates=(cand,), reason=why, query=query)
        reason = "accepted: identifier, its title and first author printed in the entry"
    return Match(entry, MatchStatus.MATCHED, paper, cand.score, (cand,), reason, query)


def _printed_in(source: str, paper: Paper) -> bool:
    """True when the entry's own text holds the paper's title words (nearly all) and opens
    with its first author: the id outranks a title the parser misread ("Lee, C.-h. and Lee,
    H.-y. (2019). Cross-lingual transfer…"), but not a reference that ran into the next one,
    whose id and title it then holds."""
    text = normalise(source)
    glued = text.replace(" ", "")
    wanted = [w for w in significant_words(paper.title) if len(w) > 2]
    found = sum(1 for w in wanted if f" {w} " in f" {text} " or w in glued)
    first = _head_surnames(paper, 1)
    opening = text.split()[:OPENING_WORDS]
    return (
        bool(wanted)
        and found >= ID_TITLE_WORDS * len(wanted)
        and bool(first)
        and (first[0] in opening)
    )
