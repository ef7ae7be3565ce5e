"""Which capitalised words of a title are names: the one decision behind title protection.

Classic BibTeX styles lower-case every unbraced title word, so a name must be told from a word
that is capitalised only because the title is in Title Case. The evidence, strongest first:

1. a name whatever the sentence (``text.propernames``: SCOWL's proper names and their eponymous
   forms, element symbols): ``Turing``, ``Gaussian``, ``Keplerian``, ``Zn``; a capital that
   opens a sentence inside the title (``… planets. IX. Exoplanets orbiting``); the particles
   after an arrow (``B --> (c cbar) Kstar``);
2. a named facility, survey or meeting: a capitalised run ending in a head noun (``Survey``,
   ``Observatory``, ``Workshop``) that holds a proper name, spells out an acronym or has three
   capitalised words, in the title or the abstract (``Sloan Digital Sky Survey``);
3. the paper's own abstract: a word it capitalises alone in mid-sentence is a name, one it
   writes in lower case is not, one it writes in capitals throughout is a designation
   (``SARS``); a capitalised word next to another (``Projection Norm``) is no evidence, since
   runs name methods and missions alike and a coined method name is no name; a run of words
   apart spelling out an acronym ("Vision Transformers (ViTs)", "BERT … Bidirectional Encoder
   Representations from Transformers") tells ordinary words, one with a hyphenated pair
   ("Portevin-Le Chatelier (PLC)") nothing;
4. the title's own case: in a sentence-case title every capital the abstract is silent on is
   inherent (``Lidov-Kozai cycles``), unless it stands in a run of capitals the abstract
   writes partly in lower case (``the Outer Main Belt``).

Without an abstract (a user's .bib file) only 1 applies, and the file's other titles stand in
for the abstract only where Title Case raised a lone letter (``N-Type`` where they write
``n-type``): a rule that cannot see the paper braces nothing it is unsure of, and so braces a
subset of what bibtool itself writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bibtool.text.propernames import is_proper_name
from bibtool.text.tex import to_text

# Words a Title-Case title leaves in lower case: they say nothing about the title's style.
_MINOR = frozenset(
    "a an the and or but nor for of in on at to by from with via as into onto upon over under "
    "vs versus per than without within between through about among against along across "
    "toward towards beyond using based near off out up down is are be its their his her".split()
)
_OPENERS = _MINOR | frozenset("we this these our it here such each both all".split())
_NAME_SHAPE = re.compile(r"[^\W\d_][^\W\d_A-Z]*(?:['’]s?|\+)?")  # one capital, lower case
_SUFFIX = re.compile(r"(?:['’]s?|\+)$")  # `Bertrand's`, `S-Graphs+`: the word is before it
_ROMAN = re.compile(r"[IVXLC]+")
_SENTENCE = re.compile(r"(?<=[.!?:;])(?<!\b[A-Z]\.)\s+(?=\S)")  # not after an initial
_WORD = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_MATH = re.compile(r"(?<!\\)\$[^$]*\$")  # symbols, not words: `gauge field $A$`
# A capitalised run, and the acronym in brackets it may spell out: "Neural Tangent Kernel (NTK)".
_BRIDGE = r"of|and|for|the|in|on|to|with|a|from"
_RUN = re.compile(
    rf"((?:[A-Z][\w-]*(?:\s+(?:{_BRIDGE})(?=\s+[A-Z]))?(?:\s+|(?=[^\w\s])|$)){{1,8}})"
    r"(\(\s*[A-Z][\w-]*[A-Z]s?)?"
)
_HEADS = frozenset(
    "Survey Telescope Observatory Explorer Array Collaboration Workshop Conference Symposium "
    "Mission Satellite Collider Spectrograph Institute University Laboratory Consortium".split()
)
_ABBREVIATIONS = frozenset("approx resp incl etc cf vol eqs figs".split())
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_ARROW = re.compile(r"-+>|→|⟶")  # a reaction or decay: `B --> (c cbar) Kstar`
# A lone lower-case letter before a hyphen and the word after it: `n-type`, `a-{Plane}`, `p-i-n`.
_LETTER_COMPOUND = re.compile(r"(?<![\w\\{}$^_])([a-z])-[{]*([A-Za-z]+)")


def letter_compounds(text: str) -> frozenset[tuple[str, str]]:
    """The compounds of a lone letter that ``text`` (titles of one .bib file) writes with the
    letter in lower case, folded: ``("n", "type")`` for `n-Type`, ``("a", "plane")``. Where a
    file writes `n-type`, its `N-Type` is Title Case, not the symbol of `X-Ray` or `Q-Learning`."""
    return frozenset((m[1], m[2].lower()) for m in _LETTER_COMPOUND.finditer(text))


def is_sentence_case(title: str) -> bool:
    """More lower-case content words than capitalised ones that are no names (first words of
    the title and of its subtitles, acronyms and symbols left out)."""
    words = to_text(title).split()
    lower = upper = 0
    for i, word in enumerate(words):
        if i == 0 or words[i - 1][-1] in ":.?!":
            continue
        head = _WORD.match(word.lstrip("(\"'`[“‘"))
        if not head or len(head[0]) < 2 or any(c.isupper() or c.isdigit() for c in word[1:]):
            continue
        text = head[0]
        if text.islower():
            lower += text not in _MINOR
        elif text[1:].islower() and not is_proper_name(text):
            upper += 1
    return lower >= 1 and lower >= upper


def _named_runs(text: str, *, title: bool = False) -> set[tuple[str, ...]]:
    """The runs of ``text`` (folded words) that name a facility, survey or meeting (rule 2).
    In a title only a run that holds a proper name counts: Title Case makes runs of anything."""
    named: set[tuple[str, ...]] = set()
    for m in _RUN.finditer(text):
        words = _WORD.findall(m[1])
        while words and words[-1].islower():
            words.pop()  # "Workshop in" of "Workshop in Seattle,"
        capitalised = [w for w in words if w[0].isupper()]
        if not any(w in _HEADS for w in words):
            continue
        if any(is_proper_name(w) for w in words) or (not title and (m[2] or len(capitalised) > 2)):
            named.add(tuple(w.lower() for w in words))
    return named


def _spelled(text: str) -> tuple[set[int], set[int]]:
    """The character positions of ``text`` in runs that spell out an acronym: bracketed after
    the run ("Vision Transformers (ViTs)") or anywhere in ``text`` ("BERT, which stands for
    Bidirectional Encoder Representations from Transformers"), and of them those in runs of
    words apart. The capitals of a spell-out show where the letters come from, so they say
    nothing of the words' case; one of words apart tells they are ordinary words, while a
    hyphenated pair of capitals (`Portevin-Le Chatelier (PLC)`) may be names."""
    acronyms = {re.sub(r"[^A-Z]", "", a) for a in _ACRONYM.findall(text)}
    spelled: set[int] = set()
    apart: set[int] = set()
    for m in _RUN.finditer(text):
        initials = "".join(w[0] for w in _WORD.findall(m[1]) if w[0].isupper())
        if m[2] or (len(initials) >= 2 and initials in acronyms):
            spelled.update(range(*m.span(1)))
            if not re.search(r"[A-Z]\w*-[A-Z]", m[1]):
                apart.update(range(*m.span(1)))
    return spelled, apart


def _in_run(k: int, found: list[re.Match[str]], sentence: str) -> bool:
    """Is word ``k`` next to another capitalised word, across a space (not a hyphen)? A
    sentence's first word counts unless it is a function word (`Its Lipschitz constant`)."""
    for j in (k - 1, k + 1):
        if j == 0 and found[0][0].lower() in _OPENERS:
            continue
        if 0 <= j < len(found) and found[j][0][0].isupper():
            a, b = (found[j], found[k]) if j < k else (found[k], found[j])
            if sentence[a.end() : b.start()].isspace():
                return True
    return False


@dataclass
class Abstract:
    """How an abstract writes its words in mid-sentence (rule 3)."""

    # folded word -> [capitalised alone, lower case, capitals throughout, capitalised only
    # in a run spelling out an acronym]
    cases: dict[str, list[int]] = field(default_factory=dict)
    named: set[tuple[str, ...]] = field(default_factory=set)
    lone_a: bool = False  # a capital "A" in mid-sentence: a symbol, so a title's "A" may be

    @classmethod
    def read(cls, abstract: str) -> Abstract:
        out = cls()
        text = _URL.sub(" ", to_text(_MATH.sub(" ", abstract)))
        out.named = _named_runs(text)
        for sentence in _SENTENCE.split(text):
            spelled, apart = _spelled(sentence)
            found = list(_WORD.finditer(sentence))
            for k, m in enumerate(found):
                word = m[0]
                if m.start() in spelled:
                    if m.start() in apart and word[0].isupper():
                        out.cases.setdefault(word.lower(), [0, 0, 0, 0])[3] += 1
                    continue
                if k == 0:
                    continue
                # A symbol `A` (not `A_μ`, a field) tells a title's `A` may be one too.
                out.lone_a |= word == "A" and sentence[m.end() : m.end() + 1] not in ("_", "^")
                if len(word) < 2:
                    continue
                kind = 1 if word.islower() else 2 if not word[1:].islower() else 0
                if kind or not _in_run(k, found, sentence):
                    out.cases.setdefault(word.lower(), [0, 0, 0, 0])[kind] += 1
        return out


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
        runs = _named_runs(to_text(title), title=True)
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
            elif "," in gap or (word or "").lower() in _MINOR:
                inside = False
            if inside:
                found.add(n)
        return found

    def _find(self, runs: set[tuple[str, ...]]) -> set[int]:
        """The parts that stand in a piece of one of the named ``runs`` holding its head noun
        (the title's `Scheme and Functional Programming Workshop` of the abstract's `… Workshop
        in Seattle`)."""
        folded = [(w or "").lower() for w in self.words]
        heads = {h.lower() for h in _HEADS}
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
        stop that ends a roman part number (`IX.`) or a lower-case word (`integrability.`)."""
        gap, before = self.gaps[n], self.words[n - 1] or ""
        if gap.strip():
            return bool(re.fullmatch(r"[?!]\s+", gap))
        if not gap or not before.endswith("."):
            return False
        stem = before[:-1]
        return bool(_ROMAN.fullmatch(stem)) or (
            len(stem) >= 4 and stem.islower() and stem not in _ABBREVIATIONS
        )

    def is_name(self, n: int) -> bool:
        """Must part ``n`` (not the title's first) keep its one capital?"""
        word = self.words[n]
        if not word or len(word) < 2 or not word[0].isupper() or not _NAME_SHAPE.fullmatch(word):
            return False
        if is_proper_name(word) or self.opens_sentence(n) or n in self.formula:
            return True
        if self.abstract is None:
            return False
        if n in self.named:
            return True
        key = _SUFFIX.sub("", word).lower()
        alone, lower, capitals, spelled = self.abstract.cases.get(key, [0] * 4)
        if alone or lower:
            return alone > lower
        if capitals or spelled:
            return capitals > 0
        return self.sentence_case and not self._title_cased(n)

    def _evidence(self, n: int) -> list[int]:
        word = self.words[n] or ""
        cases = self.abstract.cases if self.abstract else {}
        return cases.get(_SUFFIX.sub("", word).lower(), [0] * 4)

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
