"""One title's word parts and the decision for each: keep its capital or not."""

from __future__ import annotations

import re

from bibtool.render.casing.evidence import (
    HEADS,
    MINOR,
    NAME_SHAPE,
    SUFFIX,
    Abstract,
    is_sentence_case,
    named_runs,
)
from bibtool.text.propernames import is_english_word, is_proper_name
from bibtool.text.tex import to_text

_ABBREVIATIONS = frozenset("approx resp incl etc cf vol eqs figs".split())
_ARROW = re.compile(r"-+>|→|⟶")  # a reaction or decay: `B --> (c cbar) Kstar`
# A lone lower-case letter before a hyphen and the word after it: `n-type`, `a-{Plane}`, `p-i-n`.
_LETTER_COMPOUND = re.compile(r"(?<![\w\\{}$^_])([a-z])-[{]*([A-Za-z]+)")
_ROMAN = re.compile(r"[IVXLC]+")
_MIXED = re.compile(r"[A-Za-z]*[a-z][A-Z][A-Za-z]*|[A-Z]+[a-z]+[A-Z]+")  # SunOS, iOS, MacOS
# Prefixes a Title-Case title capitalises before a name: `Non-Gaussian`, `Semi-Riemannian`.
_PREFIXES = frozenset(
    "non anti semi pre post quasi super sub multi inter intra self co de re un pseudo hyper "
    "ultra meta mid over under trans neo proto poly mono bi tri".split()
)


def letter_compounds(text: str) -> frozenset[tuple[str, str]]:
    """The compounds of a lone letter that ``text`` (titles of one .bib file) writes with the
    letter in lower case, folded: ``("n", "type")`` for `n-Type`, ``("a", "plane")``. Where a
    file writes `n-type`, its `N-Type` is Title Case, not the symbol of `X-Ray` or `Q-Learning`."""
    return frozenset((m[1], m[2].lower()) for m in _LETTER_COMPOUND.finditer(text))


class TitleCase:
    """The evidence about one title's word parts (``words``: each part's text, None for one
    holding TeX; ``gaps``: the separators before each part), and the decisions it supports."""

    def __init__(
        self,
        title: str,
        abstract: str | None,
        words: list[str | None],
        gaps: list[str],
        lower_compounds: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.words, self.gaps = words, gaps
        self.lower_compounds = lower_compounds
        self.abstract = Abstract.read(abstract) if abstract is not None else None
        self.sentence_case = is_sentence_case(title)
        runs = named_runs(to_text(title), title=True)
        runs |= self.abstract.named if self.abstract else set()
        self.named = self._find(runs) if abstract is not None else set()
        self.formula = self._formula()

    def _formula(self) -> set[int]:
        """The parts after an arrow, up to a function word or a comma: the particles of a
        reaction or decay (`B --> (c cbar) Kstar with …`), symbols whatever their case."""
        found: set[int] = set()
        inside = False
        for n, (word, gap) in enumerate(zip(self.words, self.gaps, strict=True)):
            if _ARROW.search(gap):
                inside = True
            elif "," in gap or (word or "").lower() in MINOR:
                inside = False
            if inside:
                found.add(n)
        return found

    def _find(self, runs: set[tuple[str, ...]]) -> set[int]:
        """The parts that stand in a piece of one of the named ``runs`` holding its head noun
        (the title's `Scheme and Functional Programming Workshop` of the abstract's `… Workshop
        in Seattle`)."""
        folded = [(w or "").lower() for w in self.words]
        heads = {h.lower() for h in HEADS}
        found: set[int] = set()
        for run in runs:
            for i in range(len(folded)):
                for j in range(len(run)):
                    k = 0
                    while i + k < len(folded) and j + k < len(run) and folded[i + k] == run[j + k]:
                        k += 1
                    if k >= 2 and heads & set(run[j : j + k]):
                        found.update(range(i, i + k))
        return found

    def opens_sentence(self, n: int) -> bool:
        """Part ``n`` starts a sentence inside the title: after `?` or `!`, or after a full
        stop that ends a roman part number (`IX.`) or a word in lower case or capitalised
        (`integrability.`, Title Case's `Flow. Part II`), not an abbreviation (`resp.`)."""
        gap, before = self.gaps[n], self.words[n - 1] or ""
        if gap.strip():
            return bool(re.fullmatch(r"[?!]\s+", gap))
        if not gap or not before.endswith("."):
            return False
        stem = before[:-1]
        return bool(_ROMAN.fullmatch(stem)) or (
            len(stem) >= 4
            and (stem.islower() or (stem[0].isupper() and stem[1:].islower()))
            and stem.lower() not in _ABBREVIATIONS
        )

    def is_name(self, n: int) -> bool:
        """Must part ``n`` (not the title's first) keep its one capital?"""
        word = self.words[n]
        if not word or len(word) < 2 or not word[0].isupper() or not NAME_SHAPE.fullmatch(word):
            return False
        if is_proper_name(word) or self.opens_sentence(n) or n in self.formula:
            return True
        if self.abstract is None:
            return False
        if n in self.named or self._in_abstract_run(n):
            return True
        alone, lower, capitals, spelled = self._evidence(n)
        if alone or lower:
            return alone > lower
        if capitals or spelled:
            return capitals > 0
        if self._paired(n):
            return True
        if not self.sentence_case or self._title_cased(n):
            return False
        return not self._emphasis(n) or self._beside_name(n)

    def _emphasis(self, n: int) -> bool:
        """Is part ``n``, on which the abstract is silent, a common English word? Its capital
        in a sentence-case title is then more likely the authors' emphasis of a term (`PT-
        symmetric Quantum Mechanics`, `A Finite Element framework`) than a name."""
        return is_english_word(self._stem(n))

    def _stem(self, n: int) -> str:
        """Part ``n`` without a possessive or a `+` (`Bertrand's`, `S-Graphs+`)."""
        return SUFFIX.sub("", self.words[n] or "")

    def _beside_name(self, n: int) -> bool:
        """Does part ``n`` stand next to a name, apart by a space, that is no common word: the
        two are one name (`the Littlest Higgs model`, `Bach's Inventions`)? Not a function
        word (a subtitle's `The` before `Spitzer`)."""
        if (self.words[n] or "").lower() in MINOR:
            return False
        return any(
            0 < m < len(self.words)
            and self.gaps[max(m, n)] == " "
            and self._capitalised(m)
            and not self._emphasis(m)
            and self.is_name(m)
            for m in (n - 1, n + 1)
        )

    def _capitalised(self, n: int) -> bool:
        word = self.words[n] or ""
        return len(word) >= 2 and word[0].isupper() and bool(NAME_SHAPE.fullmatch(word))

    def _run_word(self, n: int) -> bool:
        word = self.words[n] or ""
        return self._capitalised(n) or (len(word) > 1 and word.isalpha() and word.isupper())

    def _in_abstract_run(self, n: int) -> bool:
        """Does part ``n`` stand in a piece of a run of the title (capitalised words and
        acronyms apart by spaces) that is one of the abstract's ``runs``? A name of more words
        than one the paper keeps using (`the Standard Model`, `the Small Magellanic Cloud`,
        `Swin Transformer`) or spells out (`the Mock LISA Data Challenges (MLDC)`)."""
        runs = self.abstract.runs if self.abstract else set()
        start = end = n
        while start > 0 and self.gaps[start] == " " and self._run_word(start - 1):
            start -= 1
        while end + 1 < len(self.words) and self.gaps[end + 1] == " " and self._run_word(end + 1):
            end += 1
        folded = [SUFFIX.sub("", w or "").lower() for w in self.words]
        return any(
            tuple(folded[i:j]) in runs
            for i in range(start, n + 1)
            for j in range(n + 1, end + 2)
            if j - i >= 2
        )

    def _paired(self, n: int) -> bool:
        """Is part ``n``, on which the abstract is silent, joined to a name: by a hyphen to a
        listed name (`Kennicutt-Schmidt`, not `Non-Gaussian`), by a slash to a product name
        in mixed case (`SunOS/Solaris`), or by hyphens in a designation ending in a number
        (`Sars-Cov-2`)?"""
        words, gaps = self.words, self.gaps
        for j, gap in ((n - 1, gaps[n]), (n + 1, gaps[n + 1] if n + 1 < len(gaps) else "")):
            other = (words[j] or "") if 0 <= j < len(words) else ""
            if gap == "-" and is_proper_name(other) and (words[n] or "").lower() not in _PREFIXES:
                return True
            if gap == "/" and _MIXED.fullmatch(other):
                return True
        start = end = n
        while start > 0 and gaps[start] == "-" and self._capitalised(start - 1):
            start -= 1
        while end + 1 < len(words) and gaps[end + 1] == "-" and self._capitalised(end + 1):
            end += 1
        number = end + 1 < len(words) and gaps[end + 1] == "-" and (words[end + 1] or "").isdigit()
        return end > start and number

    def _evidence(self, n: int) -> list[int]:
        """How the abstract writes part ``n`` (see ``Abstract.cases``), or its singular where
        it never writes the plural (`Grassmannians` of `an orthogonal Grassmannian`)."""
        word = self._stem(n).lower()
        cases = self.abstract.cases if self.abstract else {}
        if word not in cases and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        return cases.get(word, [0] * 4)

    def _title_cased(self, n: int) -> bool:
        """Does part ``n`` stand in a run of capitalised words (apart, not hyphenated) one of
        which the abstract writes in lower case? Then the run is a piece of Title Case in a
        sentence-case title (`in the Outer Main Belt`), not a name."""
        words, gaps = self.words, self.gaps
        start = end = n
        while start > 0 and gaps[start] == " " and (words[start - 1] or "a")[0].isupper():
            start -= 1
        while (
            end + 1 < len(words) and gaps[end + 1] == " " and (words[end + 1] or "a")[0].isupper()
        ):
            end += 1
        for m in range(max(start, 1), end + 1):
            if re.search(r"[:.?!]", self.gaps[m]) or self.opens_sentence(m):
                continue  # a subtitle's or a sentence's first word: its capital is its place's
            alone, lower = self._evidence(m)[:2]
            if m != n and lower > alone and not is_proper_name(words[m] or ""):
                return True
        return False

    def is_title_case_letter(self, n: int) -> bool:
        """Is part ``n``, a lone capital before a hyphen (`N-Type`), a letter Title Case raised,
        because the titles around it write the same compound in lower case (`n-type`)?"""
        word, words = self.words[n], self.words
        if not word or len(word) != 1 or n + 1 >= len(words) or self.gaps[n + 1] != "-":
            return False
        after = re.sub(r"[{}]", "", words[n + 1] or "").lower()
        return (word.lower(), after) in self.lower_compounds

    def is_article(self, n: int) -> bool:
        """Is part ``n``, a lone "A", the article of a Title-Case title rather than a symbol?"""
        words, gaps = self.words, self.gaps
        if n == 0 or n + 1 >= len(words) or gaps[n + 1] != " ":
            return False
        if not (words[n + 1] or "")[:1].isalpha() or self.opens_sentence(n):
            return False
        if re.fullmatch(r"\s+(?:-+|–|—)\s+", gaps[n]):
            return True  # a dash opens no sentence: "devices - a linear study"
        if self.sentence_case:
            return False
        if self.abstract is not None and self.abstract.lone_a:
            return False
        return not re.search(r"[:.?!]\s*$", gaps[n]) and not (words[n - 1] or "").endswith(".")
