"""The evidence ``render.casing`` weighs: how a title and its paper's abstract write each word."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bibtool.text.propernames import is_proper_name
from bibtool.text.tex import to_text

# Words a Title-Case title leaves in lower case: they say nothing about the title's style.
MINOR = frozenset(
    "a an the and or but nor for of in on at to by from with via as into onto upon over under "
    "vs versus per than without within between through about among against along across "
    "toward towards beyond using based near off out up down is are be its their his her".split()
)
_OPENERS = MINOR | frozenset("we this these our it here such each both all".split())
NAME_SHAPE = re.compile(r"[^\W\d_][^\W\d_A-Z]*(?:['’]s?|\+)?")  # one capital, lower case
SUFFIX = re.compile(r"(?:['’]s?|\+)$")  # `Bertrand's`, `S-Graphs+`: the word is before it
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
HEADS = frozenset(
    "Survey Telescope Observatory Explorer Array Collaboration Workshop Conference Symposium "
    "Mission Satellite Collider Spectrograph Institute University Laboratory Consortium "
    "Catalogue Catalog Release".split()
)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")


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
            lower += text not in MINOR
        elif text[1:].islower() and not is_proper_name(text):
            upper += 1
    return lower >= 1 and lower >= upper


def named_runs(text: str, *, title: bool = False) -> set[tuple[str, ...]]:
    """The runs of ``text`` (folded words) that name a facility, survey or meeting (rule 2).
    In a title only a run that holds a proper name counts: Title Case makes runs of anything."""
    named: set[tuple[str, ...]] = set()
    for m in _RUN.finditer(text):
        words = _WORD.findall(m[1])
        while words and words[-1].islower():
            words.pop()  # "Workshop in" of "Workshop in Seattle,"
        capitalised = [w for w in words if w[0].isupper()]
        if not any(w in HEADS for w in words):
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
    sentence's first word counts unless it is a function word (`Its Lipschitz constant`).
    Before it, only a word capitalised then in lower case does, not a lone letter or an acronym
    qualifying it (the `I` of the galaxy `I Zw 18`, `an LRS Bianchi type-V model`); after it,
    an acronym does, as the head of a name the word qualifies (`the Soft MoE`)."""
    for j in (k - 1, k + 1):
        if j == 0 and found[0][0].lower() in _OPENERS:
            continue
        other = found[j][0] if 0 <= j < len(found) else ""
        if other[:1].isupper() and (other[1:].islower() if j < k else len(other) > 1):
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
    # folded runs of capitalised words (pieces of two or more) written twice or more in
    # mid-sentence: "the Standard Model", "the Small Magellanic Cloud", "Swin Transformer layers"
    runs: set[tuple[str, ...]] = field(default_factory=set)

    @classmethod
    def read(cls, abstract: str) -> Abstract:
        out = cls()
        text = _URL.sub(" ", to_text(_MATH.sub(" ", abstract)))
        out.named = named_runs(text)
        seen: dict[tuple[str, ...], int] = {}
        coined: set[tuple[str, ...]] = set()
        for sentence in _SENTENCE.split(text):
            spelled, apart = _spelled(sentence)
            found = list(_WORD.finditer(sentence))
            for run, named_here in _name_runs(found, sentence, apart):
                for size in range(2, len(run) + 1):
                    for i in range(len(run) - size + 1):
                        piece = run[i : i + size]
                        seen[piece] = seen.get(piece, 0) + 1
                        if named_here:
                            coined.add(piece)
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
        out.runs = {piece for piece, times in seen.items() if times >= 2} - coined
        out.runs |= _spelled_names(text)
        return out


# A name the paper gives, just before it: "we propose a metric -- Projection Norm", "we
# introduce the Quantum Path Kernel". A method the paper names is no name of the world.
_COINED = re.compile(
    r"\b(?:propose|introduce|present|call|dub|term|name|coin)(?:s|d|ed|bed)?\W+(?:\w+\W+){0,3}$"
)


def _name_runs(
    found: list[re.Match[str]], sentence: str, apart: set[int]
) -> list[tuple[tuple[str, ...], bool]]:
    """The runs of two or more capitalised words (one capital, then lower case) in mid-sentence,
    apart only by spaces, folded; not those spelling out an acronym word by word (`Vision
    Transformers (ViTs)`) unless a proper name stands in them; each with whether the paper
    names it here (`we introduce the Quantum Path Kernel`)."""
    runs: list[tuple[tuple[str, ...], bool]] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        words = [m[0] for m in current]
        spelled = any(m.start() in apart for m in current)
        coined = bool(current) and bool(_COINED.search(sentence[: current[0].start()]))
        if len(words) >= 2 and (not spelled or any(map(is_proper_name, words))):
            runs.append((tuple(w.lower() for w in words), coined))
        current.clear()

    for k, m in enumerate(found):
        shaped = k > 0 and len(m[0]) >= 2 and m[0][0].isupper() and m[0][1:].islower()
        joined = bool(current) and sentence[current[-1].end() : m.start()].isspace()
        if current and not (shaped and joined):
            close()
        if shaped:
            current.append(m)
    close()
    return runs


def _spelled_names(text: str) -> set[tuple[str, ...]]:
    """The pieces (two words or more, folded) of runs spelling out a bracketed acronym that
    hold an acronym or a proper name: the name of a project, a survey or a body (`the Mock
    LISA Data Challenges (MLDC)`), not of a method (`Vision Transformers (ViTs)`)."""
    pieces: set[tuple[str, ...]] = set()
    for m in _RUN.finditer(text):
        words = _WORD.findall(m[1])
        while words and words[-1].islower():
            words.pop()
        if not m[2] or _COINED.search(text[: m.start()][-80:]):
            continue
        if any((len(w) > 1 and w.isupper()) or is_proper_name(w) for w in words):
            folded = [w.lower() for w in words if w[0].isupper()]
            pieces |= {
                tuple(folded[i:j])
                for i in range(len(folded))
                for j in range(i + 2, len(folded) + 1)
            }
    return pieces
