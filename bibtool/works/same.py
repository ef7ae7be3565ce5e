"""When two entries are the same work, with a one-sentence reason for every decision.

In order: a shared arXiv id (versionless) makes them the same, two different arXiv ids never do;
then a shared DOI unless the titles plainly disagree (a book's DOI on two of its chapters),
and two different DOIs never do; then the same work under other metadata —
normalised titles at least ``TITLE_BAR`` similar with no significant word of difference, the same
first-author surname, years at most one apart — which is how a preprint meets its published
version. ``WorkIndex`` finds candidates by identifier and by (surname, title word) blocks, so a
scan of n entries compares a handful of pairs per entry, never all n² of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bibtool.ids.entry import describe_token
from bibtool.text.similarity import title_word_differences
from bibtool.works.facts import WorkFacts

__all__ = ["TITLE_BAR", "Decision", "Lookup", "WorkIndex", "compare"]

TITLE_BAR = 0.9
CONTRADICTION_BAR = 0.6
TITLE_WORDS_SHARED = 0.6  # below this share of the shorter title's words, a shared DOI is vetoed
MIN_TITLE_WORDS = 3  # "Introduction", "Preface", "Deep learning": too short to identify a work


@dataclass(frozen=True)
class Decision:
    """Whether two entries are one work, the rule that decided, and why, in one sentence."""

    same: bool
    rule: str  # "arxiv", "doi", "title", or what vetoed: "arxiv-differs", "doi-differs", ...
    reason: str


def compare(a: WorkFacts, b: WorkFacts) -> Decision:
    """Decide whether ``a`` and ``b`` are the same work (identifiers first, then metadata)."""
    shared = [t for t in a.tokens if t in b.tokens]
    arxiv = [t for t in shared if t.startswith("arxiv:")]
    if arxiv:
        return _unless_contradicted(a, b, f"same {describe_token(arxiv[0])}", "arxiv")
    if a.arxiv and b.arxiv:
        ids = f"{_ids(a.arxiv)} and {_ids(b.arxiv)}"
        return Decision(False, "arxiv-differs", f"different arXiv ids ({ids})")
    if shared:
        return _unless_contradicted(a, b, f"same {describe_token(shared[0])}", "doi")
    if a.dois and b.dois:
        return Decision(False, "doi-differs", f"different DOIs ({_ids(a.dois)}, {_ids(b.dois)})")
    return _compare_metadata(a, b)


def _unless_contradicted(a: WorkFacts, b: WorkFacts, same: str, rule: str) -> Decision:
    """A shared identifier, unless title and first author both say otherwise.

    Real libraries carry wrong identifiers (Mendeley filled ``arxivid`` of unrelated papers with
    one id; book chapters carry the book's DOI): merging those would lose a paper.
    """
    if a.published and b.published and a.pages and b.pages and a.pages != b.pages:
        return Decision(False, "id-conflict", f"{same}, but published on different pages")
    if a.title and b.title and a.surname and b.surname and a.surname != b.surname:
        overlap = fuzz.token_set_ratio(a.title, b.title) / 100.0
        if overlap < CONTRADICTION_BAR:
            why = f"titles ({overlap:.2f}) and first authors ({a.surname} / {b.surname}) disagree"
            return Decision(False, "id-conflict", f"{same}, but {why}: an identifier is wrong?")
    if rule == "doi" and (why := _titles_disagree(a, b)):
        return Decision(False, "id-conflict", f"{same}, but {why}: a book's DOI on its chapters?")
    return Decision(True, rule, same)


def _titles_disagree(a: WorkFacts, b: WorkFacts) -> str:
    """Why two titles are plainly of different works (else ""), whoever the authors are.

    Publishers give every chapter of a book the book's DOI, and chapters often share an author,
    so for a DOI the titles alone decide: most significant words of the shorter title missing
    from the other, and the titles not close as strings (which spares spelling variants such as
    "colour"/"color"). A subtitle added or dropped keeps every word and is never a veto.
    """
    short, other = sorted((a.words, b.words), key=len)
    if not short or not a.title or not b.title:
        return ""
    shared = len(short & other)
    if shared / len(short) >= TITLE_WORDS_SHARED:
        return ""
    similarity = fuzz.ratio(a.title, b.title) / 100.0
    if similarity >= TITLE_BAR:
        return ""
    return f"the titles share only {shared} of {len(short)} significant words"


def _ids(tokens: frozenset[str]) -> str:
    return "/".join(sorted(t.partition(":")[2] for t in tokens))


def _compare_metadata(a: WorkFacts, b: WorkFacts) -> Decision:
    if not a.title or not b.title:
        return Decision(False, "no-title", "a title is missing")
    if not a.surname or a.surname != b.surname:
        who = f"{a.surname or '?'} / {b.surname or '?'}"
        return Decision(False, "author-differs", f"first authors differ ({who})")
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return Decision(False, "year-differs", f"years {a.year} and {b.year} are too far apart")
    if a.published and b.published:
        for what, x, y in (
            ("pages", a.pages, b.pages),
            ("volumes", a.volume, b.volume),
            ("issues", a.number, b.number),
        ):
            if x and y and x != y:
                # Recurring columns, and a conference paper with its journal version.
                return Decision(False, f"{what}-differ", f"published with different {what}")
    similarity = fuzz.ratio(a.title, b.title) / 100.0
    if similarity < TITLE_BAR:
        return Decision(False, "title-differs", f"titles only {similarity:.2f} similar")
    if min(len(a.title.split()), len(b.title.split())) < MIN_TITLE_WORDS:
        return Decision(False, "title-short", f"title '{a.title}' is too short to identify a work")
    extra = title_word_differences(a.title, b.title)
    if extra:
        return Decision(False, "title-differs", f"titles differ by {extra} significant word(s)")
    years = "year unknown" if a.year is None or b.year is None else f"years {a.year}/{b.year}"
    kind = " (preprint and published version)" if a.published != b.published else ""
    return Decision(
        True, "title", f"title {similarity:.2f} similar, first author {a.surname}, {years}{kind}"
    )


@dataclass(frozen=True)
class Lookup:
    """The outcome of looking one work up: the earliest same work, and what else was compared."""

    match: int | None  # position in the index
    decision: Decision | None
    considered: tuple[tuple[int, Decision], ...]  # candidates that turned out different


Distinct = Callable[[str, str], bool]


class WorkIndex:
    """Works added so far, found again by identifier or by fuzzy title, never by a full scan."""

    def __init__(self) -> None:
        self.works: list[WorkFacts] = []
        self._by_token: dict[str, list[int]] = {}
        self._by_block: dict[tuple[str, str], list[int]] = {}

    def add(self, facts: WorkFacts) -> int:
        """Index ``facts``; returns its position."""
        pos = len(self.works)
        self.works.append(facts)
        for token in facts.tokens:
            self._by_token.setdefault(token, []).append(pos)
        if facts.surname:
            for word in facts.words:
                self._by_block.setdefault((facts.surname, word), []).append(pos)
        return pos

    def lookup(self, facts: WorkFacts, *, distinct: Distinct | None = None) -> Lookup:
        """The earliest indexed work that is the same as ``facts`` (pairs ``distinct`` says
        are different are skipped), identifier matches before title matches."""
        considered: list[tuple[int, Decision]] = []
        for group in (self._token_candidates(facts), self._block_candidates(facts)):
            for pos in group:
                other = self.works[pos]
                if distinct is not None and distinct(facts.key, other.key):
                    considered.append((pos, Decision(False, "distinct", "marked distinct")))
                    continue
                decision = compare(facts, other)
                if decision.same:
                    return Lookup(pos, decision, tuple(considered))
                considered.append((pos, decision))
        return Lookup(None, None, tuple(considered))

    def _token_candidates(self, facts: WorkFacts) -> list[int]:
        found = {pos for token in facts.tokens for pos in self._by_token.get(token, ())}
        return sorted(found)

    def _block_candidates(self, facts: WorkFacts) -> list[int]:
        """Works with the same first author sharing at least half of the title's words."""
        if not facts.surname or not facts.words:
            return []
        counts: Counter[int] = Counter()
        for word in facts.words:
            counts.update(self._by_block.get((facts.surname, word), ()))
        found = []
        for pos, shared in counts.items():
            need = (min(len(facts.words), len(self.works[pos].words)) + 1) // 2
            if shared >= need and not set(facts.tokens) & set(self.works[pos].tokens):
                found.append(pos)
        return sorted(found)
