"""When two entries are the same work, with a one-sentence reason for every decision.

In order: a shared arXiv id (versionless) makes them the same, two different arXiv ids never do;
then a shared DOI; either unless the titles plainly disagree (a book's DOI on its chapters, a
copied DOI on "Part I" and "Part II": different numbers in the titles, or a word each title has
that the other lacks), and two different DOIs never do; then the same work under other metadata —
normalised titles at least ``TITLE_BAR`` similar with no significant word and no number of
difference, the same first-author surname, years at most one apart (three for a preprint and its
publication) — which is how a preprint meets its published version. Two publications of different
kinds (a technical report and the article that followed, a thesis and a paper, a workshop paper
and the journal version), two editions (books or reports of different years, or another
``edition``) and two issues (another ``number``) are never one work by metadata alone.
``WorkIndex`` finds candidates by identifier and by (surname, title word) blocks, so a scan of n
entries compares a handful of pairs per entry, never all n² of them.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bibtool.ids.entry import describe_token
from bibtool.text.similarity import numbers_as_digits, title_word_differences
from bibtool.works.facts import WorkFacts, surnames, venue_words

__all__ = ["TITLE_BAR", "Decision", "Lookup", "WorkIndex", "compare"]

TITLE_BAR = 0.9
CONTRADICTION_BAR = 0.6
TITLE_WORDS_SHARED = 0.6  # below this share of the shorter title's words, a shared DOI is vetoed
MIN_TITLE_WORDS = 3  # "Introduction", "Preface", "Deep learning": too short to identify a work
PREPRINT_YEARS = 3  # a preprint may be published this many years after (or listed later)
LONG_TITLE_WORDS = 5  # significant words: such a title names one paper of its author per venue
VENUE_BAR = 90  # two venue names this alike (rapidfuzz token set ratio) are one venue
MAX_CANDIDATES = 50  # works compared per lookup at most (one author's thousands of entries)
WORD_MATCH = 80  # two words this similar (rapidfuzz ratio) are one word spelt two ways
_EDITIONS = frozenset({"book", "report", "thesis"})  # a new year is a new edition


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
    if a.marks and b.marks and a.marks != b.marks:
        why = f"the titles are numbered apart ({_marks(a)} / {_marks(b)})"
        return Decision(False, "id-conflict", f"{same}, but {why}: an identifier is copied?")
    if rule == "doi" and (why := _titles_disagree(a, b)):
        return Decision(False, "id-conflict", f"{same}, but {why}: a book's DOI on its chapters?")
    if rule == "doi" and (why := _words_swapped(a, b)):
        return Decision(False, "id-conflict", f"{same}, but {why}: a DOI is copied?")
    return Decision(True, rule, same)


def _marks(facts: WorkFacts) -> str:
    return facts.marks or "none"


def _words_swapped(a: WorkFacts, b: WorkFacts) -> str:
    """Why the titles name two works although most of their words agree, else "".

    "Report of the Panel on Galaxies" / "… on Cosmology": each title has a significant word the
    other lacks (a word spelt two ways, "optimisation" / "optimization", is one word). A word
    only added or dropped (a subtitle, "Two-Dimensional") is a version of one title.
    """
    if not a.title or not b.title or fuzz.ratio(a.title, b.title) >= TITLE_BAR * 100:
        return ""
    only_a, only_b = _unmatched(a.words, b.words), _unmatched(b.words, a.words)
    if only_a and only_b:
        return f"the titles differ in '{sorted(only_a)[0]}' / '{sorted(only_b)[0]}'"
    return ""


def _unmatched(words: frozenset[str], others: frozenset[str]) -> set[str]:
    return {
        w
        for w in words - others
        if not any(c.isdigit() for c in w)
        and not any(fuzz.ratio(w, o) >= WORD_MATCH for o in others)
    }


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
    if a.published and b.published and (found := _placed_apart(a, b)):
        return Decision(False, *found)
    if found := _versions_differ(a, b):
        return Decision(False, *found)
    similarity = fuzz.ratio(a.title, b.title) / 100.0
    if similarity < TITLE_BAR:
        return Decision(False, "title-differs", f"titles only {similarity:.2f} similar")
    if min(len(a.title.split()), len(b.title.split())) < MIN_TITLE_WORDS and not _short_same(a, b):
        return Decision(False, "title-short", f"title '{a.title}' is too short to identify a work")
    extra = _word_differences(a.title, b.title)
    if extra:
        return Decision(False, "title-differs", f"titles differ by {extra} significant word(s)")
    years = "year unknown" if a.year is None or b.year is None else f"years {a.year}/{b.year}"
    kind = " (preprint and published version)" if a.published != b.published else ""
    return Decision(
        True, "title", f"title {similarity:.2f} similar, first author {a.surname}, {years}{kind}"
    )


def _placed_apart(a: WorkFacts, b: WorkFacts) -> tuple[str, str] | None:
    """The rule and reason two published entries are two items (recurring columns, a conference
    paper and its journal version), else None: other volumes or issues, or other pages. The
    pages of a long title in one volume and issue may be one typo apart (572 / 573), or wrong in
    one copy of a paper from proceedings without volumes (51-56 / 56-61)."""
    for what, x, y in (("volumes", a.volume, b.volume), ("issues", a.number, b.number)):
        if x and y and x != y:
            return f"{what}-differ", f"published with different {what}"
    if a.pages and b.pages and a.pages != b.pages:
        long = min(len(a.words), len(b.words)) >= LONG_TITLE_WORDS
        near = a.pages.isdigit() and b.pages.isdigit() and abs(int(a.pages) - int(b.pages)) <= 1
        if not (long and (near or not (a.volume or b.volume))):
            return "pages-differ", "published with different pages"
    return None


def _word_differences(a: str, b: str) -> int:
    """Significant words one title has that the other lacks, number words read as digits: none
    for one title spelt with other word breaks ("High-e Ffi Ciency", "Al_xIn_1-XAs") or with
    its acronym in front ("MINE: Mutual Information Neural Estimation")."""
    if a.replace(" ", "") == b.replace(" ", "") or _acronym_of(a, b) or _acronym_of(b, a):
        return 0
    return title_word_differences(numbers_as_digits(a), numbers_as_digits(b))


def _acronym_of(longer: str, title: str) -> bool:
    """Whether ``longer`` is ``title`` after an acronym of its words ("mine mutual ...")."""
    head, _, rest = longer.partition(" ")
    return rest == title and len(head) >= 3 and head == "".join(w[0] for w in title.split())


def _versions_differ(a: WorkFacts, b: WorkFacts) -> tuple[str, str] | None:
    """The rule and reason two entries of one title and first author are two publications, or
    None.

    Numbers in the title, the edition, the issue or report number, the kind of publication (a
    preprint aside, which any kind may follow), and the years: a preprint may precede its
    publication by ``PREPRINT_YEARS``, other versions by one year, and a book, report or thesis
    of another year is another edition.
    """
    if a.marks != b.marks:
        return "title-numbers", f"the titles are numbered apart ({_marks(a)} / {_marks(b)})"
    for what, x, y in (("edition", a.edition, b.edition), ("number", a.number, b.number)):
        if x and y and x != y and not (what == "number" and (a.preprint or b.preprint)):
            return f"{what}-differs", f"different {what}s ({x} / {y})"
    one_preprint = a.preprint != b.preprint
    kinds = a.kind and b.kind and a.kind != b.kind
    if kinds and not (a.preprint or b.preprint) and not _one_venue(a, b):
        return "kind-differs", f"a {a.kind} and a {b.kind} are two publications"
    if a.year is None or b.year is None:
        # Nothing dates them: a publication and a manuscript may be years apart (an arXiv
        # preprint of the same title and author is the paper's).
        draft = a if b.published else b
        if a.published != b.published and not draft.arxiv:
            why = "one is published and the other not, and a year is missing"
            return "kind-differs", why
        return None
    gap = abs(a.year - b.year)
    # A preprint may come years before its publication; two versions of one kind (or of no
    # known kind), a year apart at most; a publication and an entry of no known kind (a
    # proposal, a manuscript, a web page), only in the same year.
    limit = PREPRINT_YEARS if one_preprint else int(bool(a.kind) == bool(b.kind))
    if gap > limit:
        return "year-differs", f"years {a.year} and {b.year} are too far apart"
    if gap and not one_preprint and a.kind in _EDITIONS and b.kind in _EDITIONS:
        return "edition-differs", f"a {a.kind} of {a.year} and one of {b.year} are two editions"
    return None


def _one_venue(a: WorkFacts, b: WorkFacts) -> bool:
    """Whether an article, a paper or a chapter are one publication typed two ways: the same
    pages, or the same venue (Scholar's ``@article{…, journal = {AAAI}}``)."""
    if not {a.kind, b.kind} <= {"article", "paper", "chapter"}:
        return False
    if a.pages and a.pages == b.pages:
        return True
    venue = venue_words(a)
    return bool(venue) and fuzz.token_set_ratio(venue, venue_words(b)) >= VENUE_BAR


def _short_same(a: WorkFacts, b: WorkFacts) -> bool:
    """Whether two short titles ("Layer normalization", "Convex Optimization") are one work:
    every author the same, the same year, and two authors or more, or the same venue."""
    if min(len(a.title.split()), len(b.title.split())) < 2 or a.year is None or a.year != b.year:
        return False
    names = surnames(a.authors)
    if not names or names != surnames(b.authors):
        return False
    return len(names) > 1 or (bool(a.venue) and venue_words(a) == venue_words(b))


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
        self._lengths: list[int] = []  # of each work's normalised title
        self._by_token: dict[str, list[int]] = {}
        self._by_block: dict[tuple[str, str], list[int]] = {}

    def add(self, facts: WorkFacts) -> int:
        """Index ``facts``; returns its position."""
        pos = len(self.works)
        self.works.append(facts)
        self._lengths.append(len(facts.title))
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
        """Works with the same first author sharing at least half of the title's words.

        Such a work is in one of the title's ``k - k // 2 + 1`` rarest (surname, word) blocks
        (it lacks at most the others), so only those are read — one author's common words
        ("nanowires" in 3,000 of their titles) never are — and at most ``MAX_CANDIDATES`` of
        the works found there of a length that can be alike, those sharing most of the rare
        words, are compared. A title
        shorter by two significant words or more can be missed: it is under ``TITLE_BAR``
        anyway unless its words are long.
        """
        if not facts.surname or not facts.words:
            return []
        blocks = sorted(
            (self._by_block.get((facts.surname, word), ()) for word in facts.words), key=len
        )
        k = len(blocks)
        rare = blocks[: k - k // 2 + 1]
        # Titles of other lengths cannot be TITLE_BAR (0.9) similar: not candidates.
        length, lengths = len(facts.title), self._lengths
        low, high = length * 9 / 11, length * 11 / 9
        near = [pos for pos in set().union(*rare) if low <= lengths[pos] <= high]
        if len(near) > MAX_CANDIDATES:
            counts: Counter[int] = Counter()
            for block in rare:
                counts.update(block)
            near = heapq.nlargest(MAX_CANDIDATES, near, key=counts.__getitem__)
        found = []
        tokens, words, works = set(facts.tokens), facts.words, self.works
        for pos in near:
            other = works[pos].words
            m = len(other)
            if len(words & other) >= ((k if k < m else m) + 1) // 2 and not (
                tokens and tokens & set(works[pos].tokens)
            ):
                found.append(pos)
        return sorted(found)
